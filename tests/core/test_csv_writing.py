"""The one CSV writer behind every download and export: what Excel in Belgium opens right
(a byte order mark, `;`, CRLF) and text cells that a spreadsheet shows instead of running."""

from decimal import Decimal

from core.csv_writing import Cell, csv_download, csv_streaming_download, csv_text

ROWS: list[list[Cell]] = [
    ["naam", "bedrag", "aantal"],
    ['Élise; "Lisa" Peeters', Decimal("1234.50"), 3],
    ['=HYPERLINK("http://x")', Decimal("-12.00"), None],
    ["+32 56 27 00 00", Decimal("0.00"), 0],
]


def test_the_file_starts_with_a_byte_order_mark_and_separates_with_semicolons() -> None:
    text = csv_text(ROWS)
    assert text.startswith("\ufeffnaam;bedrag;aantal\r\n")
    # A semicolon or quote inside a cell is quoted, so the columns stay put.
    assert text.splitlines()[1] == '"Élise; ""Lisa"" Peeters";1234,50;3'


def test_a_text_cell_starting_like_a_formula_is_shown_not_run() -> None:
    lines = csv_text(ROWS).splitlines()
    assert lines[2].startswith('"\'=HYPERLINK(""http://x"")";')
    assert lines[3].startswith("'+32 56 27 00 00;")


def test_a_number_stays_a_number_even_when_negative_and_none_is_empty() -> None:
    lines = csv_text(ROWS).splitlines()
    assert lines[2].endswith(";-12,00;")
    assert lines[3].endswith(";0,00;0")


def test_the_download_is_an_attachment_in_utf8() -> None:
    response = csv_download(ROWS, filename="lijst-2026-03-16.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lijst-2026-03-16.csv"'
    assert response.content == csv_text(ROWS).encode("utf-8")


def test_the_streamed_download_holds_the_same_bytes() -> None:
    response = csv_streaming_download(iter(ROWS), filename="groot.csv")
    assert response["Content-Disposition"] == 'attachment; filename="groot.csv"'
    # django-stubs types streaming_content as an iterator of any object; it holds bytes here.
    content = b"".join(response.streaming_content)  # type: ignore[arg-type]
    assert content == csv_text(ROWS).encode("utf-8")
