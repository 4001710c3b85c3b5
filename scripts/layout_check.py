"""The code layout at a glance, and the one rule it enforces: imports point down.

    python -m scripts.layout_check [--top 10] [--max-lines 600] [--fail-on-size]

Prints the largest files and the longest functions of the project's packages, and which app
imports which. Exits 1 when an app imports an app above it, or names one (DESIGN.md: "a lower
app never names a higher one, not even as a string label or a URL name"): a model label
(`"budgets.AidDecision"`), an app label on its own (`apps.get_model("budgets", ...)`), a URL
name (`'rights:flags'`), a table or admin URL name (`budgets_aidcalculation`), a template path
(`rights/...html`) or a template tag library of the higher app (`{% load non_take_up %}`).
Docstrings, comments and template comments may mention a higher app; translated prose cannot
match (a label needs a dot, colon, underscore or slash right after it, or quotes around it).
Files over --max-lines are listed; they fail the check only with --fail-on-size.

demo/, ocmw/, scripts/, bench/ and tests/ sit on top: they may import and name anything.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Bottom to top. Each app may import (and name) the apps listed for it, nothing else of the
# project. Apps that do not exist yet (documents, procedure, integration) are listed so the
# rule holds the day they land.
MAY_IMPORT: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "wijkteams": frozenset({"core"}),
    "clients": frozenset({"core", "wijkteams"}),
    "documents": frozenset({"core", "wijkteams", "clients"}),
    "procedure": frozenset({"core", "wijkteams", "clients", "documents"}),
    "budgets": frozenset({"core", "wijkteams", "clients", "documents", "procedure"}),
    # The leefloon comes before supplementary aid: integration may read and link budgets (the
    # what-if of an art. 60 wage), budgets never names integration.
    "integration": frozenset({"core", "wijkteams", "clients", "documents", "procedure", "budgets"}),
    # An open calculation gap without an aid decision is itself a non-take-up signal; the
    # leefloon's eligibility check shows the scan's findings as rights to use first.
    "rights": frozenset(
        {"core", "wijkteams", "clients", "documents", "procedure", "budgets", "integration"}
    ),
}
APPS = tuple(MAY_IMPORT)
# On top, outside the rule: they may import anything (and nothing may import them).
TOP = ("demo", "ocmw")
# Read for the sizes, outside the rule.
OTHER = ("scripts", "bench")
PROJECT = (*APPS, *TOP)


@dataclass(frozen=True)
class Finding:
    path: str  # relative to the root
    line: int
    app: str  # the app whose file it is
    names: str  # the app it imports or names
    text: str  # the import or the string

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.app} -> {self.names}: {self.text}"


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def python_files(root: Path, packages: Sequence[str]) -> Iterator[tuple[str, Path]]:
    """(package, file) for every .py file of the packages that exist under root."""
    for package in packages:
        directory = root / package
        if directory.is_dir():
            for path in sorted(directory.rglob("*.py")):
                yield package, path


def template_files(root: Path, app: str) -> Iterator[Path]:
    """An app's templates: templates/<app>/ and <app>/templates/."""
    for directory in (root / "templates" / app, root / app / "templates"):
        if directory.is_dir():
            yield from sorted(directory.rglob("*.html"))


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


# --- imports ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportEdge:
    path: str
    line: int
    source: str  # the importing package
    target: str  # the imported project package
    module: str  # the module as written


def import_edges(root: Path = ROOT) -> list[ImportEdge]:
    """Every absolute import of one project package by another (relative imports stay inside
    their package), module level or inside a function."""
    edges = []
    for package, path in python_files(root, (*PROJECT, *OTHER)):
        for node in ast.walk(_parse(path)):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                target = module.split(".")[0]
                if target in PROJECT and target != package:
                    edges.append(
                        ImportEdge(_relative(root, path), node.lineno, package, target, module)
                    )
    return edges


def upward_imports(edges: Sequence[ImportEdge]) -> list[Finding]:
    """The imports of an app that point to an app it may not import (above or beside it)."""
    return [
        Finding(edge.path, edge.line, edge.source, edge.target, f"import {edge.module}")
        for edge in edges
        if edge.source in MAY_IMPORT and edge.target not in MAY_IMPORT[edge.source]
    ]


# --- names -----------------------------------------------------------------------------------


def tag_libraries(root: Path, app: str) -> list[str]:
    """The template tag libraries an app defines (<app>/templatetags/<library>.py)."""
    directory = root / app / "templatetags"
    if not directory.is_dir():
        return []
    return sorted(p.stem for p in directory.glob("*.py") if p.stem != "__init__")


def _name_pattern(app: str) -> re.Pattern[str]:
    """The ways code names an app: `app.Model` or `app.module`, `app:url_name`, `app_table`,
    `app/template.html`, or the bare label in quotes. Not a longer word (`subrights.`) and not
    the word in prose ("the rights check", "Debt procedure")."""
    label = re.escape(app)
    return re.compile(
        rf"(?<![\w.]){label}(?:[.:/][A-Za-z_]|_[a-z])|(?<=[\"']){label}(?=[\"'])",
    )


