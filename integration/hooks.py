"""What integration adds to a client file (clients/registry.py), to the procedure
(procedure/registry.py) and to the team page (wijkteams/registry.py), registered from
`IntegrationConfig.ready()`: the "Leefloon" tab, then what each topic adds."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clients.gdpr import Anonymisation
from clients.models import Client
from clients.registry import (
    ExportSection,
    FileTab,
    anonymiser_register,
    closing_blocker_register,
    export_section_register,
    file_tab_register,
)
from integration import eligibility_hooks, employment_hooks, gpmi_hooks, grants_hooks
from integration.models import Eligibility, GrantAmount, LeefloonCalculation, LeefloonGrant


def _on_an_integration_page(request: HttpRequest, url: str) -> bool:
    match = request.resolver_match
    return match is not None and match.app_name == "integration"


def _anonymise(anonymisation: Anonymisation) -> None:
    """The amounts, categories and dates stay (the figures per month need them); the worker's
    free text about the person goes. A calculation's inputs hold amounts and kinds of income,
    keyed by row ids, never names."""
    client = anonymisation.client
    Eligibility.objects.filter(request__client=client).update(
        actual_residence_note=anonymisation.blank_or("actual_residence_note"),
        work_willingness_note=anonymisation.blank_or("work_willingness_note"),
        other_rights_note=anonymisation.blank_or("other_rights_note"),
    )
    LeefloonCalculation.objects.filter(client=client).update(
        category_motivation=anonymisation.blank_or("category_motivation"),
        note=anonymisation.blank_or("note"),
    )
    LeefloonGrant.objects.filter(client=client).update(
        end_reason=anonymisation.blank_or("end_reason")
    )


def _running_leefloons(client: Client) -> list[str]:
    """A leefloon not ended keeps the file open: end it (with its reason) first."""
    return [
        _("the leefloon granted from %(day)s, not ended") % {"day": f"{starts_on:%d/%m/%Y}"}
        for starts_on in LeefloonGrant.objects.filter(client=client, ended_on__isnull=True)
        .order_by("starts_on", "pk")
        .values_list("starts_on", flat=True)
    ]


def register() -> None:
    file_tab_register(
        FileTab(
            key="integration.leefloon",
            label=gettext_lazy("Leefloon"),
            url=lambda client: reverse("integration:file_leefloon", args=[client.pk]),
            order=44,
            active=_on_an_integration_page,
        )
    )
    for order, section in enumerate(
        [
            ExportSection(
                "leefloon_eligibility", Eligibility._meta.label, "request__client", ("checked_by",)
            ),
            ExportSection(
                "leefloon_calculations",
                LeefloonCalculation._meta.label,
                "client",
                ("created_by", "scale"),
            ),
            ExportSection("leefloons", LeefloonGrant._meta.label, "client"),
            ExportSection("leefloon_amounts", GrantAmount._meta.label, "grant__client", ("scale",)),
        ],
        start=160,
    ):
        export_section_register(section, order=order)
    anonymiser_register("integration", _anonymise, order=160)
    closing_blocker_register("integration.running_leefloons", _running_leefloons, order=160)
    # Each topic registers its own part (proposal basis, decision listener, panels, export).
    for topic in (eligibility_hooks, grants_hooks, gpmi_hooks, employment_hooks):
        topic.register()
