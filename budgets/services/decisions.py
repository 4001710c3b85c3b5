"""Aid proposals and what becomes of them. Since issue 19 a proposal answers a request for help
of kind supplementary aid: the social worker proposes aid on a saved calculation, and in the same
transaction the proposal is submitted as the request's proposal in the procedure, which routes
it to the Special Committee or a delegated team lead (procedure.routing). The procedure decides
(four eyes, in its database too); budgets follows the decision through the listener registered
in budgets.hooks (`aid_decision_follow`), so that the rights scan, the impact preview and the
letters keep reading AidDecision.

Aid is granted per whole month and never retroactively. Every write locks the rows it decides
on, so a withdrawal racing a decision ends with one outcome and a clear message for the other.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from budgets.log_actions import (
    LOG_APPROVED,
    LOG_LISTED,
    LOG_PROPOSED,
    LOG_REJECTED,
    LOG_REOPENED,
    LOG_WITHDRAWN,
)
from budgets.models import CALCULATION_LINK, SUPPLEMENTARY_AID, AidCalculation, AidDecision
from clients.access_log import access_log_listed, access_log_record
from clients.models import AccessLog, Client
from clients.selectors import client_editable_by
from clients.services import client_file_change_notify, client_require_open
from core.dates import date_range_errors
from core.formats import amount_text
from procedure.models import Decision, DecisionOutcome, Outcome, Proposal, Request
from procedure.services.decisions import proposal_submit
from procedure.services.requests import request_withdraw
from wijkteams.models import User

# The procedure's names for the proposal's fields where the form's differ; what it says of the
# rest (the request's state, the home visit, the link) goes above the form.
_PROCEDURE_FIELDS = ("amount", "starts_on", "months", "motivation")

# AccessLog.actor_label of a change that follows the committee rather than a person's action.
PROCEDURE_ACTOR = "procedure"


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def first_of_next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _proposal_errors(
    *,
    calculation: AidCalculation,
    amount: Decimal,
    starts_on: dt.date,
    months: int,
    motivation: str,
    activation_commitment: str,
    exemption: str,
    exemption_reason: str,
) -> dict[str, str]:
    """The rules of the calculation's policy (cap, maximum period, activation) and of aid
    (per whole month, never retroactive)."""
    policy = calculation.policy
    errors: dict[str, str] = date_range_errors(starts_on=starts_on)
    if amount <= 0:
        errors["amount"] = _("The amount must be more than zero.")
    elif policy.monthly_cap is not None and amount > policy.monthly_cap:
        errors["amount"] = _("The policy allows at most € %(cap)s per month.") % {
            "cap": amount_text(policy.monthly_cap)
        }
    if not motivation:
        errors["motivation"] = _(
            "Explain the proposal, and why the amount differs from the calculation if it does."
        )
    this_month = first_of_month(timezone.localdate())
    if starts_on.day != 1:
        errors["starts_on"] = _("Aid starts on the first day of a month.")
    elif starts_on < this_month:
        errors["starts_on"] = _("Aid is not granted retroactively: start this month or later.")
    if not 1 <= months <= policy.max_months:
        errors["months"] = _("Choose between 1 and %(max)s months (the policy's maximum).") % {
            "max": policy.max_months
        }
    if exemption not in AidDecision.Exemption.values:
        errors["exemption"] = _("Choose a reason from the list.")
    elif exemption and not exemption_reason:
        errors["exemption_reason"] = _("Explain the reason for the exemption.")
    elif policy.activation_required and not exemption and not activation_commitment:
        errors["activation_commitment"] = _(
            "The policy requires an activation commitment, or an exemption with its reason."
        )
    return errors


def _open_errors(client: Client) -> dict[str, str]:
    """One open proposal per client; and none while an urgent decision on the client's aid
    waits for the committee's ratification (not ratified, that proposal is open again)."""
    if AidDecision.objects.filter(client=client, status=AidDecision.Status.PROPOSED).exists():
        return {
            NON_FIELD_ERRORS: _(
                "This client already has an open proposal. Wait for the decision or withdraw "
                "it first."
            )
        }
    if AidDecision.objects.filter(
        client=client, request__decisions__ratification=Decision.Ratification.PENDING
    ).exists():
        return {
            NON_FIELD_ERRORS: _(
                "An urgent decision on this client's aid waits for the committee's "
                "ratification: propose again after the committee's session."
            )
        }
    return {}


