"""The social inquiry of a request, the proposal that ends it, and the delegation table that
says who decides a proposal."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import MOTIVATION_MAX, NOTE_MAX, DateField, TextField
from procedure.models.requests import Request, RequestKind


class LifeDomain(models.TextChoices):
    """The life domains the social inquiry reports on (the same grouping as the client file)."""

    INCOME = "income", _("income and resources")
    HOUSING = "housing", _("housing")
    HEALTH = "health", _("health")
    WORK = "work", _("work and activation")
    DEBTS = "debts", _("debts and budget")
    FAMILY = "family", _("family and social network")


class Inquiry(models.Model):
    """The social inquiry of a request: the findings per life domain and the home visit, where
    the kind of help requires one (RequestKind.home_visit_required). Written by the client's
    social worker before the proposal; starting it puts the request "under inquiry"."""

    request = models.OneToOneField(
        Request, on_delete=models.PROTECT, related_name="inquiry", verbose_name=_("request")
    )
    findings_income = TextField(_("income and resources"), max_length=NOTE_MAX, blank=True)
    findings_housing = TextField(_("housing"), max_length=NOTE_MAX, blank=True)
    findings_health = TextField(_("health"), max_length=NOTE_MAX, blank=True)
    findings_work = TextField(_("work and activation"), max_length=NOTE_MAX, blank=True)
    findings_debts = TextField(_("debts and budget"), max_length=NOTE_MAX, blank=True)
    findings_family = TextField(_("family and social network"), max_length=NOTE_MAX, blank=True)
    home_visit_on = DateField(_("home visit on"), null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("social inquiry")
        verbose_name_plural = _("social inquiries")

    def __str__(self) -> str:
        return f"{_('social inquiry')} {self.request}"

    def findings(self, *, health: bool = True) -> list[tuple[str, str]]:
        """(life domain, findings) in the order of LifeDomain, the empty ones left out; without
        `health` the health findings too (health data: only for the client's social worker and
        team lead, clients.selectors.confidential_readable_by)."""
        return [
            (str(label), text)
            for value, label in LifeDomain.choices
            if (health or value != LifeDomain.HEALTH)
            and (text := getattr(self, f"findings_{value}"))
        ]


class Decider(models.TextChoices):
    """Who decides a proposal: the Special Committee for Social Services, or the role the
    council delegated the decision to for that kind of help and amount (Delegation)."""

    COMMITTEE = "committee", _("the Special Committee for Social Services")
    TEAM_LEAD = "team_lead", _("a team lead (delegated)")


class Delegation(models.Model):
    """The council's delegation, set by the administrator: for this kind of help, up to this
    amount (none: any amount), a team lead decides instead of the committee. Without a
    delegation that covers a proposal, the committee decides it (procedure.routing)."""

    kind = models.ForeignKey(
        RequestKind,
        on_delete=models.PROTECT,
        related_name="delegations",
        verbose_name=_("kind of help"),
        db_index=False,
    )
    decider = models.CharField(
        _("decided by"), max_length=20, choices=Decider.choices, default=Decider.TEAM_LEAD
    )
    up_to_amount = models.DecimalField(
        _("up to amount"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: whatever the amount."),
    )
    covers_refusals = models.BooleanField(
        _("also refusals"),
        default=False,
        help_text=_("Also a proposal to refuse this kind of help is decided by this role."),
    )

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["kind__order", "up_to_amount"]
        constraints = [
            models.CheckConstraint(
                condition=Q(up_to_amount__isnull=True) | Q(up_to_amount__gt=0),
                name="delegation_amount_positive",
            ),
            models.UniqueConstraint(
                fields=["kind", "decider"], name="delegation_one_per_kind_and_decider"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.get_decider_display()}"


class Outcome(models.TextChoices):
    GRANT = "grant", _("grant")
    REFUSE = "refuse", _("refuse")


class Proposal(models.Model):
    """The social worker's motivated proposal at the end of the inquiry, routed on submission
    to who decides it (`decider`, from the Delegation table). For a kind of help with an
    amount it carries the amount per month and the period; a higher app may link what the
    amount rests on (`link_code`/`link_id`, procedure.registry: the saved aid calculation of
    budgets)."""

    request = models.OneToOneField(
        Request, on_delete=models.PROTECT, related_name="proposal", verbose_name=_("request")
    )
    outcome = models.CharField(_("proposal"), max_length=10, choices=Outcome.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    starts_on = DateField(_("from"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("number of months"), null=True, blank=True)
    motivation = TextField(_("motivation"), max_length=MOTIVATION_MAX)
    link_code = models.CharField(max_length=50, blank=True, editable=False)
    link_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    decider = models.CharField(_("decided by"), max_length=20, choices=Decider.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed"))

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="proposal_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(outcome="grant") | Q(amount__isnull=True, starts_on__isnull=True),
                name="proposal_refusal_has_no_amount",
            ),
            models.CheckConstraint(
                condition=Q(months__isnull=True) | Q(months__gte=1, months__lte=60),
                name="proposal_months_in_range",
            ),
            models.CheckConstraint(
                condition=Q(link_id__isnull=True) | ~Q(link_code=""),
                name="proposal_link_named",
            ),
            models.CheckConstraint(condition=~Q(motivation=""), name="proposal_motivated"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.request}"
