"""The REMI calculation: a household against a reference budget version and an aid policy.

Pure functions over small frozen values, so the same code computes a live calculation, a
what-if, a saved snapshot read back years later, and the impact preview of a draft version.
Loading from the database (`household_from_client`, `budget_table_load`, `PolicyValues.of`)
is kept apart (`loading.py`) and issues a fixed number of queries, whatever the household size.

    reference budget = per-person amounts (age band, sex) + household amounts (size)
                       + actual rent, illness costs, car costs (only when necessary),
                       with actual child care and school costs replacing the standard
    available income = the household's net monthly incomes the policy counts
    saldo            = available income - reference budget
    proposed aid     = shortfall x coverage (down to the cent), rounded (never up past it),
                       capped, and 0 below the minimum: never more than the covered share,
                       so never more than the shortfall
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from budgets.models import (
    MAX_HOUSEHOLD_SIZE,
    PERSON_COMPONENTS,
    AgeBand,
    AidPolicy,
    BudgetSex,
    Component,
    age_band_for,
)
from clients.models import Income

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
CLIENT_KEY = "client"


def money(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


# --- the inputs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A member of the household as the calculation sees them."""

    key: str  # "client" or "member-<pk>"
    name: str
    relation: str  # "client" or a HouseholdMember.Relation
    sex: str  # F, M or X
    age: int | None  # None: the birth date is missing, so no budget can be priced

    @property
    def age_band(self) -> AgeBand | None:
        return None if self.age is None else age_band_for(self.age)


@dataclass(frozen=True)
class IncomeLine:
    person_key: str
    kind: str  # an Income.Kind
    amount: Decimal
    hypothetical: bool = False  # added by a what-if


@dataclass(frozen=True)
class Costs:
    """Actual monthly costs. None for child care and school: not known, use the standard."""

    rent: Decimal = ZERO
    childcare: Decimal | None = None
    school: Decimal | None = None
    illness: Decimal = ZERO
    car_necessary: bool = False
    car: Decimal = ZERO


COST_NAMES = ("rent", "childcare", "school", "illness", "car_necessary", "car")


@dataclass(frozen=True)
class Household:
    on: dt.date
    persons: tuple[Person, ...]
    incomes: tuple[IncomeLine, ...]
    costs: Costs
    # Why the worker's costs differ from the client file, per cost name.
    reasons: Mapping[str, str] = field(default_factory=dict)
    # When the household and its incomes were confirmed complete (Client.household_confirmed_on);
    # None: the income is not known, and no aid is saved from it.
    confirmed_on: dt.date | None = None

    @property
    def size(self) -> int:
        return len(self.persons)

    def person(self, key: str) -> Person | None:
        return next((p for p in self.persons if p.key == key), None)


@dataclass(frozen=True)
class BudgetTable:
    """The amounts of one version, as looked up by the calculation."""

    version_id: int
    version_name: str
    person: Mapping[tuple[str, str, str], Decimal]  # (component, age band, sex)
    household: Mapping[tuple[str, int], Decimal]  # (component, household size)

    def person_amount(self, component: str, band: str, sex: str) -> Decimal:
        if sex in (BudgetSex.FEMALE, BudgetSex.MALE):
            return self._person_cell(component, band, sex)
        # X: the mean of both, to the cent.
        both = self._person_cell(component, band, "F") + self._person_cell(component, band, "M")
        return money(both / 2)

    def household_amount(self, component: str, size: int) -> Decimal:
        size = max(1, min(size, MAX_HOUSEHOLD_SIZE))
        try:
            return self.household[(component, size)]
        except KeyError:
            raise ValidationError(
                _("The budget version %(version)s has no amount for %(cell)s.")
                % {"version": self.version_name, "cell": f"{component} / {size}"},
                code="incomplete_version",
            ) from None

    def _person_cell(self, component: str, band: str, sex: str) -> Decimal:
        try:
            return self.person[(component, band, sex)]
        except KeyError:
            raise ValidationError(
                _("The budget version %(version)s has no amount for %(cell)s.")
                % {"version": self.version_name, "cell": f"{component} / {band} / {sex}"},
                code="incomplete_version",
            ) from None


