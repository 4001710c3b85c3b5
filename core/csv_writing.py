"""Writing the CSV files people open in a spreadsheet (Excel in Belgium), for every download
and export: UTF-8 with a byte order mark (so the accents come out right), `;` between columns
(the comma is the decimal sign there), CRLF line ends, and every text cell spreadsheet-safe (a
formula is shown, not run). The reading side is core/csv_reading.py.
"""

import csv
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse

from core.csv_reading import spreadsheet_safe

BOM = "\ufeff"
DELIMITER = ";"
CONTENT_TYPE = "text/csv; charset=utf-8"

# Text is made spreadsheet-safe; a number is written as one (a Decimal with a decimal comma),
# so a negative amount stays a number; None is an empty cell.
Cell = str | int | Decimal | None
Row = Sequence[Cell]


def csv_cell(value: Cell) -> str | int:
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_safe(value)
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return value


class _Echo:
    """A file-like object that hands back what csv.writer writes, a line at a time."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Row]) -> Iterator[str]:
    """The file a line at a time, the byte order mark first: for a streamed download."""
    writer = csv.writer(_Echo(), delimiter=DELIMITER, lineterminator="\r\n")
    yield BOM
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_text(rows: Iterable[Row]) -> str:
    """The whole file as text, byte order mark included."""
    return "".join(csv_lines(rows))


def _attach(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    # The names are made by the app (no personal data, no quotes), so no escaping is needed.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'


def csv_download(rows: Iterable[Row], *, filename: str) -> HttpResponse:
    """A CSV download built in memory: for files of a bounded size."""
    response = HttpResponse(csv_text(rows), content_type=CONTENT_TYPE)
    _attach(response, filename)
    return response


def csv_streaming_download(rows: Iterable[Row], *, filename: str) -> StreamingHttpResponse:
    """A CSV download written while it is sent: for files too large to hold in memory."""
    response = StreamingHttpResponse(csv_lines(rows), content_type=CONTENT_TYPE)
    _attach(response, filename)
    return response
