"""What the gpmi part of integration registers with the lower apps (called from hooks.py): the
contracts and evaluations in the GDPR export, their free text anonymised, and the evaluations
overdue or due soon on the worker's home and the lead's team page."""

from clients.gdpr import Anonymisation
from clients.registry import (
    ExportSection,
    anonymiser_register,
    caseload_panel_register,
    export_section_register,
)
from integration.models import GpmiContract, GpmiEvaluation
from integration.views.gpmi import due_context
from wijkteams.registry import page_section_register


def _anonymise(anonymisation: Anonymisation) -> None:
    """The dates, signatures and whether each evaluation was held in person stay (they show the
    law was followed); what the project and its reports say about the person goes."""
    client = anonymisation.client
    GpmiContract.objects.filter(client=client).update(
        goals=anonymisation.placeholder,
        client_commitments=anonymisation.placeholder,
        ocmw_commitments=anonymisation.placeholder,
    )
    GpmiEvaluation.objects.filter(contract__client=client).update(
        report=anonymisation.blank_or("report"), note=anonymisation.blank_or("note")
    )


def register() -> None:
    export_section_register(
        ExportSection(
            "gpmi_contracts",
            GpmiContract._meta.label,
            "client",
            ("signed_for_ocmw_by", "created_by"),
        ),
        order=170,
    )
    export_section_register(
        ExportSection(
            "gpmi_evaluations", GpmiEvaluation._meta.label, "contract__client", ("recorded_by",)
        ),
        order=171,
    )
    anonymiser_register("integration.gpmi", _anonymise, order=161)
    # After the procedure's deadlines (40): a legal deadline first, then these evaluations.
    caseload_panel_register(
        template="integration/gpmi_my_cases.html", order=45, context=due_context("assigned")
    )
    page_section_register(
        page="my_team",
        template="integration/gpmi_my_team.html",
        order=145,
        context=due_context("led"),
    )
