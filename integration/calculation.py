"""The leefloon of one request, as a pure function over frozen values (no database): the service
loads the file and the amounts, calls `leefloon_calculate`, and saves inputs and result as a
snapshot. Every step names its rule:

- the category amount per year (law of 26 May 2002, art. 14 §1);
- all net resources count, on a yearly basis, unless the King exempted them (law art. 16; royal
  decree of 11 July 2002, art. 22 §1 lists what does not count, e.g. child benefit for the
  children); a line the worker marks "not counted" carries its reason;
- a partner's resources (spouse or de-facto partner who does not receive a leefloon): counted in
  full for an applicant with a dependent family, the part above the cohabitant amount for a
  cohabitant (royal decree art. 34 §1, POD MI FAQ); a single person has no partner at home;
- the resources of the relatives who owe maintenance and live with the applicant (first-degree:
  parents, adult children; from 1 March 2026 also grandparents, grandchildren and in-laws, royal
  decree of 7 January 2026): the OCMW chooses, with a motivation, which of them it counts and
  which share of their resources above the cohabitant amount per person counted (art. 34 §2);
- the exemption for socio-professional integration of a wage or training allowance (art. 35),
  per month and for a limited time, and the same for a student job (equal since 1 January 2022);
  none on a relative's income;
- the general exemption per category per year (art. 22 §2, not indexed), applied last to the
  total counted and only when that total is below the category amount, and not on top of an
  art. 35 exemption;
- the leefloon is the category amount less the resources counted, never below zero, paid per
  month (a twelfth); a first month that starts after its first day is paid pro rata for its
  calendar days (law art. 21 §1: the right runs from the day the request was received; the
  pro-rata method is this app's: no rule for it was found in the law or the handbook).

Amounts are rounded to the cent only at the end (half up), so the parts add up as typed.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal("0")
ONE = Decimal("1")
MONTHS = Decimal("12")


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


class Category(StrEnum):
    COHABITANT = "cohabitant"
    SINGLE = "single"
    FAMILY = "family"


class Exemption(StrEnum):
    """Which art. 35 exemption a resource of the applicant gets, if any."""

    NONE = ""
    SPI = "spi"  # socio-professional integration: a new wage or training allowance
    STUDENT_GRANT = "student_grant"  # a student's job, student with a study grant
    STUDENT = "student"  # a student's job, student without a study grant


@dataclass(frozen=True)
class ScaleValues:
    """The amounts of one indexation (integration.models.LeefloonScale)."""

    valid_from: dt.date
    yearly: Mapping[str, Decimal]  # per Category value
    general_exemption: Mapping[str, Decimal]  # per Category value, per year
    spi_monthly: Decimal
    spi_student_grant_monthly: Decimal
    spi_student_monthly: Decimal
    spi_max_months: int

    def exemption_monthly(self, exemption: Exemption) -> Decimal:
        return {
            Exemption.NONE: ZERO,
            Exemption.SPI: self.spi_monthly,
            Exemption.STUDENT_GRANT: self.spi_student_grant_monthly,
            Exemption.STUDENT: self.spi_student_monthly,
        }[exemption]


@dataclass(frozen=True)
class Resource:
    """One net monthly resource of a person: counted or not (with the reason), and for the
    applicant's own work the exemption it gets."""

    key: str  # e.g. "income-12": where it came from in the file
    kind: str  # clients.Income.Kind value
    monthly: Decimal
    counted: bool = True
    reason: str = ""  # why it is not counted (the rule), empty when counted
    exemption: Exemption = Exemption.NONE


@dataclass(frozen=True)
class Relative:
    """A relative who owes maintenance and lives with the applicant, and whether the OCMW
    chose to count them."""

    key: str
    resources: tuple[Resource, ...]
    counted: bool = False


@dataclass(frozen=True)
class Inputs:
    category: Category
    starts_on: dt.date
    applicant: tuple[Resource, ...] = ()
    partner: tuple[Resource, ...] | None = None  # None: no partner lives with the applicant
    relatives: tuple[Relative, ...] = ()
    # The share (0 to 1) of the counted relatives' resources above the cohabitant amount per
    # person that the OCMW counts: 1 wholly, 0 not at all.
    relatives_share: Decimal = ZERO


@dataclass(frozen=True)
class Result:
    category_yearly: Decimal
    own_yearly: Decimal  # the applicant's counted resources, before exemptions
    art35_exempt_yearly: Decimal
    partner_yearly: Decimal  # the partner's counted resources
    partner_part_yearly: Decimal  # what of it counts
    relatives_yearly: Decimal  # the counted relatives' resources
    relatives_allowance_yearly: Decimal  # the cohabitant amount per relative counted
    relatives_part_yearly: Decimal  # what of the rest counts (the share)
    general_exemption_yearly: Decimal
    resources_yearly: Decimal  # what is deducted from the category amount
    yearly_amount: Decimal
    monthly_amount: Decimal
    first_month_days: int  # the days paid of the first month (= its length when it is whole)
    first_month_length: int
    first_month_amount: Decimal
    not_counted: tuple[Resource, ...] = field(default_factory=tuple)


