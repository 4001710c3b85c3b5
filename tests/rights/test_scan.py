"""The non-take-up scan (rights/scan/) and its Celery tasks, run in-process.

The scan is tested with two small rules of its own, registered for the test, so these tests say
what the scan does with findings whatever the real rules (tests/rights/test_rules*.py) decide.
"""

import datetime as dt
import itertools
import logging
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext_noop

from budgets.models import AidCalculation, AidDecision
from clients.models import AccessLog, Client, HouseholdMember, Income, Sex
from clients.national_number import national_number_for
from clients.services import client_intake, client_update, income_save
from ocmw.celery import app
from rights import rules as rules_module
from rights.facts import ClientFacts, Finding, Line, Params
from rights.models import (
    ClientRight,
    ClientScanState,
    DataMissingNote,
    FlagEvent,
    NonTakeUpFlag,
    Right,
    RightParameters,
    ScanRun,
)
from rights.rules import already_handled
from rights.scan import (
    CLOSED_DATA_MISSING,
    CLOSED_NO_LONGER_HOLDS,
    LOGGED_PURPOSE,
    SCAN_ACTOR,
    preview_parameters,
    scan_clients,
    scan_one_client,
    scan_run_for_tonight,
    scan_run_start,
)
from rights.scan import evaluation as scan_evaluation
from rights.scan import writes as scan_writes
from rights.scan.reads import BatchRows
from rights.tasks import scan_all_task
from tests.factories import (
    AidCalculationFactory,
    AidDecisionFactory,
    AreaFactory,
    ClientRightFactory,
    RightParametersFactory,
    ScanRunFactory,
    aid_policy,
    budget_version,
    client_of,
    team_lead,
)
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 3, 15)
LOW = "test_low_income"
FAMILY = "test_family"
Status = NonTakeUpFlag.Status


# --- two rules of the test's own --------------------------------------------------------------


def low_income(facts: ClientFacts, params: Params) -> Finding | None:
    """Eligible under a yearly income limit; an income nobody confirmed is "data missing"."""
    if facts.client.name.startswith("Kapot"):
        raise ValueError(f"cannot read {facts.client.name}, national number 85073003328")
    if already_handled(facts, LOW):
        return None
    income = facts.annual_net_income()
    if income is None:
        return Finding(
            right=LOW,
            eligible=False,
            missing=(Line(gettext_noop("No income is recorded.")),),
            facts={"missing": "income"},
        )
    if income >= params.amount("limit"):
        return None
    return Finding(
        right=LOW,
        eligible=True,
        matched=(Line("%(income)s < %(limit)s", {"income": str(income), "limit": "x"}),),
        facts={"income": str(income)},
    )


def family(facts: ClientFacts, params: Params) -> Finding | None:
    """Eligible with at least `children` children in the household."""
    if len(facts.children) < params.number("children"):
        return None
    return Finding(right=FAMILY, eligible=True, facts={"children": str(len(facts.children))})


def _right(code: str) -> Right:
    right, _created = Right.objects.update_or_create(
        code=code,
        defaults={
            "name_nl": code,
            "name_en": code,
            "gives_nl": "-",
            "gives_en": "-",
            "how_to_apply_nl": "-",
            "how_to_apply_en": "-",
            "automatic": Right.Automatic.NO,
            "is_active": True,
        },
    )
    return right


@pytest.fixture
def rights(db: None, monkeypatch: pytest.MonkeyPatch) -> dict[str, Right]:
    """The two test rules are the only active rights, with one parameter version each."""
    monkeypatch.setitem(rules_module.RULES, LOW, low_income)
    monkeypatch.setitem(rules_module.RULES, FAMILY, family)
    Right.objects.exclude(code__in=[LOW, FAMILY]).update(is_active=False)
    made = {LOW: _right(LOW), FAMILY: _right(FAMILY)}
    RightParametersFactory.create(
        right=made[LOW], valid_from=dt.date(2020, 1, 1), values={"limit": "15000.00"}
    )
    RightParametersFactory.create(
        right=made[FAMILY], valid_from=dt.date(2020, 1, 1), values={"children": "1"}
    )
    return made


@pytest.fixture
def low(rights: dict[str, Right]) -> Right:
    """Only the income rule is checked."""
    rights[FAMILY].is_active = False
    rights[FAMILY].save()
    return rights[LOW]


_numbers = itertools.count(70_000_000_001)


def make_clients(
    n: int, *, net: str = "900.00", children: int = 0, first_name: str = "Test"
) -> list[Client]:
    """`n` active clients, each with one income of `net` a month and `children` children, the
    household and its incomes confirmed complete."""
    clients = Client.objects.bulk_create(
        Client(
            national_number=f"{next(_numbers):011d}",
            first_name=first_name,
            last_name=f"Cliënt {i}",
            birth_date=dt.date(1980, 1, 1),
            sex=Sex.FEMALE,
            household_confirmed_on=dt.date(2026, 1, 5),
        )
        for i in range(n)
    )
    HouseholdMember.objects.bulk_create(
        HouseholdMember(
            client=client,
            first_name="Kind",
            last_name=str(i),
            birth_date=dt.date(2015, 1, 1),
            sex=Sex.MALE,
            relation=HouseholdMember.Relation.CHILD,
            is_dependant=True,
        )
        for client in clients
        for i in range(children)
    )
    Income.objects.bulk_create(
        Income(client=client, kind=Income.Kind.WAGE, net_monthly=Decimal(net)) for client in clients
    )
    return clients


