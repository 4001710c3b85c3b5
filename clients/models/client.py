"""The client record: the person, the address and team, the housing and statuses the rights rules
read; the date validators and national-number helpers it uses."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import date_range_errors
from core.fields import NOTE_MAX, DateField, TextField
from wijkteams.models import Wijkteam, postcode_validator

NON_NEGATIVE = [MinValueValidator(Decimal("0.00"))]


def validate_not_in_future(value: dt.date) -> None:
    """The one rule for dates of what already happened (a birth, a status since, a journal
    entry): not after today. Forms and services read it through `future_date_errors`."""
    if value > timezone.localdate():
        raise ValidationError(_("This date cannot be in the future."), code="future")


def future_date_errors(**dates: dt.date | None) -> dict[str, str]:
    """The dates (by field name) outside what a person may type (core.dates) or after today,
    each with its message; empty dates are not judged."""
    errors = date_range_errors(**dates)
    for name, day in dates.items():
        if day is None or name in errors:
            continue
        try:
            validate_not_in_future(day)
        except ValidationError as error:
            errors[name] = error.messages[0]
    return errors


class Sex(models.TextChoices):
    FEMALE = "F", _("female")
    MALE = "M", _("male")
    X = "X", _("X (other or unknown)")


class Client(models.Model):
    """One person helped by the OCMW, with the household's housing and statuses."""

    class ResidenceStatus(models.TextChoices):
        BELGIAN = "belgian", _("Belgian")
        EU = "eu", _("EU citizen")
        PERMANENT = "permanent", _("permanent residence permit")
        TEMPORARY = "temporary", _("temporary residence permit")
        REFUGEE = "refugee", _("recognised refugee")
        SUBSIDIARY = "subsidiary", _("subsidiary protection")
        APPLICANT = "applicant", _("applicant for international protection")
        UNDOCUMENTED = "undocumented", _("without legal residence")
        UNKNOWN = "unknown", _("unknown")

    class Language(models.TextChoices):
        DUTCH = "nl", _("Dutch")
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")
        ARABIC = "ar", _("Arabic")
        TURKISH = "tr", _("Turkish")
        OTHER = "other", _("other")

    class Tenure(models.TextChoices):
        PRIVATE = "private", _("private rental")
        SOCIAL = "social", _("social rental")
        SVK = "svk", _("social rental agency (SVK)")
        OWNER = "owner", _("owner")
        HOMELESS = "homeless", _("homeless")
        OTHER = "other", _("other")
        UNKNOWN = "unknown", _("unknown")

    class HeatingFuel(models.TextChoices):
        GAS = "gas", _("natural gas")
        ELECTRICITY = "electricity", _("electricity")
        HEATING_OIL = "heating_oil", _("heating oil")
        PARAFFIN = "paraffin", _("lamp paraffin")
        PROPANE = "propane", _("propane in bulk")
        WOOD = "wood", _("wood or pellets")
        OTHER = "other", _("other")
        UNKNOWN = "unknown", _("unknown")

    class DebtStatus(models.TextChoices):
        UNKNOWN = "unknown", _("unknown")
        NONE = "none", _("none")
        DEBT_MEDIATION = "debt_mediation", _("debt mediation")
        COLLECTIVE_SETTLEMENT = "collective_settlement", _("collective debt settlement")

    # Identity. The national register or BIS number: 11 digits, validated, stored once.
    national_number = models.CharField(_("national number"), max_length=11, unique=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = DateField(_("birth date"), validators=[validate_not_in_future])
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=Language.choices, default=Language.DUTCH
    )
    residence_status = models.CharField(
        _("residence status"),
        max_length=20,
        choices=ResidenceStatus.choices,
        default=ResidenceStatus.UNKNOWN,
    )

    # Address, routed to a wijkteam by the area service; a team lead may override with a reason.
    street = models.CharField(_("street"), max_length=100, blank=True)
    house_number = models.CharField(_("house number"), max_length=20, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[postcode_validator]
    )
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    team = models.ForeignKey(
        Wijkteam,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clients",
        verbose_name=_("wijkteam"),
        db_index=False,
    )
    team_override_reason = TextField(
        _("reason for the team choice"), max_length=NOTE_MAX, blank=True
    )

    # Housing.
    tenure = models.CharField(
        _("housing"), max_length=20, choices=Tenure.choices, default=Tenure.UNKNOWN
    )
    rent = models.DecimalField(
        _("rent per month"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    social_housing_waiting_since = DateField(
        _("on the social housing waiting list since"), null=True, blank=True
    )
    heating_fuel = models.CharField(
        _("heating"), max_length=20, choices=HeatingFuel.choices, default=HeatingFuel.UNKNOWN
    )
    # Yes/no facts the rights rules read are None until someone records them: unknown is
    # never "no" (a rule that needs one gives a "data missing" note, never a flag).
    collective_heating = models.BooleanField(_("collective heating"), null=True, blank=True)
    # When a homeless client moved into a home as main residence (the installation premium is
    # due then, once in a lifetime); empty when not known or never homeless.
    left_homelessness_on = DateField(
        _("left homelessness on"),
        null=True,
        blank=True,
        help_text=_("The day the client, homeless before, moved into a home as main residence."),
    )

    # Statuses the rights rules read.
    leefloon_since = DateField(_("leefloon since"), null=True, blank=True)
    debt_status = models.CharField(
        _("debt procedure"), max_length=30, choices=DebtStatus.choices, default=DebtStatus.UNKNOWN
    )
    budget_management = models.BooleanField(_("budget management"), null=True, blank=True)
    disability_percent = models.PositiveSmallIntegerField(
        _("recognised disability (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    # The points of a recognised reduced self-reliance (the scale of the DG Persons with a
    # disability, 0 to 18) that the Flemish care budgets look at; empty when not known.
    self_reliance_points = models.PositiveSmallIntegerField(
        _("recognised reduced self-reliance (points)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(18)],
        help_text=_("From the decision of the DG Persons with a disability: 0 to 18 points."),
    )
    unemployed_since = DateField(_("unemployed since"), null=True, blank=True)
    unfit_for_work_since = DateField(_("unfit for work since"), null=True, blank=True)
    pensioner = models.BooleanField(_("pensioner"), null=True, blank=True)
    widowed = models.BooleanField(_("widow or widower"), null=True, blank=True)

    # "Everyone who lives with the client and every income of the household since 1 January of
    # last year are recorded": an explicit statement, with its date and author. Without it the
    # household's income is unknown, never 0 (a file without income lines is not "no income").
    household_confirmed_on = DateField(
        _("household and income confirmed complete on"), null=True, blank=True, editable=False
    )
    household_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("household and income confirmed by"),
    )

    # Actual monthly costs that replace or add to the standard reference budget (see
    # budgets.calculation): empty means "not known", so the standard amount is used.
    childcare_costs = models.DecimalField(
        _("child care paid per month"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    school_costs = models.DecimalField(
        _("school costs per month"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    illness_costs = models.DecimalField(
        _("illness-related costs per month"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    car_necessary = models.BooleanField(
        _("a car is necessary"),
        default=False,
        help_text=_("Only when the social inquiry shows the household cannot do without one."),
    )
    car_costs = models.DecimalField(
        _("car costs per month"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )

    closed_on = DateField(_("file closed on"), null=True, blank=True)
    closed_reason = TextField(_("reason for closing"), max_length=NOTE_MAX, blank=True)
    # Set when the personal data of a closed file was removed after the retention period (GDPR).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    # Optimistic locking: every change raises it; a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            models.Index(fields=["team", "last_name", "first_name"], name="client_team_name_idx"),
            models.Index(fields=["last_name", "birth_date"], name="client_name_birth_idx"),
            models.Index(fields=["postcode", "street"], name="client_address_idx"),
            # Caseload figures start from a team's open files (closed files leave caseloads).
            models.Index(
                fields=["team", "id"], condition=Q(closed_on__isnull=True), name="client_open_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(national_number__regex=r"^[0-9]{11}$"),
                name="client_national_number_digits",
            ),
            models.CheckConstraint(condition=Q(rent__gte=0), name="client_rent_not_negative"),
            models.CheckConstraint(
                condition=Q(childcare_costs__gte=0)
                & Q(school_costs__gte=0)
                & Q(illness_costs__gte=0)
                & Q(car_costs__gte=0),
                name="client_costs_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def masked_national_number(self) -> str:
        return mask_national_number(self.national_number)

    @property
    def is_active(self) -> bool:
        return self.closed_on is None

    def age_on(self, day: dt.date) -> int:
        return age_on(self.birth_date, day)

    def household_confirmation_current(self, day: dt.date) -> bool:
        """The household and its incomes are confirmed complete, recently enough to hold on
        `day` (household_confirmation_ends)."""
        confirmed = self.household_confirmed_on
        return confirmed is not None and day < household_confirmation_ends(confirmed)


def household_confirmation_ends(confirmed_on: dt.date) -> dt.date:
    """The first day a confirmation of the household made on `confirmed_on` no longer holds.
    It covers every income since 1 January of the year before it was made, so it tells last
    year's incomes until the end of the year after it was made; from 1 January two years on,
    "last year" is a year it says nothing of, and the household is unknown again (never "no
    income") until a social worker confirms it anew."""
    return dt.date(confirmed_on.year + 2, 1, 1)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    years = day.year - birth_date.year
    return years - ((day.month, day.day) < (birth_date.month, birth_date.day))


def mask_national_number(number: str) -> str:
    """Only the last two digits show: '••.••.••-•••.28'."""
    return f"••.••.••-•••.{number[-2:]}" if number else ""
