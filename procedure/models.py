"""The legal path of a request for help: the kinds of help an administrator configures, the
requests as received (the register), and the forwarding of a request the OCMW is not competent
for. The deadlines each request runs against are computed, never stored (procedure/deadlines.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from core.fields import MOTIVATION_MAX, NOTE_MAX, TEXT_MAX, DateField, TextField


class RequestKind(models.Model):
    """A kind of help a person can ask for (leefloon, medical card, ...): seeded by migration
    0002, renamed, reordered or switched off by the administrator, never deleted once used."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_nl = models.CharField(_("name in Dutch"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    home_visit_required = models.BooleanField(
        _("home visit required"),
        default=False,
        help_text=_("The social inquiry of this kind of help includes a home visit."),
    )
    has_amount = models.BooleanField(
        _("granted as an amount"),
        default=False,
        help_text=_("A grant of this kind of help names an amount per month and a period."),
    )

    class Meta:
        verbose_name = _("kind of help")
        verbose_name_plural = _("kinds of help")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        english = translation.get_language() == "en"
        return self.name_en if english else self.name_nl


class RequestState(models.TextChoices):
    RECEIVED = "received", _("received")
    FORWARDED = "forwarded", _("forwarded")
    UNDER_INQUIRY = "under_inquiry", _("under inquiry")
    PROPOSED = "proposed", _("proposed")
    DECIDED = "decided", _("decided")
    NOTIFIED = "notified", _("notified")
    WITHDRAWN = "withdrawn", _("withdrawn")


# For the constraint (the class body of Meta cannot see Request.State).
REQUEST_STATES = [value for value, _label in RequestState.choices]


class Request(models.Model):
    """A request for help, registered on the day it was received: from that date the legal
    deadlines run (Judicial Code art. 52-54, procedure/deadlines.py)."""

    State = RequestState

    # Still waiting for the OCMW: the request can be withdrawn or forwarded, and the file
    # cannot close while one is.
    OPEN_STATES = (State.RECEIVED, State.UNDER_INQUIRY, State.PROPOSED)

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="help_requests", verbose_name=_("client")
    )
    kind = models.ForeignKey(
        RequestKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind of help")
    )
    received_on = DateField(_("received on"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("received by"),
    )
    location = models.CharField(_("where it was received"), max_length=150)
    own_words = TextField(_("the applicant's own words"), max_length=MOTIVATION_MAX, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.RECEIVED
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = TextField(_("reason for withdrawal"), max_length=NOTE_MAX, blank=True)
    # Optimistic locking, as Client.version: every change raises it.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("request for help")
        verbose_name_plural = _("requests for help")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["client", "-received_on"], name="request_client_received")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=REQUEST_STATES),
                name="request_state_known",
            ),
            # Withdrawn exactly when it says who withdrew it, when and why.
            models.CheckConstraint(
                condition=(
                    Q(state="withdrawn", withdrawn_at__isnull=False, withdrawn_by__isnull=False)
                    & ~Q(withdrawal_reason="")
                )
                | (
                    ~Q(state="withdrawn")
                    & Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True, withdrawal_reason="")
                ),
                name="request_withdrawn_with_who_and_why",
            ),
            models.CheckConstraint(condition=~Q(location=""), name="request_location_given"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.received_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class Forwarding(models.Model):
    """The OCMW thinks it is not competent: the reasons (told the applicant in writing) and the
    OCMW the request went to, within 5 days of its receipt (organic law of 8 July 1976, art.
    58 §3). The request keeps its receipt; its state becomes "forwarded". That the forwarding
    is not before the receipt is the service's rule: a check constraint cannot see the request's
    row."""

    request = models.OneToOneField(
        Request, on_delete=models.PROTECT, related_name="forwarding", verbose_name=_("request")
    )
    reason = TextField(_("reason"), max_length=NOTE_MAX)
    forwarded_to = models.CharField(_("OCMW forwarded to"), max_length=150)
    forwarded_on = DateField(_("forwarded on"))
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("forwarded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("forwarding")
        verbose_name_plural = _("forwardings")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="forwarding_reason_given"),
            models.CheckConstraint(condition=~Q(forwarded_to=""), name="forwarding_ocmw_given"),
        ]

    def __str__(self) -> str:
        return f"{self.forwarded_to} {self.forwarded_on:%d/%m/%Y}"


# --- The social inquiry, the proposal and who decides it --------------------------------------


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

    def findings(self) -> list[tuple[str, str]]:
        """(life domain, findings) in the order of LifeDomain, the empty ones left out."""
        return [
            (str(label), text)
            for value, label in LifeDomain.choices
            if (text := getattr(self, f"findings_{value}"))
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


# --- Committee sessions ------------------------------------------------------------------------


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


# --- The decision, its notification and the appeal ------------------------------------------


class DecisionOutcome(models.TextChoices):
    GRANTED = "granted", _("granted")
    REFUSED = "refused", _("refused")
    AMENDED = "amended", _("granted with changes")


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

    request = models.OneToOneField(
        Request, on_delete=models.PROTECT, related_name="notification", verbose_name=_("request")
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


class RequestDocument(models.Model):
    """A document of the client's file that belongs to a request (the documents app knows no
    requests: the link lives here)."""

    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, related_name="document_links", verbose_name=_("request")
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )

    class Meta:
        verbose_name = _("document of a request")
        verbose_name_plural = _("documents of requests")
        constraints = [
            models.UniqueConstraint(fields=["request", "document"], name="requestdocument_once")
        ]

    def __str__(self) -> str:
        return f"{self.request} - {self.document_id}"
