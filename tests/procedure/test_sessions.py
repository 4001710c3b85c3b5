"""Committee sessions (issue 19 point 5): planning a session takes the agenda (the committee's
proposals and the urgent decisions to ratify, in order of receipt), the result recorded per item
(a committee decision through the decision checks, postponed, ratified or not), the minutes and
the closing; who may, bad input in Dutch with nothing half-saved, and the access log."""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clients.models import AccessLog, Client
from clients.services import EditConflictError
from procedure import registry, selectors
from procedure.log_actions import (
    LOG_DECIDED,
    LOG_MINUTES,
    LOG_NOT_RATIFIED,
    LOG_ON_AGENDA,
    LOG_POSTPONED,
    LOG_RATIFIED,
    LOG_SESSION_CLOSED,
)
from procedure.models import AgendaItem, CommitteeSession, Decision, Notification, Request
from procedure.services import decisions
from procedure.services import sessions as services
from procedure.services.requests import request_withdraw
from tests.factories import (
    DelegationFactory,
    WijkteamFactory,
    client_of,
    committee_member,
    request_kind,
    social_worker,
    team_lead,
)
from tests.procedure.committee import kind_with_amount, proposed, urgent
from wijkteams.models import User, Wijkteam

Result = AgendaItem.Result


@pytest.fixture
def members(db: None) -> list[User]:
    return [committee_member(username="raad.een"), committee_member(username="raad.twee")]


@pytest.fixture
def file(today: dt.date, worker: User) -> Client:
    return client_of(worker)


def _plan(lead: User, members: list[User], **changes: object) -> CommitteeSession:
    arguments: dict[str, object] = {
        "held_on": dt.date(2026, 3, 19),
        "place": "Raadzaal",
        "member_ids": [m.pk for m in members],
        "chair_id": members[0].pk,
    } | changes
    return services.session_plan(actor=lead, **arguments)  # type: ignore[arg-type]


def _agenda(session: CommitteeSession) -> list[tuple[int, int, str]]:
    return list(session.items.order_by("position").values_list("position", "request_id", "purpose"))


# --- planning and the agenda ---------------------------------------------------------------------


def test_planning_takes_the_committees_proposals_in_order_of_receipt(
    worker: User, lead: User, file: Client, members: list[User]
) -> None:
    later = proposed(worker, file, received_on=dt.date(2026, 3, 10))
    earlier = proposed(worker, client_of(worker), received_on=dt.date(2026, 3, 2))
    # Decided by a team lead under a delegation: not the committee's.
    delegated_kind = request_kind("medical_card")
    DelegationFactory.create(kind=delegated_kind, covers_refusals=True)
    proposed(worker, file, kind=delegated_kind)
    session = _plan(lead, members)
    assert _agenda(session) == [(1, earlier.pk, "decide"), (2, later.pk, "decide")]
    assert set(session.members.all()) == set(members)
    assert session.chair == members[0]
    rows = AccessLog.objects.filter(what_key=LOG_ON_AGENDA, actor=lead)
    assert sorted(rows.values_list("client_id", flat=True)) == sorted([file.pk, earlier.client_id])
    assert {row.what_params["session"] for row in rows} == {session.pk}


def test_planning_takes_the_urgent_decisions_to_ratify(
    worker: User, lead: User, file: Client, members: list[User]
) -> None:
    decided = urgent(lead, proposed(worker, file, received_on=dt.date(2026, 3, 2)))
    waiting = proposed(worker, client_of(worker), received_on=dt.date(2026, 3, 5))
    session = _plan(lead, members)
    assert _agenda(session) == [
        (1, decided.request_id, "ratify"),
        (2, waiting.pk, "decide"),
    ]


def test_an_urgent_decision_goes_on_the_next_planned_session(
    worker: User, lead: User, file: Client, members: list[User]
) -> None:
    session = _plan(lead, members)
    decided = urgent(lead, proposed(worker, file, received_on=dt.date(2026, 3, 2)))
    assert _agenda(session) == [(1, decided.request_id, "ratify")]


