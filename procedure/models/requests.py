"""The register: the kinds of help an administrator configures, the requests as received,
their forwarding to the competent OCMW, and the documents that belong to a request."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from core.fields import MOTIVATION_MAX, NOTE_MAX, DateField, TextField


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
        Client,
        on_delete=models.PROTECT,
        related_name="help_requests",
        verbose_name=_("client"),
        db_index=False,
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


class RequestDocument(models.Model):
    """A document of the client's file that belongs to a request (the documents app knows no
    requests: the link lives here)."""

    request = models.ForeignKey(
        Request,
        on_delete=models.PROTECT,
        related_name="document_links",
        verbose_name=_("request"),
        db_index=False,
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
