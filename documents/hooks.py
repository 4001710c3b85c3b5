"""What documents adds to a client file, registered with clients (clients/registry.py) from
`DocumentsConfig.ready()`: the "Documents" tab and the documents' table in the GDPR export
(the rows; the files themselves are not in the export yet)."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from clients.registry import ExportSection, FileTab, export_section_register, file_tab_register
from documents.models import Document


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
    export_section_register(
        ExportSection(
            "documents",
            Document._meta.label,
            "client",
            ("document_type", "member", "uploaded_by", "withdrawn_by"),
        ),
        order=150,
    )
