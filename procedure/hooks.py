"""What procedure adds to a client file, registered with clients (clients/registry.py) from
`ProcedureConfig.ready()`: the "Requests" tab, the requests and every step of them (forwarding,
inquiry, proposal, decision, notification, appeal, documents) in the GDPR export, their
anonymisation, the open requests that keep a file from closing, and the link
to the request register on the lead's team page (wijkteams/registry.py)."""

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
    caseload_panel_register,
    closing_blocker_register,
    export_section_register,
    file_tab_register,
)
from procedure.models import (
    AgendaItem,
    Appeal,
    Decision,
    Forwarding,
    Inquiry,
    LifeDomain,
    Notification,
    Proposal,
    Request,
    RequestDocument,
)
from procedure.panels import deadline_context
from wijkteams.registry import page_section_register


def _on_a_procedure_page(request: HttpRequest, url: str) -> bool:
    match = request.resolver_match
    return match is not None and match.app_name == "procedure"


def _anonymise(anonymisation: Anonymisation) -> None:
    """The register keeps what was asked, when and how it went (figures per month need it);
    the applicant's words and the reasons go, as budgets' motivations do (nothing is deleted,
    so no access-log row of its own: the file's anonymisation row says it)."""
    client = anonymisation.client
    Request.objects.filter(client=client).update(
        own_words=anonymisation.blank_or("own_words"),
        withdrawal_reason=anonymisation.blank_or("withdrawal_reason"),
    )
    Forwarding.objects.filter(request__client=client).update(reason=anonymisation.placeholder)
    # The inquiry's findings, and the motivations (which name the person's situation), go; the
    # outcomes, amounts, dates and who decided stay.
    Inquiry.objects.filter(request__client=client).update(
        **{
            f"findings_{domain}": anonymisation.blank_or(f"findings_{domain}")
            for domain in LifeDomain.values
        }
    )
    Proposal.objects.filter(request__client=client).update(motivation=anonymisation.placeholder)
    Decision.objects.filter(request__client=client).update(motivation=anonymisation.placeholder)
    Appeal.objects.filter(request__client=client).update(note=anonymisation.blank_or("note"))
    AgendaItem.objects.filter(request__client=client).update(
        reason=anonymisation.blank_or("reason")
    )
    # The documents' anonymiser (after this one) deletes the file's documents, the letters sent
    # among them: the notification keeps that it was sent, not the letter. (The links of the
    # request to its documents go with the documents.)
    Notification.objects.filter(request__client=client).update(letter=None)


def _open_requests(client: Client) -> list[str]:
    """The requests still waiting for the OCMW: not decided yet, or decided and not notified
    (the 8 days to notify run on; a closed file would refuse the notification)."""
    blockers = []
    for request in (
        Request.objects.filter(
            client=client, state__in=[*Request.OPEN_STATES, Request.State.DECIDED]
        )
        .select_related("kind")
        .order_by("received_on", "pk")
    ):
        values = {"kind": request.kind.name.lower(), "received": f"{request.received_on:%d/%m/%Y}"}
        if request.state == Request.State.DECIDED:
            blockers.append(
                _(
                    "the decision on the request for %(kind)s received on %(received)s, "
                    "not notified yet"
                )
                % values
            )
        else:
            blockers.append(
                _("the request for %(kind)s received on %(received)s, not decided yet") % values
            )
    return blockers


def register() -> None:
    file_tab_register(
        FileTab(
            key="procedure.requests",
            label=gettext_lazy("Requests"),
            url=lambda client: reverse("procedure:file_requests", args=[client.pk]),
            order=42,
            active=_on_a_procedure_page,
        )
    )
    export_section_register(
        ExportSection(
            "requests",
            Request._meta.label,
            "client",
            ("kind", "received_by", "withdrawn_by"),
        ),
        order=140,
    )
    export_section_register(
        ExportSection("forwardings", Forwarding._meta.label, "request__client", ("forwarded_by",)),
        order=141,
    )
    for order, section in enumerate(
        [
            ExportSection("inquiries", Inquiry._meta.label, "request__client", ("written_by",)),
            ExportSection("proposals", Proposal._meta.label, "request__client", ("proposed_by",)),
            ExportSection(
                "decisions", Decision._meta.label, "request__client", ("decided_by", "proposed_by")
            ),
            ExportSection(
                "notifications", Notification._meta.label, "request__client", ("recorded_by",)
            ),
            ExportSection("appeals", Appeal._meta.label, "request__client", ("recorded_by",)),
            # Which of the file's documents (exported with their files) belong to which request.
            ExportSection("request_documents", RequestDocument._meta.label, "request__client"),
            # The committee's items on the client's requests: result and reason.
            ExportSection(
                "agenda_items", AgendaItem._meta.label, "request__client", ("recorded_by",)
            ),
        ],
        start=142,
    ):
        export_section_register(section, order=order)
    # Before the documents' anonymiser (150), which deletes the letters a notification names.
    anonymiser_register("procedure", _anonymise, order=140)
    closing_blocker_register("procedure.open_requests", _open_requests, order=50)
    page_section_register(
        page="my_team", template="procedure/my_team_register_link.html", order=105
    )
    # The decisions and notifications due soon or late: on the worker's home, first (a legal
    # deadline is this week's work before an expiring document), and on the lead's team page.
    caseload_panel_register(
        template="procedure/my_cases_deadlines.html", order=40, context=deadline_context("assigned")
    )
    page_section_register(
        page="my_team",
        template="procedure/my_team_deadlines.html",
        order=140,
        context=deadline_context("led"),
    )
