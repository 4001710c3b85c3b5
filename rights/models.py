"""Rights clients may be missing (non-take-up): the catalogue, its versioned thresholds, what a
client receives, the flags the scan raises and their review, and the scan runs themselves."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from core.fields import MOTIVATION_MAX, NOTE_MAX, DateField, TextField
from core.in_force import InForceQuerySet


class Right(models.Model):
    """A right in the catalogue. Texts in Dutch and English: clients and partners read them."""

    class Automatic(models.TextChoices):
        YES = "yes", _("granted automatically")
        PARTLY = "partly", _("partly automatic")
        NO = "no", _("on application only")

    # The code ties the row to its rule in rights/rules/.
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_nl = models.CharField(_("name in Dutch"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150)
    gives_nl = TextField(_("what it gives (Dutch)"), max_length=MOTIVATION_MAX)
    gives_en = TextField(_("what it gives (English)"), max_length=MOTIVATION_MAX)
    how_to_apply_nl = TextField(_("how and where to apply (Dutch)"), max_length=MOTIVATION_MAX)
    how_to_apply_en = TextField(_("how and where to apply (English)"), max_length=MOTIVATION_MAX)
    documents_nl = TextField(_("documents needed (Dutch)"), max_length=MOTIVATION_MAX, blank=True)
    documents_en = TextField(_("documents needed (English)"), max_length=MOTIVATION_MAX, blank=True)
    automatic = models.CharField(_("granted automatically"), max_length=10, choices=Automatic)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("right")
        verbose_name_plural = _("rights")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def _text(self, field: str) -> str:
        english = translation.get_language() == "en"
        value: str = getattr(self, f"{field}_{'en' if english else 'nl'}")
        return value

    @property
    def name(self) -> str:
        return self._text("name")

    @property
    def gives(self) -> str:
        return self._text("gives")

    @property
    def how_to_apply(self) -> str:
        return self._text("how_to_apply")

    @property
    def documents(self) -> str:
        return self._text("documents")


class RightParametersQuerySet(InForceQuerySet["RightParameters"]):
    # A version has no end of its own: it holds until the right's next version starts.
    end_field = None
    series_fields = ("right",)


class RightParameters(models.Model):
    """The thresholds of one right from a date on. A version in force never changes; a future
    one may be edited until it starts (the preview shows what it would do)."""

    right = models.ForeignKey(
        Right,
        on_delete=models.PROTECT,
        related_name="parameters",
        verbose_name=_("right"),
        db_index=False,
    )
    valid_from = DateField(_("valid from"))
    values = models.JSONField(_("thresholds"))  # {"name": "27011.00", ...}: amounts as strings
    source = models.CharField(_("source"), max_length=300, blank=True)
    # Empty for the starting figures the catalogue was seeded with.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RightParametersQuerySet.as_manager()

    class Meta:
        verbose_name = _("right parameters")
        verbose_name_plural = _("right parameters")
        ordering = ["right", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["right", "valid_from"], name="rightparameters_one_per_day"
            ),
            # What the flags' and notes' (right, parameters) refer to on PostgreSQL: a version
            # of the thresholds of that very right (rights/migrations/0010).
            models.UniqueConstraint(fields=["right", "id"], name="rightparameters_right_and_id"),
        ]

    def __str__(self) -> str:
        return f"{self.right.code} {self.valid_from}"


class ClientRight(models.Model):
    """What the client's file says about one right: receives, applied, refused, not eligible."""

    class Status(models.TextChoices):
        RECEIVES = "receives", _("receives")
        APPLIED = "applied", _("applied")
        REFUSED = "refused", _("refused")
        NOT_ELIGIBLE = "not_eligible", _("not eligible")

    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        related_name="rights",
        verbose_name=_("client"),
        db_index=False,
    )
    right = models.ForeignKey(
        Right, on_delete=models.PROTECT, related_name="+", verbose_name=_("right")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    since = DateField(_("date"))
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("right of a client")
        verbose_name_plural = _("rights of clients")
        ordering = ["right__order", "right__code"]
        constraints = [
            models.UniqueConstraint(fields=["client", "right"], name="clientright_one_per_right")
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.right} ({self.get_status_display()})"


class NonTakeUpType(models.TextChoices):
    """The federal administration's five types of non-take-up."""

    UNKNOWN = "unknown", _("right unknown")
    NOT_REQUESTED = "not_requested", _("not requested")
    REQUESTED_NOT_RECEIVED = "requested_not_received", _("requested but not received")
    NOT_OFFERED = "not_offered", _("not offered")
    EXCLUDED = "excluded", _("excluded")


class NonTakeUpFlag(models.Model):
    """A right the client probably misses, found by the scan, and what the worker did about it.

    At most one open flag per client and right (a database constraint). A dismissed flag keeps
    the fingerprint of the facts it was based on; the scan raises it again only when they change.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CONTACTED = "contacted", _("client contacted")
        APPLIED = "applied", _("applied")
        GRANTED = "granted", _("granted")
        DISMISSED = "dismissed", _("dismissed")
        CLOSED = "closed", _("closed by the scan")

    OPEN_STATUSES = ("open", "contacted", "applied")

    # No index of its own: flag_client_right_idx and the open-flag constraint start with it.
    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        related_name="flags",
        verbose_name=_("client"),
        db_index=False,
    )
    # No index of its own: flag_status_idx serves the lists by right (a right is never deleted:
    # its versions protect it). On PostgreSQL one foreign key checks right and parameters
    # together, (right, parameters) -> a version of that right's thresholds (migration 0010):
    # one check per flag instead of two, and a flag never names another right's thresholds.
    right = models.ForeignKey(
        Right,
        on_delete=models.PROTECT,
        related_name="flags",
        verbose_name=_("right"),
        db_index=False,
    )
    parameters = models.ForeignKey(
        RightParameters,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("parameters used"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # The finding as the rule gave it: matched facts and thresholds, missing data (see rules).
    explanation = models.JSONField(_("explanation"))
    facts_fingerprint = models.CharField(max_length=64)
    # What the right is worth to the household in a year, estimated by the scan (how: the
    # explanation's "value"); empty when the right's thresholds give no estimate.
    estimated_yearly_value = models.DecimalField(
        _("estimated value per year"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    opened_at = models.DateTimeField(_("opened"))
    first_action_at = models.DateTimeField(_("first acted on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=300, blank=True)
    non_take_up_type = models.CharField(
        _("type of non-take-up"), max_length=30, choices=NonTakeUpType.choices, blank=True
    )

    class Meta:
        verbose_name = _("non-take-up flag")
        verbose_name_plural = _("non-take-up flags")
        ordering = ["-opened_at", "-pk"]
        indexes = [
            models.Index(fields=["client", "right", "status"], name="flag_client_right_idx"),
            models.Index(fields=["status", "right"], name="flag_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "right"],
                condition=Q(status__in=["open", "contacted", "applied"]),
                name="flag_one_open_per_client_right",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "contacted", "applied"])
                | Q(closed_at__isnull=False),
                name="flag_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.right} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class FlagEvent(models.Model):
    """One line of a flag's history: a step in its review (contacted, applied, granted,
    dismissed, closed by the scan), or the scan rewriting its explanation because the facts or
    the thresholds in force changed. The latter keeps the explanation it replaced, as the rule's
    finding (facts, translated when shown), so the worker can read what the flag said before."""

    class Kind(models.TextChoices):
        STATUS = "status", _("status change")
        EXPLANATION = "explanation", _("explanation updated")

    flag = models.ForeignKey(
        NonTakeUpFlag, on_delete=models.CASCADE, related_name="events", verbose_name=_("flag")
    )
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.STATUS)
    # The new status; for an explanation update the status the flag had at that moment.
    status = models.CharField(_("status"), max_length=10, choices=NonTakeUpFlag.Status.choices)
    note = TextField(_("note"), max_length=NOTE_MAX, blank=True)
    # Kind "explanation" only: the flag's explanation until then (NonTakeUpFlag.explanation).
    previous_explanation = models.JSONField(_("previous explanation"), null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="explanation", previous_explanation__isnull=False)
                | (~Q(kind="explanation") & Q(previous_explanation__isnull=True)),
                name="flagevent_previous_explanation_iff_update",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.status}"


class ScanRun(models.Model):
    """One run of the non-take-up scan: nightly, started by a team lead, or for one client."""

    class Kind(models.TextChoices):
        NIGHTLY = "nightly", _("nightly")
        MANUAL = "manual", _("started by hand")
        CLIENT = "client", _("one client after a change")

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    scan_date = DateField(_("scan date"))
    clients = models.PositiveIntegerField(_("clients scanned"), default=0)
    # Those the rules ran for: a full scan passes over a client whose evaluation would change
    # nothing (rights/scan/unchanged.py).
    clients_evaluated = models.PositiveIntegerField(_("clients evaluated"), default=0)
    flags_opened = models.PositiveIntegerField(_("flags opened"), default=0)
    flags_closed = models.PositiveIntegerField(_("flags closed"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    error_messages = models.JSONField(_("error messages"), default=list, blank=True)
    # Where a re-run after a crash picks up (the highest client id done).
    last_client_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("scan run")
        verbose_name_plural = _("scan runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"


class ScanBatch(models.Model):
    """One batch of a full scan (nightly or started by hand): the active clients with an id in
    (after_id, up_to_id], or after after_id for the run's last batch. Each is a Celery task of
    its own, so any number of workers scan a run in parallel; the run ends when its last batch
    commits (rights/scan/batches.py)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DONE = "done", _("done")

    run = models.ForeignKey(
        ScanRun,
        on_delete=models.CASCADE,
        related_name="batches",
        verbose_name=_("scan run"),
        db_index=False,
    )
    after_id = models.PositiveBigIntegerField()
    # None: the run's last batch, which also takes the clients added since the run was planned.
    up_to_id = models.PositiveBigIntegerField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    clients = models.PositiveIntegerField(_("clients scanned"), default=0)
    # Those the rules ran for: a full scan passes over a client whose evaluation would change
    # nothing (rights/scan/unchanged.py).
    clients_evaluated = models.PositiveIntegerField(_("clients evaluated"), default=0)
    flags_opened = models.PositiveIntegerField(_("flags opened"), default=0)
    flags_closed = models.PositiveIntegerField(_("flags closed"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("scan batch")
        verbose_name_plural = _("scan batches")
        ordering = ["run_id", "after_id"]  # not "run": that joins the run (and locks it)
        constraints = [
            models.UniqueConstraint(fields=["run", "after_id"], name="scan_batch_once_per_start"),
        ]
        indexes = [models.Index(fields=["run", "status"], name="scan_batch_run_status")]

    def __str__(self) -> str:
        return f"{self.run_id} ({self.after_id}, {self.up_to_id}]"


class DataMissingNote(models.Model):
    """The latest "data missing" finding of a rule for a client: no flag, but the worker sees
    which data would let the rule decide. Replaced by each scan; removed when it no longer holds."""

    # No index of its own: datamissing_one_per_client_right starts with it.
    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        related_name="data_missing_notes",
        verbose_name=_("client"),
        db_index=False,
    )
    # No index of its own (notes are read by client), and on PostgreSQL one foreign key for
    # right and parameters together, as NonTakeUpFlag's.
    right = models.ForeignKey(
        Right, on_delete=models.PROTECT, related_name="+", verbose_name=_("right"), db_index=False
    )
    parameters = models.ForeignKey(
        RightParameters,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("parameters used"),
    )
    explanation = models.JSONField(_("explanation"))
    facts_fingerprint = models.CharField(max_length=64)
    noted_at = models.DateTimeField(_("noted"))

    class Meta:
        verbose_name = _("data missing note")
        verbose_name_plural = _("data missing notes")
        ordering = ["right__order", "right__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "right"], name="datamissing_one_per_client_right"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.right}"


class ClientScanState(models.Model):
    """What the last evaluation of a client that changed nothing saw: a digest of its facts
    (all but the scan date), its open and dismissed flags, the rights and thresholds in force
    and the rules' code, and the first day on which what the rules read of the date could
    answer otherwise. A full scan does not run the rules again for a client whose digest is
    the same before that day: they would find what they found (rights/scan/unchanged.py). An
    evaluation that changes anything removes the row; so does nothing else need to."""

    # No index of its own: clientscanstate_one_per_client is the index.
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+", db_index=False)
    digest = models.CharField(max_length=32)
    # None: no rule read the date; otherwise the answer may change from this day on.
    horizon = DateField(null=True, blank=True)
    evaluated_on = DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client"], name="clientscanstate_one_per_client")
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.evaluated_on}"