@dataclass(frozen=True)
class PolicyValues:
    policy_id: int
    policy_name: str
    coverage_percent: Decimal
    monthly_cap: Decimal | None
    minimum_amount: Decimal
    rounding: str
    max_months: int
    activation_required: bool
    excluded_income_kinds: frozenset[str]
    # The exemption for socio-professional integration, for the what-if "they take a job"
    # (`with_job`); not used by `calculate`. None only in a snapshot saved before the policy
    # had it (budgets migration 0005).
    spi_exemption: Decimal | None

    @classmethod
    def of(cls, policy: AidPolicy) -> "PolicyValues":
        return cls(
            policy_id=policy.pk,
            policy_name=policy.name,
            coverage_percent=policy.coverage_percent,
            monthly_cap=policy.monthly_cap,
            minimum_amount=policy.minimum_amount,
            rounding=policy.rounding,
            max_months=policy.max_months,
            activation_required=policy.activation_required,
            excluded_income_kinds=frozenset(policy.excluded_income_kinds),
            spi_exemption=policy.spi_exemption,
        )


# --- the result ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Adjustment:
    """What the worker's actual costs did to a line: add to it, or replace the standard."""

    kind: str  # rent, childcare, school, illness, car
    amount: Decimal


@dataclass(frozen=True)
class BudgetLine:
    component: str  # a Component, or "rent"
    standard: Decimal
    amount: Decimal
    adjustments: tuple[Adjustment, ...] = ()
    replaced: bool = False  # the standard was replaced by the actual costs

    @property
    def label(self) -> str:
        if self.component == RENT_LINE:
            return _("rent (actually paid)")
        return str(Component(self.component).label)


RENT_LINE = "rent"


@dataclass(frozen=True)
class IncomeResult:
    line: IncomeLine
    counts: bool


@dataclass(frozen=True)
class Result:
    household: Household
    version_id: int
    version_name: str
    policy: PolicyValues
    lines: tuple[BudgetLine, ...]
    incomes: tuple[IncomeResult, ...]
    reference_budget: Decimal
    available_income: Decimal
    saldo: Decimal
    shortfall: Decimal
    covered: Decimal  # the share of the shortfall the policy covers, before rounding and cap
    proposed_aid: Decimal  # never above `covered` (saved before that rule: as it was saved)
    capped: bool
    below_minimum: bool
    # The policy rounds to the nearest euro, but rounding up would have paid more than the
    # covered share, so the aid was rounded down (and the cap did not set it anyway). False
    # in snapshots saved before this rule.
    not_rounded_up: bool


# --- the calculation ----------------------------------------------------------------------


def calculate(household: Household, table: BudgetTable, policy: PolicyValues) -> Result:
    """Price the household, count its income, and apply the policy. Raises ValidationError
    (in Dutch) when a member has no birth date or the version lacks an amount."""
    missing = [person.name for person in household.persons if person.age_band is None]
    if missing:
        raise ValidationError(
            _("The birth date of %(names)s is missing: the budget depends on age.")
            % {"names": ", ".join(missing)},
            code="birth_date_missing",
        )
    lines = _budget_lines(household, table)
    incomes = tuple(
        IncomeResult(line=line, counts=line.kind not in policy.excluded_income_kinds)
        for line in household.incomes
    )
    reference_budget = sum((line.amount for line in lines), ZERO)
    available_income = sum((i.line.amount for i in incomes if i.counts), ZERO)
    saldo = available_income - reference_budget
    shortfall = max(ZERO, -saldo)
    # Down to the cent: half a cent up would pay above the exact share (50 % of 9.99 is
    # 4.995, and 4.99 is what is covered).
    covered = (shortfall * policy.coverage_percent / 100).quantize(CENT, rounding=ROUND_FLOOR)
    aid = round_aid(covered, policy.rounding)
    capped = policy.monthly_cap is not None and aid > policy.monthly_cap
    # Worth saying only when the cap did not set the amount anyway.
    not_rounded_up = aid < _rounded(covered, policy.rounding) and not capped
    if policy.monthly_cap is not None:
        aid = min(aid, policy.monthly_cap)
    below_minimum = ZERO < aid < policy.minimum_amount
    if below_minimum:
        aid = ZERO
    return Result(
        household=household,
        version_id=table.version_id,
        version_name=table.version_name,
        policy=policy,
        lines=lines,
        incomes=incomes,
        reference_budget=money(reference_budget),
        available_income=money(available_income),
        saldo=money(saldo),
        shortfall=money(shortfall),
        covered=covered,
        proposed_aid=money(aid),
        capped=capped,
        below_minimum=below_minimum,
        not_rounded_up=not_rounded_up,
    )


