"""The writes from inquiry to appeal: the social inquiry, the proposal (routed to who
decides it), the decision of a delegated team lead or, urgently, of the chair, the
notification and the appeal. Committee decisions are recorded through the session
(procedure.services.sessions), with the same checks (`decision_check`).

Every change locks the request and carries the version its editor loaded (two browsers
deciding the same request at once: one decision, a clear message for the other); every write
names who did it and writes one access-log row. Nobody decides their own proposal.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.access_log import access_log_record
from clients.models import AccessLog
from clients.selectors import client_is_led_by
from clients.services import (
    EditConflictError,
    client_file_change_notify,
    client_require_editor,
    client_require_open,
)
from core.dates import date_range_errors, date_text
from procedure import deadlines, registry, routing
from procedure.log_actions import (
    LOG_APPEALED,
    LOG_DECIDED,
    LOG_INQUIRY,
    LOG_JUDGED,
    LOG_NOTIFIED,
    LOG_PROPOSED,
)
from procedure.models import (
    Appeal,
    Decider,
    Decision,
    DecisionOutcome,
    Inquiry,
    LifeDomain,
    Notification,
    Outcome,
    Proposal,
    Request,
)
from procedure.services.common import request_lock, request_require_state, request_state_set
from wijkteams.models import User

State = Request.State


def _log(request: Request, actor: User, what: str, **params: str | int) -> None:
    access_log_record(
        client=request.client,
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=what,
        params={"request": request.pk, **params},
    )


def _past_date_errors(
    name: str, day: dt.date | None, *, not_before: dt.date, what_before: str
) -> dict[str, str]:
    """`day` on or after `not_before` (said with `what_before`) and not in the future."""
    if day is None:
        return {}
    errors = date_range_errors(**{name: day})
    if errors:
        return errors
    if day < not_before:
        return {name: what_before % {"day": date_text(not_before)}}
    if day > timezone.localdate():
        return {name: _("This date cannot be in the future.")}
    return {}


# --- the social inquiry --------------------------------------------------------------------------


@transaction.atomic
def inquiry_save(
    *,
    actor: User,
    request: Request,
    expected_version: int,
    findings: dict[str, str],
    home_visit_on: dt.date | None,
) -> Inquiry:
    """Write (or rewrite) the social inquiry of a request that is received or under inquiry:
    the findings per life domain and the date of the home visit. The request is then under
    inquiry."""
    request = request_lock(request.pk, expected_version=expected_version)
    client_require_editor(actor, request.client)
    client_require_open(request.client)
    request_require_state(request, State.RECEIVED, State.UNDER_INQUIRY)
    errors = _past_date_errors(
        "home_visit_on",
        home_visit_on,
        not_before=request.received_on,
        what_before=_("The home visit cannot be before the request was received (%(day)s)."),
    )
    unknown = set(findings) - set(LifeDomain.values)
    if unknown:
        raise ValueError(f"unknown life domains: {sorted(unknown)}")
    if errors:
        raise ValidationError(errors)
    inquiry = Inquiry.objects.filter(request=request).first() or Inquiry(request=request)
    for domain in LifeDomain.values:
        setattr(inquiry, f"findings_{domain}", findings.get(domain, "").strip())
    inquiry.home_visit_on = home_visit_on
    inquiry.written_by = actor
    inquiry.full_clean()
    inquiry.save()
    request_state_set(request, State.UNDER_INQUIRY)
    _log(request, actor, LOG_INQUIRY)
    return inquiry


# --- the proposal --------------------------------------------------------------------------------


def _amount_errors(
    request: Request,
    *,
    outcome: str,
    amount: Decimal | None,
    starts_on: dt.date | None,
    months: int | None,
) -> dict[str, str]:
    """A grant of a kind of help with an amount names the amount, the first day and the number
    of months; a refusal, or a kind without an amount, names none of them."""
    errors: dict[str, str] = {}
    if outcome == Outcome.GRANT and request.kind.has_amount:
        if amount is None:
            errors["amount"] = _("Give the amount per month.")
        elif amount <= 0:
            errors["amount"] = _("The amount must be more than zero.")
        if starts_on is None:
            errors["starts_on"] = _("Give the first day of the period.")
        elif starts_on < request.received_on:
            errors["starts_on"] = _(
                "Help is not granted for a time before the request (%(day)s)."
            ) % {"day": date_text(request.received_on)}
        if months is None:
            errors["months"] = _("Give the number of months.")
        elif not 1 <= months <= 60:
            errors["months"] = _("Choose between 1 and 60 months.")
    elif amount is not None or starts_on is not None or months is not None:
        field = "amount" if amount is not None else "starts_on" if starts_on else "months"
        errors[field] = (
            _("A refusal has no amount or period.")
            if outcome == Outcome.REFUSE
            else _("This kind of help is not granted as an amount: leave amount and period empty.")
        )
    return errors


def _basis_errors(
    request: Request, *, outcome: str, link_id: int | None
) -> tuple[str, dict[str, str]]:
    """The link code of the proposal's basis (a higher app's, procedure.registry) and the
    errors: a grant of a kind with a required basis names one of the client's."""
    basis = registry.proposal_basis_for(request.kind.code)
    if basis is None:
        if link_id is not None:
            return "", {"link_id": _("This kind of help rests on nothing to link.")}
        return "", {}
    if link_id is None:
        if basis.required and outcome == Outcome.GRANT:
            return "", {"link_id": _("Choose what the proposal rests on.")}
        return "", {}
    if link_id not in {choice.id for choice in basis.choices(request.client)}:
        return "", {"link_id": _("Choose one from the list.")}
    misfit = basis.fits(request, link_id) if basis.fits is not None else ""
    if misfit:
        return "", {"link_id": misfit}
    return basis.link_code, {}


