"""What rights adds to a client file, registered with clients (clients/registry.py) from
`RightsConfig.ready()`: the "Rights" tab, the rights register, flags and notes in the GDPR
export and their anonymisation, and the open flags on the worker's home."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from clients.gdpr import Anonymisation
from clients.models import Client
from clients.registry import (
    ExportSection,
    FileTab,
    anonymiser_register,
    caseload_panel_register,
    export_section_register,
    file_tab_register,
)
from integration.registry import RightToUseFirst, first_to_use_register
from rights.models import (
    ClientRight,
    ClientScanState,
    DataMissingNote,
    FlagEvent,
    NonTakeUpFlag,
)


def _anonymise(anonymisation: Anonymisation) -> None:
    """Evidence, reasons and notes go; the explanations keep their facts but lose every old
    name, number and contact datum quoted in them."""
    client = anonymisation.client
    ClientRight.objects.filter(client=client).update(evidence=anonymisation.blank_or("evidence"))
    anonymisation.scrub_json(NonTakeUpFlag, field="explanation")
    NonTakeUpFlag.objects.filter(client=client).update(
        close_reason=anonymisation.blank_or("close_reason")
    )
    FlagEvent.objects.filter(flag__client=client).update(note=anonymisation.blank_or("note"))
    # The explanations the scan replaced, kept in the flag's history.
    anonymisation.scrub_json(FlagEvent, field="previous_explanation", client_path="flag__client")
    anonymisation.scrub_json(DataMissingNote, field="explanation")


def _rights_to_use_first(client: Client) -> list[RightToUseFirst]:
    """The client's open non-take-up flags, for a leefloon request's eligibility check."""
    url = reverse("rights:file_rights", args=[client.pk])
    return [
        RightToUseFirst(name=flag.right.name, status=flag.get_status_display(), url=url)
        for flag in NonTakeUpFlag.objects.filter(
            client=client, status__in=NonTakeUpFlag.OPEN_STATUSES
        )
        .select_related("right")
        .order_by("right__order", "pk")
    ]


def register() -> None:
    first_to_use_register(_rights_to_use_first)
    file_tab_register(
        FileTab(
            key="rights.rights",
            label=gettext_lazy("Rights"),
            url=lambda client: reverse("rights:file_rights", args=[client.pk]),
            order=60,
        )
    )
    sections = (
        ExportSection(
            "rights_register", ClientRight._meta.label, "client", ("right", "recorded_by")
        ),
        ExportSection("non_take_up_flags", NonTakeUpFlag._meta.label, "client", ("right",)),
        ExportSection("flag_events", FlagEvent._meta.label, "flag__client", ("actor",)),
        ExportSection("data_missing_notes", DataMissingNote._meta.label, "client", ("right",)),
        # What the scan kept of its last evaluation that changed nothing: a digest and dates.
        ExportSection("scan_state", ClientScanState._meta.label, "client"),
    )
    for order, section in enumerate(sections, start=200):
        export_section_register(section, order=order)
    anonymiser_register("rights", _anonymise, order=200)
    caseload_panel_register(template="rights/my_cases_non_take_up.html", order=100)