def scan(
    *, on: dt.date = ON, client_ids: list[int] | None = None, batch_size: int = 500
) -> ScanRun:
    run = scan_run_start(kind=ScanRun.Kind.NIGHTLY, on=on)
    return scan_clients(run=run, client_ids=client_ids, on=on, batch_size=batch_size)


def open_flags(client: Client) -> list[NonTakeUpFlag]:
    return list(NonTakeUpFlag.objects.filter(client=client, status__in=NonTakeUpFlag.OPEN_STATUSES))


# --- opening, idempotence, closing ------------------------------------------------------------


def test_a_flag_carries_the_estimated_yearly_value_of_its_thresholds(low: Right) -> None:
    RightParameters.objects.filter(right=low).update(
        values={"limit": "15000.00", "yearly_value": "480.00"}
    )
    (client,) = make_clients(1, net="900.00")
    scan()
    (flag,) = open_flags(client)
    assert flag.estimated_yearly_value == Decimal("480.00")
    value = flag.explanation["value"]
    assert value["amount"] == "480.00"
    assert value["basis"]["values"]["amount"] == "480,00"


def test_a_right_without_a_typical_value_gives_no_estimate(low: Right) -> None:
    (client,) = make_clients(1, net="900.00")
    scan()
    (flag,) = open_flags(client)
    assert flag.estimated_yearly_value is None
    assert flag.explanation["value"] is None


def test_an_open_flag_gets_its_value_without_a_history_line(low: Right) -> None:
    """A flag opened before values existed: the next scan sets the value, quietly (the facts
    and thresholds the worker read are the same)."""
    (client,) = make_clients(1, net="900.00")
    scan()
    RightParameters.objects.filter(right=low).update(
        values={"limit": "15000.00", "yearly_value": "480.00"}
    )
    scan()
    (flag,) = open_flags(client)
    assert flag.estimated_yearly_value == Decimal("480.00")
    assert not FlagEvent.objects.filter(flag=flag).exists()


def test_scan_opens_a_flag_with_explanation_fingerprint_parameters_and_no_event(
    low: Right,
) -> None:
    (client,) = make_clients(1, net="900.00")
    run = scan()
    flag = NonTakeUpFlag.objects.get(client=client)
    parameters = RightParameters.objects.get(right=low)
    assert (flag.right, flag.status, flag.parameters) == (low, Status.OPEN, parameters)
    assert flag.explanation["eligible"] is True
    assert flag.explanation["facts"] == {"income": "10800.00"}
    assert flag.explanation["parameters"] == {"id": parameters.pk, "valid_from": "2020-01-01"}
    assert len(flag.facts_fingerprint) == 64
    # The history's first line comes from opened_at (the flag card): no event is stored.
    assert not FlagEvent.objects.filter(flag=flag).exists()
    assert flag.opened_at >= run.started_at
    run.refresh_from_db()
    assert (run.status, run.clients, run.flags_opened, run.flags_closed, run.errors) == (
        ScanRun.Status.DONE,
        1,
        1,
        0,
        0,
    )
    assert run.finished_at is not None
    assert run.last_client_id == client.pk


def test_scanning_twice_creates_nothing_new(rights: dict[str, Right]) -> None:
    make_clients(3, net="900.00", children=1)
    first = scan()
    assert first.flags_opened == 6
    flags, events = NonTakeUpFlag.objects.count(), FlagEvent.objects.count()
    second = scan()
    assert (second.flags_opened, second.flags_closed, second.errors) == (0, 0, 0)
    assert (NonTakeUpFlag.objects.count(), FlagEvent.objects.count()) == (flags, events)


def test_a_flag_closes_with_a_reason_when_the_condition_no_longer_holds(low: Right) -> None:
    (client,) = make_clients(1, net="900.00")
    scan()
    Income.objects.filter(client=client).update(net_monthly=Decimal("2000.00"))
    run = scan()
    flag = NonTakeUpFlag.objects.get(client=client)
    assert flag.status == Status.CLOSED
    assert flag.close_reason == CLOSED_NO_LONGER_HOLDS
    assert flag.closed_at is not None
    assert flag.events.last().status == Status.CLOSED  # type: ignore[union-attr]
    assert (run.flags_opened, run.flags_closed) == (0, 1)


def test_a_flag_closes_when_the_data_its_rule_needs_goes_missing(low: Right) -> None:
    (client,) = make_clients(1, net="900.00")
    scan()
    Client.objects.filter(pk=client.pk).update(household_confirmed_on=None)
    scan()
    flag = NonTakeUpFlag.objects.get(client=client)
    assert (flag.status, flag.close_reason) == (Status.CLOSED, CLOSED_DATA_MISSING)


def test_a_flag_whose_application_is_under_way_stays_open(low: Right, worker: User) -> None:
    # The register says "applied", so the rule no longer finds the right missing; the flag
    # must wait for the worker to record how the application ends, not close itself.
    (client,) = make_clients(1, net="900.00")
    scan()
    flag = NonTakeUpFlag.objects.get(client=client)
    NonTakeUpFlag.objects.filter(pk=flag.pk).update(status=Status.APPLIED)
    ClientRightFactory.create(
        client=client, right=low, status=ClientRight.Status.APPLIED, since=ON, recorded_by=worker
    )
    run = scan()
    flag.refresh_from_db()
    assert (flag.status, run.flags_closed) == (Status.APPLIED, 0)


def test_a_flag_the_worker_acts_on_is_left_alone_while_it_still_holds(low: Right) -> None:
    (client,) = make_clients(1, net="900.00")
    scan()
    NonTakeUpFlag.objects.filter(client=client).update(status=Status.CONTACTED)
    run = scan()
    assert NonTakeUpFlag.objects.get(client=client).status == Status.CONTACTED
    assert (run.flags_opened, run.flags_closed) == (0, 0)


