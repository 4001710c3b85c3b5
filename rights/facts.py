"""What the rules read: a client's recorded data as one frozen value (`ClientFacts`), and what a
rule returns (`Finding`). Rules are pure functions over these, so they are tested without a
database and the scan loads the facts of a whole batch in a fixed number of queries."""

import calendar
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, NamedTuple, TypeVar, dataclass_transform, overload

from django.utils.translation import gettext

from clients.models import (
    Client,
    HouseholdMember,
    Income,
    age_on,
    household_confirmation_ends,
    member_lives_there_on,
    runs_on,
)

# Income that the usual income tests leave out (child benefit, disability allowances).
NOT_TAXABLE_KINDS = frozenset({Income.Kind.GROEIPAKKET, Income.Kind.IVT_IT})

# Income that is exempt from Belgian income tax, so it never has a gross taxable amount: a line
# of these kinds without one is not "missing data". Leefloon, IGO and the Flemish rent premium
# are exempt as well as child benefit and disability allowances.
TAX_EXEMPT_KINDS = NOT_TAXABLE_KINDS | {
    Income.Kind.LEEFLOON,
    Income.Kind.IGO,
    Income.Kind.RENT_PREMIUM,
}


T = TypeVar("T")


class computed_once(Generic[T]):  # noqa: N801 (used as a decorator, like cached_property)
    """functools.cached_property without its lock (Python 3.11 takes an RLock on every first
    read, which the scan pays for several properties of every client): the value goes into the
    instance's __dict__ on the first read and is read from there afterwards. Facts are built
    and read by one thread."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> "computed_once[T]": ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object, owner: type | None = None) -> "T | computed_once[T]":
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


def months_between(day: dt.date | None, on: dt.date) -> int:
    """Whole months from `day` to `on` (0 when there is no date or it is later)."""
    if day is None or day > on:
        return 0
    months = (on.year - day.year) * 12 + on.month - day.month
    return months - (on.day < day.day)


def next_month_count(day: dt.date, on: dt.date) -> dt.date:
    """The first day after `on` on which months_between(day, ...) is no longer what it is on
    `on`: the day a further whole month since `day` is complete (the first of the next month
    when that month is shorter than `day`'s day of the month)."""
    if day > on:
        # 0 until a month after `day`; `day` itself is an early enough answer.
        return day
    return months_reached(day, months_between(day, on) + 1)


def months_reached(day: dt.date, count: int) -> dt.date:
    """The first day on which months_between(day, ...) is `count`: the same day of the month
    `count` months later, or the first of the month after when that month is shorter."""
    index = day.year * 12 + day.month - 1 + count
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if day.day <= last:
        return dt.date(year, month, day.day)
    return dt.date(year + (month == 12), month % 12 + 1, 1)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def value_class(cls: type[T]) -> type[T]:
    """A dataclass the type checker holds frozen (mypy refuses an assignment to a field, in CI
    over the whole project), with the `__eq__` and `__hash__` of a frozen one, but built by a
    plain `__init__`: `frozen=True` sets each field through `object.__setattr__`, which cost
    a scan of 100,000 clients about 0.9 s of building its facts and findings (bench/README.md).
    Nothing assigns to these values after they are built: rules read facts, return findings.
    tests/rights/test_facts_values.py checks that mypy refuses an assignment."""
    return dataclass(unsafe_hash=True)(cls)


@value_class
class PersonFacts:
    key: str  # "client" or "member-<pk>"
    name: str
    relation: str  # "client" or a HouseholdMember.Relation
    age: int
    sex: str
    is_dependant: bool
    disability_percent: int | None
    school_level: str = HouseholdMember.SchoolLevel.NONE
    recognised_flemish_school: bool = False
    # Recognised reduced self-reliance in points (0-18); None when not known. Only the client's
    # is recorded (Client.self_reliance_points): a member's is always None.
    self_reliance_points: int | None = None

    @property
    def is_child(self) -> bool:
        return self.relation == HouseholdMember.Relation.CHILD


@value_class
class IncomeFacts:
    person_key: str
    kind: str
    net_monthly: Decimal
    gross_taxable_last_year: Decimal | None
    leefloon_category: str = ""
    since: dt.date | None = None  # Income.starts_on
    until: dt.date | None = None  # Income.ends_on


@value_class
class AidFacts:
    """The latest saved aid calculation and whether a decision covers the scan's month."""

    calculation_id: int
    calculated_on: dt.date
    proposed_aid: Decimal
    saldo: Decimal
    decision_covers_month: bool


@value_class
class ClientFacts:
    client_id: int
    # The scan date: ages and "months in a row" count up to it. Rules read it through `on`,
    # `months_since`, `date_reached` and `last_year`, which note the first day their answer may
    # change (`horizon`): the nightly scan evaluates a client whose facts did not change again
    # only from that day (rights.scan.unchanged).
    scan_date: dt.date
    persons: tuple[PersonFacts, ...]
    incomes: tuple[IncomeFacts, ...]
    residence_status: str
    tenure: str
    rent: Decimal | None
    social_housing_waiting_since: dt.date | None
    heating_fuel: str
    # Yes/no facts: None when nobody recorded them (unknown is never "no").
    collective_heating: bool | None
    leefloon_since: dt.date | None
    debt_status: str  # a Client.DebtStatus, "unknown" included
    budget_management: bool | None
    unemployed_since: dt.date | None
    unfit_for_work_since: dt.date | None
    pensioner: bool | None
    widowed: bool | None
    # What the file records per right code: ClientRight.Status.
    rights: Mapping[str, str] = field(default_factory=dict)
    aid: AidFacts | None = None
    # When a social worker confirmed that the household and its incomes are recorded completely
    # (Client.household_confirmed_on). None: who lives there and what they earn is not known,
    # so no income total and no "lives alone" can be read from the file.
    household_confirmed_on: dt.date | None = None
    # The lines that ran during last calendar year, of the people who live there on the scan
    # date: what "last year's gross taxable income" is summed over. `incomes` are the lines
    # that run on the scan date.
    incomes_last_year: tuple[IncomeFacts, ...] = ()
    # Actual monthly costs of the client record (None: not known, never 0).
    childcare_costs: Decimal | None = None
    illness_costs: Decimal | None = None
    # When the client, homeless before, moved into a home as main residence (None: not known).
    left_homelessness_on: dt.date | None = None
    # The codes of the document types (documents.DocumentType.code: "residence_permit",
    # "identity_card", ...) whose document in force, of anyone in the file, had expired by `on`
    # (documents.selectors.expired_document_types). Available to rules; no rule reads it yet.
    # Empty when none has expired, or when no such document was ever added: a missing
    # document is not an expired one.
    expired_documents: frozenset[str] = frozenset()

    @property
    def client(self) -> PersonFacts:
        return self.persons[0]

    @property
    def household_known(self) -> bool:
        """The household and its incomes are confirmed complete: the sums below mean something,
        and a household without income lines has no income.

        Only while the statement is recent enough to cover last year's incomes
        (clients.models.household_confirmation_ends); the scan evaluates the client again on
        the day it runs out."""
        confirmed = self.household_confirmed_on
        return confirmed is not None and not self.date_reached(
            household_confirmation_ends(confirmed)
        )

    @property
    def size(self) -> int:
        return len(self.persons)

    @property
    def dependants(self) -> int:
        return sum(1 for p in self.persons[1:] if p.is_dependant)

    # Read by most of the nineteen rules for every client of a scan: computed once per facts
    # (computed_once writes the instance's __dict__ directly, as it would on a frozen dataclass).
    @computed_once
    def children(self) -> tuple[PersonFacts, ...]:
        return tuple(p for p in self.persons if p.is_child)

    @property
    def has_partner(self) -> bool:
        return any(p.relation == HouseholdMember.Relation.PARTNER for p in self.persons)

    @property
    def is_single_parent(self) -> bool:
        """No partner and at least one child who is a dependant (an adult child who earns a
        living does not make the client a single parent)."""
        return not self.has_partner and any(p.is_dependant for p in self.children)

    @computed_once
    def parent_keys(self) -> frozenset[str]:
        """The client and a partner: whose income the child-related rights count."""
        return frozenset(
            p.key
            for p in self.persons
            if p.relation in ("client", HouseholdMember.Relation.PARTNER)
        )

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """What `compute` returns, computed once per facts and `key`: for what several rules
        derive alike from the same facts (key it by the rule's helper and the thresholds it
        reads, since rights have their own thresholds)."""
        memos: dict[Hashable, Any] = self.__dict__.setdefault("_memos", {})
        try:
            return memos[key]  # type: ignore[no-any-return]
        except KeyError:
            value = memos[key] = compute()
            return value

    def person(self, key: str) -> PersonFacts | None:
        return next((p for p in self.persons if p.key == key), None)

    def income_kinds(self) -> set[str]:
        return {i.kind for i in self.incomes}

    @computed_once
    def _incomes_by_kind(self) -> dict[str, tuple[IncomeFacts, ...]]:
        by_kind: dict[str, list[IncomeFacts]] = {}
        for income in self.incomes:
            by_kind.setdefault(income.kind, []).append(income)
        return {kind: tuple(lines) for kind, lines in by_kind.items()}

    def incomes_of(self, kind: str) -> tuple[IncomeFacts, ...]:
        return self._incomes_by_kind.get(kind, ())

    def leefloon_start(self, income: IncomeFacts) -> dt.date | None:
        """Since when a leefloon line runs: the client's file records it as a status
        (leefloon_since), which wins over the line's own start; a member's line has only its
        own start."""
        if income.person_key == "client" and self.leefloon_since is not None:
            return self.leefloon_since
        return income.since

    # --- the scan date, read by the rules -------------------------------------------------

    def _depends_until(self, day: dt.date) -> None:
        """A rule read the date in a way whose answer may change from `day` on."""
        horizon = self.__dict__.get("_horizon")
        if horizon is None or day < horizon:
            self.__dict__["_horizon"] = day

    @property
    def horizon(self) -> dt.date | None:
        """The first day on which what the rules read of the date so far may answer otherwise
        (None: nothing read of it). Facts that change with the date (ages, who lives there,
        which incomes run) are not in it: they are compared as facts (rights.scan.unchanged)."""
        horizon: dt.date | None = self.__dict__.get("_horizon")
        return horizon

    @property
    def on(self) -> dt.date:
        """The scan date read as such: the answer may change any day, so a client whose rules
        read it is evaluated again the next day. Rules prefer the readers below, which know
        when their answer changes."""
        self._depends_until(self.scan_date + dt.timedelta(days=1))
        return self.scan_date

    def months_since(self, day: dt.date | None) -> int:
        """Whole months from `day` to the scan date (0 when there is no date)."""
        on = self.scan_date
        if day is not None:
            self._depends_until(next_month_count(day, on))
        return months_between(day, on)

    def date_reached(self, day: dt.date) -> bool:
        """The scan date is `day` or later."""
        on = self.scan_date
        if on < day:
            self._depends_until(day)
            return False
        return True

    def last_year(self) -> tuple[dt.date, dt.date]:
        """The first and the last day of the calendar year before the scan date's."""
        year = self.scan_date.year
        self._depends_until(dt.date(year + 1, 1, 1))
        return dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31)

    def annual_net_income(self, *, exclude: frozenset[str] = NOT_TAXABLE_KINDS) -> Decimal | None:
        """Net income x 12 of the household; None when its incomes are not confirmed."""
        if not self.household_known:
            return None
        return sum((i.net_monthly for i in self.incomes if i.kind not in exclude), Decimal(0)) * 12

    def incomes_missing_gross(
        self, *, persons: frozenset[str] | None = None
    ) -> tuple[IncomeFacts, ...]:
        """Taxable income lines that ran last year without last year's gross taxable amount (a
        line that started this year had none).

        An "other" income without one is taken for an untaxed allowance (such as a care
        supplement) rather than missing data: a worker who knows it is taxed records the gross.
        """
        return tuple(
            i
            for i in self.incomes_last_year
            if (persons is None or i.person_key in persons)
            and i.kind not in TAX_EXEMPT_KINDS
            and i.kind != Income.Kind.OTHER
            and i.gross_taxable_last_year is None
        )

    def gross_taxable_last_year(self, *, persons: frozenset[str] | None = None) -> Decimal | None:
        """The gross taxable income of last year of the household (or of `persons` only);
        None when the incomes are not confirmed or a taxable line lacks it. Tax-exempt income
        (leefloon, IGO, ...) counts 0."""
        if not self.household_known or self.incomes_missing_gross(persons=persons):
            return None
        return sum(
            (
                i.gross_taxable_last_year or Decimal(0)
                for i in self.incomes_last_year
                if (persons is None or i.person_key in persons) and i.kind not in TAX_EXEMPT_KINDS
            ),
            Decimal(0),
        )