def _request_errors(request: Request | None, client: Client) -> dict[str, str]:
    if request is None:
        return {"help_request": _("Choose the request for help this proposal answers.")}
    if request.client_id != client.pk or request.kind.code != SUPPLEMENTARY_AID:
        return {"help_request": _("Choose a request for supplementary aid of this client.")}
    return {}


def _merge(errors: dict[str, str], error: ValidationError) -> None:
    """The procedure's errors next to the same fields, unless budgets already said something
    there; the rest above the form."""
    found = (
        error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    )
    for name, messages in found.items():
        key = name if name in _PROCEDURE_FIELDS else NON_FIELD_ERRORS
        if key not in errors:
            errors[key] = " ".join(messages)


@transaction.atomic
def aid_decision_propose(
    *,
    actor: User,
    calculation: AidCalculation,
    request: Request | None,
    amount: Decimal,
    starts_on: dt.date,
    months: int,
    motivation: str,
    activation_commitment: str = "",
    exemption: str = "",
    exemption_reason: str = "",
) -> AidDecision:
    """Propose aid on a saved calculation, in answer to a request for supplementary aid under
    inquiry: the proposal is submitted in the procedure (to grant, this amount and period,
    resting on this calculation), which routes it to who decides. The rules of budgets and of
    the procedure are checked together: either both are written or neither."""
    # Locking the client serialises two proposals for the same client (PostgreSQL; SQLite
    # serialises writers anyway), so the "one open proposal" check below cannot race.
    client = Client.objects.select_for_update().get(pk=calculation.client_id)
    if not client_editable_by(user=actor, client=client):
        raise PermissionDenied(_("Only the client's social worker or the team lead may do this."))
    client_require_open(client)
    motivation = motivation.strip()
    activation_commitment = activation_commitment.strip()
    exemption_reason = exemption_reason.strip()
    errors = _proposal_errors(
        calculation=calculation,
        amount=amount,
        starts_on=starts_on,
        months=months,
        motivation=motivation,
        activation_commitment=activation_commitment,
        exemption=exemption,
        exemption_reason=exemption_reason,
    )
    errors |= _open_errors(client)
    errors |= _request_errors(request, client)
    if request is not None and "help_request" not in errors:
        # Also when budgets refused already, so that every message shows at once; the
        # proposal written here goes when this transaction rolls back.
        try:
            with transaction.atomic():
                locked = Request.objects.select_for_update(of=("self",)).get(pk=request.pk)
                proposal_submit(
                    actor=actor,
                    request=locked,
                    expected_version=locked.version,
                    outcome=Outcome.GRANT,
                    motivation=motivation,
                    amount=amount,
                    starts_on=starts_on,
                    months=months,
                    link_id=calculation.pk,
                )
        except ValidationError as error:
            _merge(errors, error)
    if errors:
        raise ValidationError(errors)

    decision = AidDecision.objects.create(
        client=client,
        calculation=calculation,
        request=request,
        amount=amount,
        starts_on=starts_on,
        months=months,
        motivation=motivation,
        activation_commitment=activation_commitment,
        exemption=exemption,
        exemption_reason=exemption_reason if exemption else "",
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    access_log_record(client=client, actor=actor, action=AccessLog.Action.CREATE, what=LOG_PROPOSED)
    return decision


# --- following the procedure's decision -------------------------------------------------------


def _decided_at(decision: Decision) -> dt.datetime:
    """When the decision was taken: the moment it was recorded when that was the day of the
    decision, else the start of the day it was taken (a session's decisions recorded later)."""
    if timezone.localdate(decision.created_at) == decision.decided_on:
        return decision.created_at
    return timezone.make_aware(dt.datetime.combine(decision.decided_on, dt.time()))


def _aid_from_proposal(proposal: Proposal, decision: Decision) -> AidDecision | None:
    """The aid proposal of a grant whose proposal was made in the procedure itself (the
    request's own proposal form) on one of the client's calculations; None when the grant names
    no amount or period (the kind's "granted as an amount" switched off): nothing to record."""
    amount, starts_on, months = decision.amount, decision.starts_on, decision.months
    if proposal.link_id is None or amount is None or starts_on is None or months is None:
        return None
    client_id = decision.request.client_id
    return AidDecision(
        client_id=client_id,
        calculation=AidCalculation.objects.get(pk=proposal.link_id, client_id=client_id),
        request_id=decision.request_id,
        amount=amount,
        starts_on=starts_on,
        months=months,
        motivation=proposal.motivation,
        proposed_by_id=proposal.proposed_by_id,
        proposed_at=proposal.proposed_at,
    )


def aid_decision_follow(*, decision: Decision) -> AidDecision | None:
    """The procedure recorded `decision` on a request whose proposal rests on a calculation
    (procedure.registry's decision listener, inside the procedure's transaction): the aid
    proposal follows it. Granted, or granted with changes: approved with the decision's amount
    and period; refused: rejected; an urgent decision the committee did not ratify: open again
    (proposed, with the proposal's amount and period), so that the committee's own decision on
    the request decides it and nothing counts as granted meanwhile."""
    proposal = Proposal.objects.filter(
        request_id=decision.request_id, link_code=CALCULATION_LINK
    ).first()
    if proposal is None:
        return None
    aid = (
        AidDecision.objects.select_for_update(of=("self",))
        .filter(request_id=decision.request_id)
        .first()
    )
    if decision.ratification == Decision.Ratification.NOT_RATIFIED:
        return None if aid is None else _reopen(aid, proposal, decision)
    granted = decision.outcome in (DecisionOutcome.GRANTED, DecisionOutcome.AMENDED)
    if aid is None:
        # Nothing was proposed here: a grant is recorded, a refusal stays the procedure's.
        aid = _aid_from_proposal(proposal, decision) if granted else None
        if aid is None:
            return None
    if granted:
        # A grant of supplementary aid names them (the kind has an amount: procedure checks).
        aid.amount = decision.amount or aid.amount
        aid.starts_on = decision.starts_on or aid.starts_on
        aid.months = decision.months or aid.months
        aid.status = AidDecision.Status.APPROVED
    else:
        aid.status = AidDecision.Status.REJECTED
    aid.decided_by_id = decision.decided_by_id
    aid.decided_at = _decided_at(decision)
    aid.decision_motivation = decision.motivation
    aid.save()
    access_log_record(
        client=decision.request.client,
        actor=decision.decided_by,
        action=AccessLog.Action.CHANGE,
        what=LOG_APPROVED if granted else LOG_REJECTED,
    )
    return aid


def _reopen(aid: AidDecision, proposal: Proposal, decision: Decision) -> AidDecision:
    # Another proposal of the client opened meanwhile (one made in the procedure's own form,
    # which budgets does not check): this one cannot be open too, and waits withdrawn for the
    # committee's decision on the request, which the listener follows whatever the status.
    other_open = (
        AidDecision.objects.filter(client_id=aid.client_id, status=AidDecision.Status.PROPOSED)
        .exclude(pk=aid.pk)
        .exists()
    )
    aid.status = AidDecision.Status.WITHDRAWN if other_open else AidDecision.Status.PROPOSED
    if proposal.amount is not None and proposal.starts_on and proposal.months:
        aid.amount, aid.starts_on, aid.months = proposal.amount, proposal.starts_on, proposal.months
    aid.decided_by = None
    aid.decided_at = None
    aid.decision_motivation = ""
    aid.save()
    # The listener is not told who recorded the committee's refusal to ratify (the chair's
    # decision was recorded by someone else): the row names the procedure, not a person.
    access_log_record(
        client=decision.request.client,
        actor_label=PROCEDURE_ACTOR,
        action=AccessLog.Action.CHANGE,
        what=LOG_REOPENED,
    )
    # The rights scan must stop counting the aid (sent once per client and commit, whoever
    # else asks for it in this transaction).
    client_file_change_notify(aid.client_id)
    return aid


# --- withdrawing ------------------------------------------------------------------------------


def aid_decision_request_withdrawn(*, request: Request) -> AidDecision | None:
    """The request was withdrawn (procedure.registry's withdrawal listener, inside the
    procedure's transaction): its open aid proposal is withdrawn with it."""
    aid = (
        AidDecision.objects.select_for_update(of=("self",))
        .filter(request=request, status=AidDecision.Status.PROPOSED)
        .first()
    )
    if aid is None:
        return None
    aid.status = AidDecision.Status.WITHDRAWN
    aid.save(update_fields=["status"])
    access_log_record(
        client=request.client,
        actor=request.withdrawn_by,
        action=AccessLog.Action.CHANGE,
        what=LOG_WITHDRAWN,
    )
    return aid


@transaction.atomic
def aid_decision_withdraw(*, actor: User, decision: AidDecision, reason: str = "") -> AidDecision:
    """Withdraw an open proposal. One on a request is the request's proposal in the procedure,
    which has no way back from "proposed": the request itself is withdrawn (the applicant no
    longer asks it), with the reason, and the proposal with it (aid_decision_request_withdrawn).
    A proposal from before requests: the proposer, or anyone who may edit the client file."""
    locked = _lock(decision)
    client = locked.client
    if locked.request_id is not None:
        _require_open(locked, AidDecision.Status.PROPOSED)
        request = Request.objects.select_for_update(of=("self",)).get(pk=locked.request_id)
        request_withdraw(
            actor=actor, request=request, expected_version=request.version, reason=reason
        )
        locked.refresh_from_db()
        return locked
    if locked.proposed_by_id != actor.pk and not client_editable_by(user=actor, client=client):
        raise PermissionDenied(
            _("Only the proposer, the client's social worker or the team lead may do this.")
        )
    _require_open(locked, AidDecision.Status.PROPOSED)
    locked.status = AidDecision.Status.WITHDRAWN
    locked.save(update_fields=["status"])
    access_log_record(
        client=client, actor=actor, action=AccessLog.Action.CHANGE, what=LOG_WITHDRAWN
    )
    return locked


def aid_decisions_listed(*, actor: User, clients: Iterable[Client]) -> None:
    """Log a view for every client whose proposal a list page shows. One query per page.

    Not wrapped in its own transaction: a single INSERT is atomic already, and the list page
    keeps a fixed number of queries (no savepoint pair inside an outer transaction).
    """
    access_log_listed(actor=actor, client_ids=(client.pk for client in clients), what=LOG_LISTED)


def _lock(decision: AidDecision) -> AidDecision:
    """The decision as it is now in the database, locked until the end of the transaction."""
    return (
        AidDecision.objects.select_for_update(of=("self",))
        .select_related("client", "decided_by")
        .get(pk=decision.pk)
    )


def _require_open(decision: AidDecision, expected_status: str) -> None:
    """Refuse when someone else decided or withdrew the proposal since the page was loaded."""
    if decision.status == AidDecision.Status.PROPOSED and expected_status == decision.status:
        return
    if decision.status == AidDecision.Status.WITHDRAWN:
        raise ValidationError(
            _("Meanwhile this proposal was withdrawn. Nothing was changed."), code="stale"
        )
    if decision.status != AidDecision.Status.PROPOSED and decision.decided_at is not None:
        if decision.status == AidDecision.Status.APPROVED:
            message = _(
                "Meanwhile %(who)s approved this proposal on %(when)s. Nothing was changed."
            )
        else:
            message = _(
                "Meanwhile %(who)s rejected this proposal on %(when)s. Nothing was changed."
            )
        raise ValidationError(
            message
            % {
                "who": decision.decided_by,
                "when": date_format(timezone.localtime(decision.decided_at), "DATETIME_FORMAT"),
            },
            code="stale",
        )
    raise ValidationError(
        _("This proposal changed since you opened it. Look at it again."), code="stale"
    )