def test_a_dismissed_flag_is_not_raised_again_for_the_same_facts(low: Right) -> None:
    (client,) = make_clients(1, net="900.00")
    scan()
    NonTakeUpFlag.objects.filter(client=client).update(
        status=Status.DISMISSED, closed_at=dt.datetime(2026, 3, 16, tzinfo=dt.UTC)
    )
    run = scan()
    assert run.flags_opened == 0
    assert open_flags(client) == []


def test_a_dismissed_flag_is_raised_again_when_the_facts_change(low: Right) -> None:
    (client,) = make_clients(1, net="900.00")
    scan()
    NonTakeUpFlag.objects.filter(client=client).update(
        status=Status.DISMISSED, closed_at=dt.datetime(2026, 3, 16, tzinfo=dt.UTC)
    )
    Income.objects.filter(client=client).update(net_monthly=Decimal("950.00"))
    run = scan()
    assert run.flags_opened == 1
    (flag,) = open_flags(client)
    assert flag.explanation["facts"] == {"income": "11400.00"}


# --- explanations that change while the flag holds ------------------------------------------


def _dismiss(client: Client) -> None:
    NonTakeUpFlag.objects.filter(client=client, status__in=NonTakeUpFlag.OPEN_STATUSES).update(
        status=Status.DISMISSED, closed_at=dt.datetime(2026, 3, 16, tzinfo=dt.UTC)
    )


@pytest.mark.parametrize("status", NonTakeUpFlag.OPEN_STATUSES)
def test_an_open_flag_whose_facts_changed_gets_the_new_explanation_and_keeps_the_old_one(
    low: Right, status: str
) -> None:
    (client,) = make_clients(1, net="900.00")
    scan()
    before = NonTakeUpFlag.objects.get(client=client)
    NonTakeUpFlag.objects.filter(pk=before.pk).update(status=status)
    Income.objects.filter(client=client).update(net_monthly=Decimal("950.00"))  # still under

    run = scan()

    flag = NonTakeUpFlag.objects.get(client=client)
    assert (flag.pk, flag.status, flag.opened_at) == (before.pk, status, before.opened_at)
    assert flag.explanation["facts"] == {"income": "11400.00"}
    assert flag.explanation["matched"][0]["values"]["income"] == "11400.00"
    assert flag.facts_fingerprint != before.facts_fingerprint
    assert flag.parameters_id == before.parameters_id
    (event,) = FlagEvent.objects.filter(flag=flag)
    assert (event.kind, event.status, event.actor, event.note) == (
        FlagEvent.Kind.EXPLANATION,
        status,
        None,
        "",
    )
    assert event.previous_explanation == before.explanation  # "income 10800.00", as it was
    assert event.at >= run.started_at
    assert (run.flags_opened, run.flags_closed) == (0, 0)


def test_each_change_of_facts_adds_the_explanation_it_replaces_to_the_history(low: Right) -> None:
    (client,) = make_clients(1, net="900.00")
    scan()
    for net in ("950.00", "1000.00"):
        Income.objects.filter(client=client).update(net_monthly=Decimal(net))
        scan()
    flag = NonTakeUpFlag.objects.get(client=client)
    earlier = FlagEvent.objects.filter(flag=flag).order_by("at", "pk")
    assert [(e.previous_explanation or {})["facts"] for e in earlier] == [
        {"income": "10800.00"},
        {"income": "11400.00"},
    ]
    assert flag.explanation["facts"] == {"income": "12000.00"}


def test_a_new_thresholds_version_in_force_rewrites_the_explanation(low: Right) -> None:
    older = RightParameters.objects.get(right=low)
    newer = RightParametersFactory.create(
        right=low, valid_from=dt.date(2026, 1, 1), values={"limit": "12000.00"}
    )
    (client,) = make_clients(1, net="900.00")  # 10,800 a year: under both limits
    scan(on=dt.date(2025, 12, 31))
    before = NonTakeUpFlag.objects.get(client=client)
    assert before.parameters == older

    run = scan(on=dt.date(2026, 1, 1))

    flag = NonTakeUpFlag.objects.get(client=client)
    assert (flag.pk, flag.status, run.flags_opened, run.flags_closed) == (before.pk, "open", 0, 0)
    assert flag.parameters == newer
    assert flag.explanation["parameters"] == {"id": newer.pk, "valid_from": "2026-01-01"}
    assert flag.facts_fingerprint == before.facts_fingerprint  # the same facts
    (event,) = FlagEvent.objects.filter(flag=flag)
    assert event.kind == FlagEvent.Kind.EXPLANATION
    assert event.previous_explanation is not None
    assert event.previous_explanation["parameters"] == {"id": older.pk, "valid_from": "2020-01-01"}

    scan(on=dt.date(2026, 1, 2))  # the version stays in force: nothing more to write
    assert FlagEvent.objects.filter(flag=flag).count() == 1


def test_a_flag_whose_facts_did_not_change_is_not_written(rights: dict[str, Right]) -> None:
    make_clients(3, net="900.00", children=1)
    scan()
    rows = list(NonTakeUpFlag.objects.order_by("pk").values())

    with CaptureQueriesContext(connection) as queries:
        run = scan()

    assert list(NonTakeUpFlag.objects.order_by("pk").values()) == rows
    assert not FlagEvent.objects.exists()
    assert (run.flags_opened, run.flags_closed) == (0, 0)
    flag_table = NonTakeUpFlag._meta.db_table
    touching_flags = [q["sql"] for q in queries.captured_queries if flag_table in q["sql"]]
    assert len(touching_flags) == 1  # the batch's read of the flags, nothing else
    assert touching_flags[0].startswith("SELECT")


