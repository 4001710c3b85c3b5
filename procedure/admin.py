"""The administrators' screen for the kinds of help (Django admin). Requests themselves are
client data and never appear in the admin."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from procedure.models import RequestKind
from wijkteams.admin import AdministratorAccess


@admin.register(RequestKind)
class RequestKindAdmin(AdministratorAccess, admin.ModelAdmin[RequestKind]):
    list_display = ["name_nl", "name_en", "code", "is_active", "order"]
    list_editable = ["is_active", "order"]
    search_fields = ["name_nl", "name_en", "code"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A kind in use stays (requests point to it); an unused one is switched off instead.
        return False
