"""Committee sessions: planning a session with its members, the agenda it takes (the proposals
the committee decides, the urgent decisions of the chair it ratifies), the result recorded per
item during or after the session, the minutes and the closing.

Every write locks what it changes and writes an access-log row for each client concerned.
Locks are taken in one order everywhere, requests first, then the session, then its items
(decision_record_urgent locks the request, then ratification_schedule the session), so two
writers wait for each other instead of deadlocking. Recording an item carries the version of
the request its editor loaded: the same item decided in two browsers at once gives one
decision and a conflict for the other.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.access_log import access_log_record, access_log_record_many
from clients.models import AccessLog
from clients.selectors import client_is_led_by
from clients.services import EditConflictError, client_file_change_notify, client_require_open
from core.dates import date_range_errors, date_text
from procedure import registry
from procedure.log_actions import (
    LOG_MINUTES,
    LOG_NOT_RATIFIED,
    LOG_ON_AGENDA,
    LOG_POSTPONED,
    LOG_RATIFIED,
    LOG_SESSION_CLOSED,
    SEEN_AGENDA_ITEM,
)
from procedure.models import (
    AgendaItem,
    CommitteeSession,
    Decider,
    Decision,
    DecisionOutcome,
    Proposal,
    Request,
)
from procedure.services.common import request_lock, request_state_set
from procedure.services.decisions import decision_check, decision_write
from wijkteams.models import User
from wijkteams.selectors import roles_for

Purpose = AgendaItem.Purpose
Result = AgendaItem.Result
State = Request.State

# What the committee may answer to an item of each purpose.
DECIDE_RESULTS = (Result.GRANTED, Result.REFUSED, Result.AMENDED, Result.POSTPONED)
RATIFY_RESULTS = (Result.RATIFIED, Result.NOT_RATIFIED, Result.POSTPONED)
# The decision an item's result makes.
OUTCOME_OF = {
    Result.GRANTED: DecisionOutcome.GRANTED,
    Result.REFUSED: DecisionOutcome.REFUSED,
    Result.AMENDED: DecisionOutcome.AMENDED,
}


def _require_lead(actor: User) -> None:
    if not roles_for(actor).is_team_lead:
        raise PermissionDenied(_("Only a team lead plans and keeps the committee's sessions."))


def _next_position(session: CommitteeSession) -> int:
    last = AgendaItem.objects.filter(session=session).aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


def ratification_schedule(*, decision: Decision) -> AgendaItem | None:
    """Put an urgent decision of the chair on the agenda of the committee's next planned
    session (the first on or after the decision's date) to ratify; none planned yet: the
    session planned next takes it when it is created. The caller holds the transaction."""
    session = (
        CommitteeSession.objects.select_for_update()
        .filter(state=CommitteeSession.State.PLANNED, held_on__gte=decision.decided_on)
        .order_by("held_on", "pk")
        .first()
    )
    if session is None:
        return None
    item = AgendaItem.objects.create(
        session=session,
        request_id=decision.request_id,
        purpose=AgendaItem.Purpose.RATIFY,
        position=_next_position(session),
    )
    access_log_record(
        client=decision.request.client,
        actor=decision.decided_by,
        action=AccessLog.Action.CHANGE,
        what=LOG_ON_AGENDA,
        params={"session": session.pk},
    )
    return item


# --- looks at a session --------------------------------------------------------------------------


def agenda_listed(
    *, actor: User, session: CommitteeSession, client_ids: Iterable[int], what: str
) -> None:
    """A page of `session` showed these clients to `actor` (by name, or pseudonymised): a view
    row each, in one insert (none for an empty agenda). No transaction of its own: a single
    INSERT is atomic, and the page keeps its query count."""
    access_log_record_many(
        client_ids=list(dict.fromkeys(client_ids)),
        actor=actor,
        action=AccessLog.Action.VIEW,
        what=what,
        params={"session": session.pk},
    )


def agenda_item_seen(*, actor: User, item: AgendaItem) -> None:
    """The page of one item showed its client to `actor`."""
    access_log_record(
        client=item.request.client,
        actor=actor,
        action=AccessLog.Action.VIEW,
        what=SEEN_AGENDA_ITEM,
        params={"session": item.session_id, "position": item.position},
    )


# --- the agenda ----------------------------------------------------------------------------------


def _pending(purpose: str) -> Exists:
    return Exists(
        AgendaItem.objects.filter(request=OuterRef("pk"), purpose=purpose, result=Result.PENDING)
    )


def requests_to_decide() -> QuerySet[Request]:
    """The proposals the committee decides that wait for a session: proposed, routed to the
    committee, and on no agenda with the item still open (a postponed one comes back)."""
    return Request.objects.filter(
        state=State.PROPOSED, proposal__decider=Decider.COMMITTEE
    ).exclude(_pending(Purpose.DECIDE))


def requests_to_ratify() -> QuerySet[Request]:
    """The requests whose urgent decision of the chair waits for ratification and is on no
    agenda with the item still open."""
    pending = Decision.objects.filter(
        request=OuterRef("pk"), ratification=Decision.Ratification.PENDING
    )
    return Request.objects.filter(Exists(pending)).exclude(_pending(Purpose.RATIFY))


def _not_on(session: CommitteeSession, purpose: str) -> Exists:
    return Exists(
        AgendaItem.objects.filter(session=session, request=OuterRef("pk"), purpose=purpose)
    )


def _agenda_take(*, actor: User, session: CommitteeSession, candidates: list[int]) -> int:
    """Add to `session` the requests among `candidates` (locked by the caller) that are still
    due, in order of receipt after the items it has; log each client. Returns how many."""
    if not candidates:
        return 0
    # Read again now the candidates are locked: a session planned at the same moment may have
    # taken some of them (its items are committed by the time the locks were granted).
    due: list[tuple[dt.date, int, str, int]] = []
    for purpose, requests in (
        (Purpose.DECIDE, requests_to_decide()),
        (Purpose.RATIFY, requests_to_ratify()),
    ):
        rows = (
            requests.filter(pk__in=candidates)
            .exclude(_not_on(session, purpose))
            .values_list("received_on", "pk", "client_id")
        )
        due += [(received_on, pk, purpose, client_id) for received_on, pk, client_id in rows]
    if not due:
        return 0
    due.sort()
    first = _next_position(session)
    AgendaItem.objects.bulk_create(
        AgendaItem(session=session, request_id=pk, purpose=purpose, position=first + n)
        for n, (_received, pk, purpose, _client) in enumerate(due)
    )
    access_log_record_many(
        client_ids=list(dict.fromkeys(client_id for *_rest, client_id in due)),
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOG_ON_AGENDA,
        params={"session": session.pk},
    )
    return len(due)


def _lock_candidates() -> list[int]:
    """The requests due for a session, locked (in the order of their keys) until the end of
    the transaction."""
    ids = set(requests_to_decide().values_list("pk", flat=True))
    ids |= set(requests_to_ratify().values_list("pk", flat=True))
    return list(
        Request.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _member_errors(member_ids: Iterable[int], chair_id: int | None) -> dict[str, str]:
    wanted = set(member_ids)
    errors: dict[str, str] = {}
    if not wanted:
        errors["members"] = _("Choose the members who sit in the session.")
    elif User.objects.filter(
        pk__in=wanted, is_committee_member=True, is_active=True
    ).count() != len(wanted):
        errors["members"] = _("Only active members of the committee can sit in a session.")
    if chair_id is not None and chair_id not in wanted:
        errors["chair"] = _("The chair is one of the members of the session.")
    return errors


@transaction.atomic
def session_plan(
    *,
    actor: User,
    held_on: dt.date,
    place: str,
    member_ids: Iterable[int],
    chair_id: int | None = None,
) -> CommitteeSession:
    """A team lead plans a session of the committee, today or later, with its members; it takes
    the agenda at once: the proposals the committee decides that wait for a session, and the
    urgent decisions of the chair to ratify, in order of receipt."""
    _require_lead(actor)
    member_ids = list(member_ids)
    place = place.strip()
    errors = date_range_errors(held_on=held_on)
    if not errors and held_on < timezone.localdate():
        errors["held_on"] = _("A session is planned for today or later: %(day)s has passed.") % {
            "day": date_text(held_on)
        }
    if not place:
        errors["place"] = _("Say where the session is held.")
    errors |= _member_errors(member_ids, chair_id)
    if errors:
        raise ValidationError(errors)
    session = CommitteeSession(held_on=held_on, place=place, chair_id=chair_id, created_by=actor)
    session.full_clean()
    session.save()
    session.members.set(member_ids)
    _agenda_take(actor=actor, session=session, candidates=_lock_candidates())
    return session


def _lock_session(session: CommitteeSession, *, expected_version: int | None) -> CommitteeSession:
    current = CommitteeSession.objects.select_for_update().get(pk=session.pk)
    if expected_version is not None and current.version != expected_version:
        raise EditConflictError(current=current)
    if current.state != CommitteeSession.State.PLANNED:
        raise ValidationError(_("This session is closed: it no longer changes."))
    return current


@transaction.atomic
def session_agenda_refresh(*, actor: User, session: CommitteeSession) -> int:
    """Add to a planned session the proposals and urgent decisions that came in since it was
    planned (after its items). Returns how many items were added."""
    _require_lead(actor)
    candidates = _lock_candidates()  # requests before the session: the order of every write
    session = _lock_session(session, expected_version=None)
    return _agenda_take(actor=actor, session=session, candidates=candidates)


def _session_clients(session: CommitteeSession) -> list[int]:
    return list(
        dict.fromkeys(
            AgendaItem.objects.filter(session=session)
            .order_by("position")
            .values_list("request__client_id", flat=True)
        )
    )


def _bump_session(session: CommitteeSession, fields: list[str]) -> None:
    session.version = F("version") + 1
    session.save(update_fields=[*fields, "version"])
    session.refresh_from_db(fields=["version"])


@transaction.atomic
def session_minutes_save(
    *, actor: User, session: CommitteeSession, expected_version: int, minutes: str
) -> CommitteeSession:
    """Write (or rewrite) the minutes of a planned session; each client on its agenda gets a
    row in the access log (the minutes may speak of them)."""
    _require_lead(actor)
    session = _lock_session(session, expected_version=expected_version)
    session.minutes = minutes.strip()
    session.full_clean(exclude=["version"])
    _bump_session(session, ["minutes"])
    access_log_record_many(
        client_ids=_session_clients(session),
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOG_MINUTES,
        params={"session": session.pk},
    )
    return session


@transaction.atomic
def session_close(*, actor: User, session: CommitteeSession, expected_version: int) -> None:
    """Close a session once it was held, every item has its result and the minutes are
    written. A closed session no longer changes."""
    _require_lead(actor)
    session = _lock_session(session, expected_version=expected_version)
    if session.held_on > timezone.localdate():
        raise ValidationError(
            _("This session is on %(day)s: it can be closed from that day on.")
            % {"day": date_text(session.held_on)}
        )
    if AgendaItem.objects.filter(session=session, result=Result.PENDING).exists():
        raise ValidationError(
            _("Some items have no result yet: record or postpone each before closing.")
        )
    if not session.minutes:
        raise ValidationError(_("Write the minutes before closing the session."))
    session.state = CommitteeSession.State.CLOSED
    _bump_session(session, ["state"])
    access_log_record_many(
        client_ids=_session_clients(session),
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOG_SESSION_CLOSED,
        params={"session": session.pk},
    )


# --- the result of an item -----------------------------------------------------------------------


def _log(request: Request, actor: User, what: str, session: CommitteeSession) -> None:
    access_log_record(
        client=request.client,
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=what,
        params={"request": request.pk, "session": session.pk},
    )


def _terms_differ(
    proposal: Proposal, amount: Decimal | None, starts_on: dt.date | None, months: int | None
) -> bool:
    return (amount, starts_on, months) != (proposal.amount, proposal.starts_on, proposal.months)


def _decide(
    *,
    actor: User,
    item: AgendaItem,
    request: Request,
    result: str,
    reason: str,
    motivation: str,
    decided_on: dt.date | None,
    amount: Decimal | None,
    starts_on: dt.date | None,
    months: int | None,
) -> None:
    """The committee's answer to a proposal: a decision (granted, refused, granted with
    changes), or postponed to a later session."""
    if request.state != State.PROPOSED:
        raise ValidationError(
            _("This request is %(state)s: the committee no longer decides it here.")
            % {"state": request.get_state_display()}
        )
    proposal = Proposal.objects.get(request=request)
    if proposal.proposed_by_id == actor.pk:
        raise PermissionDenied(_("Four eyes: someone else decides on your own proposal."))
    if result == Result.POSTPONED:
        if not reason:
            raise ValidationError({"reason": _("Say why the committee postponed it.")})
        _log(request, actor, LOG_POSTPONED, item.session)
        return
    errors: dict[str, str] = {}
    if result == Result.AMENDED and not reason:
        errors["reason"] = _("Say what the committee changed and why.")
    if result == Result.GRANTED and (
        proposal.outcome != "grant" or _terms_differ(proposal, amount, starts_on, months)
    ):
        errors["result"] = _(
            "Granted as proposed keeps the proposal's amount and period: to grant otherwise, "
            "choose granted with changes and say why."
        )
    if decided_on is None:
        errors["decided_on"] = _("Enter the day of the decision.")
        decided_on = item.session.held_on  # for the other checks only
    elif decided_on < item.session.held_on:
        errors["decided_on"] = _(
            "A decision of this session cannot be dated before the session (%(day)s)."
        ) % {"day": date_text(item.session.held_on)}
    check = decision_check(
        actor=actor,
        request=request,
        proposal=proposal,
        outcome=OUTCOME_OF[Result(result)],
        motivation=motivation,
        decided_on=decided_on,
        amount=amount,
        starts_on=starts_on,
        months=months,
    )
    errors = check | errors  # the session's own message for the date wins
    if errors:
        raise ValidationError(errors)
    decision_write(
        actor=actor,
        request=request,
        proposal=proposal,
        body=Decision.Body.COMMITTEE,
        outcome=OUTCOME_OF[Result(result)],
        motivation=motivation,
        decided_on=decided_on,
        amount=amount,
        starts_on=starts_on,
        months=months,
        session_id=item.session_id,
    )


def _ratify(*, actor: User, item: AgendaItem, request: Request, result: str, reason: str) -> None:
    """The committee's answer to an urgent decision of the chair: ratified, not ratified (the
    request is proposed again and goes on this session's agenda to decide), or postponed."""
    decision = (
        Decision.objects.select_for_update()
        .filter(request=request, ratification=Decision.Ratification.PENDING)
        .first()
    )
    if decision is None:
        raise ValidationError(_("This request has no urgent decision waiting for ratification."))
    session = item.session
    if result == Result.POSTPONED:
        if not reason:
            raise ValidationError({"reason": _("Say why the committee postponed it.")})
        _log(request, actor, LOG_POSTPONED, session)
        return
    if result == Result.RATIFIED:
        decision.ratification = Decision.Ratification.RATIFIED
        decision.save(update_fields=["ratification"])
        request_state_set(request, request.state)
        _log(request, actor, LOG_RATIFIED, session)
        return
    if not reason:
        raise ValidationError({"reason": _("Say why the committee does not ratify it.")})
    decision.ratification = Decision.Ratification.NOT_RATIFIED
    decision.save(update_fields=["ratification"])
    request_state_set(request, State.PROPOSED)
    if not AgendaItem.objects.filter(
        session=session, request=request, purpose=Purpose.DECIDE
    ).exists():
        AgendaItem.objects.create(
            session=session,
            request=request,
            purpose=Purpose.DECIDE,
            position=_next_position(session),
        )
    for listener in registry.decision_listeners():
        listener(decision)
    _log(request, actor, LOG_NOT_RATIFIED, session)
    client_file_change_notify(request.client_id)  # the rights scan reads decisions


