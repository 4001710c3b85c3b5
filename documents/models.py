"""Documents of a client file: the kinds an administrator configures and the uploaded files,
encrypted at rest (documents/storage.py). A withdrawn document keeps its row and the reason;
its file is gone."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from clients.models import Client, Debt, HouseholdMember, Trajectory
from core.fields import NOTE_MAX, DateField, TextField

# The type of the letters the application sends and keeps (seeded by migration 0002).
LETTER_SENT = "letter_sent"
# The types the application itself files documents under, with their names (Dutch, English):
# seeded by migration 0002, and made again by the services if missing.
SYSTEM_TYPES = {LETTER_SENT: ("Verstuurde brief", "Letter sent")}


class DocumentType(models.Model):
    """A kind of document (identity card, payslip, ...). Names in Dutch and English; a type that
    `expires` needs a "valid until" date on each document; a `confidential` one holds health
    data."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_nl = models.CharField(_("name in Dutch"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150)
    expires = models.BooleanField(_("expires"), default=False)
    # Health data (a medical certificate), as a confidential journal entry: only the client's
    # social worker and the team lead see such documents (confidential_readable_by).
    confidential = models.BooleanField(
        _("health data"),
        default=False,
        help_text=_("Only the client's social worker and the team lead see these documents."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        english = translation.get_language() == "en"
        return self.name_en if english else self.name_nl


class Document(models.Model):
    """One uploaded file of a client file. `sha256` is of the plain bytes as stored (after an
    image was re-encoded); `storage_name` and `thumbnail_name` are random and say nothing about
    the file."""

    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("client"),
        db_index=False,
    )
    member = models.ForeignKey(
        HouseholdMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("concerns"),
    )
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("type")
    )
    # Evidence for a trajectory or one of its debts (a creditor's letter, a payment plan); the
    # document stays in the file if the line it belonged to goes.
    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("trajectory"),
    )
    debt = models.ForeignKey(
        Debt,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("debt"),
    )
    document_date = DateField(_("date of the document"))
    valid_until = DateField(_("valid until"), null=True, blank=True)
    note = TextField(_("note"), max_length=NOTE_MAX, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storage_name = models.CharField(_("storage name"), max_length=100, unique=True)
    # A small JPEG of the first page or of the image, encrypted like the file under a random
    # name of its own (documents/thumbnails.py); none when it could not be made.
    thumbnail_name = models.CharField(
        _("thumbnail storage name"), max_length=100, unique=True, null=True, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
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

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-document_date", "-pk"]
        indexes = [models.Index(fields=["client", "-document_date"], name="document_client_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("document_date")),
                name="document_valid_after_its_date",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
                name="document_withdrawn_with_who",
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="document_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.document_type} {self.document_date:%d/%m/%Y}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
