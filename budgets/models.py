"""Reference budgets (versioned amounts), the OCMW's aid policy (versioned rules), saved aid
calculations (immutable snapshots) and aid decisions (a proposal, then a four-eyes decision).

Age bands, components and which components are priced per person or per household are fixed
here in code: a calculation saved years ago must still be readable, and an impact preview must be
able to re-run an old snapshot against a new version cell by cell.
"""

import datetime as dt
from decimal import Decimal
from typing import Self, TypeVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from core.fields import MOTIVATION_MAX, NOTE_MAX, DateField, TextField
from core.in_force import InForceQuerySet
from procedure.models import Request

NON_NEGATIVE = [MinValueValidator(Decimal("0.00"))]


class Component(models.TextChoices):
    """The lines of a reference budget (REMI), in the order of the calculation."""

    FOOD = "food", _("food")
    CLOTHING = "clothing", _("clothing")
    HOUSING = "housing", _("housing maintenance")
    ENERGY_WATER = "energy_water", _("energy and water")
    HEALTH_CARE = "health_care", _("health care")
    PERSONAL_CARE = "personal_care", _("personal care")
    REST_RELAXATION = "rest_relaxation", _("rest and relaxation")
    RELATIONS = "relations", _("relations and citizenship")
    SAFETY = "safety", _("safety")
    MOBILITY = "mobility", _("mobility")
    SAFE_CHILDHOOD = "safe_childhood", _("safe childhood")
    NIGHT_REST = "night_rest", _("night rest")
    UNFORESEEN = "unforeseen", _("unforeseen expenses")


# Priced per member (by age band and sex) or per household (by household size).
PERSON_COMPONENTS = (
    Component.FOOD,
    Component.CLOTHING,
    Component.HEALTH_CARE,
    Component.PERSONAL_CARE,
    Component.REST_RELAXATION,
    Component.MOBILITY,
    Component.SAFE_CHILDHOOD,
    Component.NIGHT_REST,
)
HOUSEHOLD_COMPONENTS = (
    Component.HOUSING,
    Component.ENERGY_WATER,
    Component.RELATIONS,
    Component.SAFETY,
    Component.UNFORESEEN,
)


class AgeBand(models.TextChoices):
    """Age on the calculation date. The lower bound of each band is in AGE_BAND_FROM."""

    AGE_0_2 = "0-2", _("0 to 2 years")
    AGE_3_5 = "3-5", _("3 to 5 years")
    AGE_6_11 = "6-11", _("6 to 11 years")
    AGE_12_17 = "12-17", _("12 to 17 years")
    AGE_18_64 = "18-64", _("18 to 64 years")
    AGE_65 = "65+", _("65 years and older")


AGE_BAND_FROM = {
    AgeBand.AGE_0_2: 0,
    AgeBand.AGE_3_5: 3,
    AgeBand.AGE_6_11: 6,
    AgeBand.AGE_12_17: 12,
    AgeBand.AGE_18_64: 18,
    AgeBand.AGE_65: 65,
}


def age_band_for(age: int) -> AgeBand:
    band = AgeBand.AGE_0_2
    for candidate, lowest in AGE_BAND_FROM.items():
        if age >= lowest:
            band = candidate
    return band


class BudgetSex(models.TextChoices):
    """Food differs by sex; a member registered as X is priced at the mean of both."""

    FEMALE = "F", _("female")
    MALE = "M", _("male")


# Household amounts are given for 1 to this many people; larger households use the last column.
MAX_HOUSEHOLD_SIZE = 6


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


V = TypeVar("V", bound="Versioned")


class VersionQuerySet(InForceQuerySet[V]):
    def in_force_on(self, day: dt.date) -> Self:
        """The published version valid on `day` (a draft is a plan, never in force)."""
        return super().in_force_on(day).filter(status=VersionStatus.PUBLISHED)


class Versioned(models.Model):
    """A set of values valid over a period. Drafts change; published versions never do, except
    that an open end may be closed once, by publishing the successor."""

    name = models.CharField(_("name"), max_length=150)
    valid_from = DateField(_("valid from"))
    valid_to = DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty: until further notice.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    notes = TextField(_("notes"), max_length=NOTE_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _versioned_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
            name=f"{prefix}_ends_after_start",
        ),
        models.CheckConstraint(
            condition=Q(status="draft") | Q(published_by__isnull=False, published_at__isnull=False),
            name=f"{prefix}_published_has_who_and_when",
        ),
    ]


