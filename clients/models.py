"""Client files: the person, the household, incomes, housing, statuses, the one social worker,
trajectories with their steps and debts, the journal, and the access log."""

import datetime as dt
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteams.models import Wijkteam, postcode_validator

NON_NEGATIVE = [MinValueValidator(Decimal("0.00"))]


def validate_not_in_future(value: dt.date) -> None:
    """The one rule for dates of what already happened (a birth, a status since, a journal
    entry): not after today. Forms and services read it through `future_date_errors`."""
    if value > timezone.localdate():
        raise ValidationError(_("This date cannot be in the future."), code="future")


def future_date_errors(**dates: dt.date | None) -> dict[str, str]:
    """The dates (by field name) that lie after today, each with the message of
    `validate_not_in_future`; empty dates are not judged."""
    errors: dict[str, str] = {}
    for name, day in dates.items():
        if day is None:
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
    birth_date = models.DateField(_("birth date"), validators=[validate_not_in_future])
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
    )
    team_override_reason = models.TextField(_("reason for the team choice"), blank=True)

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
    social_housing_waiting_since = models.DateField(
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
    left_homelessness_on = models.DateField(
        _("left homelessness on"),
        null=True,
        blank=True,
        help_text=_("The day the client, homeless before, moved into a home as main residence."),
    )

    # Statuses the rights rules read.
    leefloon_since = models.DateField(_("leefloon since"), null=True, blank=True)
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
    unemployed_since = models.DateField(_("unemployed since"), null=True, blank=True)
    unfit_for_work_since = models.DateField(_("unfit for work since"), null=True, blank=True)
    pensioner = models.BooleanField(_("pensioner"), null=True, blank=True)
    widowed = models.BooleanField(_("widow or widower"), null=True, blank=True)

    # "Everyone who lives with the client and every income of the household since 1 January of
    # last year are recorded": an explicit statement, with its date and author. Without it the
    # household's income is unknown, never 0 (a file without income lines is not "no income").
    household_confirmed_on = models.DateField(
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

    closed_on = models.DateField(_("file closed on"), null=True, blank=True)
    closed_reason = models.TextField(_("reason for closing"), blank=True)
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


def age_on(birth_date: dt.date, day: dt.date) -> int:
    years = day.year - birth_date.year
    return years - ((day.month, day.day) < (birth_date.month, birth_date.day))


def mask_national_number(number: str) -> str:
    """Only the last two digits show: '••.••.••-•••.28'."""
    return f"••.••.••-•••.{number[-2:]}" if number else ""


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
    birth_date = models.DateField(_("birth date"), validators=[validate_not_in_future])
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
    joined_on = models.DateField(_("lives with the client since"), null=True, blank=True)
    left_on = models.DateField(_("left the household on"), null=True, blank=True)
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
    starts_on = models.DateField(_("since"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
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


class Assignment(models.Model):
    """The one social worker of a client, over a period. History is kept; one is open."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("client")
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("social worker"),
    )
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.TextField(_("reason for the transfer"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assigned by"),
    )

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-started_at"]
        indexes = [
            models.Index(
                fields=["worker"], condition=Q(ended_at__isnull=True), name="assignment_open_idx"
            ),
            # A file's worker now, read from the index alone (caseload counts join on it).
            models.Index(
                fields=["client", "worker"],
                condition=Q(ended_at__isnull=True),
                name="assignment_open_worker_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(ended_at__isnull=True),
                name="assignment_one_open_per_client",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.worker}"


class Trajectory(models.Model):
    """A line of guidance for a client: intake, debt help or activation."""

    class Kind(models.TextChoices):
        INTAKE = "intake", _("intake")
        DEBT_HELP = "debt_help", _("debt help")
        ACTIVATION = "activation", _("activation")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACTIVE = "active", _("active")
        CLOSED = "closed", _("closed")

    class Outcome(models.TextChoices):
        ACHIEVED = "achieved", _("goals achieved")
        PARTLY = "partly", _("goals partly achieved")
        REFERRED = "referred", _("referred elsewhere")
        STOPPED = "stopped", _("stopped by the client")
        NOT_ACHIEVED = "not_achieved", _("goals not achieved")

    class DebtHelpType(models.TextChoices):
        BUDGET_GUIDANCE = "budget_guidance", _("budget guidance")
        BUDGET_MANAGEMENT = "budget_management", _("budget management")
        DEBT_MEDIATION = "debt_mediation", _("debt mediation")
        COLLECTIVE_SETTLEMENT = "collective_settlement", _("collective debt settlement")

    class ActivationType(models.TextChoices):
        GPMI = "gpmi", _("GPMI (individualised social integration project)")
        ART60 = "art60", _("article 60 work placement")
        TRAINING = "training", _("training")
        VDAB = "vdab", _("VDAB referral")
        VOLUNTEERING = "volunteering", _("volunteering")

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="trajectories", verbose_name=_("client")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    # Debt help.
    debt_help_type = models.CharField(
        _("type of debt help"), max_length=30, choices=DebtHelpType.choices, blank=True
    )
    # Activation.
    activation_type = models.CharField(
        _("type of activation"), max_length=20, choices=ActivationType.choices, blank=True
    )
    partner = models.CharField(_("partner or employer"), max_length=200, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Optimistic locking, as Client.version: every change raises it.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["client", "status"], name="trajectory_client_idx"),
            # Open trajectories by kind per file, read from the index alone (caseload counts).
            models.Index(
                fields=["client", "kind"],
                condition=Q(status__in=["open", "active"]),
                name="trajectory_open_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="trajectory_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="trajectory_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"


class TrajectoryStep(models.Model):
    """A goal or step of a trajectory, with a due date."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="steps", verbose_name=_("trajectory")
    )
    description = models.CharField(_("goal or step"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["done_on", "due_on", "pk"]

    def __str__(self) -> str:
        return self.description


class TrajectoryEvent(models.Model):
    """A line in a trajectory's timeline: opened, status changed, closed, debt added, ..."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="events", verbose_name=_("trajectory")
    )
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(_("what"), max_length=300)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.description


class Debt(models.Model):
    """A debt handled in a debt-help trajectory."""

    class Status(models.TextChoices):
        TO_NEGOTIATE = "to_negotiate", _("to negotiate")
        PAYMENT_PLAN = "payment_plan", _("payment plan")
        PAID = "paid", _("paid")
        DISPUTED = "disputed", _("disputed")

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="debts", verbose_name=_("trajectory")
    )
    creditor = models.CharField(_("creditor"), max_length=200)
    reference = models.CharField(_("file reference"), max_length=100, blank=True)
    original_amount = models.DecimalField(
        _("original amount"), max_digits=10, decimal_places=2, validators=NON_NEGATIVE
    )
    outstanding_amount = models.DecimalField(
        _("outstanding amount"), max_digits=10, decimal_places=2, validators=NON_NEGATIVE
    )
    monthly_repayment = models.DecimalField(
        _("monthly repayment"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=NON_NEGATIVE,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.TO_NEGOTIATE
    )
    # Optimistic locking, as Client.version: every change raises it.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        verbose_name = _("debt")
        verbose_name_plural = _("debts")
        ordering = ["creditor", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(original_amount__gte=0)
                & Q(outstanding_amount__gte=0)
                & Q(monthly_repayment__gte=0),
                name="debt_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.creditor}: {self.outstanding_amount}"


class JournalEntry(models.Model):
    """A dated note of contact or work on a client file."""

    class Kind(models.TextChoices):
        OFFICE_VISIT = "office_visit", _("office visit")
        HOME_VISIT = "home_visit", _("home visit")
        PHONE = "phone", _("phone call")
        EMAIL = "email", _("e-mail")
        CONSULTATION = "consultation", _("multidisciplinary consultation")
        NOTE = "note", _("note")

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="journal", verbose_name=_("client")
    )
    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal",
        verbose_name=_("trajectory"),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    partners = models.CharField(_("partners present"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    # Health notes: only the assigned social worker and the team lead may read them.
    confidential = models.BooleanField(_("confidential (health)"), default=False)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    follow_up_done_at = models.DateTimeField(_("follow-up done"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["client", "-occurred_on"], name="journal_client_idx"),
            models.Index(
                fields=["follow_up_on"],
                condition=Q(follow_up_on__isnull=False, follow_up_done_at__isnull=True),
                name="journal_follow_up_idx",
            ),
            # Follow-ups not done per file (caseload counts of overdue follow-ups).
            models.Index(
                fields=["client", "follow_up_on"],
                condition=Q(follow_up_on__isnull=False, follow_up_done_at__isnull=True),
                name="journal_open_follow_up_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}"


class AccessLog(models.Model):
    """Who looked at or changed which client file, when and why. Append-only, kept 10 years."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CREATE = "create", _("created")
        CHANGE = "change", _("changed")
        EXPORT = "export", _("exported")
        SCAN = "scan", _("scanned")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # For automated reads (the non-take-up scan) where there is no user.
    actor_label = models.CharField(_("system actor"), max_length=50, blank=True)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="access_log", verbose_name=_("client")
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # What was looked at or done: a key and its parameters, translated when shown
    # (clients.access_log.access_log_what). `what` holds the text of rows written before the
    # keys, kept as written (the log is append-only); new rows leave it empty.
    what = models.CharField(_("what"), max_length=200, blank=True)
    what_key = models.CharField(_("what (key)"), max_length=60, blank=True)
    what_params = models.JSONField(_("what (parameters)"), default=dict, blank=True)
    purpose = models.CharField(_("why"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["client", "-at"], name="accesslog_client_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(actor__isnull=False) | ~Q(actor_label=""),
                name="accesslog_has_actor",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor or self.actor_label} {self.action}"


class CaseloadCount(models.Model):
    """Per wijkteam and social worker: open files and open trajectories per kind (the team
    page's figures, and the worker home's). Written only by database triggers
    (clients/caseload_counts.py), never by Django; no foreign-key constraints, so the triggers'
    writes never wait on them, and team 0 holds the files without a team."""

    team = models.ForeignKey(
        Wijkteam, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    files = models.IntegerField(default=0)
    intake = models.IntegerField(default=0)
    debt_help = models.IntegerField(default=0)
    activation = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "worker"], name="caseload_count_unique")
        ]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.worker_id}: {self.files}"


class FollowUpCount(models.Model):
    """Per wijkteam, social worker and date: journal follow-ups not done yet on open files.
    Written only by database triggers (clients/caseload_counts.py)."""

    team = models.ForeignKey(
        Wijkteam, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    due_on = models.DateField()
    entries = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "worker", "due_on"], name="follow_up_count_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.worker_id} {self.due_on}: {self.entries}"
