"""The administrators' screens for the organisation (Django admin, in Dutch)."""

from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteams.forms import AreaAdminForm, MembershipAdminForm
from wijkteams.models import Area, Location, Membership, User, Wijkteam
from wijkteams.permissions import acting_user
from wijkteams.two_factor.services import two_factor_reset


class AdministratorAccess:
    """Administrators (active staff) manage the organisation without per-model permissions.

    The role is `is_staff`, not a set of Django permissions to keep in sync; client models are
    never registered in the admin, so this gives no access to client files.
    """

    def _is_administrator(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_administrator(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_administrator(request)


class LabelledInlineFormSet(BaseInlineFormSet):  # type: ignore[type-arg]  # any model's rows
    """A tabular inline shows its labels once, as column headings, so no field in a row has a
    label of its own: each widget is named after its column, for screen readers and axe."""

    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        for field in form.fields.values():
            # A related field's select sits inside the admin's wrapper with its add/change links.
            widget = field.widget
            while widget is not None and field.label:
                widget.attrs.setdefault("aria-label", str(field.label))
                widget = getattr(widget, "widget", None)


class MembershipInline(AdministratorAccess, admin.TabularInline[Membership, Wijkteam]):
    model = Membership
    form = MembershipAdminForm
    formset = LabelledInlineFormSet
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "team", "role", "starts_on", "ends_on"]


class UserMembershipInline(AdministratorAccess, admin.TabularInline[Membership, User]):
    model = Membership
    form = MembershipAdminForm
    formset = LabelledInlineFormSet
    extra = 0
    fields = ["team", "role", "starts_on", "ends_on"]


class LocationInline(AdministratorAccess, admin.TabularInline[Location, Wijkteam]):
    model = Location
    formset = LabelledInlineFormSet
    extra = 0
    fields = ["name", "street", "house_number", "postcode", "municipality", "is_active"]


@admin.register(Wijkteam)
class WijkteamAdmin(AdministratorAccess, admin.ModelAdmin[Wijkteam]):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    inlines = [LocationInline, MembershipInline]


@admin.register(Location)
class LocationAdmin(AdministratorAccess, admin.ModelAdmin[Location]):
    list_display = [
        "name",
        "team",
        "street",
        "house_number",
        "postcode",
        "municipality",
        "is_active",
    ]
    list_filter = ["team", "is_active"]
    list_select_related = ["team"]
    search_fields = ["name", "street", "postcode", "municipality"]


@admin.register(Area)
class AreaAdmin(AdministratorAccess, admin.ModelAdmin[Area]):
    form = AreaAdminForm
    list_display = ["postcode", "municipality", "street", "number_from", "number_to", "team"]
    list_filter = ["team", "postcode"]
    list_select_related = ["team"]
    search_fields = ["postcode", "street", "municipality"]


@admin.register(Membership)
class MembershipAdmin(AdministratorAccess, admin.ModelAdmin[Membership]):
    form = MembershipAdminForm
    list_display = ["user", "team", "role", "starts_on", "ends_on"]
    list_filter = ["team", "role"]
    list_select_related = ["user", "team"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    date_hierarchy = "starts_on"


class UserAdminForm(UserChangeForm[User]):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # An administrator configures the organisation; the officer checks who read client
        # files. One person holding both would check their own access rights.
        if data.get("is_staff") and data.get("is_data_protection_officer"):
            self.add_error(
                "is_data_protection_officer",
                _("An administrator (staff) cannot also be the data protection officer."),
            )
        return data


@admin.register(User)
class UserAdmin(AdministratorAccess, BaseUserAdmin[User]):
    form = UserAdminForm
    inlines = [UserMembershipInline]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_data_protection_officer",
        "is_active",
    ]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (
            _("Access"),
            {
                "fields": ("is_active", "is_staff", "is_superuser", "is_data_protection_officer"),
                "description": _(
                    "Administrators (staff) configure the organisation, budgets and rights. "
                    "They see no client files. Social workers and team leads get their role "
                    "through a membership below."
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    # Superuser status only comes from `createsuperuser` on the server, never from this screen.
    readonly_fields = ["is_superuser", "last_login", "date_joined"]
    actions = ["reset_two_factor"]

    @admin.action(
        description=_("Reset two-factor login (lost phone: a new app at the next page)"),
        permissions=["change"],
    )
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor = acting_user(request)
        users = list(queryset)
        for user in users:
            two_factor_reset(actor=actor, user=user)
        self.message_user(
            request,
            ngettext(
                "The two-factor login of %(count)d user was reset.",
                "The two-factor login of %(count)d users was reset.",
                len(users),
            )
            % {"count": len(users)},
        )

    def get_inline_instances(
        self, request: HttpRequest, obj: User | None = None
    ) -> list[admin.options.InlineModelAdmin]:  # type: ignore[type-arg]  # generic in the stubs only
        # Memberships need a saved user; show them from the change page on.
        return super().get_inline_instances(request, obj) if obj else []


# django-otp's device screens would let an administrator add backup codes or an app for someone
# else; the "reset two-factor login" action above is the only way administrators touch devices.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


# Login lockouts (django-axes): administrators see who is locked out and lift a lockout by
# deleting the attempts. Attempts are recorded by axes only, never added or edited by hand.
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockoutAdmin(AdministratorAccess, AccessAttemptAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
