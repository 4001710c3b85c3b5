"""The `euro` and `amount` template filters: Belgian amounts, the way every template shows them."""

from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation


def render(source: str, value: Any) -> str:
    return Template("{% load money %}" + source).render(Context({"value": value}))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1234.56"), "€&nbsp;1.234,56"),
        (Decimal("-1234.56"), "€&nbsp;-1.234,56"),
        (Decimal("0"), "€&nbsp;0,00"),
        (Decimal("1234567.8"), "€&nbsp;1.234.567,80"),
        (Decimal("12.345"), "€&nbsp;12,35"),  # rounded half up, as floatformat did
        (Decimal("-0.004"), "€&nbsp;0,00"),  # no "minus nothing"
        (75, "€&nbsp;75,00"),
    ],
)
def test_euro_writes_a_belgian_amount_with_the_sign(value: Any, shown: str) -> None:
    assert render("{{ value|euro }}", value) == shown


def test_euro_writes_nothing_for_no_amount_so_the_template_says_what_none_means() -> None:
    assert render("{{ value|euro }}", None) == ""
    assert render("{{ value|euro }}", "not a number") == ""
    assert render('{{ value|euro|default:"—" }}', None) == "—"
    assert render('{{ value|euro|default:"—" }}', Decimal("0")) == "€&nbsp;0,00"


def test_euro_rounds_to_whole_euros_when_asked() -> None:
    assert render("{{ value|euro:0 }}", Decimal("2399.5")) == "€&nbsp;2.400"


def test_amount_is_the_number_alone() -> None:
    assert render("{{ value|amount }}", Decimal("-1234.5")) == "-1.234,50"
    assert render("{{ value|amount }}", None) == ""


def test_the_filters_follow_the_active_language() -> None:
    with translation.override("en"):
        assert render("{{ value|euro }}", Decimal("1234.56")) == "€&nbsp;1,234.56"


@pytest.mark.parametrize(
    "value", [Decimal("1234.565"), Decimal("-0.005"), Decimal("0.5"), 2.675, Decimal("1E+3")]
)
def test_euro_shows_what_the_floatformat_chain_showed(value: Any) -> None:
    assert render("{{ value|euro }}", value) == render('€&nbsp;{{ value|floatformat:"2g" }}', value)
