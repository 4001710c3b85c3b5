"""Sessions of the Special Committee for Social Services and their agendas."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import NOTE_MAX, TEXT_MAX, DateField, TextField
from procedure.models.requests import Request


class CommitteeSession(models.Model):
    """A session of the Special Committee for Social Services: its date, members and agenda
    (AgendaItem), and the minutes. Closed once its decisions and minutes are recorded."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        CLOSED = "closed", _("closed")

    held_on = DateField(_("date of the session"))
    place = models.CharField(_("place"), max_length=150)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="committee_sessions", verbose_name=_("members")
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    minutes = TextField(_("minutes"), max_length=TEXT_MAX, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        verbose_name = _("committee session")
        verbose_name_plural = _("committee sessions")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(place=""), name="session_place_given"),
            models.CheckConstraint(
                condition=Q(state__in=["planned", "closed"]), name="session_state_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('committee session')} {self.held_on:%d/%m/%Y}"


class AgendaItem(models.Model):
    """A point of a session's agenda: a proposal to decide, or an urgent decision of the chair
    to ratify. Its outcome is recorded during or after the session; "postponed" (with the
    reason) puts the proposal on a later session's agenda."""

    class Purpose(models.TextChoices):
        DECIDE = "decide", _("to decide")
        RATIFY = "ratify", _("to ratify")

    class Result(models.TextChoices):
        PENDING = "", _("not yet decided")
        GRANTED = "granted", _("granted")
        REFUSED = "refused", _("refused")
        AMENDED = "amended", _("granted with changes")
        POSTPONED = "postponed", _("postponed")
        RATIFIED = "ratified", _("ratified")
        NOT_RATIFIED = "not_ratified", _("not ratified")

    session = models.ForeignKey(
        CommitteeSession,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name=_("committee session"),
        db_index=False,
    )
    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, related_name="agenda_items", verbose_name=_("request")
    )
    purpose = models.CharField(
        _("purpose"), max_length=10, choices=Purpose.choices, default=Purpose.DECIDE
    )
    position = models.PositiveIntegerField(_("number"))
    result = models.CharField(
        _("result"), max_length=15, choices=Result.choices, blank=True, default=Result.PENDING
    )
    reason = TextField(_("reason"), max_length=NOTE_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "request", "purpose"], name="agendaitem_once_per_session"
            ),
            models.UniqueConstraint(
                fields=["session", "position"], name="agendaitem_position_unique"
            ),
            # A postponement or a refusal to ratify says why.
            models.CheckConstraint(
                condition=~Q(result__in=["postponed", "not_ratified", "amended"]) | ~Q(reason=""),
                name="agendaitem_reason_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} #{self.position}"
