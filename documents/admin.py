"""The administrators' screen for the document types (Django admin). Documents themselves are
client data and never appear in the admin."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from documents.models import DocumentType
from wijkteams.admin import AdministratorAccess


@admin.register(DocumentType)
class DocumentTypeAdmin(AdministratorAccess, admin.ModelAdmin[DocumentType]):
    list_display = ["name_nl", "name_en", "expires", "is_active", "order"]
    list_editable = ["expires", "is_active", "order"]
    search_fields = ["name_nl", "name_en", "code"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A type in use stays (documents point to it); an unused one is switched off instead.
        return False
