"""A full scan passes over a client whose evaluation would change nothing (rights/scan/
unchanged.py): the same facts, flags, thresholds and rules, before the first day on which what
the rules read of the date could answer otherwise (the horizon).

First the horizon itself: the date readers of ClientFacts against what they replace, and every
rule over the handmade cases of tests/rights/test_rules.py and over generated households, on
any day before the horizon. Then the scan over the demo city night after night, with files
changed between nights behind the scan's back: after every night, evaluating every client
again (without writing) must find nothing to change."""

import dataclasses
import datetime as dt
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clients.models import Client, Income
from rights.facts import ClientFacts, PersonFacts, months_between, next_month_count
from rights.models import ClientRight, ClientScanState, DataMissingNote, NonTakeUpFlag, ScanRun
from rights.rules import RULES
from rights.rules.children import born_on_or_after
from rights.scan import evaluation, rights_in_force, scan_clients, scan_run_start
from rights.scan import writes as scan_writes
from rights.scan.evaluation import _evaluate
from rights.scan.reads import _active_clients, _batch_facts
from tests.rights.test_rules import (
    ON,
    TABLES,
    aid,
    child,
    income,
    make,
    params,
    partner,
)
from wijkteams.models import User

Kind = Income.Kind
DATES = st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31))


# --- the date readers ---------------------------------------------------------------------


@given(day=DATES, on=DATES)
def test_next_month_count_is_the_first_day_the_count_changes(day: dt.date, on: dt.date) -> None:
    change = next_month_count(day, on)
    assert change > on
    count = months_between(day, on)
    if day > on:
        assert change == day  # 0 until then (and a month after)
        assert months_between(day, day - dt.timedelta(days=1)) == 0
        return
    days = (change - on).days
    assert all(months_between(day, on + dt.timedelta(days=n)) == count for n in range(days))
    assert months_between(day, change) == count + 1


def _born_on_or_after_by_age(on: dt.date, age: int, day: dt.date) -> bool:
    """The reading the rule had before it went through facts.date_reached."""
    years = age + 1
    try:
        earliest = on.replace(year=on.year - years)
    except ValueError:  # 29 February
        earliest = dt.date(on.year - years, 2, 28)
    return earliest + dt.timedelta(days=1) >= day


@given(on=DATES, age=st.integers(0, 30), day=DATES)
def test_born_on_or_after_reads_as_before_and_knows_when_it_changes(
    on: dt.date, age: int, day: dt.date
) -> None:
    facts = make(scan_date=on)
    person = child(1, age)
    assert born_on_or_after(facts, person, day) == _born_on_or_after_by_age(on, age, day)
    horizon = facts.horizon
    if horizon is None:
        assert _born_on_or_after_by_age(on + dt.timedelta(days=400), age, day)
        return
    assert horizon > on
    before = horizon - dt.timedelta(days=1)
    assert not _born_on_or_after_by_age(before, age, day)
    assert _born_on_or_after_by_age(horizon, age, day)


def test_reading_the_date_itself_asks_for_the_next_day() -> None:
    facts = make()
    assert facts.horizon is None
    assert facts.on == ON
    assert facts.horizon == ON + dt.timedelta(days=1)


def test_last_year_holds_until_new_year() -> None:
    facts = make()
    assert facts.last_year() == (dt.date(ON.year - 1, 1, 1), dt.date(ON.year - 1, 12, 31))
    assert facts.horizon == dt.date(ON.year + 1, 1, 1)


# --- every rule, on any day before the horizon --------------------------------------------


def _findings(facts: ClientFacts) -> dict[str, Any]:
    return {code: rule(facts, params(code)) for code, rule in RULES.items()}


def _later(facts: ClientFacts, day: dt.date) -> ClientFacts:
    return dataclasses.replace(facts, scan_date=day)


def _same_until_the_horizon(facts: ClientFacts, offsets: list[int]) -> dt.date | None:
    """Every rule finds the same on each day before the horizon the first reading gave."""
    found = _findings(facts)
    horizon = facts.horizon
    on = facts.scan_date
    days = [on + dt.timedelta(days=n) for n in offsets]
    if horizon is not None:
        days.append(horizon - dt.timedelta(days=1))
    for day in days:
        if horizon is None or day < horizon:
            assert _findings(_later(facts, day)) == found, (day, horizon)
    return horizon


