"""Employment under art. 60 §7 of the organic law of 8 July 1976: the OCMW is the employer (or
puts the client at a partner's disposal) until the client has worked long enough to claim full
social security benefits again."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from core.fields import NOTE_MAX, DateField, TextField
from integration.models.scales import money


class Employer(models.Model):
    """Where an art. 60 worker works: the OCMW's own services or a partner."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("the OCMW's own service")
        PARTNER = "partner", _("partner organisation")

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact = models.CharField(_("contact person"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("art. 60 employer")
        verbose_name_plural = _("art. 60 employers")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="employer_named")]

    def __str__(self) -> str:
        return self.name


class Art60Contract(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="art60_contracts", verbose_name=_("client")
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("employer")
    )
    job_title = models.CharField(_("job"), max_length=150)
    starts_on = DateField(_("starts on"))
    ends_on = DateField(_("ends on"))
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    wage_cost_monthly = money(_("wage cost per month"))
    subsidy_monthly = money(_("subsidy per month"))
    net_wage_monthly = money(_("net wage per month"))
    # The goal of the job: from this day the client has worked long enough for full social
    # security rights (unemployment benefit); the contract should run at least until then.
    social_security_from = DateField(_("social security rights built from"), null=True, blank=True)
    ended_early_on = DateField(_("ended early on"), null=True, blank=True)
    end_reason = TextField(_("reason for ending early"), max_length=NOTE_MAX, blank=True)
    note = TextField(_("note"), max_length=NOTE_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        verbose_name = _("art. 60 contract")
        verbose_name_plural = _("art. 60 contracts")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="art60_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=40),
                name="art60_hours_in_range",
            ),
            models.CheckConstraint(
                condition=Q(wage_cost_monthly__gte=0)
                & Q(subsidy_monthly__gte=0)
                & Q(net_wage_monthly__gte=0),
                name="art60_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(ended_early_on__isnull=True, end_reason="")
                | (Q(ended_early_on__isnull=False) & ~Q(end_reason="")),
                name="art60_ended_with_reason",
            ),
            models.CheckConstraint(condition=~Q(job_title=""), name="art60_job_named"),
        ]

    def __str__(self) -> str:
        return f"{self.job_title} ({self.employer})"