def round_aid(amount: Decimal, rounding: str) -> Decimal:
    """Round as the policy says, but never above `amount` (the covered share): where rounding
    up would pay more, round down to the same step instead. Every mode stays monotone, so more
    income never means more aid.

    With amounts in cents this makes "to the nearest euro" pay what "down to the euro" pays;
    the mode is kept because published policies and saved calculations name it, and the result
    says when it did not round up (`Result.not_rounded_up`)."""
    step, half_up = _ROUNDING_STEPS.get(rounding, (CENT, True))
    rounded = _to_step(amount, step, half_up)
    return rounded if rounded <= amount else _to_step(amount, step, half_up=False)


def _rounded(amount: Decimal, rounding: str) -> Decimal:
    """The rounding the mode names, without the limit of `round_aid`."""
    step, half_up = _ROUNDING_STEPS.get(rounding, (CENT, True))
    return _to_step(amount, step, half_up)


# Per mode: the step it rounds to, and whether it rounds half up (else down). An unknown mode
# rounds to the cent.
_ROUNDING_STEPS: Mapping[str, tuple[Decimal, bool]] = {
    AidPolicy.Rounding.CENT: (CENT, True),
    AidPolicy.Rounding.EURO_DOWN: (Decimal("1"), False),
    AidPolicy.Rounding.EURO_NEAREST: (Decimal("1"), True),
    AidPolicy.Rounding.FIVE_EURO_DOWN: (Decimal("5"), False),
    AidPolicy.Rounding.TEN_EURO_DOWN: (Decimal("10"), False),
}


def _to_step(amount: Decimal, step: Decimal, half_up: bool) -> Decimal:
    steps = (amount / step).quantize(
        Decimal("1"), rounding=ROUND_HALF_UP if half_up else ROUND_FLOOR
    )
    return money(steps * step)


def _budget_lines(household: Household, table: BudgetTable) -> tuple[BudgetLine, ...]:
    costs = household.costs
    lines = []
    for component in Component:
        if component in PERSON_COMPONENTS:
            standard = sum(
                (
                    table.person_amount(component, person.age_band or "", person.sex)
                    for person in household.persons
                ),
                ZERO,
            )
        else:
            standard = table.household_amount(component, household.size)
        adjustments: tuple[Adjustment, ...] = ()
        replaced = False
        if component == Component.HEALTH_CARE and costs.illness:
            adjustments = (Adjustment("illness", costs.illness),)
        elif component == Component.MOBILITY and costs.car_necessary and costs.car:
            adjustments = (Adjustment("car", costs.car),)
        elif component == Component.SAFE_CHILDHOOD and (
            costs.childcare is not None or costs.school is not None
        ):
            # The standard's child care and school costs are illustrative: the actual ones
            # replace the whole line.
            replaced = True
            adjustments = tuple(
                Adjustment(kind, amount)
                for kind, amount in (("childcare", costs.childcare), ("school", costs.school))
                if amount is not None
            )
        base = ZERO if replaced else standard
        amount = base + sum((a.amount for a in adjustments), ZERO)
        lines.append(
            BudgetLine(
                component=component,
                standard=money(standard),
                amount=money(amount),
                adjustments=adjustments,
                replaced=replaced,
            )
        )
        if component == Component.HOUSING:
            lines.append(BudgetLine(component=RENT_LINE, standard=ZERO, amount=money(costs.rent)))
    return tuple(lines)


