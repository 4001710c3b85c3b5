"""Reads of saved aid calculations, always through the clients the user may see."""

from django.db.models import QuerySet
from django.http import Http404

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
