"""Fail when a user-facing string lacks its Dutch translation or the compiled catalogue is stale.

Run by `make lint` and CI. When GNU xgettext is installed it also re-extracts the strings from
the code (restoring the catalogue afterwards), so a new string without translation is caught.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def problems_in(po: polib.POFile) -> list[str]:
    found = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry.msgid!r}")
        elif not entry.translated():
            found.append(f"untranslated: {entry.msgid!r}")
    return found


def catalogue(entries: polib._BaseFile) -> dict[tuple[str, str], str]:
    out = {}
    for entry in entries:
        if entry.obsolete or not entry.msgid:
            continue
        key = (entry.msgctxt or "", entry.msgid)
        out[key] = entry.msgstr or "|".join(
            entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)
        )
    return out


def extract_messages() -> None:
    """Re-extract the strings of the code into the Dutch catalogue (GNU xgettext needed)."""
    subprocess.run(  # fixed arguments
        [sys.executable, "manage.py", "makemessages", "--locale", "nl", "--no-obsolete",
         "--ignore", ".venv/*", "--ignore", "static/vendor/*", "--ignore", "tests/*"],
        cwd=ROOT, check=True, capture_output=True, env={**os.environ, "DEBUG": "true"},
    )  # fmt: skip


def main() -> int:
    problems = problems_in(polib.pofile(str(PO)))
    if catalogue(polib.pofile(str(PO))) != catalogue(polib.mofile(str(MO))):
        problems.append(f"{MO.relative_to(ROOT)} is out of date: run `make messages`")
    if shutil.which("xgettext"):
        original = PO.read_bytes()
        try:
            extract_messages()
            problems += [f"{p} (new in the code)" for p in problems_in(polib.pofile(str(PO)))]
        finally:
            PO.write_bytes(original)
    else:
        print("xgettext not installed: not re-extracting strings from the code")
    for problem in problems:
        print(problem)
    print(f"translations: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
