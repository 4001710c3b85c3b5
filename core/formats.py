"""Amounts as text, the way the active language writes them (nl-BE: 1.234,56), for messages and
values shown outside templates (in templates, the `euro` and `amount` filters of
core/templatetags/money.py use them)."""

from decimal import Decimal

from django.utils.formats import number_format


def amount_text(value: Decimal, *, decimals: int = 2) -> str:
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def euro_text(value: Decimal) -> str:
    return f"€ {amount_text(value)}"
