"""Reference budget versions to and from CSV: the format Excel opens, a lossless round trip, and
an import that rejects the whole file, row by row, when one row is wrong."""

import datetime as dt
from decimal import Decimal

import pytest

from budgets.csv_io import (
    COLUMNS,
    CsvImportError,
    budget_version_csv,
    budget_version_import,
    parse_amount,
    parse_budget_csv,
)
from budgets.models import BudgetAmount, BudgetVersion, VersionStatus
from budgets.services.versions import all_cells, household_cell, person_cell, version_amounts
from demo.budgets import demo_amounts
from tests.factories import budget_version
from wijkteams.models import User

pytestmark = pytest.mark.django_db

HEADER = ";".join(COLUMNS)


@pytest.fixture
def version(admin_user: User) -> BudgetVersion:
    amounts = demo_amounts()
    amounts[person_cell("food", "18-64", "F")] = Decimal("1234.56")
    return budget_version(actor=admin_user, amounts=amounts)


def _csv(rows: list[str]) -> bytes:
    return "\r\n".join([HEADER, *rows]).encode("utf-8")


def _complete_rows(delimiter: str = ";") -> list[str]:
    rows = []
    for component, band, sex, size in all_cells():
        values = [component, band, sex, "" if size is None else str(size), "10.00"]
        rows.append(delimiter.join(values))
    return rows


def _rejection(data: bytes) -> list[str]:
    with pytest.raises(CsvImportError) as caught:
        parse_budget_csv(data)
    return caught.value.messages


# --- export -----------------------------------------------------------------------------------


def test_export_starts_with_a_byte_order_mark_and_the_columns(version: BudgetVersion) -> None:
    text = budget_version_csv(version)
    assert text.startswith("\ufeff" + HEADER + "\r\n")


def test_export_writes_one_row_per_cell_with_a_decimal_comma(version: BudgetVersion) -> None:
    lines = budget_version_csv(version).splitlines()
    assert len(lines) == 1 + len(all_cells())
    assert "food;18-64;F;;1234,56" in lines
    assert "energy_water;;;1;160,00" in lines


# --- round trip -------------------------------------------------------------------------------


def test_export_then_import_gives_identical_amounts(
    version: BudgetVersion, admin_user: User
) -> None:
    data = budget_version_csv(version).encode("utf-8")
    imported = budget_version_import(
        actor=admin_user, data=data, name="Terug", valid_from=dt.date(2027, 1, 1)
    )
    assert imported.status == VersionStatus.DRAFT
    assert version_amounts(imported) == version_amounts(version)


# --- what the import accepts --------------------------------------------------------------------


def test_import_accepts_commas_between_columns_and_decimal_points() -> None:
    amounts = parse_budget_csv(
        "\r\n".join([",".join(COLUMNS), *_complete_rows(",")]).encode("utf-8")
    )
    assert amounts[household_cell("safety", 6)] == Decimal("10.00")
    assert len(amounts) == len(all_cells())


def test_import_accepts_quoted_decimal_commas_in_a_comma_separated_file() -> None:
    rows = _complete_rows(",")
    rows[0] = 'food,0-2,F,,"12,50"'
    amounts = parse_budget_csv("\r\n".join([",".join(COLUMNS), *rows]).encode("utf-8"))
    assert amounts[person_cell("food", "0-2", "F")] == Decimal("12.50")


def test_import_accepts_v_for_women_and_skips_empty_lines() -> None:
    rows = _complete_rows()
    rows[0] = "food;0-2;V;;12,50"
    amounts = parse_budget_csv(_csv([*rows, "", ";;;;"]))
    assert amounts[person_cell("food", "0-2", "F")] == Decimal("12.50")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12,50", Decimal("12.50")),
        ("12.50", Decimal("12.50")),
        ("1.234,56", Decimal("1234.56")),
        ("1234.56", Decimal("1234.56")),
        ("€ 7", Decimal("7")),
        ("1.234", Decimal("1234")),
    ],
)
def test_parse_amount_reads_belgian_and_plain_amounts(text: str, amount: Decimal) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["", "twaalf", "1,2,3", "NaN", "Infinity", "12,5x"])
def test_parse_amount_refuses_what_is_not_an_amount(text: str) -> None:
    assert parse_amount(text) is None


# --- what the import rejects, row by row -------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("fod;18-64;F;;12,50", "Rij 2: onbekende component “fod”."),
        ("food;18-65;F;;12,50", "Rij 2: onbekende leeftijdsgroep “18-65”"),
        ("food;18-64;X;;12,50", "Rij 2: onbekend geslacht “X” (gebruik F of M)."),
        ("food;18-64;F;2;12,50", "Rij 2: food wordt per persoon geprijsd"),
        ("safety;;;7;12,50", "Rij 2: onbekende gezinsgrootte “7” (gebruik 1 tot 6)."),
        ("safety;18-64;;3;12,50", "Rij 2: safety wordt per gezin geprijsd"),
        ("food;18-64;F;;-12,50", "Rij 2: een bedrag kan niet negatief zijn."),
        ("food;18-64;F;;twaalf", "Rij 2: “twaalf” is geen bedrag (schrijf 12,50)."),
        ("food;18-64;F;;12,505", "Rij 2: een bedrag heeft hoogstens twee decimalen."),
        ("food;18-64;F;;123456789,00", "Rij 2: geef een bedrag tot 99.999.999,99."),
        ("food;18-64;F", "Rij 2: 5 kolommen verwacht, 3 gevonden."),
    ],
)
def test_a_bad_row_rejects_the_file_with_its_row_and_reason(row: str, message: str) -> None:
    rows = _complete_rows()
    rows.insert(0, row)
    messages = _rejection(_csv(rows))
    assert any(m.startswith(message) for m in messages), messages


def test_a_duplicate_cell_names_both_rows() -> None:
    rows = _complete_rows()
    rows.insert(6, rows[0])  # the first data row is row 2; this one lands on row 8
    assert _rejection(_csv(rows)) == [
        "Rij 8: food / 0-2 / F staat al in rij 2.",
    ]


def test_missing_cells_reject_the_file() -> None:
    rows = _complete_rows()[3:]
    messages = _rejection(_csv(rows))
    assert messages == [
        f"Het bestand mist 3 van de {len(all_cells())} bedragen, zoals food / 0-2 / F, "
        "food / 0-2 / M, food / 3-5 / F."
    ]


def test_every_bad_row_is_listed() -> None:
    rows = _complete_rows()
    rows[5] = "fod;18-64;F;;12,50"
    rows[10] = rows[10].replace("10.00", "-1")
    messages = _rejection(_csv(rows))
    assert [m.split(":")[0] for m in messages] == ["Rij 7", "Rij 12"]


def test_a_wrong_header_rejects_the_file() -> None:
    messages = _rejection(b"soort;bedrag\r\nfood;12,50")
    assert messages[0].startswith("Rij 1: de eerste rij moet de kolommen")


def test_an_empty_file_or_one_that_is_not_utf8_is_rejected() -> None:
    assert _rejection(b"") == ["Het bestand is leeg."]
    assert "UTF-8" in _rejection(HEADER.encode() + "\r\nfood;0-2;F;;1,00 €".encode("cp1252"))[0]


def test_a_rejected_import_saves_nothing(admin_user: User) -> None:
    rows = _complete_rows()
    rows[-1] = "unforeseen;;;6;-1"
    with pytest.raises(CsvImportError):
        budget_version_import(
            actor=admin_user, data=_csv(rows), name="Fout", valid_from=dt.date(2027, 1, 1)
        )
    assert not BudgetVersion.objects.exists()
    assert not BudgetAmount.objects.exists()
