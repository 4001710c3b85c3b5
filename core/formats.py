"""Amounts as text, the way the active language writes them (nl-BE: 1.234,56), for messages and
values shown outside templates (in templates, `floatformat:"2g"` does the same)."""

from decimal import Decimal

from django.utils.formats import number_format


def amount_text(value: Decimal) -> str:
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def euro_text(value: Decimal) -> str:
    return f"€ {amount_text(value)}"