def test_a_proposal_on_a_planned_agenda_is_not_taken_twice(
    worker: User, lead: User, file: Client, members: list[User]
) -> None:
    request = proposed(worker, file)
    first = _plan(lead, members)
    second = _plan(lead, members, held_on=dt.date(2026, 3, 26))
    assert _agenda(first) == [(1, request.pk, "decide")]
    assert _agenda(second) == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"held_on": dt.date(2026, 3, 15)}, "held_on", "15/03/2026 is voorbij"),
        ({"held_on": dt.date(1899, 1, 1)}, "held_on", "1900"),
        ({"place": "  "}, "place", "waar de zitting"),
        ({"member_ids": []}, "members", "Kies de leden"),
        ({"chair_id": -1}, "chair", "voorzitter"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_is_saved(
    worker: User,
    lead: User,
    file: Client,
    members: list[User],
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    proposed(worker, file)
    with pytest.raises(ValidationError) as refused:
        _plan(lead, members, **changes)
    assert message in " ".join(refused.value.message_dict[field])
    assert not CommitteeSession.objects.exists()
    assert not AgendaItem.objects.exists()


def test_a_session_planned_for_today_is_accepted(
    today: dt.date, lead: User, members: list[User]
) -> None:
    assert _plan(lead, members, held_on=today).held_on == today


def test_only_committee_members_sit_in_a_session(
    today: dt.date, lead: User, worker: User, members: list[User]
) -> None:
    with pytest.raises(ValidationError) as refused:
        _plan(lead, [*members, worker])
    assert "Enkel actieve leden van het comité" in refused.value.message_dict["members"][0]
    members[1].is_active = False
    members[1].save()
    with pytest.raises(ValidationError):
        _plan(lead, members)
    assert not CommitteeSession.objects.exists()


def test_a_social_worker_does_not_plan(today: dt.date, worker: User, members: list[User]) -> None:
    with pytest.raises(PermissionDenied):
        _plan(worker, members)
    with pytest.raises(PermissionDenied):
        _plan(members[0], members)
    assert not CommitteeSession.objects.exists()


def test_a_refresh_adds_what_came_in_since(
    worker: User, lead: User, file: Client, members: list[User]
) -> None:
    first = proposed(worker, file, received_on=dt.date(2026, 3, 10))
    session = _plan(lead, members)
    second = proposed(worker, client_of(worker), received_on=dt.date(2026, 3, 2))
    assert services.session_agenda_refresh(actor=lead, session=session) == 1
    assert services.session_agenda_refresh(actor=lead, session=session) == 0
    assert _agenda(session) == [(1, first.pk, "decide"), (2, second.pk, "decide")]


# --- recording the result of an item -------------------------------------------------------------


@pytest.fixture
def session(today: dt.date, lead: User, members: list[User]) -> CommitteeSession:
    # Held today: its results can be recorded.
    return _plan(lead, members, held_on=dt.date(2026, 3, 16))


def _item(request: Request, session: CommitteeSession) -> AgendaItem:
    services.session_agenda_refresh(actor=session.created_by, session=session)
    return AgendaItem.objects.get(session=session, request=request, result="")


def _record(actor: User, item: AgendaItem, **changes: object) -> AgendaItem:
    request = Request.objects.get(pk=item.request_id)
    arguments: dict[str, object] = {
        "expected_version": request.version,
        "result": Result.GRANTED,
        "reason": "",
        "motivation": "Het comité volgt het voorstel.",
        "decided_on": dt.date(2026, 3, 16),
    } | changes
    return services.agenda_item_record(actor=actor, item=item, **arguments)  # type: ignore[arg-type]


def test_a_grant_is_a_committee_decision_of_the_session(
    worker: User, lead: User, file: Client, session: CommitteeSession
) -> None:
    request = proposed(worker, file, kind=kind_with_amount(), amount=Decimal("250.00"), months=3)
    item = _item(request, session)
    _record(lead, item, amount=Decimal("250"), starts_on=request.received_on, months=3)
    decision = Decision.objects.get(request=request)
    assert (decision.body, decision.session, decision.outcome, decision.amount) == (
        Decision.Body.COMMITTEE,
        session,
        "granted",
        Decimal("250.00"),
    )
    assert (decision.decided_by, decision.proposed_by) == (lead, worker)
    request.refresh_from_db()
    assert request.state == Request.State.DECIDED
    item.refresh_from_db()
    assert (item.result, item.recorded_by) == (Result.GRANTED, lead)
    assert AccessLog.objects.filter(client=file, what_key=LOG_DECIDED, actor=lead).exists()


def test_granted_as_proposed_keeps_the_proposals_terms(
    worker: User, lead: User, file: Client, session: CommitteeSession
) -> None:
    request = proposed(worker, file, kind=kind_with_amount(), amount=Decimal("250.00"), months=3)
    item = _item(request, session)
    with pytest.raises(ValidationError) as refused:
        _record(lead, item, amount=Decimal("300"), starts_on=request.received_on, months=3)
    assert "toegekend met wijzigingen" in refused.value.message_dict["result"][0]
    with pytest.raises(ValidationError) as refused:
        _record(
            lead,
            item,
            result=Result.AMENDED,
            amount=Decimal("300"),
            starts_on=request.received_on,
            months=3,
        )
    assert "reason" in refused.value.message_dict
    assert not Decision.objects.exists()
    _record(
        lead,
        item,
        result=Result.AMENDED,
        reason="Hogere stookkosten",
        amount=Decimal("300"),
        starts_on=request.received_on,
        months=3,
    )
    decision = Decision.objects.get()
    assert (decision.outcome, decision.amount) == ("amended", Decimal("300.00"))


def test_a_refusal(worker: User, lead: User, file: Client, session: CommitteeSession) -> None:
    item = _item(proposed(worker, file), session)
    _record(lead, item, result=Result.REFUSED, motivation="Voldoende bestaansmiddelen.")
    assert Decision.objects.get().outcome == "refused"


def test_nobody_records_the_decision_on_their_own_proposal(
    lead: User, team: Wijkteam, file: Client, session: CommitteeSession
) -> None:
    item = _item(proposed(lead, file), session)
    with pytest.raises(PermissionDenied):
        _record(lead, item)
    assert not Decision.objects.exists()
    _record(team_lead(team), item)  # another lead of the team
    assert Decision.objects.get().proposed_by == lead


@pytest.mark.parametrize("who", ["worker", "other_lead", "member"])
def test_only_a_lead_of_the_clients_team_records(
    worker: User, file: Client, session: CommitteeSession, members: list[User], who: str
) -> None:
    item = _item(proposed(worker, file), session)
    actor = {
        "worker": worker,
        "other_lead": team_lead(WijkteamFactory.create(name="Heule")),
        "member": members[0],
    }[who]
    with pytest.raises(PermissionDenied):
        _record(actor, item)
    assert not Decision.objects.exists()
    item.refresh_from_db()
    assert item.result == Result.PENDING


def test_results_are_recorded_from_the_session_day_on(
    worker: User, lead: User, file: Client, members: list[User]
) -> None:
    request = proposed(worker, file)
    tomorrow = _plan(lead, members, held_on=dt.date(2026, 3, 17))
    item = AgendaItem.objects.get(session=tomorrow)
    with pytest.raises(ValidationError) as refused:
        _record(lead, item, decided_on=dt.date(2026, 3, 16))
    assert "17/03/2026" in refused.value.messages[0]
    request.refresh_from_db()
    assert request.state == Request.State.PROPOSED


def test_a_decision_is_not_dated_before_the_session(
    worker: User, lead: User, file: Client, session: CommitteeSession
) -> None:
    item = _item(proposed(worker, file, received_on=dt.date(2026, 3, 2)), session)
    with pytest.raises(ValidationError) as refused:
        _record(lead, item, decided_on=dt.date(2026, 3, 13), motivation=" ")
    assert "voor de zitting" in refused.value.message_dict["decided_on"][0]
    assert "motivation" in refused.value.message_dict
    assert not Decision.objects.exists()


def test_a_postponed_item_comes_back_on_the_next_session(
    worker: User, lead: User, file: Client, session: CommitteeSession, members: list[User]
) -> None:
    request = proposed(worker, file)
    item = _item(request, session)
    with pytest.raises(ValidationError) as refused:
        _record(lead, item, result=Result.POSTPONED, reason=" ")
    assert "reason" in refused.value.message_dict
    _record(lead, item, result=Result.POSTPONED, reason="Huurcontract ontbreekt")
    request.refresh_from_db()
    assert request.state == Request.State.PROPOSED
    assert AccessLog.objects.filter(
        client=file,
        what_key=LOG_POSTPONED,
        what_params={"request": request.pk, "session": session.pk},
    ).exists()
    later = _plan(lead, members, held_on=dt.date(2026, 3, 23))
    assert _agenda(later) == [(1, request.pk, "decide")]


def test_a_stale_version_is_a_conflict_and_saves_nothing(
    worker: User, lead: User, file: Client, session: CommitteeSession
) -> None:
    request = proposed(worker, file)
    item = _item(request, session)
    with pytest.raises(EditConflictError):
        _record(lead, item, expected_version=request.version - 1)
    assert not Decision.objects.exists()


def test_an_item_is_recorded_once(
    worker: User, lead: User, file: Client, session: CommitteeSession
) -> None:
    request = proposed(worker, file)
    item = _item(request, session)
    _record(lead, item, result=Result.POSTPONED, reason="Later")
    with pytest.raises(ValidationError) as refused:
        _record(lead, item)
    assert "al vastgelegd" in refused.value.messages[0]
    assert not Decision.objects.exists()


def test_a_decide_item_takes_no_ratification(
    worker: User, lead: User, file: Client, session: CommitteeSession
) -> None:
    item = _item(proposed(worker, file), session)
    with pytest.raises(ValidationError) as refused:
        _record(lead, item, result=Result.RATIFIED)
    assert "result" in refused.value.message_dict


# --- ratification --------------------------------------------------------------------------------


@pytest.fixture
def heard() -> Iterator[list[tuple[int, str]]]:
    """What the decision listeners were told: (decision, its ratification)."""
    told: list[tuple[int, str]] = []
    registry.decision_listener_register(
        "tests.heard", lambda decision: told.append((decision.pk, decision.ratification))
    )
    yield told
    registry._listeners.pop("tests.heard")


def test_a_ratified_urgent_decision(
    worker: User, lead: User, file: Client, session: CommitteeSession
) -> None:
    decided = urgent(lead, proposed(worker, file))
    item = AgendaItem.objects.get(session=session, purpose="ratify")
    _record(lead, item, result=Result.RATIFIED)
    decided.refresh_from_db()
    assert decided.ratification == Decision.Ratification.RATIFIED
    assert AccessLog.objects.filter(client=file, what_key=LOG_RATIFIED).exists()


def test_an_urgent_decision_not_ratified_goes_back_to_the_committee(
    worker: User,
    lead: User,
    team: Wijkteam,
    file: Client,
    session: CommitteeSession,
    heard: list[tuple[int, str]],
) -> None:
    request = proposed(worker, file)
    decided = urgent(lead, request)
    heard.clear()
    item = AgendaItem.objects.get(session=session, purpose="ratify")
    with pytest.raises(ValidationError) as refused:
        _record(lead, item, result=Result.NOT_RATIFIED)
    assert "reason" in refused.value.message_dict
    version = Request.objects.get(pk=request.pk).version
    _record(lead, item, result=Result.NOT_RATIFIED, reason="Geen dringendheid")
    decided.refresh_from_db()
    assert decided.ratification == Decision.Ratification.NOT_RATIFIED
    request.refresh_from_db()
    assert (request.state, request.version) == (Request.State.PROPOSED, version + 1)
    assert _agenda(session) == [(1, request.pk, "ratify"), (2, request.pk, "decide")]
    assert heard == [(decided.pk, Decision.Ratification.NOT_RATIFIED)]
    assert AccessLog.objects.filter(client=file, what_key=LOG_NOT_RATIFIED).exists()
    # The committee then decides it itself, in the same session.
    _record(
        team_lead(team),
        AgendaItem.objects.get(session=session, purpose="decide"),
    )
    assert Decision.objects.filter(request=request).count() == 2


def test_a_notified_urgent_decision_not_ratified_is_notified_again_after_the_committee(
    worker: User, lead: User, team: Wijkteam, file: Client, session: CommitteeSession
) -> None:
    request = proposed(worker, file)
    chair_decision = urgent(lead, request)
    request.refresh_from_db()
    first = decisions.notification_record(
        actor=worker,
        request=request,
        expected_version=request.version,
        notified_on=dt.date(2026, 3, 16),
        way=Notification.Way.RECEIPT,
    )
    _record(
        lead,
        AgendaItem.objects.get(session=session, purpose="ratify"),
        result=Result.NOT_RATIFIED,
        reason="Geen dringendheid",
    )
    _record(team_lead(team), AgendaItem.objects.get(session=session, purpose="decide"))
    request.refresh_from_db()
    # The committee's decision is notified in its turn; the chair's keeps its own.
    second = decisions.notification_record(
        actor=worker,
        request=request,
        expected_version=request.version,
        notified_on=dt.date(2026, 3, 16),
        way=Notification.Way.REGISTERED,
    )
    assert first.decision == chair_decision
    assert second.decision.body == Decision.Body.COMMITTEE
    loaded = selectors.client_requests(client=file).get(pk=request.pk)
    assert selectors.standing_notification_of(loaded) == second
    notified = [
        step for step in selectors.request_history(loaded) if step.what == "Ter kennis gebracht"
    ]
    assert len(notified) == 2


def test_a_request_withdrawn_leaves_the_agenda_and_the_session_closes(
    worker: User, lead: User, file: Client, session: CommitteeSession
) -> None:
    request = proposed(worker, file)
    _item(request, session)
    request.refresh_from_db()
    request_withdraw(
        actor=worker, request=request, expected_version=request.version, reason="Werk gevonden"
    )
    assert not AgendaItem.objects.filter(session=session).exists()
    session.refresh_from_db()
    saved = services.session_minutes_save(
        actor=lead, session=session, expected_version=session.version, minutes="Geen punten."
    )
    services.session_close(actor=lead, session=session, expected_version=saved.version)
    session.refresh_from_db()
    assert session.state == CommitteeSession.State.CLOSED


# --- minutes and closing -------------------------------------------------------------------------


def test_minutes_are_saved_with_the_version_and_logged(
    worker: User, lead: User, file: Client, session: CommitteeSession
) -> None:
    _item(proposed(worker, file), session)
    saved = services.session_minutes_save(
        actor=lead, session=session, expected_version=1, minutes="  Zitting geopend om 14u. "
    )
    assert (saved.minutes, saved.version) == ("Zitting geopend om 14u.", 2)
    with pytest.raises(EditConflictError):
        services.session_minutes_save(actor=lead, session=session, expected_version=1, minutes="x")
    assert list(
        AccessLog.objects.filter(what_key=LOG_MINUTES).values_list("client_id", flat=True)
    ) == [file.pk]


def test_closing_waits_for_every_result_and_the_minutes(
    worker: User, lead: User, file: Client, session: CommitteeSession
) -> None:
    item = _item(proposed(worker, file), session)
    with pytest.raises(ValidationError) as refused:
        services.session_close(actor=lead, session=session, expected_version=1)
    assert "nog geen resultaat" in refused.value.messages[0]
    _record(lead, item)
    with pytest.raises(ValidationError) as refused:
        services.session_close(actor=lead, session=session, expected_version=1)
    assert "notulen" in refused.value.messages[0]
    services.session_minutes_save(actor=lead, session=session, expected_version=1, minutes="ok")
    services.session_close(actor=lead, session=session, expected_version=2)
    session.refresh_from_db()
    assert (session.state, session.version) == (CommitteeSession.State.CLOSED, 3)
    assert AccessLog.objects.filter(client=file, what_key=LOG_SESSION_CLOSED).exists()
    with pytest.raises(ValidationError):
        services.session_minutes_save(
            actor=lead, session=session, expected_version=3, minutes="later"
        )
    with pytest.raises(ValidationError):
        services.session_agenda_refresh(actor=lead, session=session)


def test_a_session_is_not_closed_before_its_day(
    lead: User, members: list[User], today: dt.date
) -> None:
    session = _plan(lead, members, held_on=dt.date(2026, 3, 17))
    services.session_minutes_save(actor=lead, session=session, expected_version=1, minutes="x")
    with pytest.raises(ValidationError) as refused:
        services.session_close(actor=lead, session=session, expected_version=2)
    assert "17/03/2026" in refused.value.messages[0]


def test_a_worker_keeps_no_minutes(
    worker: User, session: CommitteeSession, members: list[User]
) -> None:
    for actor in (worker, members[0], social_worker(WijkteamFactory.create(name="Heule"))):
        with pytest.raises(PermissionDenied):
            services.session_minutes_save(
                actor=actor, session=session, expected_version=1, minutes="x"
            )
    session.refresh_from_db()
    assert session.minutes == ""