class BudgetVersion(Versioned):
    """One version of the reference budgets, with its amounts (BudgetAmount)."""

    is_demo = models.BooleanField(
        _("demo figures"),
        default=False,
        help_text=_("Invented figures for trying out the application, not REMI prices."),
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("based on"),
    )
    # Set when the version was made by indexing `based_on`.
    index_percent = models.DecimalField(
        _("indexed by (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    indexed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indexed by"),
    )

    objects = VersionQuerySet["BudgetVersion"].as_manager()

    class Meta:
        verbose_name = _("reference budget version")
        verbose_name_plural = _("reference budget versions")
        ordering = ["-valid_from", "-pk"]
        # No two published versions overlap: the service checks it on every database, and a
        # PostgreSQL exclusion constraint (migration 0002) makes it impossible there.
        constraints = _versioned_constraints("budgetversion")


class BudgetAmount(models.Model):
    """One cell of a version: a component for one member (age band and sex), or for a household
    of a given size."""

    version = models.ForeignKey(
        BudgetVersion, on_delete=models.CASCADE, related_name="amounts", verbose_name=_("version")
    )
    component = models.CharField(_("component"), max_length=20, choices=Component.choices)
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand.choices, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=BudgetSex.choices, blank=True)
    household_size = models.PositiveSmallIntegerField(
        _("household size"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOUSEHOLD_SIZE)],
    )
    amount = models.DecimalField(
        _("amount per month"), max_digits=10, decimal_places=2, validators=NON_NEGATIVE
    )

    class Meta:
        verbose_name = _("reference budget amount")
        verbose_name_plural = _("reference budget amounts")
        ordering = ["version", "component", "age_band", "sex", "household_size"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budgetamount_not_negative"),
            # A person cell has an age band and a sex; a household cell has a size.
            models.CheckConstraint(
                condition=(
                    Q(household_size__isnull=True) & ~Q(age_band="") & ~Q(sex="")
                    | Q(household_size__gte=1, household_size__lte=MAX_HOUSEHOLD_SIZE)
                    & Q(age_band="", sex="")
                ),
                name="budgetamount_person_or_household",
            ),
            models.UniqueConstraint(
                fields=["version", "component", "age_band", "sex"],
                condition=Q(household_size__isnull=True),
                name="budgetamount_one_person_cell",
            ),
            models.UniqueConstraint(
                fields=["version", "component", "household_size"],
                condition=Q(household_size__isnull=False),
                name="budgetamount_one_household_cell",
            ),
        ]

    def __str__(self) -> str:
        cell = self.household_size or f"{self.age_band} {self.sex}"
        return f"{self.component} {cell}: {self.amount}"


# The latest amount of the exemption for socio-professional integration found in public sources
# (see AidPolicy.spi_exemption): proposed for a new policy and used by the demo. Not a rule: a
# policy records the amount it was published with. 309.48 is the 177.76 of art. 35 indexed,
# valid from 1 February 2025 like the single leefloon of 1,314.20; a later indexation was not
# found in the sources searched.
KNOWN_SPI_EXEMPTION = Decimal("309.48")
KNOWN_SPI_EXEMPTION_SOURCE = (
    "309,48 euro per maand vanaf 1 februari 2025: art. 35 § 1 KB 11 juli 2002 (177,76 euro, "
    "geïndexeerd); bedrag volgens bdas-wwsb.brussels/?p=3363 (bijgewerkt op 1 april 2025)."
)


