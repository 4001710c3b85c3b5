"""The administrators' screens for the organisation (Django admin, in Dutch)."""

from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UsernameField
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteams.accounts.services import (
    EnrolmentIssued,
    account_create,
    account_reset,
    account_update,
    mail_configured,
    membership_delete,
    membership_save,
)
from wijkteams.forms import AreaAdminForm, MembershipAdminForm
from wijkteams.models import Area, Location, Membership, User, Wijkteam
from wijkteams.permissions import acting_user


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


class MembershipLogging:
    """Team roles edited in an inline are saved and deleted through the services, which log
    them in the account log."""

    def save_formset(
        self,
        request: HttpRequest,
        form: Any,
        formset: Any,
        change: bool,
    ) -> None:
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)  # type: ignore[misc]  # ModelAdmin's
            return
        actor = acting_user(request)
        memberships = formset.save(commit=False)
        for membership in formset.deleted_objects:
            membership_delete(actor=actor, membership=membership)
        for membership in memberships:
            membership_save(actor=actor, membership=membership)


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
class WijkteamAdmin(MembershipLogging, AdministratorAccess, admin.ModelAdmin[Wijkteam]):
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

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        membership_save(actor=acting_user(request), membership=obj)

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        membership_delete(actor=acting_user(request), membership=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        actor = acting_user(request)
        for membership in queryset.select_related("user", "team"):
            membership_delete(actor=actor, membership=membership)


class UserAdminForm(forms.ModelForm[User]):
    """An account's details and roles. No password: administrators never set one (a reset
    sends the person an enrolment link)."""

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "is_staff",
            "is_data_protection_officer",
            "is_committee_member",
        ]
        field_classes = {"username": UsernameField}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # An administrator configures the organisation; the officer checks who read client
        # files. One person holding both would check their own access rights.
        if data.get("is_staff") and data.get("is_data_protection_officer"):
            self.add_error(
                "is_data_protection_officer",
                _("An administrator (staff) cannot also be the data protection officer."),
            )
        # Either role is all an account is (wijkteams.selectors.roles_for): the committee's
        # agenda would stay closed to it.
        if data.get("is_committee_member") and (
            data.get("is_staff") or data.get("is_data_protection_officer")
        ):
            self.add_error(
                "is_committee_member",
                _(
                    "An administrator or the data protection officer cannot also be a member "
                    "of the committee."
                ),
            )
        return data


class UserAddForm(UserAdminForm):
    """A new account, saved without a usable password (wijkteams.accounts.services)."""

    class Meta(UserAdminForm.Meta):
        fields = ["username", "first_name", "last_name", "email"]


ENROLMENT_HELP = _(
    "Administrators never choose a password. The action to reset an account makes its password "
    "and two-factor login unusable and gives the person a one-time enrolment link, with which "
    "they choose a password and set up a new app (mailed when mail is set up, else shown to "
    "you once)."
)


@admin.register(User)
class UserAdmin(MembershipLogging, AdministratorAccess, BaseUserAdmin[User]):
    form = UserAdminForm
    add_form = UserAddForm
    add_form_template = "admin/change_form.html"
    change_form_template = "admin/wijkteams/user/change_form.html"
    inlines = [UserMembershipInline]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_data_protection_officer",
        "is_committee_member",
        "is_active",
    ]
    fieldsets = (
        (None, {"fields": ("username",), "description": ENROLMENT_HELP}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (
            _("Access"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "is_data_protection_officer",
                    "is_committee_member",
                ),
                "description": _(
                    "Administrators (staff) configure the organisation, budgets and rights. "
                    "They see no client files. Committee members see the pseudonymised agenda "
                    "of the sessions they sit in, no client file either. Social workers and "
                    "team leads get their role through a membership below."
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "fields": ("username", "first_name", "last_name", "email"),
                "description": _(
                    "The new account has no password. Save it, then reset it to send the "
                    "person an enrolment link."
                ),
            },
        ),
    )
    # Superuser status only comes from `createsuperuser` on the server, never from this screen.
    readonly_fields = ["is_superuser", "last_login", "date_joined"]
    actions = ["send_enrolment_link"]

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Django's "change password" screen: refused. A password is the person's alone."""
        raise PermissionDenied

    def get_urls(self) -> list[URLPattern]:
        confirm = path(
            "<path:object_id>/inschrijflink/",
            self.admin_site.admin_view(self.enrolment_link_confirm),
            name="wijkteams_user_enrolment_link",
        )
        return [confirm, *super().get_urls()]

    def enrolment_link_confirm(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The change page's button: the action's confirmation, for this one account."""
        user = self.get_object(request, unquote(object_id))
        if user is None:
            raise Http404
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        response = self.send_enrolment_link(request, User.objects.filter(pk=user.pk))
        assert response is not None  # noqa: S101  # a GET is never confirmed
        return response

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        actor = acting_user(request)
        if change:
            account_update(actor=actor, user=obj)
        else:
            account_create(actor=actor, user=obj)

    @admin.action(
        description=_("Reset and send an enrolment link (new password and new app)"),
        permissions=["change"],
    )
    def send_enrolment_link(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> TemplateResponse | None:
        """First a confirmation page; once confirmed, each account is reset and its link
        mailed or shown here, once (the page is not stored: no-store, and only a hash of the
        token is kept)."""
        users = list(queryset.order_by("username"))
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "users": users,
            "mail": mail_configured(),
            "hours": settings.ACCOUNT_ENROLMENT_HOURS,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        if request.method != "POST" or request.POST.get("post") != "yes":
            context["title"] = _("Reset and send an enrolment link?")
            return TemplateResponse(request, "admin/wijkteams/user/enrolment_confirm.html", context)
        actor = acting_user(request)

        def link_url(token: str) -> str:
            return request.build_absolute_uri(reverse("wijkteams:enrolment", args=[token]))

        issued: list[EnrolmentIssued] = [
            account_reset(actor=actor, user=user, link_url=link_url) for user in users
        ]
        if any(not item.mailed_to for item in issued) and mail_configured():
            messages.warning(
                request,
                _(
                    "Some links could not be mailed (no e-mail address, or the mail server "
                    "refused): hand them over yourself."
                ),
            )
        context |= {"title": _("Enrolment links"), "issued": issued}
        return TemplateResponse(request, "admin/wijkteams/user/enrolment_links.html", context)

    def get_inline_instances(
        self, request: HttpRequest, obj: User | None = None
    ) -> list[admin.options.InlineModelAdmin]:  # type: ignore[type-arg]  # generic in the stubs only
        # Memberships need a saved user; show them from the change page on.
        return super().get_inline_instances(request, obj) if obj else []


# django-otp's device screens would let an administrator add backup codes or an app for someone
# else; the reset above (with its enrolment link) is the only way administrators touch devices.
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
