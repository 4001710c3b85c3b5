"""Writes of art. 60 §7 employment (organic law of 8 July 1976): the contract recorded for a
client, changed as its editor loaded it (`expected_version`), and ended early with a day and a
reason. The rules are said at the field; the table's constraints hold them too."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from clients.access_log import access_log_record
from clients.models import AccessLog, Client
from clients.services import client_require_editor, client_require_open
from core.dates import date_range_errors, date_text
from integration.log_actions import LOG_ART60_ENDED, LOG_ART60_SAVED
from integration.models import Art60Contract, Employer
from integration.services.locking import row_for_change
from wijkteams.models import User

MAX_HOURS = Decimal("40")  # the table's constraint art60_hours_in_range
FIELDS = (
    "employer",
    "job_title",
    "starts_on",
    "ends_on",
    "hours_per_week",
    "wage_cost_monthly",
    "subsidy_monthly",
    "net_wage_monthly",
    "social_security_from",
    "note",
)


def _contract_errors(*, contract: Art60Contract | None, values: dict[str, Any]) -> dict[str, str]:
    starts_on, ends_on = values["starts_on"], values["ends_on"]
    errors = date_range_errors(
        starts_on=starts_on, ends_on=ends_on, social_security_from=values["social_security_from"]
    )
    if errors:
        return errors
    if ends_on <= starts_on:
        errors["ends_on"] = _("The contract ends after it starts (%(day)s).") % {
            "day": date_text(starts_on)
        }
    hours = values["hours_per_week"]
    if not Decimal(0) < hours <= MAX_HOURS:
        errors["hours_per_week"] = _("Enter more than 0 and at most 40 hours per week.")
    for name in ("wage_cost_monthly", "subsidy_monthly", "net_wage_monthly"):
        if values[name] < 0:
            errors[name] = _("An amount cannot be negative.")
    employer: Employer = values["employer"]
    kept = contract is not None and contract.employer_id == employer.pk
    if not employer.is_active and not kept:
        errors["employer"] = _("Choose an active employer.")
    if not values["job_title"].strip():
        errors["job_title"] = _("Enter the job.")
    ended = contract.ended_early_on if contract is not None else None
    if ended is not None and not starts_on <= ended <= ends_on:
        errors["ends_on"] = _(
            "The contract was ended early on %(day)s: that day must stay within it."
        ) % {"day": date_text(ended)}
    return errors


def _write(contract: Art60Contract, *, actor: User, values: dict[str, Any]) -> Art60Contract:
    for name in FIELDS:
        value = values[name]
        setattr(contract, name, value.strip() if isinstance(value, str) else value)
    contract.full_clean(exclude=["client", "created_by", "employer"])
    if contract.pk is None:
        contract.save()
    else:
        contract.version = F("version") + 1  # an expression, read back
        contract.save()
        contract.refresh_from_db(fields=["version"])
    access_log_record(
        client=contract.client, actor=actor, action=AccessLog.Action.CHANGE, what=LOG_ART60_SAVED
    )
    return contract


@transaction.atomic
def art60_contract_create(
    *,
    actor: User,
    client: Client,
    employer: Employer,
    job_title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    hours_per_week: Decimal,
    wage_cost_monthly: Decimal,
    subsidy_monthly: Decimal,
    net_wage_monthly: Decimal,
    social_security_from: dt.date | None,
    note: str = "",
) -> Art60Contract:
    """Record an art. 60 contract of the client (internal or at a partner)."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    client_require_editor(actor, client)
    client_require_open(client)
    values = {name: value for name, value in locals().items() if name in FIELDS}
    errors = _contract_errors(contract=None, values=values)
    if errors:
        raise ValidationError(errors)
    return _write(Art60Contract(client=client, created_by=actor), actor=actor, values=values)


@transaction.atomic
def art60_contract_save(
    *,
    actor: User,
    contract_id: int,
    expected_version: int,
    employer: Employer,
    job_title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    hours_per_week: Decimal,
    wage_cost_monthly: Decimal,
    subsidy_monthly: Decimal,
    net_wage_monthly: Decimal,
    social_security_from: dt.date | None,
    note: str = "",
) -> Art60Contract:
    """Change a contract as its editor loaded it (EditConflictError when someone saved it
    meanwhile); a contract ended early keeps that day within its dates."""
    values = {name: value for name, value in locals().items() if name in FIELDS}
    current = row_for_change(
        Art60Contract.objects.all(), contract_id, actor=actor, expected_version=expected_version
    )
    errors = _contract_errors(contract=current, values=values)
    if errors:
        raise ValidationError(errors)
    return _write(current, actor=actor, values=values)


@transaction.atomic
def art60_contract_end_early(
    *,
    actor: User,
    contract_id: int,
    expected_version: int,
    ended_on: dt.date,
    reason: str,
) -> Art60Contract:
    """End a contract before its end day: the last day (within the contract, before its
    planned end) and why. An early end is recorded once."""
    current = row_for_change(
        Art60Contract.objects.all(), contract_id, actor=actor, expected_version=expected_version
    )
    if current.ended_early_on is not None:
        raise ValidationError(_("This contract was already ended early."))
    errors = date_range_errors(ended_early_on=ended_on)
    if not errors and not current.starts_on <= ended_on < current.ends_on:
        errors["ended_early_on"] = _(
            "An early end lies within the contract: from %(start)s and before %(end)s."
        ) % {"start": date_text(current.starts_on), "end": date_text(current.ends_on)}
    if not reason.strip():
        errors["end_reason"] = _("Say why the contract ends early.")
    if errors:
        raise ValidationError(errors)
    current.ended_early_on = ended_on
    current.end_reason = reason.strip()
    current.full_clean(exclude=["client", "created_by", "employer"])
    current.version = F("version") + 1  # an expression, read back
    current.save()
    current.refresh_from_db(fields=["version"])
    access_log_record(
        client=current.client,
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOG_ART60_ENDED,
    )
    return current


def art60_is_running(contract: Art60Contract, day: dt.date) -> bool:
    """Whether the contract runs on `day`: started, not past its end or its early end."""
    last = contract.ended_early_on or contract.ends_on
    return contract.starts_on <= day <= last