class AidPolicy(Versioned):
    """How this OCMW turns a shortfall into proposed aid."""

    class Rounding(models.TextChoices):
        CENT = "cent", _("to the cent")
        EURO_DOWN = "euro_down", _("down to the euro")
        # Never above the covered share (budgets.calculation.round_aid): where rounding up
        # would pay more, it rounds down, so it pays what EURO_DOWN pays. Kept because
        # published policies and saved calculations name it.
        EURO_NEAREST = "euro_nearest", _("to the nearest euro, but never above the covered share")
        FIVE_EURO_DOWN = "five_euro_down", _("down to a multiple of 5 euro")
        TEN_EURO_DOWN = "ten_euro_down", _("down to a multiple of 10 euro")

    coverage_percent = models.DecimalField(
        _("share of the shortfall covered (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    monthly_cap = models.DecimalField(
        _("maximum per month"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=_("Empty: no maximum."),
    )
    minimum_amount = models.DecimalField(
        _("minimum amount worth paying"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=NON_NEGATIVE,
        help_text=_("Smaller amounts are not proposed."),
    )
    rounding = models.CharField(
        _("rounding"), max_length=20, choices=Rounding.choices, default=Rounding.CENT
    )
    max_months = models.PositiveSmallIntegerField(
        _("maximum period before review (months)"),
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    activation_required = models.BooleanField(
        _("an activation commitment is required"),
        default=True,
        help_text=_("Unless the worker records a reason for exemption."),
    )
    # Income kinds (clients.Income.Kind) that do not count as available income.
    excluded_income_kinds = models.JSONField(
        _("income that does not count"), default=list, blank=True
    )
    # The exemption for socio-professional integration (art. 35 of the royal decree of 11 July
    # 2002): the part of a new net wage that does not reduce a leefloon, for at most 3 years.
    # Used by the what-if "they take a job". A federal figure, indexed like the leefloon, and
    # not local policy: it sits here only because the what-if already reads the policy in force
    # on its date, and each indexation is published as a new policy version from the index
    # date. Note for later: the `integration` app (DESIGN.md) will own the leefloon parameters,
    # this one included; the what-if should then read it from there (through a registry filled
    # in that app's AppConfig.ready(): budgets may not import a sibling app), and these two
    # fields go.
    spi_exemption = models.DecimalField(
        _("exemption for socio-professional integration per month"),
        max_digits=10,
        decimal_places=2,
        validators=NON_NEGATIVE,
        help_text=_(
            "The part of a new net wage that does not reduce the leefloon (art. 35 of the "
            "royal decree of 11 July 2002), as indexed on the start of this policy."
        ),
    )
    spi_exemption_source = models.CharField(
        _("source of the exemption"),
        max_length=300,
        help_text=_("Where the amount was published, and from which date it is valid."),
    )

    objects = VersionQuerySet["AidPolicy"].as_manager()

    class Meta:
        verbose_name = _("aid policy")
        verbose_name_plural = _("aid policies")
        ordering = ["-valid_from", "-pk"]
        constraints = [
            *_versioned_constraints("aidpolicy"),
            models.CheckConstraint(
                condition=Q(coverage_percent__gte=0, coverage_percent__lte=100),
                name="aidpolicy_coverage_percent",
            ),
            models.CheckConstraint(
                condition=(Q(monthly_cap__isnull=True) | Q(monthly_cap__gte=0))
                & Q(minimum_amount__gte=0),
                name="aidpolicy_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(spi_exemption__gte=0), name="aidpolicy_spi_exemption_not_negative"
            ),
        ]

    def counts(self, kind: str) -> bool:
        return kind not in self.excluded_income_kinds


class AidCalculation(models.Model):
    """A saved calculation: everything it was based on and everything it found, frozen.

    `inputs` and `breakdown` hold the snapshot as JSON (amounts as strings), so later changes
    to the client file or to budgets never change it; the totals are columns for lists.
    """

    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        related_name="aid_calculations",
        verbose_name=_("client"),
        db_index=False,
    )
    calculated_on = DateField(_("calculation date"))
    budget_version = models.ForeignKey(
        BudgetVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("budget version")
    )
    policy = models.ForeignKey(
        AidPolicy, on_delete=models.PROTECT, related_name="+", verbose_name=_("aid policy")
    )
    inputs = models.JSONField(_("inputs"))
    breakdown = models.JSONField(_("breakdown"))
    reference_budget = models.DecimalField(_("reference budget"), max_digits=10, decimal_places=2)
    available_income = models.DecimalField(_("available income"), max_digits=10, decimal_places=2)
    saldo = models.DecimalField(_("saldo"), max_digits=10, decimal_places=2)
    proposed_aid = models.DecimalField(_("proposed aid"), max_digits=10, decimal_places=2)
    note = TextField(_("note"), max_length=NOTE_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("aid calculation")
        verbose_name_plural = _("aid calculations")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["client", "-created_at"], name="aidcalc_client_idx"),
            models.Index(fields=["created_at"], name="aidcalc_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposed_aid__gte=0), name="aidcalculation_aid_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.calculated_on}: {self.proposed_aid}"


# The kind of help (procedure.RequestKind.code) an aid proposal answers, and the link code its
# proposal in the procedure carries to the calculation (procedure.registry.ProposalBasis).
SUPPLEMENTARY_AID = "supplementary_aid"
CALCULATION_LINK = "budgets.calculation"


class AidDecision(models.Model):
    """A proposal of supplementary aid by the social worker on a saved calculation, and what
    became of it: the record the rights scan, the impact preview and the letters read.

    Since issue 19 a proposal answers a request for help (`request`): it is submitted as the
    request's proposal in the procedure, which routes it to the committee or a delegated team
    lead, and the status follows the procedure's decision (budgets.services.decisions.
    aid_decision_follow). Rows from before keep no request."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Exemption(models.TextChoices):
        NONE = "", _("no exemption: activation commitment")
        HEALTH = "health", _("health reasons")
        EQUITY = "equity", _("reasons of equity")
        IN_TRAJECTORY = "in_trajectory", _("already in a trajectory")
        WORKING = "working", _("already working")

    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        related_name="aid_decisions",
        verbose_name=_("client"),
        db_index=False,
    )
    calculation = models.ForeignKey(
        AidCalculation,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("calculation"),
    )
    request = models.ForeignKey(
        Request,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aid_decisions",
        verbose_name=_("request for help"),
        db_index=False,
    )
    amount = models.DecimalField(
        _("amount per month"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    # Always the first day of a month: aid is granted per month, never retroactively.
    starts_on = DateField(_("from"))
    months = models.PositiveSmallIntegerField(
        _("number of months"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    motivation = TextField(_("motivation"), max_length=MOTIVATION_MAX)
    activation_commitment = TextField(
        _("activation commitment"), max_length=MOTIVATION_MAX, blank=True
    )
    exemption = models.CharField(
        _("exemption from activation"),
        max_length=20,
        choices=Exemption.choices,
        blank=True,
        default=Exemption.NONE,
    )
    exemption_reason = TextField(_("reason for the exemption"), max_length=NOTE_MAX, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_motivation = TextField(
        _("motivation of the decision"), max_length=MOTIVATION_MAX, blank=True
    )

    class Meta:
        verbose_name = _("aid decision")
        verbose_name_plural = _("aid decisions")
        ordering = ["-proposed_at", "-pk"]
        indexes = [
            models.Index(fields=["client", "status"], name="aiddecision_client_idx"),
            models.Index(fields=["status", "-proposed_at"], name="aiddecision_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="aiddecision_amount_positive"),
            # One open proposal per client: the service checks it, the database guarantees it.
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(status="proposed"),
                name="aiddecision_one_open_per_client",
            ),
            # A request has one proposal in the procedure, and so one aid proposal here.
            models.UniqueConstraint(fields=["request"], name="aiddecision_one_per_request"),
            # Four eyes, in the database too: nobody decides their own proposal.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("proposed_by")),
                name="aiddecision_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "withdrawn"])
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="aiddecision_decided_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.amount} ({self.get_status_display()})"

    @property
    def ends_on(self) -> dt.date:
        """The last day of the last month of the period."""
        month_index = self.starts_on.month - 1 + self.months
        year, month = self.starts_on.year + month_index // 12, month_index % 12 + 1
        if year > dt.MAXYEAR:  # a row stored before dates were bounded (core.dates)
            return dt.date.max
        return dt.date(year, month, 1) - dt.timedelta(days=1)

    def covers_month(self, year: int, month: int) -> bool:
        first = dt.date(year, month, 1)
        return self.starts_on.replace(day=1) <= first <= self.ends_on
