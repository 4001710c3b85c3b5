"""The individualised project for social integration (GPMI, law of 26 May 2002, art. 11; royal
decree of 11 July 2002, art. 17): a contract with goals and the commitments of both sides,
signed by the client and the OCMW, and the evaluations the law requires, scheduled when the
contract is signed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from core.fields import MOTIVATION_MAX, NOTE_MAX, TEXT_MAX, DateField, TextField
from procedure.models import Request


class GpmiContract(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="gpmi_contracts", verbose_name=_("client")
    )
    request = models.ForeignKey(
        Request,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gpmi_contracts",
        verbose_name=_("leefloon request"),
    )
    starts_on = DateField(_("starts on"))
    ends_on = DateField(_("ends on"), null=True, blank=True)
    goals = TextField(_("goals"), max_length=TEXT_MAX)
    client_commitments = TextField(_("commitments of the client"), max_length=MOTIVATION_MAX)
    ocmw_commitments = TextField(_("commitments of the OCMW"), max_length=MOTIVATION_MAX)
    signed_by_client_on = DateField(_("signed by the client on"), null=True, blank=True)
    signed_by_ocmw_on = DateField(_("signed for the OCMW on"), null=True, blank=True)
    signed_for_ocmw_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed for the OCMW by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        verbose_name = _("GPMI contract")
        verbose_name_plural = _("GPMI contracts")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")),
                name="gpmi_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(signed_by_ocmw_on__isnull=True, signed_for_ocmw_by__isnull=True)
                | Q(signed_by_ocmw_on__isnull=False, signed_for_ocmw_by__isnull=False),
                name="gpmi_ocmw_signature_says_who",
            ),
        ]

    def __str__(self) -> str:
        return f"GPMI {self.starts_on:%d/%m/%Y}"

    @property
    def is_signed(self) -> bool:
        return self.signed_by_client_on is not None and self.signed_by_ocmw_on is not None


class GpmiEvaluation(models.Model):
    """One evaluation the law requires, due on a day; held (with its report) or not yet. Who
    holds it is the client's worker on that day (read from the assignments, not stored), so a
    reassignment moves the coming evaluations with the client."""

    contract = models.ForeignKey(
        GpmiContract,
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("GPMI contract"),
        db_index=False,
    )
    due_on = DateField(_("due on"))
    in_person = models.BooleanField(_("in a personal meeting"), default=True)
    held_on = DateField(_("held on"), null=True, blank=True)
    report = TextField(_("report"), max_length=TEXT_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    note = TextField(_("note"), max_length=NOTE_MAX, blank=True)
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        verbose_name = _("GPMI evaluation")
        verbose_name_plural = _("GPMI evaluations")
        ordering = ["contract", "due_on", "pk"]
        indexes = [
            models.Index(
                fields=["due_on"], condition=Q(held_on__isnull=True), name="gpmi_eval_open_due"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(held_on__isnull=True, recorded_by__isnull=True, report="")
                | (Q(held_on__isnull=False, recorded_by__isnull=False) & ~Q(report="")),
                name="gpmi_evaluation_held_with_report",
            ),
            # The schedule is derived from the contract's dates: one evaluation per due day, so
            # scheduling again (a changed end, the next contract year) adds nothing twice.
            models.UniqueConstraint(
                fields=["contract", "due_on"], name="gpmi_evaluation_one_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.due_on:%d/%m/%Y}"
