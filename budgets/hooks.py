"""What budgets adds to a client file, registered with clients (clients/registry.py), with
the configuration page (wijkteams/registry.py) and with the procedure (procedure/registry.py)
from `BudgetsConfig.ready()`: the "Financial aid" tab, the calculations and decisions in the
GDPR export and their anonymisation, the undecided proposals that keep a file from closing, the
budget links for administrators, and supplementary aid in the procedure: a proposal of that
kind rests on a saved calculation, and the aid proposal follows the request's decision and
withdrawal."""

from django.db import connection
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.models import CALCULATION_LINK, SUPPLEMENTARY_AID, AidCalculation, AidDecision
from budgets.services.decisions import aid_decision_follow, aid_decision_request_withdrawn
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
from core.formats import amount_text
from procedure.models import Decision, Request
from procedure.registry import (
    BasisChoice,
    ProposalBasis,
    decision_listener_register,
    proposal_basis_register,
    withdrawal_listener_register,
)
from wijkteams.registry import page_section_register


def _on_a_budgets_page(request: HttpRequest, url: str) -> bool:
    """Every page of the file's aid (a calculation, a decision) is under the tab."""
    match = request.resolver_match
    return match is not None and match.app_name == "budgets"


def _anonymise(anonymisation: Anonymisation) -> None:
    """The snapshots keep their amounts, ages and relations; names and the worker's free-text
    reasons go. PostgreSQL refuses any change to a saved calculation unless this transaction
    says it is anonymising (budgets migration 0004), and then only to `inputs` and `note`.
    Decisions lose their motivations."""
    client, placeholder = anonymisation.client, anonymisation.placeholder
    calculations = list(AidCalculation.objects.filter(client=client))
    for calculation in calculations:
        inputs = anonymisation.scrub(calculation.inputs)
        # Each person gets the new name of the file's row it came from (a removed member: none).
        inputs["persons"] = [
            {**person, "name": anonymisation.names.get(person.get("key", ""), placeholder)}
            for person in inputs.get("persons", [])
        ]
        inputs["reasons"] = dict.fromkeys(inputs.get("reasons", {}), placeholder)
        calculation.inputs = inputs
        calculation.note = placeholder if calculation.note else ""
    if calculations:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Transaction-local (SET LOCAL), and switched off again right after the update.
                cursor.execute("SELECT set_config('ocmw.anonymising', 'on', true)")
            AidCalculation.objects.bulk_update(calculations, ["inputs", "note"])
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config('ocmw.anonymising', 'off', true)")
    AidDecision.objects.filter(client=client).update(
        motivation=placeholder,
        activation_commitment=anonymisation.blank_or("activation_commitment"),
        exemption_reason=anonymisation.blank_or("exemption_reason"),
        decision_motivation=anonymisation.blank_or("decision_motivation"),
    )


def _undecided_proposals(client: Client) -> list[str]:
    return [
        _("the aid proposal of %(proposed)s, not decided yet")
        % {"proposed": f"{timezone.localtime(proposed_at):%d/%m/%Y}"}
        for proposed_at in AidDecision.objects.filter(
            client=client, status=AidDecision.Status.PROPOSED
        )
        .order_by("proposed_at", "pk")
        .values_list("proposed_at", flat=True)
    ]


def _calculation_choices(client: Client) -> list[BasisChoice]:
    """The client's saved calculations, newest first: what a proposal of supplementary aid rests
    on, suggesting the aid the calculation found."""
    return [
        BasisChoice(
            id=pk,
            label=_("calculation of %(day)s: € %(amount)s per month")
            % {"day": f"{calculated_on:%d/%m/%Y}", "amount": amount_text(proposed_aid)},
            amount=proposed_aid,
        )
        for pk, calculated_on, proposed_aid in AidCalculation.objects.filter(client=client)
        .order_by("-created_at", "-pk")
        .values_list("pk", "calculated_on", "proposed_aid")
    ]


def _calculation_url(client: Client, pk: int) -> str:
    return reverse("budgets:calculation_detail", args=[client.pk, pk])


def _follow_decision(decision: Decision) -> None:
    aid_decision_follow(decision=decision)


def _follow_withdrawal(request: Request) -> None:
    aid_decision_request_withdrawn(request=request)


def register() -> None:
    file_tab_register(
        FileTab(
            key="budgets.aid",
            label=gettext_lazy("Financial aid"),
            url=lambda client: reverse("budgets:file_aid", args=[client.pk]),
            order=50,
            active=_on_a_budgets_page,
        )
    )
    export_section_register(
        ExportSection(
            "aid_calculations",
            AidCalculation._meta.label,
            "client",
            ("created_by", "budget_version", "policy"),
        ),
        order=100,
    )
    export_section_register(
        ExportSection(
            "aid_decisions", AidDecision._meta.label, "client", ("proposed_by", "decided_by")
        ),
        order=110,
    )
    anonymiser_register("budgets", _anonymise, order=100)
    closing_blocker_register("budgets.undecided_proposals", _undecided_proposals, order=100)
    page_section_register(
        page="configuration", template="budgets/configuration_section.html", order=100
    )
    proposal_basis_register(
        ProposalBasis(
            kind_code=SUPPLEMENTARY_AID,
            link_code=CALCULATION_LINK,
            label=gettext_lazy("Aid calculation"),
            choices=_calculation_choices,
            url=_calculation_url,
        )
    )
    decision_listener_register("budgets.aid_decision", _follow_decision)
    withdrawal_listener_register("budgets.aid_decision", _follow_withdrawal)
