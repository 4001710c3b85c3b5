"""Reference budget versions as CSV, one row per cell, for Excel and for the researchers' files.

    component;leeftijdsgroep;geslacht;gezinsgrootte;bedrag
    food;18-64;F;;230,00
    housing;;;3;55,00

The export uses semicolons and decimal commas, in UTF-8 with a byte order mark, as Excel in
Belgium opens it. The import also takes commas as delimiter and "12.50" as amount, and is all
or nothing: one bad row rejects the file, with every problem listed by row.
"""

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from budgets.models import (
    HOUSEHOLD_COMPONENTS,
    MAX_HOUSEHOLD_SIZE,
    PERSON_COMPONENTS,
    AgeBand,
    BudgetSex,
    BudgetVersion,
)
from budgets.services.versions import (
    Cell,
    all_cells,
    budget_version_create,
    cell_label,
    version_amounts,
)
from core.csv_reading import CsvImportError, csv_rows, errors_capped, parse_amount
from core.csv_writing import Cell as CsvCell
from core.csv_writing import csv_text
from wijkteams.models import User

# CsvImportError and parse_amount live in core.csv_reading (shared by every import) and
# stay importable from here.
__all__ = ["CsvImportError", "budget_version_csv", "budget_version_import", "parse_amount"]

COLUMNS = ("component", "leeftijdsgroep", "geslacht", "gezinsgrootte", "bedrag")
MAX_AMOUNT = Decimal("99999999.99")  # what BudgetAmount.amount holds
MAX_BYTES = 1_000_000
# Dutch spellings of the sexes are accepted too: V(rouw) and M(an).
SEXES = {"f": BudgetSex.FEMALE, "v": BudgetSex.FEMALE, "m": BudgetSex.MALE}


def amount_csv(amount: Decimal) -> str:
    """12.5 -> "12,50": a decimal comma and no thousands separator, unambiguous to read back."""
    return f"{amount:.2f}".replace(".", ",")


def budget_version_rows(version: BudgetVersion) -> Iterator[list[CsvCell]]:
    """The header, then every cell of the version in matrix order."""
    amounts = version_amounts(version)
    yield list(COLUMNS)
    for cell in all_cells():
        if cell not in amounts:
            continue
        component, band, sex, size = cell
        yield [component, band, sex, size, amount_csv(amounts[cell])]


def budget_version_csv(version: BudgetVersion) -> str:
    """The version as the CSV file its download holds, byte order mark first."""
    return csv_text(budget_version_rows(version))


def export_filename(version: BudgetVersion) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", version.name).strip("-").lower() or "versie"
    return f"referentiebudget-{version.pk}-{slug}.csv"


def parse_budget_csv(data: bytes) -> dict[Cell, Decimal]:
    """The amounts of a complete version, or CsvImportError listing every problem."""
    if len(data) > MAX_BYTES:
        raise CsvImportError(_("The file is too large for a reference budget (at most 1 MB)."))
    rows = csv_rows(data)
    header = next(rows, None)
    if header is None:
        raise CsvImportError(_("The file is empty."))
    number, names = header
    names = [name.lower() for name in names]
    if names[: len(COLUMNS)] != list(COLUMNS):
        raise CsvImportError(
            _("Row %(row)s: the first row must name the columns %(columns)s.")
            % {"row": number, "columns": ";".join(COLUMNS)}
        )
    errors: list[str] = []
    amounts: dict[Cell, Decimal] = {}
    first_row: dict[Cell, int] = {}
    for number, values in rows:
        parsed = _parse_row(values)
        if isinstance(parsed, str):
            errors.append(_("Row %(row)s: %(problem)s") % {"row": number, "problem": parsed})
            continue
        cell, amount = parsed
        if cell in amounts:
            errors.append(
                _("Row %(row)s: %(cell)s is already given in row %(first)s.")
                % {"row": number, "cell": cell_label(cell), "first": first_row[cell]}
            )
            continue
        amounts[cell] = amount
        first_row[cell] = number
    missing = [cell for cell in all_cells() if cell not in amounts]
    if missing and not errors:
        errors.append(
            _("The file lacks %(count)s of the %(total)s amounts, such as %(cells)s.")
            % {
                "count": len(missing),
                "total": len(all_cells()),
                "cells": ", ".join(cell_label(cell) for cell in missing[:5]),
            }
        )
    if errors:
        raise CsvImportError(errors_capped(errors))
    return amounts


def _parse_row(values: list[str]) -> tuple[Cell, Decimal] | str:
    """The cell and amount of one row, or what is wrong with it."""
    if len(values) < len(COLUMNS):
        return _("expected %(count)s columns, found %(found)s.") % {
            "count": len(COLUMNS),
            "found": len(values),
        }
    component, band, sex, size_text, amount_text = values[: len(COLUMNS)]
    cell: Cell
    if component in PERSON_COMPONENTS:
        if band not in AgeBand.values:
            return _("unknown age band “%(value)s” (use %(choices)s).") % {
                "value": band,
                "choices": ", ".join(AgeBand.values),
            }
        if sex.lower() not in SEXES:
            return _("unknown sex “%(value)s” (use F or M).") % {"value": sex}
        if size_text:
            return _("%(component)s is priced per person: leave the size empty.") % {
                "component": component
            }
        cell = (component, band, SEXES[sex.lower()].value, None)
    elif component in HOUSEHOLD_COMPONENTS:
        if band or sex:
            return _("%(component)s is priced per household: leave age band and sex empty.") % {
                "component": component
            }
        if not size_text.isdigit() or not 1 <= int(size_text) <= MAX_HOUSEHOLD_SIZE:
            return _("unknown household size “%(value)s” (use 1 to %(max)s).") % {
                "value": size_text,
                "max": MAX_HOUSEHOLD_SIZE,
            }
        cell = (component, "", "", int(size_text))
    else:
        return _("unknown component “%(value)s”.") % {"value": component}
    amount = parse_amount(amount_text)
    if amount is None:
        return _("“%(value)s” is not an amount (write 12,50).") % {"value": amount_text}
    if amount < 0:
        return _("an amount cannot be negative.")
    if amount > MAX_AMOUNT:
        return _("enter an amount up to 99.999.999,99.")
    if amount != amount.quantize(Decimal("0.01")):
        return _("an amount has at most two decimals.")
    return cell, amount


@transaction.atomic
def budget_version_import(
    *,
    actor: User,
    data: bytes,
    name: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    notes: str = "",
) -> BudgetVersion:
    """A new draft with the amounts of a CSV file; nothing is saved if one row is wrong."""
    amounts = parse_budget_csv(data)
    return budget_version_create(
        actor=actor,
        name=name,
        valid_from=valid_from,
        valid_to=valid_to,
        notes=notes,
        amounts=amounts,
    )