def test_a_flag_dismissed_after_its_explanation_was_rewritten_stays_dismissed_for_those_facts(
    low: Right,
) -> None:
    # The dismissed flag carries the facts the worker saw when dismissing it: the rewritten
    # ones. Before, it kept those of its opening and came back at the next scan.
    (client,) = make_clients(1, net="900.00")
    scan()
    Income.objects.filter(client=client).update(net_monthly=Decimal("950.00"))
    scan()
    _dismiss(client)

    assert scan().flags_opened == 0
    assert open_flags(client) == []

    Income.objects.filter(client=client).update(net_monthly=Decimal("1000.00"))
    assert scan().flags_opened == 1  # new facts: raised again, with them
    (flag,) = open_flags(client)
    assert flag.explanation["facts"] == {"income": "12000.00"}
    assert not FlagEvent.objects.filter(flag=flag).exists()


def test_closed_files_are_not_scanned(low: Right) -> None:
    _active, closed = make_clients(2, net="900.00")
    Client.objects.filter(pk=closed.pk).update(closed_on=dt.date(2026, 1, 1))
    run = scan()
    assert run.clients == 1
    assert open_flags(closed) == []
    assert not AccessLog.objects.filter(client=closed).exists()


def test_a_data_missing_note_is_kept_until_the_rule_can_decide(low: Right) -> None:
    notes = DataMissingNote.objects
    (client,) = make_clients(1, net="900.00")
    Client.objects.filter(pk=client.pk).update(household_confirmed_on=None)
    scan()
    note = notes.get()
    assert (note.client_id, note.right_id) == (client.pk, low.pk)
    assert note.explanation["missing"] == [{"text": "No income is recorded.", "values": {}}]
    scan()
    assert notes.get().pk == note.pk  # unchanged facts: the same note
    Client.objects.filter(pk=client.pk).update(household_confirmed_on=ON)
    scan()
    assert not notes.exists()


# --- the access log -----------------------------------------------------------------------------


def test_each_run_writes_one_access_log_row_per_client_with_the_actor_scan(low: Right) -> None:
    clients = make_clients(3, net="900.00") + make_clients(2, net="5000.00")
    scan()
    scan()
    for client in clients:
        rows = AccessLog.objects.filter(client=client)
        assert rows.count() == 2  # one per run, flagged or not
        assert {(r.actor, r.actor_label, r.action, r.purpose) for r in rows} == {
            (None, SCAN_ACTOR, AccessLog.Action.SCAN, LOGGED_PURPOSE)
        }


def test_without_a_rule_in_force_no_client_is_read(low: Right) -> None:
    make_clients(2)
    RightParameters.objects.filter(right=low).update(valid_from=dt.date(2030, 1, 1))
    run = scan()
    assert (run.status, run.clients) == (ScanRun.Status.DONE, 0)
    assert not AccessLog.objects.exists()


# --- parameter versions -------------------------------------------------------------------------


def test_a_scan_dated_before_a_new_valid_from_uses_the_older_thresholds(low: Right) -> None:
    newer = RightParametersFactory.create(
        right=low, valid_from=dt.date(2026, 1, 1), values={"limit": "10000.00"}
    )
    older = RightParameters.objects.get(right=low, valid_from=dt.date(2020, 1, 1))
    (client,) = make_clients(1, net="900.00")  # 10,800 a year: under 15,000, over 10,000

    scan(on=dt.date(2025, 12, 31))
    (flag,) = open_flags(client)
    assert flag.parameters == older
    assert flag.explanation["parameters"]["valid_from"] == "2020-01-01"

    run = scan(on=dt.date(2026, 1, 1))
    assert run.flags_closed == 1
    assert open_flags(client) == []
    assert newer.pk not in NonTakeUpFlag.objects.values_list("parameters", flat=True)


# --- errors ---------------------------------------------------------------------------------


def test_a_failing_rule_is_recorded_without_the_national_number_and_the_scan_goes_on(
    low: Right,
) -> None:
    (broken,) = make_clients(1, first_name="Kapot", net="900.00")
    others = make_clients(2, net="900.00")
    run = scan()
    assert run.status == ScanRun.Status.DONE
    assert (run.clients, run.errors, run.flags_opened) == (3, 1, 2)
    (message,) = run.error_messages
    assert message["client_id"] == broken.pk
    assert message["right"] == LOW
    assert message["error"].startswith("ValueError: cannot read Kapot")
    assert "85073003328" not in str(run.error_messages)
    assert broken.national_number not in str(run.error_messages)
    assert all(open_flags(client) for client in others)


def test_a_failing_rule_leaves_an_open_flag_open(low: Right) -> None:
    (client,) = make_clients(1, net="900.00")
    scan()
    Client.objects.filter(pk=client.pk).update(first_name="Kapot")
    run = scan()
    assert (run.errors, run.flags_closed) == (1, 0)
    assert len(open_flags(client)) == 1


def test_a_flag_another_scan_opened_meanwhile_is_not_opened_twice(
    low: Right, monkeypatch: pytest.MonkeyPatch
) -> None:
    (client,) = make_clients(1, net="900.00")
    scan()
    from rights.scan import reads, runs

    real = reads.batch_rows
    calls: list[int] = []

    def stale_read(*args: Any, **kwargs: Any) -> BatchRows:
        # The first read misses the open flag, as a concurrent scan's would.
        rows = real(*args, **kwargs)
        calls.append(1)
        if len(calls) == 1:
            rows.open_flags.clear()
        return rows

    monkeypatch.setattr(runs, "batch_rows", stale_read)  # where _batch_scan looks it up
    run = scan()
    assert len(calls) == 2
    assert len(open_flags(client)) == 1
    assert run.flags_opened == 0
    assert AccessLog.objects.filter(client=client).count() == 2  # not three