def _cases() -> Iterator[Any]:
    for code, table in TABLES.items():
        for case in table:
            yield pytest.param(case.values[0], id=f"{code}-{case.id}")


@pytest.mark.parametrize("facts", list(_cases()))
def test_every_rule_finds_the_same_before_the_horizon_on_the_handmade_cases(
    facts: ClientFacts,
) -> None:
    _same_until_the_horizon(facts, [1, 2, 10, 31, 45, 100, 366, 800])


def _since() -> st.SearchStrategy[dt.date | None]:
    return st.none() | st.dates(ON - dt.timedelta(days=3650), ON + dt.timedelta(days=400))


@st.composite
def households(draw: st.DrawFn) -> ClientFacts:
    """A household whose dates are drawn around the scan date: the statuses' "since", the
    incomes' start and end, the latest aid calculation, the move out of homelessness."""
    children = tuple(
        child(n, draw(st.integers(0, 24)), dependant=draw(st.booleans()))
        for n in range(draw(st.integers(0, 4)))
    )
    members: tuple[PersonFacts, ...] = (*((partner(),) if draw(st.booleans()) else ()), *children)
    kinds = [Kind.WAGE, Kind.LEEFLOON, Kind.UNEMPLOYMENT, Kind.PENSION, Kind.SICKNESS, Kind.IGO]
    lines = []
    for _n in range(draw(st.integers(0, 3))):
        since = draw(_since())
        line = income(
            draw(st.sampled_from(kinds)),
            draw(st.sampled_from(["600.00", "1100.00", "1700.00", "2600.00"])),
            draw(st.none() | st.sampled_from(["9000.00", "18000.00", "40000.00"])),
            since=since,
        )
        until = draw(st.none() | st.dates(ON - dt.timedelta(days=800), ON + dt.timedelta(days=400)))
        if until is not None and (since is None or until >= since):
            line = dataclasses.replace(line, until=until)
        lines.append(line)
    calculated = draw(_since())
    return make(
        age=draw(st.integers(18, 90)),
        members=members,
        incomes=tuple(lines),
        tenure=draw(st.sampled_from(list(Client.Tenure))),
        leefloon_since=draw(_since()),
        unemployed_since=draw(_since()),
        unfit_for_work_since=draw(_since()),
        social_housing_waiting_since=draw(_since()),
        left_homelessness_on=draw(_since()),
        aid=None if calculated is None else aid(calculated, covered=draw(st.booleans())),
        pensioner=draw(st.none() | st.booleans()),
        # Recent, or old enough to run out during the offsets drawn (rights.facts'
        # household_known: until the end of the year after the confirmation).
        household_confirmed_on=draw(
            st.none() | st.dates(ON - dt.timedelta(days=800), ON - dt.timedelta(days=1))
        ),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=households(), offset=st.integers(1, 1500))
def test_every_rule_finds_the_same_before_the_horizon_on_generated_households(
    facts: ClientFacts, offset: int
) -> None:
    _same_until_the_horizon(facts, [offset])


# --- the scan, night after night ----------------------------------------------------------


def _stored() -> tuple[set[Any], set[Any]]:
    flags = set(
        NonTakeUpFlag.objects.filter(status__in=NonTakeUpFlag.OPEN_STATUSES).values_list(
            "client_id", "right_id", "status", "facts_fingerprint", "parameters_id"
        )
    )
    notes = set(
        DataMissingNote.objects.values_list(
            "client_id", "right_id", "facts_fingerprint", "parameters_id"
        )
    )
    return flags, notes


def _a_full_evaluation_changes_nothing(on: dt.date) -> None:
    """Every active client evaluated again on `on`, nothing written: no flag to open, close,
    rewrite or revalue, and the notes found are those stored."""
    rights = rights_in_force(on)
    clients = list(_active_clients(None))
    outcome = _evaluate(_batch_facts(clients, on=on), rights, now=timezone.now())
    assert outcome.errors == []
    assert outcome.to_open == []
    assert outcome.to_close == []
    assert outcome.to_rewrite == []
    assert outcome.to_revalue == []
    found = {
        (client_id, right_id, finding.fingerprint, params.parameters_id)
        for (client_id, right_id), (finding, params) in outcome.notes.items()
    }
    assert found == _stored()[1]