@transaction.atomic
def proposal_submit(
    *,
    actor: User,
    request: Request,
    expected_version: int,
    outcome: str,
    motivation: str,
    amount: Decimal | None = None,
    starts_on: dt.date | None = None,
    months: int | None = None,
    link_id: int | None = None,
) -> Proposal:
    """The social worker's motivated proposal at the end of the inquiry: the request becomes
    "proposed", routed to the committee or to the delegated role (procedure.routing)."""
    request = request_lock(request.pk, expected_version=expected_version)
    client_require_editor(actor, request.client)
    client_require_open(request.client)
    request_require_state(request, State.UNDER_INQUIRY)
    inquiry = Inquiry.objects.get(request=request)
    motivation = motivation.strip()
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose a proposal from the list.")
    else:
        errors |= _amount_errors(
            request, outcome=outcome, amount=amount, starts_on=starts_on, months=months
        )
    link_code, basis_errors = _basis_errors(request, outcome=outcome, link_id=link_id)
    errors |= basis_errors
    if not motivation:
        errors["motivation"] = _("Motivate the proposal: it goes into the decision letter.")
    if request.kind.home_visit_required and inquiry.home_visit_on is None:
        errors[NON_FIELD_ERRORS] = _(
            "This kind of help requires a home visit: record its date in the social inquiry first."
        )
    if errors:
        raise ValidationError(errors)
    decider = routing.decider_for(kind=request.kind, outcome=outcome, amount=amount)
    proposal = Proposal(
        request=request,
        outcome=outcome,
        amount=amount,
        starts_on=starts_on,
        months=months,
        motivation=motivation,
        link_code=link_code,
        link_id=link_id if link_code else None,
        decider=decider,
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    proposal.full_clean()
    proposal.save()
    request_state_set(request, State.PROPOSED)
    _log(request, actor, LOG_PROPOSED, decider=decider.value)
    return proposal


# --- the decision --------------------------------------------------------------------------------


def decision_check(
    *,
    actor: User,
    request: Request,
    proposal: Proposal,
    outcome: str,
    motivation: str,
    decided_on: dt.date,
    amount: Decimal | None,
    starts_on: dt.date | None,
    months: int | None,
) -> dict[str, str]:
    """What every decision must satisfy, whoever takes it: recorded by a team lead of the
    client's team who did not make the proposal (four eyes), dated not before the receipt nor
    in the future, motivated, with an amount and period for a grant of a kind with one.
    Raises PermissionDenied; returns the errors per field."""
    if not client_is_led_by(actor, request.client):
        raise PermissionDenied(_("Only a team lead of the client's team records a decision."))
    if proposal.proposed_by_id == actor.pk:
        raise PermissionDenied(_("Four eyes: someone else decides on your own proposal."))
    errors = _past_date_errors(
        "decided_on",
        decided_on,
        not_before=request.received_on,
        what_before=_("A decision cannot be dated before the request was received (%(day)s)."),
    )
    if outcome not in DecisionOutcome.values:
        errors["outcome"] = _("Choose a decision from the list.")
    else:
        as_proposal = Outcome.REFUSE if outcome == DecisionOutcome.REFUSED else Outcome.GRANT
        errors |= _amount_errors(
            request, outcome=as_proposal, amount=amount, starts_on=starts_on, months=months
        )
    if not motivation.strip():
        errors["motivation"] = _("Motivate the decision: the letter states the motivation.")
    return errors


def decision_write(
    *,
    actor: User,
    request: Request,
    proposal: Proposal,
    body: str,
    outcome: str,
    motivation: str,
    decided_on: dt.date,
    amount: Decimal | None,
    starts_on: dt.date | None,
    months: int | None,
    session_id: int | None = None,
) -> Decision:
    """Store a checked decision (decision_check) on a locked request and tell the listeners;
    the caller holds the transaction."""
    decision = Decision(
        request=request,
        outcome=outcome,
        amount=amount,
        starts_on=starts_on,
        months=months,
        motivation=motivation.strip(),
        decided_on=decided_on,
        body=body,
        decided_by=actor,
        proposed_by_id=proposal.proposed_by_id,
        session_id=session_id,
        ratification=(
            Decision.Ratification.PENDING
            if body == Decision.Body.CHAIR
            else Decision.Ratification.NOT_NEEDED
        ),
    )
    decision.full_clean()
    decision.save()
    request_state_set(request, State.DECIDED)
    for listener in registry.decision_listeners():
        listener(decision)
    _log(request, actor, LOG_DECIDED, outcome=outcome)
    client_file_change_notify(request.client_id)  # the rights scan reads decisions
    return decision


def _decide(
    *,
    actor: User,
    request: Request,
    expected_version: int,
    body: str,
    outcome: str,
    motivation: str,
    decided_on: dt.date,
    amount: Decimal | None,
    starts_on: dt.date | None,
    months: int | None,
) -> Decision:
    request = request_lock(request.pk, expected_version=expected_version)
    client_require_open(request.client)
    request_require_state(request, State.PROPOSED)
    proposal = Proposal.objects.get(request=request)
    if body == Decision.Body.TEAM_LEAD and proposal.decider != Decider.TEAM_LEAD:
        raise PermissionDenied(
            _("The committee decides this proposal: put it on the agenda of a session.")
        )
    errors = decision_check(
        actor=actor,
        request=request,
        proposal=proposal,
        outcome=outcome,
        motivation=motivation,
        decided_on=decided_on,
        amount=amount,
        starts_on=starts_on,
        months=months,
    )
    if errors:
        raise ValidationError(errors)
    return decision_write(
        actor=actor,
        request=request,
        proposal=proposal,
        body=body,
        outcome=outcome,
        motivation=motivation,
        decided_on=decided_on,
        amount=amount,
        starts_on=starts_on,
        months=months,
    )


@transaction.atomic
def decision_record_delegated(
    *,
    actor: User,
    request: Request,
    expected_version: int,
    outcome: str,
    motivation: str,
    decided_on: dt.date,
    amount: Decimal | None = None,
    starts_on: dt.date | None = None,
    months: int | None = None,
) -> Decision:
    """A team lead decides a proposal the delegation table gives to team leads."""
    return _decide(
        actor=actor,
        request=request,
        expected_version=expected_version,
        body=Decision.Body.TEAM_LEAD,
        outcome=outcome,
        motivation=motivation,
        decided_on=decided_on,
        amount=amount,
        starts_on=starts_on,
        months=months,
    )


@transaction.atomic
def decision_record_urgent(
    *,
    actor: User,
    request: Request,
    expected_version: int,
    outcome: str,
    motivation: str,
    decided_on: dt.date,
    amount: Decimal | None = None,
    starts_on: dt.date | None = None,
    months: int | None = None,
) -> Decision:
    """In an urgent case the chair decided alone: a team lead records it; it is marked for
    ratification and goes on the agenda of the committee's next session
    (procedure.services.sessions puts it there)."""
    decision = _decide(
        actor=actor,
        request=request,
        expected_version=expected_version,
        body=Decision.Body.CHAIR,
        outcome=outcome,
        motivation=motivation,
        decided_on=decided_on,
        amount=amount,
        starts_on=starts_on,
        months=months,
    )
    from procedure.services import sessions  # sessions imports this module

    sessions.ratification_schedule(decision=decision)
    return decision


# --- notification and appeal ---------------------------------------------------------------------


def standing_decision(request: Request) -> Decision:
    return Decision.objects.standing().get(request=request)


@transaction.atomic
def notification_record(
    *,
    actor: User,
    request: Request,
    expected_version: int,
    notified_on: dt.date,
    way: str,
    letter_id: int | None = None,
) -> Notification:
    """The decision reached the applicant on `notified_on`, by registered letter or against a
    receipt: from then the appeal's 3 months run."""
    request = request_lock(request.pk, expected_version=expected_version)
    client_require_editor(actor, request.client)
    client_require_open(request.client)
    request_require_state(request, State.DECIDED)
    decision = standing_decision(request)
    errors = _past_date_errors(
        "notified_on",
        notified_on,
        not_before=decision.decided_on,
        what_before=_("The notification cannot be before the decision (%(day)s)."),
    )
    if way not in Notification.Way.values:
        errors["way"] = _("Choose how the decision was notified.")
    if errors:
        raise ValidationError(errors)
    notification = Notification(
        request=request,
        decision=decision,
        notified_on=notified_on,
        way=way,
        letter_id=letter_id,
        recorded_by=actor,
    )
    notification.full_clean()
    notification.save()
    request_state_set(request, State.NOTIFIED)
    _log(request, actor, LOG_NOTIFIED)
    return notification


@transaction.atomic
def appeal_register(
    *, actor: User, request: Request, lodged_on: dt.date, court: str, note: str = ""
) -> Appeal:
    """The applicant appealed to the labour court: against the decision, or against no
    decision once the 30 days have passed (checked against the request's clocks)."""
    request = request_lock(request.pk, expected_version=None)
    client_require_editor(actor, request.client)
    client_require_open(request.client)
    court = court.strip()
    errors = _past_date_errors(
        "lodged_on",
        lodged_on,
        not_before=request.received_on,
        what_before=_("An appeal cannot be lodged before the request was received (%(day)s)."),
    )
    if request.state in (State.WITHDRAWN, State.FORWARDED):
        raise ValidationError(
            _("This request is %(state)s: there is no decision of this OCMW to appeal.")
            % {"state": request.get_state_display()}
        )
    if request.state not in (State.DECIDED, State.NOTIFIED):
        decision_due = deadlines.last_day_in_days(request.received_on, deadlines.DECISION_DAYS)
        if "lodged_on" not in errors and lodged_on <= decision_due:
            errors["lodged_on"] = _(
                "Without a decision an appeal is open only after the 30 days, from %(day)s."
            ) % {"day": date_text(decision_due + dt.timedelta(days=1))}
    if not court:
        errors["court"] = _("Name the labour court.")
    if errors:
        raise ValidationError(errors)
    appeal = Appeal(
        request=request, lodged_on=lodged_on, court=court, note=note.strip(), recorded_by=actor
    )
    appeal.full_clean()
    appeal.save()
    _log(request, actor, LOG_APPEALED)
    return appeal


@transaction.atomic
def appeal_judgment_record(
    *, actor: User, appeal: Appeal, expected_version: int, result: str, judgment_on: dt.date
) -> Appeal:
    """The labour court's judgment on the appeal: its outcome and date (not before the
    appeal)."""
    locked = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("request__client")
        .get(pk=appeal.pk)
    )
    if locked.version != expected_version:
        raise EditConflictError(current=locked)
    client_require_editor(actor, locked.request.client)
    client_require_open(locked.request.client)
    if locked.result:
        # A judgment, once recorded, stays: a second one (an appeal against the judgment) is
        # another matter than this register keeps.
        raise ValidationError(
            _("The judgment on this appeal is already recorded (%(day)s).")
            % {"day": date_text(locked.judgment_on) if locked.judgment_on else ""}
        )
    errors = _past_date_errors(
        "judgment_on",
        judgment_on,
        not_before=locked.lodged_on,
        what_before=_("The judgment cannot be before the appeal was lodged (%(day)s)."),
    )
    if not result or result not in Appeal.Result.values:
        errors["result"] = _("Choose the outcome from the list.")
    if errors:
        raise ValidationError(errors)
    locked.result = result
    locked.judgment_on = judgment_on
    locked.version = F("version") + 1
    locked.full_clean(exclude=["version"])
    locked.save(update_fields=["result", "judgment_on", "version"])
    locked.refresh_from_db(fields=["version"])
    _log(locked.request, actor, LOG_JUDGED)
    return locked
