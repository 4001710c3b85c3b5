"""Casework on a file: trajectories with their steps, timeline events and debts, and the
journal."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clients.models.client import NON_NEGATIVE, Client
from core.fields import NOTE_MAX, TEXT_MAX, DateField, TextField


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
        Client,
        on_delete=models.CASCADE,
        related_name="trajectories",
        verbose_name=_("client"),
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    opened_on = DateField(_("opened on"))
    closed_on = DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = TextField(_("outcome note"), max_length=NOTE_MAX, blank=True)
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
    starts_on = DateField(_("start"), null=True, blank=True)
    ends_on = DateField(_("end"), null=True, blank=True)
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
    due_on = DateField(_("due on"), null=True, blank=True)
    done_on = DateField(_("done on"), null=True, blank=True)
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
        Client,
        on_delete=models.CASCADE,
        related_name="journal",
        verbose_name=_("client"),
        db_index=False,
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
    occurred_on = DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    partners = models.CharField(_("partners present"), max_length=300, blank=True)
    text = TextField(_("text"), max_length=TEXT_MAX)
    # Health notes: only the assigned social worker and the team lead may read them.
    confidential = models.BooleanField(_("confidential (health)"), default=False)
    follow_up_on = DateField(_("follow up on"), null=True, blank=True)
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
