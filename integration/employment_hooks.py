"""What the employment part of integration registers with the lower apps (called from hooks.py):
the art. 60 contracts in the GDPR export and their free text anonymised, and a contract not yet
over keeps the file from closing."""

from django.utils import timezone
from django.utils.translation import gettext as _

from clients.gdpr import Anonymisation
from clients.models import Client
from clients.registry import (
    ExportSection,
    anonymiser_register,
    closing_blocker_register,
    export_section_register,
)
from integration.models import Art60Contract


def _anonymise(anonymisation: Anonymisation) -> None:
    """The employer, dates, hours and amounts stay (the figures per month need them); what the
    worker wrote about the person goes."""
    Art60Contract.objects.filter(client=anonymisation.client).update(
        note=anonymisation.blank_or("note"), end_reason=anonymisation.blank_or("end_reason")
    )


def _running_contracts(client: Client) -> list[str]:
    """An art. 60 contract running or still to start keeps the file open: the OCMW is the
    employer (art. 60 §7 organic law of 8 July 1976); end it early (with its reason) first."""
    today = timezone.localdate()
    lines = []
    for contract in Art60Contract.objects.filter(client=client).select_related("employer"):
        last_day = contract.ended_early_on or contract.ends_on
        if last_day >= today:
            lines.append(
                _("the art. 60 contract as %(job)s at %(employer)s until %(day)s")
                % {
                    "job": contract.job_title,
                    "employer": contract.employer.name,
                    "day": f"{last_day:%d/%m/%Y}",
                }
            )
    return lines


def register() -> None:
    export_section_register(
        ExportSection(
            "art60_contracts", Art60Contract._meta.label, "client", ("employer", "created_by")
        ),
        order=180,
    )
    anonymiser_register("integration.art60", _anonymise, order=162)
    closing_blocker_register("integration.running_art60", _running_contracts, order=162)
