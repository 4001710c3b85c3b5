"""Aid calculations for a client: run live (and what-if) without saving, or save a snapshot."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import fields, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from budgets.calculation import (
    Costs,
    Household,
    PolicyValues,
    Result,
    budget_table_load,
    budget_version_on,
    calculate,
    costs_from_client,
    household_from_client,
    household_to_json,
    policy_on,
    result_to_json,
)
from budgets.log_actions import LOG_CALCULATION_SAVED
from budgets.models import AidCalculation
from clients.access_log import access_log_record
from clients.models import AccessLog, Client, household_confirmation_ends
from clients.selectors import client_editable_by
from clients.services import client_file_change_notify, client_require_open
from core.dates import date_range_errors
from wijkteams.models import User


def calculation_household(
    *,
    client: Client,
    on: dt.date,
    costs: Costs | None = None,
    reasons: Mapping[str, str] | None = None,
) -> Household:
    """The client's household on a day, with the worker's actual costs where they differ from
    the file. Each difference needs a reason (ValidationError keyed by the cost's name)."""
    household = household_from_client(client, on)
    if costs is None:
        return household
    reasons = {name: text.strip() for name, text in (reasons or {}).items() if text.strip()}
    file_costs = costs_from_client(client)
    errors = {
        cost.name: _("Say why this differs from the client file.")
        for cost in fields(Costs)
        if getattr(costs, cost.name) != getattr(file_costs, cost.name) and cost.name not in reasons
    }
    if errors:
        raise ValidationError(errors)
    kept = {
        name: reason
        for name, reason in reasons.items()
        if getattr(costs, name, None) != getattr(file_costs, name, None)
    }
    return replace(household, costs=costs, reasons=kept)


# Tenures that pay rent: an unrecorded rent is unknown, never 0 (nor for an unknown tenure).
PAYS_RENT = frozenset(
    {Client.Tenure.PRIVATE, Client.Tenure.SOCIAL, Client.Tenure.SVK, Client.Tenure.UNKNOWN}
)


def calculation_unknowns(*, client: Client, household: Household) -> list[str]:
    """What the calculation would read as 0 or "none" although the file does not say it. A
    calculation with any of these is shown as provisional and never saved: no aid amount is
    built on an unknown income or rent."""
    unknowns = []
    if household.confirmed_on is None:
        unknowns.append(
            _(
                "The household and its incomes are not confirmed complete (tab Household and "
                "income): the income would be read from lines that may be incomplete."
            )
        )
    elif household.on >= household_confirmation_ends(household.confirmed_on):
        # As the rights check reads it (rights.facts' household_known).
        unknowns.append(
            _(
                "The household and its incomes were confirmed complete on %(date)s, too long "
                "ago for this date (tab Household and income): confirm them again, or the "
                "income would be read from lines that may be incomplete."
            )
            % {"date": date_format(household.confirmed_on, "SHORT_DATE_FORMAT")}
        )
    if client.tenure in PAYS_RENT and client.rent is None and household.costs.rent == 0:
        unknowns.append(
            _(
                "The rent is not recorded: record it in the client file, or type the rent "
                "actually paid here with a reason."
            )
        )
    return unknowns


def aid_calculation_run(*, household: Household) -> Result:
    """Calculate against the budget version and the policy valid on the household's date.
    Three queries (version, policy, amounts), none per member."""
    version = budget_version_on(household.on)
    policy = policy_on(household.on)
    return calculate(household, budget_table_load(version), PolicyValues.of(policy))


@transaction.atomic
def aid_calculation_save(
    *,
    actor: User,
    client: Client,
    on: dt.date,
    costs: Costs | None = None,
    reasons: Mapping[str, str] | None = None,
    note: str = "",
) -> AidCalculation:
    """Save an immutable snapshot: inputs, versions used, breakdown and result. Refused while
    the file leaves the income or the rent unknown (calculation_unknowns)."""
    if not client_editable_by(user=actor, client=client):
        raise PermissionDenied(_("Only the client's social worker or the team lead may do this."))
    client_require_open(client)
    out_of_range = date_range_errors(on=on)
    if out_of_range:
        raise ValidationError(out_of_range)
    household = calculation_household(client=client, on=on, costs=costs, reasons=reasons)
    unknowns = calculation_unknowns(client=client, household=household)
    if unknowns:
        raise ValidationError(unknowns, code="unknown")
    result = aid_calculation_run(household=household)
    calculation = AidCalculation.objects.create(
        client=client,
        calculated_on=on,
        budget_version_id=result.version_id,
        policy_id=result.policy.policy_id,
        inputs=household_to_json(household),
        breakdown=result_to_json(result),
        reference_budget=result.reference_budget,
        available_income=result.available_income,
        saldo=result.saldo,
        proposed_aid=result.proposed_aid,
        note=note,
        created_by=actor,
    )
    access_log_record(
        client=client,
        actor=actor,
        action=AccessLog.Action.CREATE,
        what=LOG_CALCULATION_SAVED,
    )
    client_file_change_notify(client.pk)  # the non-take-up rule for aid reads calculations
    return calculation
