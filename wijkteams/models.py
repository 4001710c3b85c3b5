"""The organisation: staff, neighbourhood teams, their centres and the streets they cover."""

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import DateField
from core.in_force import InForceQuerySet

postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3}$", _("Enter a Belgian postcode of four digits, for example 8500.")
)


class User(AbstractUser):
    """A staff member. Administrators are `is_staff`; teams come from memberships."""

    is_data_protection_officer = models.BooleanField(
        _("data protection officer"),
        default=False,
        help_text=_(
            "Reads and exports the access log for the data-protection officer's checks. "
            "Sees no client file."
        ),
    )

    is_committee_member = models.BooleanField(
        _("committee member"),
        default=False,
        help_text=_(
            "Member of the Special Committee for Social Services: sees the pseudonymised "
            "agenda of the sessions they sit in. Sees no client file."
        ),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # An administrator is never also the data-protection officer: the officer checks
            # who looked at client files, the administrators included.
            models.CheckConstraint(
                condition=~models.Q(is_staff=True, is_data_protection_officer=True),
                name="user_admin_is_not_dpo",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Wijkteam(models.Model):
    """A neighbourhood team: the social workers who serve the people of some streets."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("wijkteam")
        verbose_name_plural = _("wijkteams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """A wijkcentrum: a place where a team receives people."""

    team = models.ForeignKey(
        Wijkteam,
        on_delete=models.PROTECT,
        related_name="locations",
        verbose_name=_("wijkteam"),
        db_index=False,
    )
    name = models.CharField(_("name"), max_length=100)
    street = models.CharField(_("street"), max_length=100)
    house_number = models.CharField(_("house number"), max_length=20)
    postcode = models.CharField(_("postcode"), max_length=4, validators=[postcode_validator])
    municipality = models.CharField(_("municipality"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="location_unique_name_per_team")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return f"{self.street} {self.house_number}, {self.postcode} {self.municipality}"


class Area(models.Model):
    """A postcode, or a street in it, or a range of house numbers in that street, served by a team.

    When areas overlap, the most specific one wins (see `wijkteams.services.team_for_address`).
    """

    team = models.ForeignKey(
        Wijkteam, on_delete=models.PROTECT, related_name="areas", verbose_name=_("wijkteam")
    )
    postcode = models.CharField(_("postcode"), max_length=4, validators=[postcode_validator])
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    street = models.CharField(
        _("street"), max_length=100, blank=True, help_text=_("Empty: the whole postcode.")
    )
    # Lower-case, accents and punctuation folded: what addresses are matched on.
    street_key = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    number_from = models.PositiveIntegerField(
        _("from house number"), null=True, blank=True, help_text=_("Empty: the whole street.")
    )
    number_to = models.PositiveIntegerField(
        _("to house number"), null=True, blank=True, help_text=_("Empty: to the end of the street.")
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["postcode", "street_key", "number_from"]
        indexes = [models.Index(fields=["postcode", "street_key"], name="area_lookup_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["postcode"],
                condition=Q(street_key=""),
                name="area_one_team_per_postcode",
            ),
            models.UniqueConstraint(
                fields=["postcode", "street_key"],
                condition=~Q(street_key="") & Q(number_from__isnull=True, number_to__isnull=True),
                name="area_one_team_per_street",
            ),
            models.CheckConstraint(
                condition=Q(number_from__isnull=True, number_to__isnull=True) | ~Q(street_key=""),
                name="area_numbers_need_street",
            ),
            models.CheckConstraint(
                condition=Q(number_from__isnull=True)
                | Q(number_to__isnull=True)
                | Q(number_to__gte=models.F("number_from")),
                name="area_numbers_ordered",
            ),
        ]

    def __str__(self) -> str:
        where = self.postcode
        if self.street:
            where = f"{self.street}, {where}"
        if self.number_from is not None or self.number_to is not None:
            where = f"{where} ({self.number_from or 1}-{self.number_to or '…'})"
        return f"{where} → {self.team_id and self.team}"

    @property
    def has_number_range(self) -> bool:
        return self.number_from is not None or self.number_to is not None


class MembershipQuerySet(InForceQuerySet["Membership"]):
    start_field = "starts_on"
    end_field = "ends_on"


class Membership(models.Model):
    """A user in a team, as social worker or team lead, for a period (end date included)."""

    class Role(models.TextChoices):
        SOCIAL_WORKER = "social_worker", _("social worker")
        TEAM_LEAD = "team_lead", _("team lead")

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
        db_index=False,
    )
    team = models.ForeignKey(
        Wijkteam, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("wijkteam")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    starts_on = DateField(_("starts on"), default=dt.date.today)
    ends_on = DateField(
        _("ends on"), null=True, blank=True, help_text=_("Last day; empty while it lasts.")
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["team__name", "role", "user__username"]
        indexes = [models.Index(fields=["user", "ends_on"], name="membership_user_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["user", "team", "role"],
                condition=Q(ends_on__isnull=True),
                name="membership_one_open_per_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}, {self.team} ({self.get_role_display()})"

    def is_active_on(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class AccountLog(models.Model):
    """What was done to a staff account, by whom and when: resets, enrolments, activation,
    administrator, officer and committee status, team roles. Append-only (a PostgreSQL trigger,
    migration 0006, and the app's database role may only add rows: core.db_roles); written only
    by `wijkteams.accounts.log.account_log_record`."""

    class Action(models.TextChoices):
        CREATED = "created", _("account created")
        RESET = "reset", _("password and two-factor login reset")
        ENROLLED = "enrolled", _("enrolment link used")
        ACTIVATED = "activated", _("activated")
        DEACTIVATED = "deactivated", _("deactivated")
        ADMINISTRATOR_GRANTED = "administrator_granted", _("made administrator")
        ADMINISTRATOR_REVOKED = "administrator_revoked", _("no longer administrator")
        OFFICER_GRANTED = "officer_granted", _("made data-protection officer")
        OFFICER_REVOKED = "officer_revoked", _("no longer data-protection officer")
        COMMITTEE_GRANTED = "committee_granted", _("made committee member")
        COMMITTEE_REVOKED = "committee_revoked", _("no longer committee member")
        DETAILS_CHANGED = "details_changed", _("details changed")
        ROLE_ADDED = "role_added", _("team role added")
        ROLE_CHANGED = "role_changed", _("team role changed")
        ROLE_REMOVED = "role_removed", _("team role removed")
        NOTICE_SHOWN = "notice_shown", _("reset notice shown at login")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # Empty when nobody logged in acted: the enrolment link's holder.
    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    subject = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="account_log",
        verbose_name=_("account"),
        db_index=False,
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    # Facts only (ids, keys, dates, the team's name then); the text is made when shown.
    params = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("account log entry")
        verbose_name_plural = _("account log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject", "-at"], name="accountlog_subject_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.subject_id} {self.action}"


class EnrolmentLink(models.Model):
    """A one-time link with which a person chooses a password and sets up a new authenticator
    app. Only a hash of its token is stored; a new link for the same person replaces this one."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="enrolment_links", verbose_name=_("user")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("made by")
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment link")
        verbose_name_plural = _("enrolment links")
        constraints = [
            # A new link replaces the earlier one: never two open links for one person.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(used_at__isnull=True, replaced_at__isnull=True),
                name="enrolmentlink_one_open_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