def _counted_yearly(resources: Iterable[Resource]) -> Decimal:
    return sum((r.monthly * MONTHS for r in resources if r.counted), ZERO)


def _art35_exempt_yearly(resources: Iterable[Resource], scale: ScaleValues) -> Decimal:
    """One exemption a month for the applicant (KB art. 35 §1: "an amount of ... a month" of the
    income from the work, not one per job): the exempted lines together, never more than the
    largest monthly amount of their exemptions, and never more than the income itself."""
    exempted = [r for r in resources if r.counted and r.exemption != Exemption.NONE]
    if not exempted:
        return ZERO
    income = sum((r.monthly for r in exempted), ZERO)
    ceiling = max(scale.exemption_monthly(r.exemption) for r in exempted)
    return min(income, ceiling) * MONTHS


def first_month(starts_on: dt.date, monthly: Decimal) -> tuple[int, int, Decimal]:
    """(days paid, days of the month, amount) of the month the leefloon starts in."""
    length = calendar.monthrange(starts_on.year, starts_on.month)[1]
    days = length - starts_on.day + 1
    if days == length:
        return days, length, monthly
    return days, length, cents(monthly * days / length)


def leefloon_calculate(inputs: Inputs, scale: ScaleValues) -> Result:
    category_yearly = scale.yearly[inputs.category]
    cohabitant_yearly = scale.yearly[Category.COHABITANT]

    own_yearly = _counted_yearly(inputs.applicant)
    art35 = _art35_exempt_yearly(inputs.applicant, scale)

    partner_yearly = ZERO
    partner_part = ZERO
    if inputs.partner is not None:
        partner_yearly = _counted_yearly(inputs.partner)
        if inputs.category == Category.FAMILY:
            partner_part = partner_yearly
        elif inputs.category == Category.COHABITANT:
            partner_part = max(ZERO, partner_yearly - cohabitant_yearly)

    counted_relatives = [relative for relative in inputs.relatives if relative.counted]
    relatives_yearly = sum(
        (_counted_yearly(relative.resources) for relative in counted_relatives), ZERO
    )
    allowance = cohabitant_yearly * len(counted_relatives)
    share = min(ONE, max(ZERO, inputs.relatives_share))
    relatives_part = max(ZERO, relatives_yearly - allowance) * share

    total = max(ZERO, own_yearly - art35) + partner_part + relatives_part
    # Art. 22 §2: last, on the total, only below the category amount, not with art. 35.
    general = ZERO
    if art35 == 0 and total < category_yearly:
        general = min(scale.general_exemption[inputs.category], total)
    resources_yearly = total - general

    yearly_amount = max(ZERO, category_yearly - resources_yearly)
    monthly = cents(yearly_amount / MONTHS)
    days, length, first_amount = first_month(inputs.starts_on, monthly)
    all_resources = [
        *inputs.applicant,
        *(inputs.partner or ()),
        *(r for relative in inputs.relatives for r in relative.resources),
    ]
    return Result(
        category_yearly=category_yearly,
        own_yearly=own_yearly,
        art35_exempt_yearly=art35,
        partner_yearly=partner_yearly,
        partner_part_yearly=partner_part,
        relatives_yearly=relatives_yearly,
        relatives_allowance_yearly=allowance,
        relatives_part_yearly=cents(relatives_part),
        general_exemption_yearly=general,
        resources_yearly=cents(resources_yearly),
        yearly_amount=cents(yearly_amount),
        monthly_amount=monthly,
        first_month_days=days,
        first_month_length=length,
        first_month_amount=first_amount,
        not_counted=tuple(r for r in all_resources if not r.counted),
    )


# --- the snapshot: inputs as JSON and back ---------------------------------------------------


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json(item) for item in value]
    return value


def inputs_to_json(inputs: Inputs) -> dict[str, Any]:
    data: dict[str, Any] = _json(asdict(inputs))
    return data


def _resource(data: Mapping[str, Any]) -> Resource:
    return Resource(
        key=data["key"],
        kind=data["kind"],
        monthly=Decimal(data["monthly"]),
        counted=bool(data["counted"]),
        reason=data.get("reason", ""),
        exemption=Exemption(data.get("exemption", "")),
    )


def inputs_from_json(data: Mapping[str, Any]) -> Inputs:
    partner = data.get("partner")
    return Inputs(
        category=Category(data["category"]),
        starts_on=dt.date.fromisoformat(data["starts_on"]),
        applicant=tuple(_resource(r) for r in data.get("applicant", ())),
        partner=None if partner is None else tuple(_resource(r) for r in partner),
        relatives=tuple(
            Relative(
                key=relative["key"],
                resources=tuple(_resource(r) for r in relative["resources"]),
                counted=bool(relative["counted"]),
            )
            for relative in data.get("relatives", ())
        ),
        relatives_share=Decimal(data.get("relatives_share", "0")),
    )
