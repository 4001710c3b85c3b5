"""The access log: who looked at or changed which client file (written through
clients.access_log)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clients.models.client import Client


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
    # No index of its own: accesslog_client_idx starts with it.
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        related_name="access_log",
        verbose_name=_("client"),
        db_index=False,
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
