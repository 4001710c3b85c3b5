"""What the eligibility part of integration registers with the lower apps (called from hooks.py):
the proposal basis of a leefloon request (procedure/registry.py): a proposal to grant a
leefloon rests on a saved leefloon calculation of that request, and suggests its monthly
amount."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clients.models import Client
from core.dates import date_text
from core.formats import amount_text
from integration.models import CALCULATION_LINK, LEEFLOON_KIND, LeefloonCalculation
from procedure.models import Request
from procedure.registry import BasisChoice, ProposalBasis, proposal_basis_register


def _calculation_choices(client: Client) -> list[BasisChoice]:
    """The client's saved leefloon calculations, newest first, each naming its request."""
    return [
        BasisChoice(
            id=pk,
            label=_(
                "calculation of %(day)s for the request of %(received)s: € %(amount)s per month"
            )
            % {
                "day": date_text(timezone.localdate(created_at)),
                "received": date_text(received_on),
                "amount": amount_text(monthly_amount),
            },
            amount=monthly_amount,
        )
        for pk, created_at, received_on, monthly_amount in LeefloonCalculation.objects.filter(
            client=client
        )
        .order_by("-created_at", "-pk")
        .values_list("pk", "created_at", "request__received_on", "monthly_amount")
    ]


def _calculation_fits(request: Request, pk: int) -> str:
    """A leefloon is granted on a calculation of its own request (services/grants.py): one of
    another request of the client is refused when proposing, not only when deciding."""
    if LeefloonCalculation.objects.filter(pk=pk, request=request).exists():
        return ""
    return _(
        "This calculation was made for another request of the client: choose one of this "
        "request, or make its calculation first."
    )


def _calculation_url(client: Client, pk: int) -> str:
    return reverse("integration:calculation_detail", args=[client.pk, pk])


def register() -> None:
    proposal_basis_register(
        ProposalBasis(
            kind_code=LEEFLOON_KIND,
            link_code=CALCULATION_LINK,
            label=gettext_lazy("Leefloon calculation"),
            choices=_calculation_choices,
            url=_calculation_url,
            fits=_calculation_fits,
        )
    )