class MemberRow(NamedTuple):
    """The columns of a household member the rules read: the scan loads these for a batch
    instead of model instances (building those cost more than the rules)."""

    pk: int
    client_id: int
    first_name: str
    last_name: str
    birth_date: dt.date
    sex: str
    relation: str
    is_dependant: bool
    disability_percent: int | None
    school_level: str
    recognised_flemish_school: bool
    joined_on: dt.date | None
    left_on: dt.date | None


class IncomeRow(NamedTuple):
    """The columns of an income the rules read (see MemberRow)."""

    client_id: int
    member_id: int | None
    kind: str
    net_monthly: Decimal
    gross_taxable_last_year: Decimal | None
    leefloon_category: str
    starts_on: dt.date | None
    ends_on: dt.date | None


def _client_person(client: Client, on: dt.date) -> PersonFacts:
    return PersonFacts(
        key="client",
        name=client.full_name,
        relation="client",
        age=age_on(client.birth_date, on),
        sex=client.sex,
        is_dependant=False,
        disability_percent=client.disability_percent,
        self_reliance_points=client.self_reliance_points,
    )


def _member_person(member: HouseholdMember | MemberRow, on: dt.date) -> PersonFacts:
    return PersonFacts(
        key=f"member-{member.pk}",
        name=f"{member.first_name} {member.last_name}",
        relation=member.relation,
        age=age_on(member.birth_date, on),
        sex=member.sex,
        is_dependant=member.is_dependant,
        disability_percent=member.disability_percent,
        school_level=member.school_level,
        recognised_flemish_school=member.recognised_flemish_school,
    )


