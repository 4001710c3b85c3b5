"""Writes of a granted leefloon: made from the procedure's decision (its listener, inside the
procedure's transaction), removed when that decision does not stand, ended by the worker.

A leefloon is written into the client's file as the client's own income line of kind leefloon
from its start (clients.services.household: a changed amount ends the line and starts a new
one), so budgets' aid calculation and the rights scan take the leefloon decided for the period
as income (issue 20 point 7). The right runs from the day the request was received, never
earlier (law of 26 May 2002, art. 21 §1)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from clients.access_log import access_log_record
from clients.models import AccessLog, Client, Income
from clients.services import (
    client_file_change_notify,
)
from clients.services.household import income_change_from, income_save
from core.dates import date_text
from integration.log_actions import LOG_GRANT_ENDED, LOG_GRANT_REMOVED, LOG_GRANTED
from integration.models import (
    CALCULATION_LINK,
    LEEFLOON_KIND,
    GrantAmount,
    LeefloonCalculation,
    LeefloonGrant,
)
from integration.services.locking import row_for_change
from procedure.deadlines import add_months
from procedure.models import Decision, DecisionOutcome, Proposal, Request
from wijkteams.models import User

# Without a number of months in the decision, the leefloon is reviewed after a year.
DEFAULT_REVIEW_MONTHS = 12


def _leefloon_lines(client_id: int) -> "Q":
    return Q(client_id=client_id, member__isnull=True, kind=Income.Kind.LEEFLOON)


def income_line_write(
    *, actor: User, client: Client, starts_on: dt.date, amount: Decimal, category: str
) -> Income:
    """The client's leefloon income line from `starts_on` with `amount`: the line that runs on
    that day changes from it (the old one ends the day before and stays), one starting that
    day gets the amount, else a new line. A line starting later refuses (at "starts_on")."""
    current = (
        Income.objects.filter(_leefloon_lines(client.pk))
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=starts_on))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
        .first()
    )
    if current is None:
        line = Income(
            kind=Income.Kind.LEEFLOON,
            leefloon_category=category,
            net_monthly=amount,
            starts_on=starts_on,
        )
        return income_save(actor=actor, client=client, income=line)
    current.net_monthly, current.leefloon_category = amount, category
    if current.starts_on == starts_on:
        return income_save(
            actor=actor, client=client, income=current, expected_version=current.version
        )
    current.ends_on = None
    try:
        return income_change_from(
            actor=actor,
            client=client,
            income=current,
            expected_version=current.version,
            on=starts_on,
        )
    except ValidationError as error:
        # The income's own field is the start of the leefloon here.
        raise ValidationError({"starts_on": error.messages}) from error


def _calculation_of(request: Request) -> LeefloonCalculation:
    proposal = Proposal.objects.filter(request=request).first()
    calculation = None
    if proposal is not None and proposal.link_code == CALCULATION_LINK and proposal.link_id:
        calculation = (
            LeefloonCalculation.objects.select_related("scale")
            .filter(pk=proposal.link_id, request=request)
            .first()
        )
    if calculation is None:
        raise ValidationError(
            _(
                "A leefloon is granted on a saved leefloon calculation of this request, and the "
                "proposal names none: make the calculation and propose again."
            )
        )
    return calculation


def grant_from_decision(*, decision: Decision) -> LeefloonGrant | None:
    """The procedure's decision listener (inside its transaction): a standing decision that
    grants a leefloon request makes the leefloon from the calculation its proposal rests on,
    with its first amount and its income line; a decision that no longer stands (an urgent
    one the committee did not ratify) removes it again."""
    request = decision.request
    if request.kind.code != LEEFLOON_KIND:
        return None
    if decision.ratification == Decision.Ratification.NOT_RATIFIED:
        grant_remove(decision=decision)
        return None
    if decision.outcome not in (DecisionOutcome.GRANTED, DecisionOutcome.AMENDED):
        return None
    existing = LeefloonGrant.objects.filter(decision=decision).first()
    if existing is not None:
        return existing
    calculation = _calculation_of(request)
    starts_on = decision.starts_on or calculation.starts_on
    if starts_on < request.received_on:
        raise ValidationError(
            {
                "starts_on": _(
                    "A leefloon runs from the day the request was received (%(day)s), never "
                    "earlier (law of 26 May 2002, art. 21 §1)."
                )
                % {"day": date_text(request.received_on)}
            }
        )
    amount = decision.amount or calculation.monthly_amount
    grant = LeefloonGrant.objects.create(
        decision=decision,
        request=request,
        client=request.client,
        calculation=calculation,
        category=calculation.category,
        starts_on=starts_on,
        review_on=add_months(starts_on, decision.months or DEFAULT_REVIEW_MONTHS),
    )
    GrantAmount.objects.create(
        grant=grant,
        valid_from=starts_on,
        monthly_amount=amount,
        reason=GrantAmount.Reason.DECISION,
        scale=calculation.scale,
    )
    client = request.client
    income_line_write(
        actor=decision.decided_by,
        client=client,
        starts_on=starts_on,
        amount=amount,
        category=calculation.category,
    )
    if client.leefloon_since is None or client.leefloon_since > starts_on:
        # A version up: an edit form opened before must not write the old date back.
        Client.objects.filter(pk=client.pk).update(
            leefloon_since=starts_on, version=F("version") + 1
        )
        client.refresh_from_db(fields=["leefloon_since", "version"])
    access_log_record(
        client=client,
        actor=decision.decided_by,
        action=AccessLog.Action.CHANGE,
        what=LOG_GRANTED,
        params={"day": date_text(starts_on), "request": request.pk},
    )
    client_file_change_notify(client.pk)
    return grant


def grant_remove(*, decision: Decision | None = None, request: Request | None = None) -> int:
    """The decision (or the whole request) no longer stands: its leefloon goes, with the
    income lines it wrote (from its start) and the leefloon-since date it set. Returns how
    many leefloons went."""
    grants = LeefloonGrant.objects.select_related("client")
    grants = grants.filter(decision=decision) if decision is not None else grants
    grants = grants.filter(request=request) if request is not None else grants
    removed = 0
    for grant in grants:
        client = grant.client
        Income.objects.filter(_leefloon_lines(client.pk), starts_on__gte=grant.starts_on).delete()
        grant.delete()
        others = LeefloonGrant.objects.filter(client=client).order_by("starts_on").first()
        if client.leefloon_since == grant.starts_on:
            Client.objects.filter(pk=client.pk).update(
                leefloon_since=others.starts_on if others is not None else None,
                version=F("version") + 1,
            )
        access_log_record(
            client=client,
            actor=decision.decided_by if decision is not None else None,
            action=AccessLog.Action.CHANGE,
            what=LOG_GRANT_REMOVED,
            params={"grant": str(grant)},
        )
        client_file_change_notify(client.pk)
        removed += 1
    return removed


def grant_request_withdrawn(*, request: Request) -> int:
    """The procedure's withdrawal listener: nothing is granted on a withdrawn request."""
    return grant_remove(request=request)


