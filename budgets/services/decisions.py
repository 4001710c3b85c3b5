"""Aid decisions: the social worker proposes supplementary aid on a saved calculation, a team lead
of the client's team who is not the proposer approves or rejects it (four eyes).

Aid is granted per whole month and never retroactively. Every write locks the rows it decides
on, so two leads deciding at once, or a decision racing a withdrawal, end with one outcome and a
clear message for the other, never a proposal decided twice.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from budgets.log_actions import (
    LOG_APPROVED,
    LOG_LISTED,
    LOG_PROPOSED,
    LOG_REJECTED,
    LOG_WITHDRAWN,
)
from budgets.models import AidCalculation, AidDecision
from budgets.selectors.decisions import decision_actions
from clients.access_log import access_log_listed, access_log_record
from clients.models import AccessLog, Client
from clients.selectors import client_editable_by
from clients.services import client_file_change_notify, client_require_open
from core.dates import date_range_errors
from core.formats import amount_text
from wijkteams.models import User


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def first_of_next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


@transaction.atomic
def aid_decision_propose(
    *,
    actor: User,
    calculation: AidCalculation,
    amount: Decimal,
    starts_on: dt.date,
    months: int,
    motivation: str,
    activation_commitment: str = "",
    exemption: str = "",
    exemption_reason: str = "",
) -> AidDecision:
    """Propose aid on a saved calculation, for a team lead to decide. Rules of the calculation's
    policy apply (cap, maximum period, activation); one open proposal per client at a time."""
    # Locking the client serialises two proposals for the same client (PostgreSQL; SQLite
    # serialises writers anyway), so the "one open proposal" check below cannot race.
    client = Client.objects.select_for_update().get(pk=calculation.client_id)
    if not client_editable_by(user=actor, client=client):
        raise PermissionDenied(_("Only the client's social worker or the team lead may do this."))
    client_require_open(client)
    policy = calculation.policy
    motivation = motivation.strip()
    activation_commitment = activation_commitment.strip()
    exemption_reason = exemption_reason.strip()
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
    if AidDecision.objects.filter(client=client, status=AidDecision.Status.PROPOSED).exists():
        errors["__all__"] = _(
            "This client already has an open proposal. Wait for the decision or withdraw it first."
        )
    if errors:
        raise ValidationError(errors)

    decision = AidDecision.objects.create(
        client=client,
        calculation=calculation,
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


@transaction.atomic
def aid_decision_approve(
    *,
    actor: User,
    decision: AidDecision,
    motivation: str,
    expected_status: str = AidDecision.Status.PROPOSED,
) -> AidDecision:
    """Approve an open proposal: a lead of the client's team, not the proposer."""
    return _decide(
        actor=actor,
        decision=decision,
        outcome=AidDecision.Status.APPROVED,
        motivation=motivation,
        expected_status=expected_status,
    )


@transaction.atomic
def aid_decision_reject(
    *,
    actor: User,
    decision: AidDecision,
    motivation: str,
    expected_status: str = AidDecision.Status.PROPOSED,
) -> AidDecision:
    """Reject an open proposal: a lead of the client's team, not the proposer."""
    return _decide(
        actor=actor,
        decision=decision,
        outcome=AidDecision.Status.REJECTED,
        motivation=motivation,
        expected_status=expected_status,
    )


def _decide(
    *,
    actor: User,
    decision: AidDecision,
    outcome: AidDecision.Status,
    motivation: str,
    expected_status: str,
) -> AidDecision:
    locked = _lock(decision)
    client = locked.client
    # Editing the file is no matter here (only withdrawing needs it): not read.
    actions = decision_actions(user=actor, decision=locked, may_edit_file=False)
    if not actions.leads_team:
        raise PermissionDenied(_("Only a team lead of the client's team decides on aid."))
    if actions.own_proposal:
        raise PermissionDenied(_("Four eyes: another team lead decides on your own proposal."))
    _require_open(locked, expected_status)
    motivation = motivation.strip()
    if not motivation:
        raise ValidationError({"motivation": _("Give the motivation of the decision.")})
    if outcome == AidDecision.Status.APPROVED and locked.starts_on < first_of_month(
        timezone.localdate()
    ):
        raise ValidationError(
            _(
                "The period starts in a past month and aid is not granted retroactively. "
                "Reject the proposal, so that the social worker can propose again from this "
                "month on."
            )
        )
    locked.status = outcome
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_motivation = motivation
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_motivation"])
    access_log_record(
        client=client,
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOG_APPROVED if outcome == AidDecision.Status.APPROVED else LOG_REJECTED,
    )
    client_file_change_notify(client.pk)  # the non-take-up rule for aid reads decisions
    return locked


@transaction.atomic
def aid_decision_withdraw(*, actor: User, decision: AidDecision) -> AidDecision:
    """Withdraw an open proposal: the proposer, or anyone who may edit the client file."""
    locked = _lock(decision)
    client = locked.client
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
