"""The one social worker of a client, over a period (transfers keep the history)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clients.models.client import Client
from core.fields import NOTE_MAX, TextField


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
    end_reason = TextField(_("reason for the transfer"), max_length=NOTE_MAX, blank=True)
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
