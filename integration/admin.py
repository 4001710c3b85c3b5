"""The administrator's part of integration: art. 60 employers, in the Django admin as the other
reference data (kinds of help, document types). An employer with contracts stays (contracts
point to it); one no longer used is switched off instead. The leefloon amounts have their own
pages (draft, preview of what an indexation changes, publish)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from integration.models import Employer
from wijkteams.admin import AdministratorAccess


@admin.register(Employer)
class EmployerAdmin(AdministratorAccess, admin.ModelAdmin[Employer]):
    list_display = ("name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    list_editable = ("is_active",)
    search_fields = ("name",)
    fields = ("name", "kind", "address", "contact", "is_active")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
