"""The household: members with the dates they joined and left, incomes with a start and an end,
and the checks of those periods that the services and forms share."""

import datetime as dt
from typing import Protocol

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clients.models.client import NON_NEGATIVE, Client, Sex, validate_not_in_future
from core.fields import DateField


def runs_on(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    """A period with an open start (empty: since before the file) and an open end holds `day`."""
    return (start is None or start <= day) and (end is None or end >= day)


class DatedMember(Protocol):
    """What member_lives_there_on reads: a HouseholdMember, or a row of its columns."""

    @property
    def birth_date(self) -> dt.date: ...
    @property
    def joined_on(self) -> dt.date | None: ...
    @property
    def left_on(self) -> dt.date | None: ...


def member_lives_there_on(member: DatedMember, day: dt.date) -> bool:
    """Born, joined and not yet left on `day`."""
    return member.birth_date <= day and runs_on(member.joined_on, member.left_on, day)


def _day(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def member_period_errors(
    *, birth_date: dt.date | None, joined_on: dt.date | None, left_on: dt.date | None
) -> dict[str, str]:
    """What is wrong with a member's dates, per field: one joins on or after birth and leaves on
    or after joining (and birth). The service refuses these; the forms show them by the field."""
    errors: dict[str, str] = {}
    if joined_on is not None and birth_date is not None and joined_on < birth_date:
        errors["joined_on"] = str(_("Someone cannot come to live here before their birth."))
    if left_on is not None:
        if joined_on is not None and left_on < joined_on:
            errors["left_on"] = str(
                _("A member cannot leave the household before coming to live there (%(day)s).")
            ) % {"day": _day(joined_on)}
        elif birth_date is not None and left_on < birth_date:
            errors["left_on"] = str(_("A member cannot leave the household before their birth."))
    return errors


def leefloon_category_errors(*, kind: str | None, category: str | None) -> dict[str, str]:
    """A leefloon has a category (it sets the amount); no other income has one. The service
    refuses the rest; the forms show it by the field."""
    if kind == Income.Kind.LEEFLOON and not category:
        return {"leefloon_category": str(_("Choose the leefloon category."))}
    if kind and kind != Income.Kind.LEEFLOON and category:
        return {"leefloon_category": str(_("Only a leefloon has a category: leave this empty."))}
    return {}


def income_period_errors(*, starts_on: dt.date | None, ends_on: dt.date | None) -> dict[str, str]:
    """An income ends on or after its start."""
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        message = str(_("An income cannot end before it starts (%(day)s)."))
        return {"ends_on": message % {"day": _day(starts_on)}}
    return {}


class HouseholdMember(models.Model):
    """Someone who lives with the client (the client is not a member of their own household)."""

    class Relation(models.TextChoices):
        PARTNER = "partner", _("partner")
        CHILD = "child", _("child")
        PARENT = "parent", _("parent")
        SIBLING = "sibling", _("brother or sister")
        OTHER_FAMILY = "other_family", _("other family")
        OTHER = "other", _("other")

    class SchoolLevel(models.TextChoices):
        NONE = "none", _("not at school")
        NURSERY = "nursery", _("nursery school")
        PRIMARY = "primary", _("primary school")
        SECONDARY = "secondary", _("secondary school")
        HIGHER = "higher", _("higher education")

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="members", verbose_name=_("client")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = DateField(_("birth date"), validators=[validate_not_in_future])
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    is_dependant = models.BooleanField(_("dependant"), default=False)
    school_level = models.CharField(
        _("school"), max_length=20, choices=SchoolLevel.choices, default=SchoolLevel.NONE
    )
    recognised_flemish_school = models.BooleanField(
        _("school recognised by the Flemish Community"), default=False
    )
    disability_percent = models.PositiveSmallIntegerField(
        _("recognised disability (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    # When the member came to live with the client and left: empty "since" means from before
    # the file (or birth), empty "until" that they still live there. A calculation or a scan
    # of a day counts only who lived there that day.
    joined_on = DateField(_("lives with the client since"), null=True, blank=True)
    left_on = DateField(_("left the household on"), null=True, blank=True)
    # Optimistic locking, as Client.version: every change raises it.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["birth_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=models.F("joined_on")),
                name="member_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Income(models.Model):
    """A monthly income of the client (member empty) or of a household member."""

    class Kind(models.TextChoices):
        WAGE = "wage", _("wage")
        UNEMPLOYMENT = "unemployment", _("unemployment benefit")
        SICKNESS = "sickness", _("sickness or invalidity benefit")
        LEEFLOON = "leefloon", _("leefloon")
        IGO = "igo", _("income guarantee for the elderly (IGO)")
        IVT_IT = "ivt_it", _("disability allowance (IVT/IT)")
        PENSION = "pension", _("pension")
        GROEIPAKKET = "groeipakket", _("Groeipakket (child benefit)")
        MAINTENANCE = "maintenance", _("maintenance")
        RENT_PREMIUM = "rent_premium", _("rent premium")
        OTHER = "other", _("other")

    class LeefloonCategory(models.TextChoices):
        COHABITANT = "cohabitant", _("cohabitant")
        SINGLE = "single", _("single")
        FAMILY = "family", _("with family")

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="incomes", verbose_name=_("client")
    )
    member = models.ForeignKey(
        HouseholdMember,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="incomes",
        verbose_name=_("household member"),
        help_text=_("Empty: the client's own income."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    leefloon_category = models.CharField(
        _("leefloon category"), max_length=20, choices=LeefloonCategory.choices, blank=True
    )
    net_monthly = models.DecimalField(
        _("net per month"), max_digits=10, decimal_places=2, validators=NON_NEGATIVE
    )
    gross_taxable_last_year = models.DecimalField(
        _("gross taxable last year"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    # The period the income runs: empty "since" means from before the file, empty "until"
    # that it still runs. A changed amount ends the line and starts a new one (income_change),
    # so a calculation of an earlier day can be made again from the file as it was.
    starts_on = DateField(_("since"), null=True, blank=True)
    ends_on = DateField(_("until"), null=True, blank=True)
    # Optimistic locking, as Client.version: every change raises it.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        verbose_name = _("income")
        verbose_name_plural = _("incomes")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(net_monthly__gte=0), name="income_net_not_negative"),
            models.CheckConstraint(
                condition=Q(gross_taxable_last_year__isnull=True)
                | Q(gross_taxable_last_year__gte=0),
                name="income_gross_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(kind="leefloon") | Q(leefloon_category=""),
                name="income_category_only_for_leefloon",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="income_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.net_monthly}"