def _income_facts(income: Income | IncomeRow) -> IncomeFacts:
    return IncomeFacts(
        person_key="client" if income.member_id is None else f"member-{income.member_id}",
        kind=income.kind,
        net_monthly=income.net_monthly,
        gross_taxable_last_year=income.gross_taxable_last_year,
        leefloon_category=income.leefloon_category,
        since=income.starts_on,
        until=income.ends_on,
    )


def _ran_between(line: IncomeFacts, start: dt.date, end: dt.date) -> bool:
    """The line ran on at least one day from `start` to `end`."""
    return (line.since is None or line.since <= end) and (line.until is None or line.until >= start)


def facts_for(
    client: Client,
    *,
    on: dt.date,
    members: Sequence[HouseholdMember | MemberRow],
    incomes: Sequence[Income | IncomeRow],
    rights: Mapping[str, str],
    aid: AidFacts | None,
    expired_documents: frozenset[str] = frozenset(),
) -> ClientFacts:
    """Build the facts from rows the caller loaded (in bulk for a batch): the members who live
    with the client on `on`, the incomes of these people that run on `on`, and those that ran
    during last calendar year; the types of the file's expired documents."""
    present = [m for m in members if member_lives_there_on(m, on)]
    persons = [_client_person(client, on), *(_member_person(m, on) for m in present)]
    keys = {p.key for p in persons}
    lines = [line for line in map(_income_facts, incomes) if line.person_key in keys]
    year_start, year_end = dt.date(on.year - 1, 1, 1), dt.date(on.year - 1, 12, 31)
    return ClientFacts(
        client_id=client.pk,
        scan_date=on,
        persons=tuple(persons),
        incomes=tuple(line for line in lines if runs_on(line.since, line.until, on)),
        incomes_last_year=tuple(line for line in lines if _ran_between(line, year_start, year_end)),
        residence_status=client.residence_status,
        tenure=client.tenure,
        rent=client.rent,
        social_housing_waiting_since=client.social_housing_waiting_since,
        heating_fuel=client.heating_fuel,
        collective_heating=client.collective_heating,
        leefloon_since=client.leefloon_since,
        debt_status=client.debt_status,
        budget_management=client.budget_management,
        unemployed_since=client.unemployed_since,
        unfit_for_work_since=client.unfit_for_work_since,
        pensioner=client.pensioner,
        widowed=client.widowed,
        rights=dict(rights),
        aid=aid,
        household_confirmed_on=client.household_confirmed_on,
        childcare_costs=client.childcare_costs,
        illness_costs=client.illness_costs,
        left_homelessness_on=client.left_homelessness_on,
        expired_documents=expired_documents,
    )


