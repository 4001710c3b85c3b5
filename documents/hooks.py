"""What documents adds to a client file, registered with clients (clients/registry.py) from
`DocumentsConfig.ready()`: the "Documents" tab, each trajectory's documents on the
Trajectories tab, the documents' table and their files in the GDPR export (documents/export.py)
and the anonymiser of closed files; and
the lists of documents that expire, on the worker's home and on the lead's team page
(wijkteams/registry.py)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from clients.access_log import access_log_record
from clients.gdpr import ANONYMISATION_ACTOR, Anonymisation
from clients.models import AccessLog, Debt, Trajectory
from clients.registry import (
    ExportSection,
    FileTab,
    TrajectorySection,
    anonymiser_register,
    caseload_panel_register,
    export_files_register,
    export_section_register,
    file_tab_register,
    trajectory_section_register,
)
from documents import selectors
from documents.export import export_files, export_path
from documents.log_actions import LOG_DELETED_AT_ANONYMISATION
from documents.models import Document
from documents.panels import expiry_context
from documents.storage import file_delete
from wijkteams.registry import page_section_register

if TYPE_CHECKING:
    from clients.views.common import ClientFile


def _anonymise(anonymisation: Anonymisation) -> None:
    """A document is the person's own paper (an identity card, a payslip): nothing of it can be
    kept without the person. The rows go, the stored files and their thumbnails once the
    transaction commits, and the access log says how many."""
    client = anonymisation.client
    documents = Document.objects.filter(client=client)
    stored = list(documents.values_list("storage_name", "thumbnail_name"))
    if not stored:
        return
    documents.delete()
    access_log_record(
        client=client,
        actor_label=ANONYMISATION_ACTOR,
        action=AccessLog.Action.CHANGE,
        what=LOG_DELETED_AT_ANONYMISATION,
        params={"count": len(stored)},
    )
    names = [name for pair in stored for name in pair if name]

    def delete_files() -> None:
        for name in names:
            file_delete(name)

    transaction.on_commit(delete_files)


@dataclass(frozen=True)
class TrajectoryDocuments:
    """A trajectory's documents on the Trajectories tab, and where to add one (None: read only)."""

    documents: list[Document]
    list_url: str  # the documents tab, where each document's line links to (#document-<pk>)
    add_url: str | None
    # (debt, where to add a document about it), for a debt-help trajectory that can change.
    debt_links: list[tuple[Debt, str]]


def _trajectory_documents(
    file: "ClientFile", trajectories: Sequence[Trajectory]
) -> dict[int, TrajectoryDocuments]:
    """One query for the documents of every trajectory on the page (the debts are prefetched
    by the tab). Whoever may edit the file sees its health data, as on the documents tab."""
    client = file.client
    documents = selectors.trajectory_documents(
        client=client, trajectory_ids=[t.pk for t in trajectories], health_data=file.can_edit
    )
    tab = reverse("documents:file_documents", args=[client.pk])
    can_add = file.can_edit and client.closed_on is None
    return {
        trajectory.pk: TrajectoryDocuments(
            documents=documents.get(trajectory.pk, []),
            list_url=tab,
            add_url=f"{tab}?traject={trajectory.pk}#toevoegen-titel" if can_add else None,
            debt_links=[
                (debt, f"{tab}?schuld={debt.pk}#toevoegen-titel") for debt in trajectory.debts.all()
            ]
            if can_add
            else [],
        )
        for trajectory in trajectories
    }


def _on_a_documents_page(request: HttpRequest, url: str) -> bool:
    match = request.resolver_match
    return match is not None and match.app_name == "documents"


def register() -> None:
    file_tab_register(
        FileTab(
            key="documents.documents",
            label=gettext_lazy("Documents"),
            url=lambda client: reverse("documents:file_documents", args=[client.pk]),
            order=45,
            active=_on_a_documents_page,
        )
    )
    trajectory_section_register(
        TrajectorySection(
            "documents.trajectory",
            "documents/trajectory_documents.html",
            _trajectory_documents,
        ),
        order=100,
    )
    export_section_register(
        ExportSection(
            "documents",
            Document._meta.label,
            "client",
            ("document_type", "member", "uploaded_by", "withdrawn_by"),
            # Where the document's file is in the export's ZIP (empty once withdrawn).
            shown=(("export_file", export_path),),
        ),
        order=150,
    )
    export_files_register("documents", export_files, order=150)
    anonymiser_register("documents", _anonymise, order=150)
    # The documents that expire soon or have expired: on the worker's home, before the rights
    # panel (an expired card is work for this week), and on the lead's team page.
    caseload_panel_register(
        template="documents/my_cases_expiring.html",
        order=50,
        context=expiry_context("assigned"),
    )
    page_section_register(
        page="my_team",
        template="documents/my_team_expiring.html",
        order=150,
        context=expiry_context("led"),
    )