# --- what-if ------------------------------------------------------------------------------


def with_rent(household: Household, rent: Decimal) -> Household:
    return replace(household, costs=replace(household.costs, rent=rent))


# Benefits a job ends. The leefloon does not simply end: see `job_start`.
REPLACED_BY_WORK = frozenset({Income.Kind.UNEMPLOYMENT})

LeefloonOutcome = Literal["none", "whole", "reduced", "stops"]


@dataclass(frozen=True)
class JobStart:
    """What a job does to the person's income in the what-if. A leefloon recipient who starts
    work keeps the leefloon less the net wage above the exemption for socio-professional
    integration (art. 35 KB 11 juli 2002, for at most 3 years); a job ends an unemployment
    benefit. A leefloon that tops up a benefit the job ends is not recomputed for that: the
    what-if is a first estimate for the talk with the client, not the leefloon decision."""

    person_key: str
    net_wage: Decimal
    spi_exemption: Decimal
    leefloon: Decimal | None  # the person's leefloon before the job; None: they have none
    leefloon_kept: Decimal  # leefloon - counted_wage, at least 0 (0 without a leefloon)
    stopped: tuple[IncomeLine, ...]  # the person's benefits the job ends

    @property
    def counted_wage(self) -> Decimal:
        """The part of the wage that reduces the leefloon: what is above the exemption."""
        return max(ZERO, self.net_wage - self.spi_exemption)

    @property
    def leefloon_outcome(self) -> LeefloonOutcome:
        if self.leefloon is None:
            return "none"
        if self.leefloon_kept == self.leefloon:
            return "whole"
        return "reduced" if self.leefloon_kept > 0 else "stops"


def job_start(
    household: Household, person_key: str, net_wage: Decimal, spi_exemption: Decimal
) -> JobStart:
    """What `with_job` does, for the page to explain it."""
    theirs = [line for line in household.incomes if line.person_key == person_key]
    leefloon_lines = [line for line in theirs if line.kind == Income.Kind.LEEFLOON]
    leefloon = sum((line.amount for line in leefloon_lines), ZERO) if leefloon_lines else None
    counted = max(ZERO, net_wage - spi_exemption)
    return JobStart(
        person_key=person_key,
        net_wage=net_wage,
        spi_exemption=spi_exemption,
        leefloon=leefloon,
        leefloon_kept=ZERO if leefloon is None else money(max(ZERO, leefloon - counted)),
        stopped=tuple(line for line in theirs if line.kind in REPLACED_BY_WORK),
    )


def with_job(
    household: Household, person_key: str, net_wage: Decimal, spi_exemption: Decimal
) -> Household:
    """The person starts a job with this net monthly wage: their leefloon continues less the
    wage above `spi_exemption` (in one line), their unemployment benefit stops. Everyone
    else's income stays as it is."""
    job = job_start(household, person_key, net_wage, spi_exemption)
    kept_whole = job.leefloon_outcome == "whole"
    reduced = IncomeLine(
        person_key=person_key,
        kind=Income.Kind.LEEFLOON,
        amount=job.leefloon_kept,
        hypothetical=True,
    )
    incomes: list[IncomeLine] = []
    leefloon_placed = False
    for line in household.incomes:
        if line.person_key != person_key:
            incomes.append(line)
        elif line.kind == Income.Kind.LEEFLOON:
            if kept_whole:
                incomes.append(line)
            elif job.leefloon_kept > 0 and not leefloon_placed:
                # The first leefloon line stands for all of them; the others go.
                incomes.append(reduced)
                leefloon_placed = True
        elif line.kind not in REPLACED_BY_WORK:
            incomes.append(line)
    job_line = IncomeLine(
        person_key=person_key, kind=Income.Kind.WAGE, amount=net_wage, hypothetical=True
    )
    return replace(household, incomes=(*incomes, job_line))


def without_person(household: Household, person_key: str) -> Household:
    """The person moves out, with their income."""
    return replace(
        household,
        persons=tuple(p for p in household.persons if p.key != person_key),
        incomes=tuple(line for line in household.incomes if line.person_key != person_key),
    )