def _docstring_nodes(tree: ast.Module) -> set[int]:
    """The ids of the string constants that are docstrings."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                ids.add(id(body[0].value))
    return ids


TEMPLATE_COMMENT = re.compile(r"\{#.*?#\}|\{%\s*comment\b.*?%\}.*?\{%\s*endcomment\s*%\}", re.S)
LOAD_TAG = re.compile(r"\{%\s*load\s+([^%]*?)\s*%\}")


def _blank(match: re.Match[str]) -> str:
    """A comment replaced by as many newlines as it held, so line numbers stay right."""
    return "\n" * match.group(0).count("\n")


def _higher(app: str) -> list[str]:
    return [other for other in APPS if other != app and other not in MAY_IMPORT[app]]


def naming_findings(root: Path = ROOT) -> list[Finding]:
    """Every place where an app names an app it may not import: in a string constant of its
    Python code (docstrings excepted) or in its templates (comments excepted)."""
    findings = []
    patterns = {app: _name_pattern(app) for app in APPS}
    for app in APPS:
        higher = _higher(app)
        for _package, path in python_files(root, (app,)):
            tree = _parse(path)
            docstrings = _docstring_nodes(tree)
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in docstrings
                ):
                    # A constant stands alone: quote it so a bare label ("budgets") matches.
                    quoted = f'"{node.value}"'
                    for other in higher:
                        if patterns[other].search(quoted):
                            findings.append(
                                Finding(
                                    _relative(root, path), node.lineno, app, other, repr(node.value)
                                )
                            )
        libraries = {other: set(tag_libraries(root, other)) for other in higher}
        for path in template_files(root, app):
            text = TEMPLATE_COMMENT.sub(_blank, path.read_text(encoding="utf-8"))
            for number, line in enumerate(text.splitlines(), start=1):
                loaded = {lib for m in LOAD_TAG.finditer(line) for lib in m.group(1).split()}
                for other in higher:
                    if patterns[other].search(line) or loaded & libraries[other]:
                        findings.append(
                            Finding(_relative(root, path), number, app, other, line.strip())
                        )
    return findings


# --- sizes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    path: str
    lines: int
    name: str = ""  # a function's qualified name; empty for a file


def _sized_files(root: Path) -> Iterator[tuple[str, Path]]:
    for package, path in python_files(root, (*PROJECT, *OTHER)):
        if "migrations" not in path.parts:
            yield package, path


def file_sizes(root: Path = ROOT) -> list[Size]:
    """The project's Python files (migrations aside), longest first."""
    sizes = [
        Size(_relative(root, path), len(path.read_text(encoding="utf-8").splitlines()))
        for _package, path in _sized_files(root)
    ]
    return sorted(sizes, key=lambda s: (-s.lines, s.path))


def function_sizes(root: Path = ROOT) -> list[Size]:
    """Every function and method with its length in lines (decorators excluded), longest
    first."""
    sizes: list[Size] = []

    def visit(node: ast.AST, relative: str, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                length = (child.end_lineno or child.lineno) - child.lineno + 1
                sizes.append(Size(relative, length, name))
                visit(child, relative, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, relative, f"{prefix}{child.name}.")

    for _package, path in _sized_files(root):
        visit(_parse(path), _relative(root, path), "")
    return sorted(sizes, key=lambda s: (-s.lines, s.path, s.name))


# --- report ----------------------------------------------------------------------------------


def import_table(edges: Sequence[ImportEdge]) -> str:
    """Rows import columns: the number of import statements; `!` marks a forbidden one."""
    counts = Counter((edge.source, edge.target) for edge in edges)
    rows = [p for p in (*APPS, *TOP, *OTHER) if any(s == p for s, _t in counts)]
    columns = [p for p in PROJECT if any(t == p for _s, t in counts)]
    width = max(len(p) for p in (*rows, *columns, "imports")) + 1
    lines = ["imports".ljust(width) + "".join(c.rjust(width) for c in columns)]
    for source in rows:
        cells = []
        for target in columns:
            count = counts.get((source, target), 0)
            forbidden = source in MAY_IMPORT and target not in MAY_IMPORT[source]
            cell = "" if not count else f"{count}{'!' if forbidden else ''}"
            cells.append(cell.rjust(width))
        lines.append(source.ljust(width) + "".join(cells))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--top", type=int, default=10, help="how many files and functions")
    parser.add_argument("--max-lines", type=int, default=600, help="the size a file should stay")
    parser.add_argument(
        "--fail-on-size", action="store_true", help="also fail when a file is over --max-lines"
    )
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root: Path = args.root

    files = file_sizes(root)
    print(f"Largest files (lines), of {len(files)}:")
    for size in files[: args.top]:
        print(f"  {size.lines:6}  {size.path}")
    print("\nLongest functions (lines):")
    for size in function_sizes(root)[: args.top]:
        print(f"  {size.lines:6}  {size.path}: {size.name}")
    edges = import_edges(root)
    print("\nImports between packages (row imports column; ! = upward):")
    print(import_table(edges))

    failed = False
    oversized = [size for size in files if size.lines > args.max_lines]
    if oversized:
        print(f"\nFiles over {args.max_lines} lines:")
        for size in oversized:
            print(f"  {size.lines:6}  {size.path}")
        failed = failed or args.fail_on_size
    upward = upward_imports(edges)
    if upward:
        print("\nUpward imports (an app imports one it may not: DESIGN.md):")
        for finding in upward:
            print(f"  {finding}")
    named = naming_findings(root)
    if named:
        print("\nA lower app names a higher one (register a hook instead: clients/registry.py):")
        for finding in named:
            print(f"  {finding}")
    if upward or named:
        failed = True
    print("\nlayout check: " + ("FAILED" if failed else "ok"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