# --- queries per batch --------------------------------------------------------------------------

# Per batch: the batch's clients; then in a transaction (a SAVEPOINT inside the test's):
# members, incomes, rights register, aid calculations, flags, the types of the expired
# documents (documents.selectors.expired_document_types), the clients' kept states
# (rights/scan/unchanged.py); insert flags, insert access-log rows, update the run; RELEASE
# SAVEPOINT. The aid decisions are read only when a client of the batch has a calculation (see
# the test below). A new flag gets no stored event
# (its opened_at says when the scan found it). Closing flags would add an insert of their events
# and an update. On PostgreSQL the inserts are COPYs, the new flags' ids left to the sequence.
PER_BATCH = 13
# Per run: its start (SAVEPOINT, INSERT, RELEASE) and the rights with the thresholds in force.
# A run ends in the transaction of its last batch (when that batch is short, as here).
PER_RUN = 4


def _queries(**scan_kwargs: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        scan(**scan_kwargs)
    return len(queries)


def test_one_batch_costs_the_same_queries_whatever_its_size(rights: dict[str, Right]) -> None:
    make_clients(10, net="900.00", children=1)
    small = _queries()
    NonTakeUpFlag.objects.all().delete()
    make_clients(30, net="900.00", children=2)
    NonTakeUpFlag.objects.all().delete()  # also what the last scan opened: start afresh
    large = _queries()
    notes = 1  # the notes' read (no note: nothing to write)
    assert small == large == PER_BATCH + notes + PER_RUN


# A batch whose evaluation finds nothing new: the batch's clients, SAVEPOINT, its seven reads,
# the notes' read, insert access-log rows, insert the clients' states (the evaluation changed
# nothing), update the run, RELEASE SAVEPOINT. No flag is written.
PER_QUIET_BATCH = 14
# The nightly steady state: the clients' states are those kept, so the rules do not run (nor
# are the notes read, nor the states written again).
PER_STEADY_BATCH = PER_QUIET_BATCH - 2
# A batch that rewrites explanations: besides, the explanations they replace (read), the insert
# of their events (a COPY on PostgreSQL) and one update of the flags; the states kept of the
# clients removed (their evaluation changed something), none written.
PER_REWRITING_BATCH = PER_QUIET_BATCH + 3


def test_a_batch_that_finds_nothing_new_costs_its_fixed_queries(rights: dict[str, Right]) -> None:
    make_clients(10, net="900.00", children=1)
    scan()
    quiet = _queries()
    steady = _queries()
    make_clients(30, net="900.00", children=2)
    scan()
    assert quiet == _queries() == PER_QUIET_BATCH + PER_RUN
    assert steady == _queries() == PER_STEADY_BATCH + PER_RUN


def test_a_batch_that_rewrites_explanations_costs_the_same_whatever_their_number(
    rights: dict[str, Right],
) -> None:
    make_clients(10, net="900.00", children=1)
    scan()
    scan()  # the clients' states kept
    Income.objects.update(net_monthly=Decimal("950.00"))
    few = _queries()
    assert FlagEvent.objects.count() == 10
    make_clients(30, net="900.00", children=2)
    scan()
    scan()
    Income.objects.update(net_monthly=Decimal("1000.00"))
    many = _queries()
    assert FlagEvent.objects.count() == 10 + 40
    assert few == many == PER_REWRITING_BATCH + PER_RUN


def test_two_batches_cost_twice_one_batch_plus_the_run(rights: dict[str, Right]) -> None:
    make_clients(40, net="900.00", children=1)
    one_batch = _queries(batch_size=50)
    NonTakeUpFlag.objects.all().delete()
    two_batches = _queries(batch_size=25)  # 25 + 15 clients
    per_batch = one_batch - PER_RUN
    assert two_batches == 2 * per_batch + PER_RUN


# --- clients whose evaluation would change nothing (rights/scan/unchanged.py) ----------------


@pytest.fixture
def evaluated(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The clients each batch ran the rules for."""
    seen: list[int] = []
    decide = scan_evaluation._decide

    def counted(batch: Any, *args: Any, **kwargs: Any) -> Any:
        seen.extend(batch.facts)
        return decide(batch, *args, **kwargs)

    monkeypatch.setattr(scan_writes, "_decide", counted)
    return seen


def test_a_full_scan_passes_over_a_client_whose_evaluation_would_change_nothing(
    rights: dict[str, Right], evaluated: list[int]
) -> None:
    made = make_clients(3, net="900.00", children=1)
    scan()  # opens their flags: changed, no state kept
    assert not ClientScanState.objects.exists()
    scan(on=ON + dt.timedelta(days=1))  # changes nothing: a state kept for each
    assert ClientScanState.objects.count() == 3
    evaluated.clear()
    # The income of one changes behind the scan's back: only that one is evaluated.
    Income.objects.filter(client=made[0]).update(net_monthly=Decimal("950.00"))
    run = scan(on=ON + dt.timedelta(days=2))
    assert evaluated == [made[0].pk]
    assert run.clients == 3  # all read (and logged as read)
    assert run.clients_evaluated == 1
    assert open_flags(made[0])[0].explanation["facts"] == {"income": "11400.00"}
    # That evaluation rewrote its flag: its state went, the next night evaluates it again.
    assert not ClientScanState.objects.filter(client=made[0]).exists()
    evaluated.clear()
    scan(on=ON + dt.timedelta(days=3))
    assert evaluated == [made[0].pk]
    evaluated.clear()
    scan(on=ON + dt.timedelta(days=4))
    assert evaluated == []


def test_new_thresholds_evaluate_every_client_again(
    rights: dict[str, Right], evaluated: list[int]
) -> None:
    made = make_clients(3, net="900.00", children=1)
    scan()
    scan(on=ON + dt.timedelta(days=1))
    evaluated.clear()
    scan(on=ON + dt.timedelta(days=2))
    assert evaluated == []
    RightParametersFactory.create(
        right=rights[LOW], valid_from=ON + dt.timedelta(days=3), values={"limit": "5000.00"}
    )
    scan(on=ON + dt.timedelta(days=3))
    assert sorted(evaluated) == [c.pk for c in made]
    assert all(not open_flags(c) or open_flags(c)[0].right_id != rights[LOW].pk for c in made)


def test_a_clients_own_scan_evaluates_even_when_its_state_holds(
    rights: dict[str, Right], evaluated: list[int]
) -> None:
    (client,) = make_clients(1, net="900.00", children=1)
    scan()
    scan(on=ON + dt.timedelta(days=1))
    evaluated.clear()
    run = scan_run_start(kind=ScanRun.Kind.CLIENT, on=ON + dt.timedelta(days=2))
    scan_clients(run=run, client_ids=[client.pk], on=ON + dt.timedelta(days=2))
    assert evaluated == [client.pk]
    # It changed nothing: the state kept still holds.
    assert ClientScanState.objects.filter(client=client).exists()
    # A change its own scan acts on (the flag rewritten) removes the state: a note or flag
    # written since is not what the state's evaluation left.
    Income.objects.filter(client=client).update(net_monthly=Decimal("950.00"))
    run = scan_run_start(kind=ScanRun.Kind.CLIENT, on=ON + dt.timedelta(days=2))
    scan_clients(run=run, client_ids=[client.pk], on=ON + dt.timedelta(days=2))
    assert FlagEvent.objects.filter(flag__client=client).count() == 1
    assert not ClientScanState.objects.filter(client=client).exists()


def test_a_rule_that_reads_the_date_evaluates_the_client_again_from_that_day(
    rights: dict[str, Right], evaluated: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rule whose answer turns with the date, read through facts.date_reached: the client
    is passed over until that day, evaluated on it, and the flag opens then."""
    turns = ON + dt.timedelta(days=10)

    def from_the_tenth_day(facts: ClientFacts, params: Params) -> Finding | None:
        if not facts.date_reached(turns):
            return None
        return Finding(right=FAMILY, eligible=True, facts={"from": turns.isoformat()})

    monkeypatch.setitem(rules_module.RULES, FAMILY, from_the_tenth_day)
    (client,) = make_clients(1, net="90000.00")
    scan()
    scan(on=ON + dt.timedelta(days=1))
    assert ClientScanState.objects.get(client=client).horizon == turns
    evaluated.clear()
    scan(on=turns - dt.timedelta(days=1))
    assert evaluated == []
    assert open_flags(client) == []
    scan(on=turns)
    assert evaluated == [client.pk]
    assert [flag.right_id for flag in open_flags(client)] == [rights[FAMILY].pk]


# --- runs: one client, resuming, tonight's run, preview --------------------------------------


def test_scanning_one_client_reads_only_that_client(low: Right) -> None:
    first, second = make_clients(2, net="900.00")
    run = scan_one_client(second.pk)
    assert (run.kind, run.status, run.clients, run.flags_opened) == (
        ScanRun.Kind.CLIENT,
        ScanRun.Status.DONE,
        1,
        1,
    )
    assert open_flags(first) == []
    assert len(open_flags(second)) == 1
    assert not AccessLog.objects.filter(client=first).exists()


def _thresholds_read(queries: CaptureQueriesContext) -> int:
    """The queries that read thresholds' values (rights_in_force), not only their version."""
    return sum('"rights_rightparameters"."values"' in query["sql"] for query in queries)


def test_a_client_scan_reads_the_thresholds_again_only_when_they_changed(low: Right) -> None:
    first, second = make_clients(2, net="900.00")
    scan_one_client(first.pk)
    with CaptureQueriesContext(connection) as queries:
        scan_one_client(second.pk)
    assert _thresholds_read(queries) == 0
    assert [flag.parameters_id for flag in open_flags(second)] == [
        RightParameters.objects.get(right=low).pk
    ]

    newer = RightParametersFactory.create(
        right=low,
        valid_from=timezone.localdate(),
        values={"limit": "15000.00", "yearly_value": "480.00"},
    )
    with CaptureQueriesContext(connection) as queries:
        scan_one_client(second.pk)
    assert _thresholds_read(queries) == 1
    (flag,) = open_flags(second)
    assert (flag.parameters_id, flag.estimated_yearly_value) == (newer.pk, Decimal("480.00"))

    # The only right made inactive: no rule to run, so no client is read.
    low.is_active = False
    low.save()
    assert scan_one_client(second.pk).clients == 0


def _decisions_read(queries: CaptureQueriesContext) -> int:
    return sum('"budgets_aiddecision"' in query["sql"] for query in queries)


def test_the_aid_decisions_are_read_only_for_a_batch_with_a_calculation(
    rights: dict[str, Right],
) -> None:
    without, with_one = make_clients(2, net="900.00")
    with CaptureQueriesContext(connection) as queries:
        scan(client_ids=[without.pk])
    assert _decisions_read(queries) == 0

    AidCalculationFactory.create(client=with_one)
    with CaptureQueriesContext(connection) as queries:
        scan()
    assert _decisions_read(queries) == 1


def test_a_client_scan_is_its_batch_transaction_without_a_savepoint(low: Right) -> None:
    (client,) = make_clients(1, net="900.00")
    # Inside the test's own transaction the batch's is a savepoint: one, not two.
    with CaptureQueriesContext(connection) as queries:
        run = scan_one_client(client.pk)
    assert sum(query["sql"].startswith("SAVEPOINT") for query in queries) == 1
    assert (run.clients, run.flags_opened) == (1, 1)


def test_a_client_scan_writes_its_run_once_with_its_counters(low: Right) -> None:
    (client,) = make_clients(1, net="900.00")
    with CaptureQueriesContext(connection) as queries:
        run = scan_one_client(client.pk)
    assert sum('"rights_scanrun"' in query["sql"] for query in queries) == 1
    stored = ScanRun.objects.get(pk=run.pk)
    assert (stored.kind, stored.status, stored.clients, stored.flags_opened) == (
        ScanRun.Kind.CLIENT,
        ScanRun.Status.DONE,
        1,
        1,
    )
    assert stored.finished_at is not None


def test_a_run_resumes_after_its_last_committed_batch(low: Right) -> None:
    clients = make_clients(5, net="900.00")
    run = scan_run_start(kind=ScanRun.Kind.NIGHTLY, on=ON)
    run.last_client_id = clients[2].pk
    run.clients = 3
    run.save()
    scan_clients(run=run, client_ids=None, on=ON, batch_size=2)
    assert run.clients == 5
    assert [bool(open_flags(c)) for c in clients] == [False, False, False, True, True]


def test_tonight_resumes_an_unfinished_nightly_run_and_skips_a_finished_one(low: Right) -> None:
    started = scan_run_for_tonight(on=ON)
    assert started is not None
    assert scan_run_for_tonight(on=ON) == started  # a redelivered task resumes it
    scan_clients(run=started, client_ids=None, on=ON)
    assert scan_run_for_tonight(on=ON) is None


def test_tonight_marks_runs_killed_on_an_earlier_day_as_failed(low: Right) -> None:
    old = ScanRunFactory.create(
        kind=ScanRun.Kind.NIGHTLY,
        started_at=dt.datetime(2026, 3, 14, 2, tzinfo=dt.UTC),
        scan_date=dt.date(2026, 3, 14),
    )
    tonight = scan_run_for_tonight(on=ON)
    old.refresh_from_db()
    assert old.status == ScanRun.Status.FAILED
    assert tonight is not None
    assert tonight.pk != old.pk


def test_only_a_team_lead_starts_a_scan_by_hand(worker: User, team: Wijkteam) -> None:
    with pytest.raises(PermissionDenied):
        scan_run_start(kind=ScanRun.Kind.MANUAL, started_by=worker)
    run = scan_run_start(kind=ScanRun.Kind.MANUAL, started_by=team_lead(team))
    assert run.status == ScanRun.Status.RUNNING


def test_preview_counts_what_new_thresholds_would_open_and_close_and_writes_nothing(
    low: Right,
) -> None:
    poor = make_clients(2, net="900.00")  # 10,800 a year
    make_clients(3, net="1100.00")  # 13,200 a year
    scan()  # five open flags under 15,000
    assert sum(len(open_flags(c)) for c in poor) == 2
    counts = (
        NonTakeUpFlag.objects.count(),
        FlagEvent.objects.count(),
        AccessLog.objects.count(),
        ScanRun.objects.count(),
    )
    assert preview_parameters(right=low, values={"limit": "12000.00"}, on=ON, batch_size=2) == (
        0,
        3,
    )
    NonTakeUpFlag.objects.all().delete()
    assert preview_parameters(right=low, values={"limit": "12000.00"}, on=ON) == (2, 0)
    assert (AccessLog.objects.count(), ScanRun.objects.count()) == counts[2:]


# --- what the facts carry ------------------------------------------------------------------------


def test_the_latest_calculation_and_an_approved_decision_covering_the_month_reach_the_rules(
    low: Right, worker: User, team: Wijkteam, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_of(worker)
    covered = client_of(worker)
    version, policy = budget_version(), aid_policy()
    lead = team_lead(team)

    def calculation(who: Client, on: dt.date, aid: str) -> AidCalculation:
        return AidCalculationFactory.create(
            client=who,
            calculated_on=on,
            budget_version=version,
            policy=policy,
            inputs={},
            breakdown={},
            reference_budget=Decimal("1500"),
            available_income=Decimal("1000"),
            saldo=Decimal("-500"),
            proposed_aid=Decimal(aid),
            created_by=worker,
        )

    calculation(client, dt.date(2026, 1, 5), "100")
    latest = calculation(client, dt.date(2026, 2, 5), "250")
    decided = calculation(covered, dt.date(2026, 2, 5), "300")
    AidDecisionFactory.create(
        client=covered,
        calculation=decided,
        amount=Decimal("300"),
        starts_on=dt.date(2026, 2, 1),
        months=2,  # February and March
        motivation="x",
        status=AidDecision.Status.APPROVED,
        proposed_by=worker,
        proposed_at=dt.datetime(2026, 2, 5, tzinfo=dt.UTC),
        decided_by=lead,
        decided_at=dt.datetime(2026, 2, 6, tzinfo=dt.UTC),
    )
    seen: dict[int, Any] = {}

    def spy(facts: ClientFacts, params: Params) -> None:
        seen[facts.client_id] = facts.aid

    monkeypatch.setitem(rules_module.RULES, LOW, spy)
    scan()
    assert seen[client.pk].calculation_id == latest.pk
    assert seen[client.pk].proposed_aid == Decimal("250")
    assert seen[client.pk].decision_covers_month is False
    assert seen[covered.pk].decision_covers_month is True
    seen.clear()
    scan(on=dt.date(2026, 4, 1))  # the decision ended with March
    assert seen[covered.pk].decision_covers_month is False


# --- the tasks and the hook on client changes ----------------------------------------------------


@pytest.fixture
def eager() -> Iterator[None]:
    """Tasks run in-process, as in the embedded default, even when CI sets a broker."""
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


def _reset_broker_pools() -> None:
    # The connection pools are made from broker_url on first use, then kept.
    vars(app)["_pool"] = None
    vars(app.amqp)["_producer_pool"] = None


@pytest.fixture
def broker_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A broker on a closed port: publishing fails (as when Redis is down)."""
    down = "redis://127.0.0.1:1/0"
    # Celery reads the environment variable before its configuration (CI sets it).
    monkeypatch.setenv("CELERY_BROKER_URL", down)
    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    app.conf.update(broker_url=down, task_always_eager=False)
    _reset_broker_pools()
    yield
    app.conf.update(saved)
    _reset_broker_pools()


def test_the_nightly_task_scans_every_active_client(low: Right, eager: None) -> None:
    make_clients(3, net="900.00")
    run_id = scan_all_task.delay().get()
    run = ScanRun.objects.get(pk=run_id)
    assert (run.kind, run.status, run.clients, run.flags_opened) == (
        ScanRun.Kind.NIGHTLY,
        ScanRun.Status.DONE,
        3,
        3,
    )
    assert scan_all_task.delay().get() is None  # tonight's run has ended: nothing twice


def test_a_run_that_fails_on_a_bug_ends_as_failed(
    low: Right, eager: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rights import tasks

    def broken(batch_id: int) -> ScanRun:
        raise RuntimeError("bug")

    monkeypatch.setattr(tasks, "scan_batch", broken)
    run = scan_run_start(kind=ScanRun.Kind.NIGHTLY, on=ON)
    with pytest.raises(RuntimeError):
        scan_all_task.delay(run.pk).get()
    run.refresh_from_db()
    assert run.status == ScanRun.Status.FAILED
    assert run.error_messages[-1]["error"] == "RuntimeError: bug"


def test_a_change_to_the_file_scans_the_client_again_after_commit(
    low: Right, worker: User, eager: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_of(worker, household_confirmed_on=ON)
    with django_capture_on_commit_callbacks(execute=True):
        income_save(
            actor=worker,
            client=client,
            income=Income(kind=Income.Kind.WAGE, net_monthly=Decimal("900.00")),
        )
    run = ScanRun.objects.get()
    assert (run.kind, run.clients, run.flags_opened) == (ScanRun.Kind.CLIENT, 1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        income_save(
            actor=worker,
            client=client,
            income=Income(kind=Income.Kind.PENSION, net_monthly=Decimal("2000.00")),
        )
    assert open_flags(client) == []


def test_nothing_is_scanned_before_the_change_commits(
    low: Right, worker: User, eager: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_of(worker)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client_update(
            actor=worker, client_id=client.pk, expected_version=1, changes={"phone": "056"}
        )
    assert len(callbacks) == 1
    assert not ScanRun.objects.exists()


def test_an_intake_scans_the_new_client_once(
    low: Right, worker: User, team: Wijkteam, eager: None, django_capture_on_commit_callbacks: Any
) -> None:
    AreaFactory.create(team=team, postcode="8500")
    with django_capture_on_commit_callbacks(execute=True):
        client = client_intake(
            actor=worker,
            fields={
                "national_number": national_number_for(dt.date(1985, 7, 30), 34),
                "first_name": "Fatima",
                "last_name": "El Amrani",
                "birth_date": dt.date(1985, 7, 30),
                "sex": "F",
                "street": "Budastraat",
                "house_number": "12",
                "postcode": "8500",
                "municipality": "Kortrijk",
            },
            members=[
                {
                    "first_name": "Sami",
                    "last_name": "El Amrani",
                    "birth_date": dt.date(2016, 2, 1),
                    "sex": "M",
                    "relation": HouseholdMember.Relation.CHILD,
                }
            ],
            incomes=[
                {"kind": Income.Kind.WAGE, "net_monthly": Decimal("900.00")},
                {"kind": Income.Kind.GROEIPAKKET, "net_monthly": Decimal("200.00")},
            ],
            household_complete=True,
        )
    run = ScanRun.objects.get()
    assert (run.clients, run.flags_opened) == (1, 1)
    assert AccessLog.objects.filter(client=client, actor_label=SCAN_ACTOR).count() == 1


def test_saving_a_client_succeeds_quickly_when_the_broker_is_down(
    low: Right,
    worker: User,
    broker_down: None,
    django_capture_on_commit_callbacks: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = client_of(worker)
    caplog.set_level(logging.WARNING, logger="rights.tasks")
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        saved = client_update(
            actor=worker, client_id=client.pk, expected_version=1, changes={"phone": "056 11"}
        )
    seconds = time.perf_counter() - started
    assert seconds < 5  # a guard against hanging on the broker; it takes ~0.1 s here
    assert saved.phone == "056 11"
    assert Client.objects.get(pk=client.pk).version == 2
    assert not ScanRun.objects.exists()  # not scanned now: the nightly scan catches up
    (record,) = [r for r in caplog.records if r.name == "rights.tasks"]
    assert record.levelno == logging.WARNING
    assert "not queued" in record.getMessage()
    assert client.last_name not in record.getMessage()
    assert client.national_number not in record.getMessage()
