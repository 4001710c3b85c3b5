"""From inquiry to appeal, the rules of procedure/services/decisions.py: the social inquiry
and its home visit, the proposal and its routing by the delegation table, the decision of a
delegated team lead or of the chair (four eyes, dates), the notification, the appeal and its
judgment, and the clocks read from the recorded dates."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from clients.models import AccessLog, Client
from clients.services import EditConflictError
from procedure import selectors
from procedure.deadlines import ClockStatus
from procedure.log_actions import (
    LOG_DECIDED,
    LOG_INQUIRY,
    LOG_NOTIFIED,
    LOG_ON_AGENDA,
    LOG_PROPOSED,
)
from procedure.models import (
    AgendaItem,
    CommitteeSession,
    Decider,
    Decision,
    Delegation,
    Inquiry,
    Notification,
    Proposal,
    Request,
    RequestKind,
)
from procedure.services import decisions as services
from tests.factories import HelpRequestFactory, client_of, request_kind, social_worker, team_lead
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.usefixtures("today")

RECEIVED = dt.date(2026, 3, 2)  # a Monday; TODAY is 16 March 2026


@pytest.fixture
def file(worker: User) -> Client:
    return client_of(worker)


@pytest.fixture
def amount_kind(db: None) -> RequestKind:
    return request_kind("equivalent_leefloon")


@pytest.fixture
def received(file: Client, amount_kind: RequestKind, worker: User) -> Request:
    return HelpRequestFactory.create(
        client=file, kind=amount_kind, received_on=RECEIVED, received_by=worker
    )


def _inquire(request: Request, actor: User, **changes: object) -> Inquiry:
    arguments: dict[str, object] = {
        "findings": {"income": "Geen inkomen sinds februari.", "housing": "Huurt een studio."},
        "home_visit_on": dt.date(2026, 3, 9),
    } | changes
    request.refresh_from_db()
    return services.inquiry_save(
        actor=actor,
        request=request,
        expected_version=request.version,
        **arguments,  # type: ignore[arg-type]
    )


def _propose(request: Request, actor: User, **changes: object) -> Proposal:
    arguments: dict[str, object] = {
        "outcome": "grant",
        "amount": Decimal("1264.56"),
        "starts_on": RECEIVED,
        "months": 12,
        "motivation": "Geen bestaansmiddelen; woont in de gemeente.",
    } | changes
    request.refresh_from_db()
    return services.proposal_submit(
        actor=actor,
        request=request,
        expected_version=request.version,
        **arguments,  # type: ignore[arg-type]
    )


def _decide(request: Request, actor: User, *, urgent: bool = False, **changes: object) -> Decision:
    arguments: dict[str, object] = {
        "outcome": "granted",
        "amount": Decimal("1264.56"),
        "starts_on": RECEIVED,
        "months": 12,
        "motivation": "Voldoet aan de voorwaarden.",
        "decided_on": dt.date(2026, 3, 13),
    } | changes
    request.refresh_from_db()
    record = services.decision_record_urgent if urgent else services.decision_record_delegated
    return record(
        actor=actor,
        request=request,
        expected_version=request.version,
        **arguments,  # type: ignore[arg-type]
    )


@pytest.fixture
def delegated(amount_kind: RequestKind) -> Delegation:
    return Delegation.objects.create(kind=amount_kind, up_to_amount=Decimal("1500"))


# --- the social inquiry ------------------------------------------------------------------------


def test_the_inquiry_puts_the_request_under_inquiry_and_is_logged(
    received: Request, worker: User, file: Client
) -> None:
    inquiry = _inquire(received, worker)
    received.refresh_from_db()
    assert received.state == Request.State.UNDER_INQUIRY
    assert received.version == 2
    assert inquiry.findings() == [
        ("inkomen en bestaansmiddelen", "Geen inkomen sinds februari."),
        ("huisvesting", "Huurt een studio."),
    ]
    assert AccessLog.objects.filter(client=file, what_key=LOG_INQUIRY).count() == 1


def test_rewriting_the_inquiry_keeps_one_report(received: Request, worker: User) -> None:
    _inquire(received, worker)
    _inquire(received, worker, findings={"health": "Rugklachten."})
    inquiry = Inquiry.objects.get(request=received)
    assert inquiry.findings_health == "Rugklachten."
    assert inquiry.findings_income == ""


@pytest.mark.parametrize(
    ("visit", "message"),
    [
        (dt.date(2026, 3, 1), "ontvangst van de aanvraag"),
        (dt.date(2026, 3, 17), "toekomst"),
    ],
)
def test_a_home_visit_before_the_receipt_or_in_the_future_is_refused(
    received: Request, worker: User, visit: dt.date, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _inquire(received, worker, home_visit_on=visit)
    assert message in " ".join(refused.value.message_dict["home_visit_on"])
    received.refresh_from_db()
    assert (received.state, received.version) == (Request.State.RECEIVED, 1)
    assert not Inquiry.objects.exists()


def test_a_colleague_may_not_write_the_inquiry(received: Request, team: Wijkteam) -> None:
    with pytest.raises(PermissionDenied):
        _inquire(received, social_worker(team))
    assert not Inquiry.objects.exists()


def test_a_stale_inquiry_form_is_a_conflict(received: Request, worker: User) -> None:
    _inquire(received, worker)
    with pytest.raises(EditConflictError):
        services.inquiry_save(
            actor=worker, request=received, expected_version=1, findings={}, home_visit_on=None
        )


# --- the proposal and who decides it -------------------------------------------------------------


def test_without_a_delegation_the_committee_decides(
    received: Request, worker: User, file: Client
) -> None:
    _inquire(received, worker)
    proposal = _propose(received, worker)
    received.refresh_from_db()
    assert received.state == Request.State.PROPOSED
    assert proposal.decider == Decider.COMMITTEE
    row = AccessLog.objects.get(client=file, what_key=LOG_PROPOSED)
    assert row.what_params == {"request": received.pk, "decider": "committee"}


@pytest.mark.parametrize(
    ("amount", "decider"),
    [
        (Decimal("1500.00"), Decider.TEAM_LEAD),
        (Decimal("1500.01"), Decider.COMMITTEE),
    ],
)
def test_a_delegation_routes_amounts_up_to_its_limit_to_the_team_lead(
    received: Request, worker: User, delegated: Delegation, amount: Decimal, decider: Decider
) -> None:
    _inquire(received, worker)
    assert _propose(received, worker, amount=amount).decider == decider


@pytest.mark.parametrize(("covers", "decider"), [(False, "committee"), (True, "team_lead")])
def test_a_refusal_goes_to_the_delegate_only_when_the_delegation_says_so(
    received: Request, worker: User, delegated: Delegation, covers: bool, decider: str
) -> None:
    delegated.covers_refusals = covers
    delegated.save()
    _inquire(received, worker)
    proposal = _propose(
        received, worker, outcome="refuse", amount=None, starts_on=None, months=None
    )
    assert proposal.decider == decider


def test_a_proposal_needs_the_home_visit_its_kind_requires(received: Request, worker: User) -> None:
    _inquire(received, worker, home_visit_on=None)
    with pytest.raises(ValidationError) as refused:
        _propose(received, worker)
    assert "huisbezoek" in " ".join(refused.value.messages)
    assert not Proposal.objects.exists()
    received.refresh_from_db()
    assert received.state == Request.State.UNDER_INQUIRY


def test_a_kind_without_a_home_visit_is_proposed_without_one(file: Client, worker: User) -> None:
    card = HelpRequestFactory.create(
        client=file, kind=request_kind("medical_card"), received_on=RECEIVED
    )
    _inquire(card, worker, home_visit_on=None)
    proposal = _propose(card, worker, amount=None, starts_on=None, months=None)
    assert proposal.amount is None


def test_a_grant_with_an_amount_names_amount_and_period(received: Request, worker: User) -> None:
    _inquire(received, worker)
    with pytest.raises(ValidationError) as refused:
        _propose(received, worker, amount=None, starts_on=None, months=None)
    assert set(refused.value.message_dict) >= {"amount", "starts_on", "months"}


def test_help_does_not_start_before_the_request(received: Request, worker: User) -> None:
    _inquire(received, worker)
    with pytest.raises(ValidationError) as refused:
        _propose(received, worker, starts_on=dt.date(2026, 2, 1))
    assert "starts_on" in refused.value.message_dict


def test_a_refusal_has_no_amount(received: Request, worker: User) -> None:
    _inquire(received, worker)
    with pytest.raises(ValidationError) as refused:
        _propose(received, worker, outcome="refuse", starts_on=None, months=None)
    assert "amount" in refused.value.message_dict


def test_no_proposal_before_the_inquiry(received: Request, worker: User) -> None:
    with pytest.raises(ValidationError):
        _propose(received, worker)
    assert not Proposal.objects.exists()


# --- the decision --------------------------------------------------------------------------------


@pytest.fixture
def proposed(received: Request, worker: User, delegated: Delegation) -> Request:
    _inquire(received, worker)
    _propose(received, worker)
    received.refresh_from_db()
    return received


def test_a_delegated_team_lead_decides_and_the_clock_is_met(
    proposed: Request, lead: User, file: Client, worker: User
) -> None:
    decision = _decide(proposed, lead)
    proposed.refresh_from_db()
    assert proposed.state == Request.State.DECIDED
    assert (decision.body, decision.decided_by, decision.proposed_by) == ("team_lead", lead, worker)
    assert decision.ratification == ""
    assert AccessLog.objects.filter(client=file, what_key=LOG_DECIDED).count() == 1
    loaded = selectors.client_request_get(client=file, pk=proposed.pk)
    clocks = selectors.request_clocks(loaded, today=dt.date(2026, 3, 16))
    assert clocks.decision is not None
    assert clocks.decision.status == ClockStatus.MET
    assert clocks.notification is not None
    # 8 days from Friday 13 March: Saturday 21 March, moved to Monday 23 March (art. 53).
    assert (clocks.notification.status, clocks.notification.due) == (
        ClockStatus.OPEN,
        dt.date(2026, 3, 23),
    )


def test_the_proposer_never_decides_their_own_proposal(
    received: Request, lead: User, delegated: Delegation
) -> None:
    _inquire(received, lead)
    _propose(received, lead)
    with pytest.raises(PermissionDenied):
        _decide(received, lead)
    assert not Decision.objects.exists()


def test_the_database_keeps_the_four_eyes_rule(proposed: Request, worker: User) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            request=proposed,
            outcome="granted",
            motivation="x",
            decided_on=dt.date(2026, 3, 13),
            body="team_lead",
            decided_by=worker,
            proposed_by=worker,
        )


def test_a_social_worker_or_another_teams_lead_does_not_decide(
    proposed: Request, team: Wijkteam
) -> None:
    other = Wijkteam.objects.create(name="Noord")
    for actor in (social_worker(team), team_lead(other)):
        with pytest.raises(PermissionDenied):
            _decide(proposed, actor)
    assert not Decision.objects.exists()


def test_a_team_lead_does_not_decide_what_the_committee_decides(
    received: Request, worker: User, lead: User
) -> None:
    _inquire(received, worker)
    _propose(received, worker)  # no delegation: the committee
    with pytest.raises(PermissionDenied):
        _decide(received, lead)


@pytest.mark.parametrize(
    ("decided_on", "field_message"),
    [(dt.date(2026, 3, 1), "ontvangst van de aanvraag"), (dt.date(2026, 3, 17), "toekomst")],
)
def test_a_decision_before_the_receipt_or_in_the_future_is_refused(
    proposed: Request, lead: User, decided_on: dt.date, field_message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _decide(proposed, lead, decided_on=decided_on)
    assert field_message in " ".join(refused.value.message_dict["decided_on"])
    proposed.refresh_from_db()
    assert proposed.state == Request.State.PROPOSED
    assert not Decision.objects.exists()


def test_the_same_request_is_not_decided_twice(
    proposed: Request, lead: User, team: Wijkteam
) -> None:
    stale_version = proposed.version
    _decide(proposed, lead)
    with pytest.raises(EditConflictError):
        services.decision_record_delegated(
            actor=team_lead(team),
            request=proposed,
            expected_version=stale_version,
            outcome="refused",
            motivation="Nee.",
            decided_on=dt.date(2026, 3, 13),
        )
    assert Decision.objects.count() == 1


def test_an_urgent_decision_awaits_ratification_on_the_next_session(
    received: Request, worker: User, lead: User
) -> None:
    later = CommitteeSession.objects.create(
        held_on=dt.date(2026, 3, 30), place="Raadzaal", created_by=lead
    )
    nearest = CommitteeSession.objects.create(
        held_on=dt.date(2026, 3, 23), place="Raadzaal", created_by=lead
    )
    _inquire(received, worker)
    _propose(received, worker)  # the committee's
    decision = _decide(received, lead, urgent=True)
    assert (decision.body, decision.ratification) == ("chair", "pending")
    item = AgendaItem.objects.get()
    assert (item.session, item.request, item.purpose) == (nearest, received, "ratify")
    assert not later.items.exists()
    on_agenda = AccessLog.objects.get(client=received.client, what_key=LOG_ON_AGENDA)
    assert (on_agenda.actor, on_agenda.what_params) == (lead, {"session": nearest.pk})


# --- notification and appeal ---------------------------------------------------------------------


@pytest.fixture
def decided(proposed: Request, lead: User) -> Request:
    _decide(proposed, lead)
    proposed.refresh_from_db()
    return proposed


def test_the_notification_starts_the_appeal_clock(
    decided: Request, worker: User, file: Client
) -> None:
    services.notification_record(
        actor=worker,
        request=decided,
        expected_version=decided.version,
        notified_on=dt.date(2026, 3, 16),
        way=Notification.Way.REGISTERED,
    )
    decided.refresh_from_db()
    assert decided.state == Request.State.NOTIFIED
    assert AccessLog.objects.filter(client=file, what_key=LOG_NOTIFIED).count() == 1
    clocks = selectors.request_clocks(
        selectors.client_request_get(client=file, pk=decided.pk), today=dt.date(2026, 3, 16)
    )
    assert clocks.notification is not None
    assert clocks.notification.status == ClockStatus.MET
    # 3 months from 16 March: 16 June 2026, a Tuesday (art. 54).
    assert clocks.appeal is not None
    assert clocks.appeal.due == dt.date(2026, 6, 16)


def test_a_notification_before_the_decision_is_refused(decided: Request, worker: User) -> None:
    with pytest.raises(ValidationError) as refused:
        services.notification_record(
            actor=worker,
            request=decided,
            expected_version=decided.version,
            notified_on=dt.date(2026, 3, 12),
            way=Notification.Way.RECEIPT,
        )
    assert "notified_on" in refused.value.message_dict
    assert not Notification.objects.exists()


def test_without_a_decision_the_appeal_opens_after_the_thirty_days(
    received: Request, worker: User, time_machine: object
) -> None:
    # Received on 2 March: the 30 days end on 1 April 2026 (a Wednesday).
    with pytest.raises(ValidationError) as refused:
        services.appeal_register(
            actor=worker, request=received, lodged_on=dt.date(2026, 3, 16), court="Arbrb Gent"
        )
    assert "02/04/2026" in " ".join(refused.value.message_dict["lodged_on"])
    time_machine.move_to(dt.datetime(2026, 4, 2, 10, tzinfo=dt.UTC))  # type: ignore[attr-defined]
    appeal = services.appeal_register(
        actor=worker, request=received, lodged_on=dt.date(2026, 4, 2), court="Arbrb Gent"
    )
    assert appeal.result == ""


def test_a_judgment_is_dated_not_before_the_appeal(decided: Request, worker: User) -> None:
    appeal = services.appeal_register(
        actor=worker, request=decided, lodged_on=dt.date(2026, 3, 16), court="Arbrb Gent"
    )
    with pytest.raises(ValidationError) as refused:
        services.appeal_judgment_record(
            actor=worker,
            appeal=appeal,
            expected_version=1,
            result="confirmed",
            judgment_on=dt.date(2026, 3, 15),
        )
    assert "judgment_on" in refused.value.message_dict
    judged = services.appeal_judgment_record(
        actor=worker,
        appeal=appeal,
        expected_version=1,
        result="confirmed",
        judgment_on=dt.date(2026, 3, 16),
    )
    assert (judged.result, judged.version) == ("confirmed", 2)


@pytest.mark.parametrize(
    ("starts_on", "months", "ends_on"),
    [
        (dt.date(2026, 3, 1), 3, dt.date(2026, 5, 31)),
        (dt.date(2026, 1, 15), 1, dt.date(2026, 2, 14)),
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 30), 1, dt.date(2028, 2, 29)),
        (dt.date(2026, 1, 29), 1, dt.date(2026, 2, 28)),
        (dt.date(2026, 3, 31), 1, dt.date(2026, 4, 30)),
        (dt.date(2026, 12, 1), 12, dt.date(2027, 11, 30)),
    ],
)
def test_a_period_ends_the_day_before_the_same_day_or_on_a_short_months_last_day(
    starts_on: dt.date, months: int, ends_on: dt.date
) -> None:
    assert selectors.period_end(starts_on, months) == ends_on


def test_a_judgment_once_recorded_is_not_overwritten(decided: Request, worker: User) -> None:
    appeal = services.appeal_register(
        actor=worker, request=decided, lodged_on=dt.date(2026, 3, 16), court="Arbrb Gent"
    )
    services.appeal_judgment_record(
        actor=worker,
        appeal=appeal,
        expected_version=1,
        result="confirmed",
        judgment_on=dt.date(2026, 3, 16),
    )
    with pytest.raises(ValidationError):
        services.appeal_judgment_record(
            actor=worker,
            appeal=appeal,
            expected_version=2,
            result="annulled",
            judgment_on=dt.date(2026, 3, 16),
        )
    appeal.refresh_from_db()
    assert (appeal.result, appeal.version) == ("confirmed", 2)


def test_a_closed_file_takes_no_notification_or_appeal(
    decided: Request, worker: User, file: Client
) -> None:
    Client.objects.filter(pk=file.pk).update(closed_on=dt.date(2026, 3, 16))
    with pytest.raises(ValidationError, match="afgesloten"):
        services.notification_record(
            actor=worker,
            request=decided,
            expected_version=decided.version,
            notified_on=dt.date(2026, 3, 16),
            way=Notification.Way.REGISTERED,
        )
    with pytest.raises(ValidationError, match="afgesloten"):
        services.appeal_register(
            actor=worker, request=decided, lodged_on=dt.date(2026, 3, 16), court="Arbrb Gent"
        )
    assert not Notification.objects.exists()