@pytest.fixture
def evaluated(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many clients each batch ran the rules for."""
    counts: list[int] = []
    decide = evaluation._decide

    def counted(batch: Any, *args: Any, **kwargs: Any) -> Any:
        counts.append(len(batch.facts))
        return decide(batch, *args, **kwargs)

    monkeypatch.setattr(scan_writes, "_decide", counted)
    return counts


def _nightly(on: dt.date, evaluated: list[int]) -> int:
    evaluated.clear()
    run = scan_run_start(kind=ScanRun.Kind.NIGHTLY, on=on)
    scan_clients(run=run, client_ids=None, on=on)
    run.refresh_from_db()
    assert run.status == ScanRun.Status.DONE
    assert run.errors == 0
    assert run.clients_evaluated == sum(evaluated)  # what the scan runs page shows
    return sum(evaluated)


@pytest.mark.django_db
def test_night_after_night_a_scan_that_skips_leaves_what_evaluating_all_would(
    evaluated: list[int],
) -> None:
    call_command("seed_demo", "--clients", "300", stdout=StringIO())
    active = _active_clients(None).count()
    today = timezone.localdate()
    ClientScanState.objects.all().delete()  # the seed scans the city: start from no state
    first = _nightly(today, evaluated)
    assert first == active
    _a_full_evaluation_changes_nothing(today)
    # The next night keeps a state for every client whose evaluation changes nothing.
    _nightly(today + dt.timedelta(days=1), evaluated)
    _a_full_evaluation_changes_nothing(today + dt.timedelta(days=1))
    assert ClientScanState.objects.count() > active // 2
    # Then nights pass: month ends, the new year, birthdays, months since a status began.
    skipped_some = False
    changes = _changes_behind_the_scans_back()
    for days in (2, 3, 9, 26, 27, 31, 58, 59, 120, 366, 367):
        day = today + dt.timedelta(days=days)
        next(changes, None)
        count = _nightly(day, evaluated)
        skipped_some |= count < active // 2
        _a_full_evaluation_changes_nothing(day)
    assert skipped_some


def _changes_behind_the_scans_back() -> Iterator[None]:
    """Files changed between nights without a scan of their own (as an import or a fix in the
    database would): each must be evaluated again."""
    clients = list(_active_clients(None).order_by("pk")[:40])
    # An income raised.
    line = Income.objects.filter(client__in=clients).order_by("pk").first()
    assert line is not None
    Income.objects.filter(pk=line.pk).update(net_monthly=line.net_monthly + 900)
    yield
    # A flag dismissed, another granted.
    flags = list(NonTakeUpFlag.objects.filter(status=NonTakeUpFlag.Status.OPEN).order_by("pk")[:2])
    if flags:
        NonTakeUpFlag.objects.filter(pk=flags[0].pk).update(
            status=NonTakeUpFlag.Status.DISMISSED, closed_at=timezone.now()
        )
    if len(flags) > 1:
        NonTakeUpFlag.objects.filter(pk=flags[1].pk).update(
            status=NonTakeUpFlag.Status.GRANTED, closed_at=timezone.now()
        )
    yield
    # A right recorded as received; a household confirmed.
    worker = User.objects.order_by("pk").first()
    for client in clients[:5]:
        flag = NonTakeUpFlag.objects.filter(client=client, status=NonTakeUpFlag.Status.OPEN).first()
        if flag is not None:
            ClientRight.objects.get_or_create(
                client=client,
                right_id=flag.right_id,
                defaults={
                    "status": ClientRight.Status.RECEIVES,
                    "since": flag.opened_at.date(),
                    "recorded_by": worker,
                },
            )
    Client.objects.filter(pk__in=[c.pk for c in clients[5:15]]).update(
        household_confirmed_on=dt.date(2026, 1, 1)
    )
    yield
    # An income that ends.
    Income.objects.filter(client__in=clients[15:25], ends_on__isnull=True).update(
        ends_on=timezone.localdate() + dt.timedelta(days=30)
    )
    yield


def test_no_rule_reads_the_scan_date_but_through_the_readers() -> None:
    """`facts.scan_date` read directly would escape the horizon: a full scan would pass over a
    client whose answer changed with the date. Rules read it through months_since,
    date_reached, last_year or on (docs/rights.md, "The scan date")."""
    import rights.rules

    folder = Path(rights.rules.__file__).parent
    readers = [path.name for path in folder.glob("*.py") if "scan_date" in path.read_text()]
    assert readers == []
