"""Amounts in templates: `{{ value|euro }}` writes "€&nbsp;1.234,56" in the active language's
format (nl-BE), `{{ value|amount }}` the number alone (for a column headed "€" or a sentence that
already says "€"). `{{ value|euro:0 }}` rounds to whole euros.

An empty value (None, "", not a number) gives "", so a template says what an absent amount
means: `{{ client.rent|euro|default:"—" }}`.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.formats import amount_text

register = template.Library()


def _rounded(value: Any, decimals: int) -> Decimal | None:
    """The value as a Decimal rounded half up, as `floatformat` did; None if it is no number."""
    if value is None or value == "":
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        if not number.is_finite():
            return None
        return number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return None


@register.filter
def amount(value: Any, decimals: int = 2) -> str:
    number = _rounded(value, decimals)
    return "" if number is None else amount_text(number, decimals=decimals)


@register.filter
def euro(value: Any, decimals: int = 2) -> SafeString | str:
    number = _rounded(value, decimals)
    if number is None:
        return ""
    # A no-break space, so that the sign never ends a line without its amount.
    return format_html("€&nbsp;{}", amount_text(number, decimals=decimals))
