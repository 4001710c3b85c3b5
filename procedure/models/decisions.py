"""The decision on a request, its notification to the applicant and the appeal to the labour
court."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import MOTIVATION_MAX, NOTE_MAX, DateField, TextField
from procedure.models.requests import Request
from procedure.models.sessions import CommitteeSession


class DecisionOutcome(models.TextChoices):
    GRANTED = "granted", _("granted")
    REFUSED = "refused", _("refused")
    AMENDED = "amended", _("granted with changes")


class DecisionQuerySet(models.QuerySet["Decision"]):
    def standing(self) -> "DecisionQuerySet":
        """The decisions that stand: all but an urgent decision the committee did not ratify
        (at most one per request, decision_one_standing_per_request)."""
        return self.exclude(ratification=Decision.Ratification.NOT_RATIFIED)


class Decision(models.Model):
    """The decision on a request: by the committee in a session, by the role a delegation
    names, or urgently by the chair alone (then ratified, or not, at the committee's next
    session). Nobody decides their own proposal: `decided_by` (who decided or recorded the
    decision) is never `proposed_by`, in the database too."""

    class Body(models.TextChoices):
        COMMITTEE = "committee", _("the Special Committee for Social Services")
        TEAM_LEAD = "team_lead", _("a team lead (delegated)")
        CHAIR = "chair", _("the chair, urgently")

    class Ratification(models.TextChoices):
        NOT_NEEDED = "", _("not needed")
        PENDING = "pending", _("to be ratified")
        RATIFIED = "ratified", _("ratified")
        NOT_RATIFIED = "not_ratified", _("not ratified")

    # A foreign key, not one-to-one: an urgent decision the committee does not ratify stays on
    # record next to the committee's own decision; one decision per request stands.
    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("request")
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=DecisionOutcome.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    starts_on = DateField(_("from"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("number of months"), null=True, blank=True)
    motivation = TextField(_("motivation"), max_length=MOTIVATION_MAX)
    decided_on = DateField(_("decided on"))
    body = models.CharField(_("decided by"), max_length=10, choices=Body.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    session = models.ForeignKey(
        CommitteeSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("committee session"),
    )
    ratification = models.CharField(
        _("ratification"),
        max_length=15,
        choices=Ratification.choices,
        blank=True,
        default=Ratification.NOT_NEEDED,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["decided_on"], name="decision_decided_on")]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=~Q(ratification="not_ratified"),
                name="decision_one_standing_per_request",
            ),
            models.CheckConstraint(
                condition=~Q(decided_by=models.F("proposed_by")), name="decision_four_eyes"
            ),
            models.CheckConstraint(
                condition=~Q(body="committee") | Q(session__isnull=False),
                name="decision_committee_in_session",
            ),
            # An urgent decision of the chair, and only that, goes to ratification.
            models.CheckConstraint(
                condition=(Q(body="chair") & ~Q(ratification=""))
                | (~Q(body="chair") & Q(ratification="")),
                name="decision_chair_is_ratified",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="refused") | Q(amount__isnull=True, starts_on__isnull=True),
                name="decision_refusal_has_no_amount",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="decision_amount_positive",
            ),
            models.CheckConstraint(condition=~Q(motivation=""), name="decision_motivated"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.decided_on:%d/%m/%Y}"


class Notification(models.Model):
    """How and when the decision reached the applicant: by registered letter or handed over
    against a receipt, within 8 days of the decision; the letter kept in the file's documents
    when it was made into a PDF. From `notified_on` the 3 months of the appeal run."""

    class Way(models.TextChoices):
        REGISTERED = "registered", _("registered letter")
        RECEIPT = "receipt", _("handed over against a receipt")

    # Per decision: an urgent decision notified and then not ratified keeps its notification,
    # and the committee's own decision is notified again.
    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, related_name="notifications", verbose_name=_("request")
    )
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="notification", verbose_name=_("decision")
    )
    notified_on = DateField(_("notified on"))
    way = models.CharField(_("way of notification"), max_length=15, choices=Way.choices)
    letter = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("letter"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.get_way_display()} {self.notified_on:%d/%m/%Y}"


class Appeal(models.Model):
    """An appeal to the labour court against the decision (or against no decision within 30
    days): when it was lodged, at which court, and the judgment once there is one."""

    class Result(models.TextChoices):
        PENDING = "", _("pending")
        CONFIRMED = "confirmed", _("the OCMW's decision confirmed")
        ANNULLED = "annulled", _("the OCMW's decision overturned")
        PARTLY = "partly", _("partly overturned")
        WITHDRAWN = "withdrawn", _("appeal withdrawn")

    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("request")
    )
    lodged_on = DateField(_("lodged on"))
    court = models.CharField(_("labour court"), max_length=150)
    result = models.CharField(
        _("outcome"), max_length=10, choices=Result.choices, blank=True, default=Result.PENDING
    )
    judgment_on = DateField(_("date of the judgment"), null=True, blank=True)
    note = TextField(_("note"), max_length=NOTE_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-lodged_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(court=""), name="appeal_court_given"),
            # A judgment has a date, and a date is of a judgment.
            models.CheckConstraint(
                condition=(Q(result="") & Q(judgment_on__isnull=True))
                | (~Q(result="") & Q(judgment_on__isnull=False)),
                name="appeal_judgment_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.court} {self.lodged_on:%d/%m/%Y}"
