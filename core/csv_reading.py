"""Reading the CSV files people save from Excel, for every import (reference budgets, areas,
client files): UTF-8 with or without a byte order mark, `;` between columns (`,` also taken),
decimal commas, and every problem reported by row ("Rij 3: ...") so a file is corrected in one go.

It sits in core, the bottom app, so that clients/ and budgets/ can both use it. It also
holds the one rule for writing text cells people open in a spreadsheet (`spreadsheet_safe`).
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A cell starting with one of these is run as a formula by Excel and LibreOffice.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A text cell a spreadsheet will show, not run: a leading formula character is quoted."""
    return f"'{text}" if text[:1] in _FORMULA_STARTS else text


# Enough to correct a file in one go without a page of thousands of lines.
MAX_MESSAGES = 50

Rows = Iterator[tuple[int, list[str]]]


class CsvImportError(ValidationError):
    """The file as a whole is refused; `messages` says why, row by row."""


def file_bytes(path: str, *, max_bytes: int) -> bytes:
    """The bytes of a file to import, or CsvImportError in words an administrator understands."""
    file = Path(path)
    try:
        if file.stat().st_size > max_bytes:
            raise CsvImportError(
                _("The file is larger than %(size)s MB.") % {"size": max_bytes // 1_000_000}
            )
        return file.read_bytes()
    except FileNotFoundError:
        raise CsvImportError(_("There is no file %(path)s.") % {"path": path}) from None
    except (IsADirectoryError, PermissionError):
        raise CsvImportError(_("The file %(path)s cannot be read.") % {"path": path}) from None


def csv_rows(data: bytes) -> Rows:
    """(row number, stripped values) of each non-empty row; the header is row 1."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvImportError(
            _("The file is not UTF-8 text. Save it from Excel as “CSV UTF-8”.")
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line else ","
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if any(value.strip() for value in row):
            yield number, [value.strip() for value in row]


def parse_amount(text: str) -> Decimal | None:
    """ "1.234,56", "1234,56", "1234.56" -> Decimal; None when it is not an amount."""
    value = text.strip().removeprefix("€").strip().replace("\xa0", "").replace(" ", "")
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", value):
        value = value.replace(".", "")  # only thousands separators: 1.234
    if not re.fullmatch(r"-?\d+(\.\d+)?", value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def row_error(number: int, problem: str) -> str:
    return _("Row %(row)s: %(problem)s") % {"row": number, "problem": problem}


def errors_capped(errors: list[str], limit: int = MAX_MESSAGES) -> list[str]:
    """The first `limit` messages and a line counting the rest (for a web page)."""
    if len(errors) <= limit:
        return errors
    return [*errors[:limit], _("... and %(count)s more problems.") % {"count": len(errors) - limit}]


@dataclass(frozen=True)
class Header:
    """The columns a file names in its first row, by name: their order is free."""

    number: int
    positions: dict[str, int]

    def values(self, values: Sequence[str]) -> dict[str, str]:
        """A row as {column: value}; a column the file lacks (or a short row) gives ""."""
        return {
            name: values[index] if index < len(values) else ""
            for name, index in self.positions.items()
        }

    def surplus(self, values: Sequence[str]) -> bool:
        """Whether the row has a value in a column the header does not name."""
        named = set(self.positions.values())
        return any(value for index, value in enumerate(values) if index not in named)


def read_header(rows: Rows, *, required: Iterable[str], optional: Iterable[str]) -> Header:
    """The header row with named columns, or CsvImportError: an unknown, repeated or missing
    column refuses the file before any row is read."""
    first = next(rows, None)
    if first is None:
        raise CsvImportError(_("The file is empty."))
    number, names = first
    names = [name.lower() for name in names]
    required = list(required)
    known = [*required, *optional]
    errors: list[str] = []
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name:
            continue  # an empty cell Excel keeps after the last column
        if name not in known:
            errors.append(
                row_error(
                    number,
                    _("unknown column “%(name)s” (the columns are %(columns)s).")
                    % {"name": name, "columns": ";".join(known)},
                )
            )
        elif name in positions:
            errors.append(
                row_error(number, _("the column %(name)s is named twice.") % {"name": name})
            )
        else:
            positions[name] = index
    missing = [name for name in required if name not in positions]
    if missing:
        errors.append(
            row_error(
                number,
                _("the file lacks the columns %(columns)s.") % {"columns": ";".join(missing)},
            )
        )
    if errors:
        raise CsvImportError(errors)
    return Header(number=number, positions=positions)