@transaction.atomic
def grant_end(
    *,
    actor: User,
    grant: LeefloonGrant,
    expected_version: int,
    ended_on: dt.date,
    reason: str,
) -> LeefloonGrant:
    """End a running leefloon on `ended_on` (its last day paid) with the reason: its income line
    ends that day, lines of later amounts go."""
    locked = row_for_change(
        LeefloonGrant.objects.all(), grant.pk, actor=actor, expected_version=expected_version
    )
    client = locked.client
    errors: dict[str, str] = {}
    if locked.ended_on is not None:
        raise ValidationError(_("This leefloon has already ended."))
    if ended_on < locked.starts_on:
        errors["ended_on"] = _("A leefloon ends on or after its start (%(day)s).") % {
            "day": date_text(locked.starts_on)
        }
    reason = reason.strip()
    if not reason:
        errors["reason"] = _("Give the reason for ending the leefloon.")
    if errors:
        raise ValidationError(errors)
    locked.ended_on, locked.end_reason = ended_on, reason
    locked.version = F("version") + 1  # an expression, read back
    locked.save(update_fields=["ended_on", "end_reason", "version"])
    locked.refresh_from_db(fields=["version"])
    lines = Income.objects.filter(_leefloon_lines(client.pk))
    lines.filter(starts_on__gt=ended_on).delete()
    lines.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=ended_on)).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=ended_on)
    ).update(ends_on=ended_on, version=F("version") + 1)
    access_log_record(
        client=client,
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOG_GRANT_ENDED,
        params={"grant": str(locked)},
    )
    client_file_change_notify(client.pk)
    return locked
