"""Add Dutch translations: `scripts/translate.py FILE.json` (or `-` for stdin).

The JSON maps English msgids to Dutch ({"Log in": "Aanmelden"}; a plural takes a list of two).
Under a file lock (several people or agents may run it at once) it re-extracts the strings from
the code, fills in the given translations, compiles the catalogue and lists what is still
untranslated. Needs GNU gettext's xgettext for the extraction.
"""

import fcntl
import json
import sys
from pathlib import Path

import polib
from check_translations import PO, extract_messages

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "locale" / ".lock"


def main() -> int:
    source = sys.stdin if sys.argv[1:] in ([], ["-"]) else open(sys.argv[1], encoding="utf-8")  # noqa: SIM115
    translations: dict[str, str | list[str]] = json.load(source)
    with open(LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        extract_messages()
        po = polib.pofile(str(PO))
        for entry in po:
            given = translations.get(entry.msgid)
            if given is None:
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = {0: given[0], 1: given[1]}
            else:
                entry.msgstr = str(given)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save()
        po.save_as_mofile(str(PO.with_suffix(".mo")))
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    print(f"{len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