# --- what a rule returns --------------------------------------------------------------------


@value_class
class Line:
    """One sentence of an explanation: an English msgid marked with gettext_noop in the rule,
    and its values. Translated when shown, so a Dutch and an English reader both read it."""

    text: str
    values: Mapping[str, str] = field(default_factory=dict)

    def render(self) -> str:
        return gettext(self.text) % dict(self.values) if self.values else gettext(self.text)

    def as_json(self) -> dict[str, Any]:
        return {"text": self.text, "values": dict(self.values)}


@value_class
class Value:
    """An estimate of what a right is worth to the household in a year, in euro, and how it was
    estimated (the figures and where they come from): what a worklist sorts by."""

    amount: Decimal
    basis: Line

    def as_json(self) -> dict[str, Any]:
        return {"amount": str(self.amount), "basis": self.basis.as_json()}


@value_class
class Finding:
    """What a rule found. `eligible` opens a flag; otherwise the finding only says which data
    was missing to decide (a "data missing" note, never a flag)."""

    right: str
    eligible: bool
    matched: tuple[Line, ...] = ()  # the facts and thresholds that matched
    missing: tuple[Line, ...] = ()  # data that was missing or uncertain
    facts: Mapping[str, str] = field(default_factory=dict)  # what the fingerprint is taken over
    # The estimated yearly value of an eligible finding (rights.rules.values); not part of the
    # fingerprint: it follows from the facts and the thresholds.
    value: Value | None = None

    @property
    def fingerprint(self) -> str:
        payload = _facts_json(self.facts)
        return hashlib.sha256(f"{self.right}:{payload}".encode()).hexdigest()

    def as_json(self, *, parameters_id: int, valid_from: dt.date) -> dict[str, Any]:
        return {
            "right": self.right,
            "eligible": self.eligible,
            "matched": [line.as_json() for line in self.matched],
            "missing": [line.as_json() for line in self.missing],
            "facts": dict(self.facts),
            "parameters": {"id": parameters_id, "valid_from": valid_from.isoformat()},
            "value": None if self.value is None else self.value.as_json(),
        }


