"""The layout rule (DESIGN.md): imports point down, and a lower app never names a higher one,
not even as a string; scripts/layout_check.py checks both, here on the real tree and on small
trees that break the rule."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_layout_check() -> ModuleType:
    # scripts/ is a folder of scripts, not a package the tests import by name.
    spec = importlib.util.spec_from_file_location("layout_check", ROOT / "scripts/layout_check.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


layout_check = _load_layout_check()


def test_no_app_imports_an_app_above_it() -> None:
    edges = layout_check.import_edges(ROOT)

    assert edges, "the check found no imports at all: it reads the wrong tree"
    assert [str(f) for f in layout_check.upward_imports(edges)] == []


def test_no_app_names_an_app_above_it() -> None:
    assert [str(f) for f in layout_check.naming_findings(ROOT)] == []


def test_the_command_passes_on_the_tree(capsys: pytest.CaptureFixture[str]) -> None:
    assert layout_check.main(["--root", str(ROOT)]) == 0
    assert "layout check: ok" in capsys.readouterr().out


def test_no_file_is_over_600_lines(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 16: a module past ~600 lines becomes a package split by topic (README)."""
    code = layout_check.main(["--root", str(ROOT), "--max-lines", "600", "--fail-on-size"])
    assert code == 0, capsys.readouterr().out


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("core/bulk.py", "from clients.models import Client\n"),
        ("clients/gdpr.py", "def f() -> None:\n    import budgets.models\n"),
        ("budgets/views.py", "from rights.selectors import open_flag_count\n"),
        ("wijkteams/views.py", "from ocmw import views\n"),
    ],
)
def test_an_upward_import_fails_the_check(tmp_path: Path, path: str, code: str) -> None:
    root = _tree(tmp_path, {path: code, "rights/models.py": "from budgets import models\n"})

    upward = layout_check.upward_imports(layout_check.import_edges(root))

    assert [f.path for f in upward] == [path]  # rights may import budgets
    assert layout_check.main(["--root", str(root)]) == 1


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("clients/gdpr.py", 'LABEL = "budgets.AidDecision"\n'),
        ("clients/services.py", 'm = apps.get_model("budgets", "AidDecision")\n'),
        ("wijkteams/views.py", 'URL = "rights:flags"\n'),
        ("clients/sql.py", 'SQL = "SELECT 1 FROM budgets_aiddecision"\n'),
        ("core/x.py", 'TEMPLATE = "rights/file_rights.html"\n'),
        ("templates/clients/file/base.html", "{% url 'budgets:file_aid' client.pk %}\n"),
        ("templates/clients/a.html", "{% if request.resolver_match.app_name == 'budgets' %}\n"),
        ("templates/clients/b.html", "{% load i18n non_take_up %}\n"),
    ],
)
def test_a_lower_app_naming_a_higher_one_fails_the_check(
    tmp_path: Path, path: str, text: str
) -> None:
    root = _tree(tmp_path, {path: text, "rights/templatetags/non_take_up.py": ""})

    assert [f.path for f in layout_check.naming_findings(root)] == [path]
    assert layout_check.main(["--root", str(root)]) == 1


def test_prose_comments_and_docstrings_may_mention_a_higher_app(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "clients/models.py": (
                '"""Read by the rights rules (rights/scan.py, budgets.calculation)."""\n'
                "# budgets.AidDecision reads this\n"
                'HELP = _("the rights check asks for it; Debt procedure")\n'
                'ROLE = "the editor\'s rights"\n'
            ),
            "templates/clients/c.html": (
                "{# rights:flags #}\n"
                "{% comment %}\n{% url 'budgets:file_aid' %}\n{% endcomment %}\n"
                '{% translate "the rights register, aid calculations and decisions" %}\n'
            ),
            "rights/views.py": 'URL = "budgets:file_aid"\n',  # rights may name budgets
        },
    )

    assert layout_check.naming_findings(root) == []


def test_an_oversized_file_fails_only_when_asked(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"clients/long.py": "x = 1\n" * 30})

    assert layout_check.main(["--root", str(root), "--max-lines", "20"]) == 0
    assert layout_check.main(["--root", str(root), "--max-lines", "20", "--fail-on-size"]) == 1
