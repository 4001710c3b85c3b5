"""One write path for the access log: no module but clients/access_log.py writes its rows, and
the keys a row may store are declared only in the apps' `log_actions` modules (which clients'
AppConfig.ready() imports, so that any process shows every key). Reads the source: a new
writer fails here before it lands."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRITE_PATH = Path("clients/access_log.py")
SKIPPED_DIRECTORIES = {"tests", "migrations", ".venv", "node_modules", "static", "var"}

# Ways to put a row in the table: an instance, the manager's create methods, the bulk helpers
# of core.bulk (and demo's `build`), and SQL naming the table.
WRITES = [
    re.compile(r"(?<!class )\bAccessLog\s*\("),
    re.compile(r"\bAccessLog\s*\.\s*(objects|_default_manager)\s*\.\s*\w*create\b"),
    re.compile(r"\b(insert_values|insert_rows|insert_in_batches|build)\s*\(\s*AccessLog\b"),
    re.compile(r"\b(INSERT\s+INTO|COPY)\s+\W?clients_accesslog\b", re.IGNORECASE),
    re.compile(r"\b(bulk_create|save)\s*\(.*\bAccessLog\b"),
]
KEY_DECLARATION = re.compile(r"\baccess_log_key\s*\(")


def app_modules() -> list[Path]:
    """Every first-party Python file outside the tests and the migrations."""
    return sorted(
        path.relative_to(ROOT)
        for path in ROOT.rglob("*.py")
        if not SKIPPED_DIRECTORIES & set(path.relative_to(ROOT).parts)
    )


def writers(modules: list[Path]) -> list[str]:
    found = []
    for module in modules:
        if module == WRITE_PATH:
            continue
        for number, line in enumerate((ROOT / module).read_text().splitlines(), start=1):
            if any(pattern.search(line) for pattern in WRITES):
                found.append(f"{module}:{number}: {line.strip()}")
    return found


def test_only_the_access_log_module_writes_access_log_rows() -> None:
    modules = app_modules()
    assert WRITE_PATH in modules
    assert Path("rights/scan/writes.py") in modules  # the scan, a bulk writer before: read too
    assert writers(modules) == []


def test_the_guard_sees_each_way_of_writing_a_row(tmp_path: Path) -> None:
    """Each pattern catches what it is there for (so the test above cannot pass by seeing
    nothing), and a read or the class itself is no write."""
    violations = [
        "AccessLog.objects.create(client=c, what='x')",
        "AccessLog.objects.bulk_create(rows)",
        "rows = [AccessLog(client=c) for c in clients]",
        "insert_values(AccessLog, fields, rows)",
        "insert_rows(AccessLog, objects)",
        'cursor.execute("INSERT INTO clients_accesslog (what) VALUES (%s)", [w])',
        'sql.SQL("COPY clients_accesslog (client_id) FROM STDIN")',
    ]
    allowed = [
        "class AccessLog(models.Model):",
        "AccessLog.objects.filter(client=client).select_related('actor')",
        "def access_history(*, client: Client) -> QuerySet[AccessLog]:",
        "access_log_record_many(client_ids=ids, action=AccessLog.Action.SCAN, what=KEY)",
    ]
    for line in violations:
        assert any(p.search(line) for p in WRITES), line
    for line in allowed:
        assert not any(p.search(line) for p in WRITES), line


def test_keys_are_declared_only_in_log_actions_modules() -> None:
    declared_in = sorted(
        str(module)
        for module in app_modules()
        if module != WRITE_PATH and KEY_DECLARATION.search((ROOT / module).read_text())
    )
    assert declared_in == [
        "budgets/log_actions.py",
        "clients/log_actions.py",
        "demo/log_actions.py",
        "documents/log_actions.py",
        "integration/log_actions.py",
        "procedure/log_actions.py",
        "rights/log_actions.py",
    ]