# json's own C string encoder (ensure_ascii, as json.dumps by default).
_json_string = json.encoder.encode_basestring_ascii


def _facts_json(facts: Mapping[str, str]) -> str:
    """`json.dumps(facts, sort_keys=True)`, character for character: what the fingerprint has
    always been taken over (a different text would rewrite every open flag). Facts are strings,
    so the text is joined directly (json.dumps builds an encoder per call: a scan takes a
    fingerprint for most clients); anything else goes through json.dumps itself."""
    items = sorted(facts.items())
    if all(type(key) is str and type(value) is str for key, value in items):
        return "{" + ", ".join(f"{_json_string(k)}: {_json_string(v)}" for k, v in items) + "}"
    return json.dumps(dict(items), sort_keys=True)


def lines_from_json(data: list[dict[str, Any]]) -> list[Line]:
    return [Line(text=item["text"], values=item.get("values", {})) for item in data]


@dataclass(frozen=True)
class Params:
    """The thresholds of one right in force on the scan date (RightParameters.values)."""

    parameters_id: int
    valid_from: dt.date
    values: Mapping[str, str]

    def __post_init__(self) -> None:
        # The thresholds read as numbers, by name: a scan reads each for every client (some
        # 400,000 reads per 20,000 clients), so each kind has its own dict and the common case
        # is one lookup. Not fields (not compared, not copied by dataclasses.replace).
        object.__setattr__(self, "_amounts", {})
        object.__setattr__(self, "_numbers", {})

    def amount(self, name: str) -> Decimal:
        try:
            return self._amounts[name]  # type: ignore[attr-defined,no-any-return]
        except KeyError:
            value = self._amounts[name] = Decimal(self.values[name])  # type: ignore[attr-defined]
            return value

    def number(self, name: str) -> int:
        try:
            return self._numbers[name]  # type: ignore[attr-defined,no-any-return]
        except KeyError:
            value = self._numbers[name] = int(self.values[name])  # type: ignore[attr-defined]
            return value
