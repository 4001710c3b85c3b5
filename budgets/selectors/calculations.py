"""Reads of saved aid calculations, always through the clients the user may see."""

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404

from budgets.calculation.changes import IncomeChanges, income_changes
from budgets.models import AidCalculation
from clients.models import Client
from clients.selectors import clients_visible_to
from wijkteams.models import User
from wijkteams.selectors import Roles


def aid_calculations_for(
    *, user: User, client: Client, roles: Roles | None = None
) -> QuerySet[AidCalculation]:
    """The client's saved calculations, newest first, with what a list shows loaded (version,
    policy, who saved it). Empty when the user may not see the client."""
    return (
        AidCalculation.objects.filter(
            client=client, client__in=clients_visible_to(user, roles=roles)
        )
        .select_related("budget_version", "policy", "created_by")
        .order_by("-created_at", "-pk")
    )


def aid_calculation_get(
    *, user: User, client: Client, pk: int, roles: Roles | None = None
) -> AidCalculation:
    """One saved calculation of the client, or 404 (also when it belongs to another client)."""
    try:
        return aid_calculations_for(user=user, client=client, roles=roles).get(pk=pk)
    except AidCalculation.DoesNotExist:
        raise Http404 from None


def aid_calculation_latest_pk(
    *, user: User, client: Client, roles: Roles | None = None
) -> int | None:
    """The client's latest saved calculation (one query), or None."""
    return (
        aid_calculations_for(user=user, client=client, roles=roles)
        .values_list("pk", flat=True)
        .first()
    )


def aid_calculation_latest(
    *, user: User, client: Client, roles: Roles | None = None
) -> AidCalculation | None:
    """The client's latest saved calculation (one query), or None."""
    return aid_calculations_for(user=user, client=client, roles=roles).first()


def income_changes_since(
    *, calculation: AidCalculation, client: Client, today: dt.date
) -> IncomeChanges:
    """How the client file's incomes differ from those `calculation` (of `client`, a file the
    caller opened for the user) used, from its day up to today. Two queries (members,
    incomes), whatever the number of lines."""
    return income_changes(
        inputs=calculation.inputs,
        calculated_on=calculation.calculated_on,
        today=today,
        client=client,
        members=list(client.members.all()),
        incomes=list(client.incomes.all().order_by("pk")),
    )
