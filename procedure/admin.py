"""The administrators' screens for the kinds of help, the council's delegations and, to read,
the committee's sessions (Django admin). Requests themselves are client data and never appear
in the admin; nor do a session's agenda and minutes, which speak of clients."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from procedure.models import CommitteeSession, Delegation, RequestKind
from wijkteams.admin import AdministratorAccess


@admin.register(RequestKind)
class RequestKindAdmin(AdministratorAccess, admin.ModelAdmin[RequestKind]):
    list_display = ["name_nl", "name_en", "code", "is_active", "order"]
    list_editable = ["is_active", "order"]
    search_fields = ["name_nl", "name_en", "code"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A kind in use stays (requests point to it); an unused one is switched off instead.
        return False


@admin.register(Delegation)
class DelegationAdmin(AdministratorAccess, admin.ModelAdmin[Delegation]):
    """Who decides instead of the committee, per kind of help and amount (procedure.routing
    reads it when a proposal is submitted; a proposal keeps the decider it was routed to)."""

    list_display = ["kind", "decider", "up_to_amount", "covers_refusals"]
    list_filter = ["decider", "covers_refusals"]
    list_select_related = ["kind"]
    fields = ["kind", "decider", "up_to_amount", "covers_refusals"]


@admin.register(CommitteeSession)
class CommitteeSessionAdmin(AdministratorAccess, admin.ModelAdmin[CommitteeSession]):
    """The sessions as team leads planned them, to look up; only the place may be corrected.
    Planning, the agenda, the results and the closing go through the services (logged)."""

    list_display = ["held_on", "place", "state", "chair", "created_by"]
    list_filter = ["state"]
    list_select_related = ["chair", "created_by"]
    date_hierarchy = "held_on"
    fields = ["held_on", "place", "state", "chair", "members", "created_by", "created_at"]
    readonly_fields = ["held_on", "state", "chair", "members", "created_by", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
