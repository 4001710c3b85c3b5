"""A leefloon request's own rows: the eligibility check (law of 26 May 2002, art. 3), the saved
calculations (snapshots: a saved result never changes), and, once the procedure's decision
grants it, the leefloon itself with its monthly amounts over time (the decision's amount, then
each indexation)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from core.fields import MOTIVATION_MAX, NOTE_MAX, DateField, TextField
from integration.models.scales import Category, LeefloonScale, money
from procedure.models import Decision, Request

# The request kind of a leefloon (seeded by procedure's migration 0002) and how a proposal on it
# names the calculation it rests on (procedure.Proposal.link_code).
LEEFLOON_KIND = "leefloon"
CALCULATION_LINK = "integration.calculation"


class Condition(models.TextChoices):
    """A condition as the worker found it; unknown is never "not met"."""

    UNKNOWN = "unknown", _("unknown")
    MET = "met", _("met")
    NOT_MET = "not_met", _("not met")


class MinorGround(models.TextChoices):
    """Why a minor may have the right (law of 26 May 2002, art. 7)."""

    NONE = "none", _("none of these")
    MARRIED = "married", _("emancipated by marriage")
    HAS_CHILD = "has_child", _("has one or more children in their care")
    PREGNANT = "pregnant", _("is pregnant")


class WorkWillingness(models.TextChoices):
    """Art. 3, 5° of the law: willing to work, unless health or equity reasons prevent it."""

    UNKNOWN = "unknown", _("unknown")
    WILLING = "willing", _("willing to work")
    EXEMPT_HEALTH = "exempt_health", _("exempt for reasons of health")
    EXEMPT_EQUITY = "exempt_equity", _("exempt for reasons of equity")
    NOT_WILLING = "not_willing", _("not willing to work")


class OtherRight(models.TextChoices):
    """Art. 3, 6° of the law: the rights to other benefits are used first."""

    UNKNOWN = "unknown", _("unknown")
    RECEIVED = "received", _("received")
    APPLIED = "applied", _("applied for")
    NOT_ENTITLED = "not_entitled", _("not entitled")
    TO_APPLY = "to_apply", _("to apply for")


# The other rights the check asks about, in the order of the form: (field, label).
OTHER_RIGHTS = (
    ("unemployment", _("unemployment benefit")),
    ("sickness", _("sickness or invalidity benefit")),
    ("pension", _("pension")),
    ("igo", _("income guarantee for the elderly (IGO)")),
    ("child_benefit", _("child benefit (Groeipakket)")),
    ("maintenance", _("maintenance from a (former) partner or parents")),
)


def _other_right(label: object) -> models.CharField[str, str]:
    return models.CharField(
        label,  # type: ignore[arg-type]  # a lazy translation is a valid verbose name
        max_length=15,
        choices=OtherRight.choices,
        default=OtherRight.UNKNOWN,
    )


def _condition(label: object) -> models.CharField[str, str]:
    return models.CharField(
        label,  # type: ignore[arg-type]  # a lazy translation is a valid verbose name
        max_length=10,
        choices=Condition.choices,
        default=Condition.UNKNOWN,
    )


class Eligibility(models.Model):
    """The worker's findings on the conditions of art. 3 of the law for one leefloon request.
    Age, nationality and resources are read from the file and the calculation when shown; what
    only the social inquiry can tell is recorded here, each with a note."""

    request = models.OneToOneField(
        Request, on_delete=models.PROTECT, related_name="eligibility", verbose_name=_("request")
    )
    actual_residence = _condition(_("actual residence in Belgium"))
    actual_residence_note = TextField(_("note on residence"), max_length=NOTE_MAX, blank=True)
    minor_ground = models.CharField(
        _("for a minor: ground"),
        max_length=10,
        choices=MinorGround.choices,
        blank=True,
    )
    work_willingness = models.CharField(
        _("willingness to work"),
        max_length=15,
        choices=WorkWillingness.choices,
        default=WorkWillingness.UNKNOWN,
    )
    work_willingness_note = TextField(
        _("note on willingness to work"), max_length=NOTE_MAX, blank=True
    )
    unemployment = _other_right(OTHER_RIGHTS[0][1])
    sickness = _other_right(OTHER_RIGHTS[1][1])
    pension = _other_right(OTHER_RIGHTS[2][1])
    igo = _other_right(OTHER_RIGHTS[3][1])
    child_benefit = _other_right(OTHER_RIGHTS[4][1])
    maintenance = _other_right(OTHER_RIGHTS[5][1])
    other_rights_note = TextField(_("note on other rights"), max_length=NOTE_MAX, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("checked by"),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        verbose_name = _("eligibility check")
        verbose_name_plural = _("eligibility checks")
        constraints = [
            # An exemption from the willingness to work says why.
            models.CheckConstraint(
                condition=~Q(work_willingness__in=["exempt_health", "exempt_equity"])
                | ~Q(work_willingness_note=""),
                name="eligibility_exemption_motivated",
            ),
        ]

    def __str__(self) -> str:
        return str(self.request)


class LeefloonCalculation(models.Model):
    """One saved calculation of a leefloon request: what it was computed from (`inputs`: every
    resource with whether it counts and why, the partner, the relatives and the choice made for
    them, the exemptions) and what it found. Saved once, never changed; the proposal of the
    request can rest on it."""

    request = models.ForeignKey(
        Request,
        on_delete=models.PROTECT,
        related_name="leefloon_calculations",
        verbose_name=_("request"),
    )
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        related_name="leefloon_calculations",
        verbose_name=_("client"),
    )
    scale = models.ForeignKey(
        LeefloonScale, on_delete=models.PROTECT, related_name="+", verbose_name=_("amounts of")
    )
    # The household and incomes are taken as they were on this day.
    calculated_on = DateField(_("household and incomes of"))
    starts_on = DateField(_("leefloon from"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    proposed_category = models.CharField(
        _("category proposed from the household"),
        max_length=20,
        choices=Category.choices,
        blank=True,
    )
    category_motivation = TextField(
        _("motivation of the category"), max_length=MOTIVATION_MAX, blank=True
    )
    inputs = models.JSONField(_("what was counted"))
    category_yearly = money(_("category amount per year"))
    resources_yearly = money(_("resources counted per year"))
    yearly_amount = money(_("leefloon per year"))
    monthly_amount = money(_("leefloon per month"))
    first_month_amount = money(_("leefloon for the first month"))
    note = TextField(_("note"), max_length=NOTE_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("calculated by"),
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("leefloon calculation")
        verbose_name_plural = _("leefloon calculations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_amount__gte=0)
                & Q(first_month_amount__gte=0)
                & Q(resources_yearly__gte=0)
                & Q(yearly_amount__gte=0)
                & Q(yearly_amount__lte=models.F("category_yearly")),
                name="leefloon_calculation_amounts_in_range",
            ),
            # A category other than the one the household suggests says why.
            models.CheckConstraint(
                condition=Q(proposed_category="")
                | Q(category=models.F("proposed_category"))
                | ~Q(category_motivation=""),
                name="leefloon_calculation_category_motivated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.monthly_amount}"


class LeefloonGrant(models.Model):
    """A leefloon as the procedure's decision granted it: from its start (never before the
    request), in its category, until it is reviewed or ended. Its monthly amount over time is in
    GrantAmount (the decision's, then each indexation's)."""

    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="leefloon", verbose_name=_("decision")
    )
    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, related_name="leefloon_grants", verbose_name=_("request")
    )
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        related_name="leefloon_grants",
        verbose_name=_("client"),
        db_index=False,
    )
    calculation = models.ForeignKey(
        LeefloonCalculation,
        on_delete=models.PROTECT,
        related_name="grants",
        verbose_name=_("calculation"),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    starts_on = DateField(_("from"))
    review_on = DateField(_("review on"))
    ended_on = DateField(_("ended on"), null=True, blank=True)
    end_reason = TextField(_("reason for ending"), max_length=NOTE_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        verbose_name = _("leefloon")
        verbose_name_plural = _("leefloons")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["client", "-starts_on"], name="grant_client_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_on__gt=models.F("starts_on")), name="grant_review_after_start"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("starts_on")),
                name="grant_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="grant_ended_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.starts_on:%d/%m/%Y}"


class GrantAmount(models.Model):
    """The monthly amount of a granted leefloon from a day on: the decision's first, then one
    per indexation published (scale) or change decided."""

    class Reason(models.TextChoices):
        DECISION = "decision", _("decision")
        INDEXATION = "indexation", _("indexation")

    grant = models.ForeignKey(
        LeefloonGrant,
        on_delete=models.CASCADE,
        related_name="amounts",
        verbose_name=_("leefloon"),
        db_index=False,
    )
    valid_from = DateField(_("from"))
    monthly_amount = money(_("per month"))
    reason = models.CharField(_("reason"), max_length=15, choices=Reason.choices)
    scale = models.ForeignKey(
        LeefloonScale,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("amounts of"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("leefloon amount")
        verbose_name_plural = _("leefloon amounts")
        ordering = ["grant", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "valid_from"], name="grant_amount_one_a_day"),
            models.CheckConstraint(
                condition=Q(monthly_amount__gte=0), name="grant_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.valid_from:%d/%m/%Y}: {self.monthly_amount}"