@transaction.atomic
def agenda_item_record(
    *,
    actor: User,
    item: AgendaItem,
    expected_version: int,
    result: str,
    reason: str = "",
    motivation: str = "",
    decided_on: dt.date | None = None,
    amount: Decimal | None = None,
    starts_on: dt.date | None = None,
    months: int | None = None,
) -> AgendaItem:
    """Record the committee's answer to one item of a session, on or after the session's day,
    by a team lead of the client's team. A proposal is granted, refused or granted with changes
    (a committee decision, checked as every decision: decision_check, four eyes), or postponed
    with the reason (it goes on the next session's agenda); an urgent decision is ratified or
    not (with the reason), or postponed. `expected_version` is the request's, as the editor
    loaded it."""
    request = request_lock(item.request_id, expected_version=expected_version)
    session = _lock_session(item.session, expected_version=None)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    item.session = session
    if item.result != Result.PENDING:
        raise ValidationError(
            _("This item is already recorded: %(result)s.") % {"result": item.get_result_display()}
        )
    if not client_is_led_by(actor, request.client):
        raise PermissionDenied(_("Only a team lead of the client's team records this result."))
    client_require_open(request.client)
    if session.held_on > timezone.localdate():
        raise ValidationError(
            _("This session is on %(day)s: its results are recorded from that day on.")
            % {"day": date_text(session.held_on)}
        )
    allowed = DECIDE_RESULTS if item.purpose == Purpose.DECIDE else RATIFY_RESULTS
    if result not in allowed:
        raise ValidationError({"result": _("Choose a result from the list.")})
    reason = reason.strip()
    if item.purpose == Purpose.DECIDE:
        _decide(
            actor=actor,
            item=item,
            request=request,
            result=result,
            reason=reason,
            motivation=motivation,
            decided_on=decided_on,
            amount=amount,
            starts_on=starts_on,
            months=months,
        )
    else:
        _ratify(actor=actor, item=item, request=request, result=result, reason=reason)
    item.result = result
    item.reason = reason
    item.recorded_by = actor
    item.full_clean()
    item.save(update_fields=["result", "reason", "recorded_by"])
    return item
