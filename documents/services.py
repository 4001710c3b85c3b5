"""Every write to a client's documents: the upload (checked by content, encrypted, stored with
its thumbnail, all files of one upload or none), the withdrawal, and the thumbnails of documents
kept before there were any. Refused uploads are logged too."""

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.access_log import Params, access_log_record
from clients.models import AccessLog, Client, Debt, HouseholdMember, Trajectory
from clients.selectors import client_editable_by, client_is_led_by, clients_visible_to
from clients.services import client_require_open
from documents import content
from documents.log_actions import (
    LOG_GENERATED,
    LOG_THUMBNAILS_MADE,
    LOG_UPLOAD_REFUSED,
    LOG_UPLOADED,
    LOG_WITHDRAWN,
)
from documents.models import SYSTEM_TYPES, Document, DocumentType
from documents.storage import DocumentUnreadableError, file_delete, file_read, file_store
from documents.thumbnails import thumbnail_make
from wijkteams.models import User

logger = logging.getLogger(__name__)

MAX_FILES = 20  # per upload


@dataclass(frozen=True)
class _Checked:
    original_name: str
    accepted: content.Accepted


def max_upload_bytes() -> int:
    return int(settings.DOCUMENTS_MAX_UPLOAD_MB) * 1024 * 1024


def too_big_message() -> str:
    return _("This file is larger than %(limit)s MB.") % {"limit": settings.DOCUMENTS_MAX_UPLOAD_MB}


def _require_editor(actor: User, client: Client) -> None:
    if not client_editable_by(user=actor, client=client):
        logger.warning(
            "document upload refused: user %s may not edit client %s", actor.pk, client.pk
        )
        raise PermissionDenied(_("Only the client's social worker or the team lead may do this."))


def _details_errors(
    *,
    client: Client,
    document_type: DocumentType,
    member: HouseholdMember | None,
    document_date: dt.date,
    valid_until: dt.date | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not document_type.is_active:
        errors["document_type"] = _("Choose a type from the list.")
    elif document_type.expires and valid_until is None:
        errors["valid_until"] = _(
            "This type of document expires: enter the date it is valid until."
        )
    if valid_until is not None and valid_until < document_date:
        errors["valid_until"] = _("“Valid until” cannot be before the date of the document.")
    if document_date > timezone.localdate():
        errors["document_date"] = _("The date of the document cannot be in the future.")
    if member is not None and member.client_id != client.pk:
        errors["member"] = _("Choose a person of this household.")
    return errors


def _links_errors(
    *, client: Client, trajectory: Trajectory | None, debt: Debt | None
) -> dict[str, str]:
    """A document may belong to one of the client's trajectories, or to a debt of one (then to
    that debt's trajectory too)."""
    errors: dict[str, str] = {}
    if trajectory is not None and trajectory.client_id != client.pk:
        errors["trajectory"] = _("Choose a trajectory of this client.")
    if debt is not None:
        if debt.trajectory.client_id != client.pk:
            errors["debt"] = _("Choose a debt of this client.")
        elif trajectory is not None and debt.trajectory_id != trajectory.pk:
            errors["debt"] = _("This debt belongs to another trajectory.")
    return errors


def _check_file(upload: UploadedFile) -> _Checked:
    name = (upload.name or "").rsplit("/", 1)[-1]
    size = upload.size or 0
    if size == 0:
        raise content.RefusedError(_("This file is empty."), code="empty")
    if size > max_upload_bytes():
        raise content.RefusedError(too_big_message(), code="too_big")
    upload.seek(0)
    # Read at once: one copy of the file in memory (a list of chunks joined would be two).
    accepted = content.check_content(upload.read())
    return _Checked(accepted.stored_name(name, max_length=255), accepted)


def _refuse(
    *, actor: User, client: Client, count: int, codes: Sequence[str], errors: dict[str, list[str]]
) -> ValidationError:
    """Log the refused upload (committed on its own: the refusal is what happened) and return
    the error to raise."""
    upload_refusal_log(actor=actor, client=client, count=count, codes=codes)
    return ValidationError(errors)


def upload_refusal_log(*, actor: User, client: Client, count: int, codes: Sequence[str]) -> None:
    """Log a refused upload: the reasons (field names or refusal codes), never the files. Also
    for a form the view refused before the upload got here (a choice not in the list)."""
    reasons = ",".join(sorted(set(codes)))
    logger.warning(
        "document upload refused for client %s by user %s: %s", client.pk, actor.pk, reasons
    )
    with transaction.atomic():
        access_log_record(
            client=client,
            actor=actor,
            action=AccessLog.Action.CREATE,
            what=LOG_UPLOAD_REFUSED,
            params={"count": count, "reasons": reasons},
        )


def documents_upload(
    *,
    actor: User,
    client: Client,
    files: Sequence[UploadedFile],
    document_type: DocumentType,
    document_date: dt.date,
    valid_until: dt.date | None = None,
    member: HouseholdMember | None = None,
    note: str = "",
    trajectory: Trajectory | None = None,
    debt: Debt | None = None,
    link: Callable[[list[Document]], tuple[str, Params]] | None = None,
) -> list[Document]:
    """Add one or more files of one type and date to the client's file: each is checked by its
    content, encrypted and stored under a random name. Either every file is kept or none: a
    refusal names each refused file, and a failure removes what was already stored.

    `link` is a higher app's: it links the saved documents to what they belong to (a request
    for help) in the same transaction, and returns the access-log row that says so instead of
    the plain upload's; when it raises, nothing is kept.

    Not wrapped in one transaction: the refusal's log row must survive the refusal."""
    _require_editor(actor, client)
    client_require_open(client)
    details = _details_errors(
        client=client,
        document_type=document_type,
        member=member,
        document_date=document_date,
        valid_until=valid_until,
    )
    details |= _links_errors(client=client, trajectory=trajectory, debt=debt)
    if debt is not None and trajectory is None and "debt" not in details:
        trajectory = debt.trajectory
    if not files:
        details["uploads"] = _("Choose at least one file.")
    elif len(files) > MAX_FILES:
        details["uploads"] = _("At most %(count)s files at once.") % {"count": MAX_FILES}
    if details:
        raise _refuse(
            actor=actor,
            client=client,
            count=len(files),
            codes=list(details),
            errors={field: [message] for field, message in details.items()},
        )
    checked: list[_Checked] = []
    codes: list[str] = []
    messages: list[str] = []
    for upload in files:
        try:
            checked.append(_check_file(upload))
        except content.RefusedError as refusal:
            codes.append(refusal.code)
            messages.append(f"{upload.name}: {refusal}")
    if messages:
        raise _refuse(
            actor=actor, client=client, count=len(files), codes=codes, errors={"uploads": messages}
        )
    return _store(
        actor=actor,
        client=client,
        checked=checked,
        document_type=document_type,
        document_date=document_date,
        valid_until=valid_until,
        member=member,
        note=note,
        log=link or (lambda documents: (LOG_UPLOADED, {"count": len(documents)})),
        trajectory=trajectory,
        debt=debt,
    )


def _store(
    *,
    actor: User,
    client: Client,
    checked: Sequence[_Checked],
    document_type: DocumentType,
    document_date: dt.date,
    valid_until: dt.date | None,
    member: HouseholdMember | None,
    note: str,
    log: Callable[[list[Document]], tuple[str, Params]],
    trajectory: Trajectory | None = None,
    debt: Debt | None = None,
) -> list[Document]:
    """Encrypt and store checked files with their thumbnails, save their rows and the access-log
    row `log` names, in one transaction; on any failure the stored files are removed again. A
    file whose thumbnail cannot be made is kept without one."""
    # The rendering is the slow part: done before the transaction, which it would hold open.
    thumbnails = [
        thumbnail_make(item.accepted.data, item.accepted.content_type) for item in checked
    ]
    stored: list[str] = []
    try:
        with transaction.atomic():
            now = timezone.now()
            documents = []
            for item, thumbnail in zip(checked, thumbnails, strict=True):
                data = item.accepted.data
                name = file_store(data)
                stored.append(name)
                thumbnail_name = None
                if thumbnail is not None:
                    thumbnail_name = file_store(thumbnail)
                    stored.append(thumbnail_name)
                document = Document(
                    client=client,
                    member=member,
                    trajectory=trajectory,
                    debt=debt,
                    document_type=document_type,
                    document_date=document_date,
                    valid_until=valid_until,
                    note=note.strip(),
                    original_name=item.original_name,
                    content_type=item.accepted.content_type,
                    size=len(data),
                    sha256=hashlib.sha256(data).hexdigest(),
                    storage_name=name,
                    thumbnail_name=thumbnail_name,
                    uploaded_by=actor,
                    uploaded_at=now,
                )
                document.full_clean()
                document.save()
                documents.append(document)
            what, params = log(documents)
            access_log_record(
                client=client,
                actor=actor,
                action=AccessLog.Action.CREATE,
                what=what,
                params=params,
            )
    except BaseException:
        for name in stored:
            file_delete(name)
        raise
    return documents


def _system_type(code: str) -> DocumentType:
    """A type the application files under ("letter sent"): the seeded row, or the same made
    again when it is missing (a database emptied by hand or by a test's flush), so a letter is
    never lost for want of its type. An administrator's renaming is kept."""
    name_nl, name_en = SYSTEM_TYPES[code]
    document_type, _created = DocumentType.objects.get_or_create(
        code=code, defaults={"name_nl": name_nl, "name_en": name_en, "order": 100}
    )
    return document_type


def document_store_generated(
    *,
    actor: User,
    client: Client,
    data: bytes,
    name: str,
    type_code: str,
    document_date: dt.date,
    then: Callable[[Document], object] | None = None,
) -> Document:
    """Keep a file the application made (a letter it sent) in the client's file: checked by
    content like an upload, encrypted, with its SHA-256, and never changed afterwards; storing
    it again makes a new document. The caller decides who may make it; here the actor must at
    least see the client, and the file must be open. `then(document)` runs in the store's
    transaction (a higher app links the letter to what it answers): when it fails, the row and
    the stored file go again."""
    if not clients_visible_to(actor).filter(pk=client.pk).exists():
        raise PermissionDenied
    client_require_open(client)
    document_type = _system_type(type_code)
    if len(data) > max_upload_bytes():
        raise ValidationError(
            _("This file is larger than %(limit)s MB.")
            % {"limit": settings.DOCUMENTS_MAX_UPLOAD_MB}
        )
    try:
        accepted = content.check_content(data)
    except content.RefusedError as refusal:
        raise ValidationError(str(refusal), code=refusal.code) from None
    [document] = _store(
        actor=actor,
        client=client,
        checked=[_Checked(name[:255], accepted)],
        document_type=document_type,
        document_date=document_date,
        valid_until=None,
        member=None,
        note="",
        log=lambda documents: _generated(documents[0], name, then),
    )
    return document


def _generated(
    document: Document, name: str, then: Callable[[Document], object] | None
) -> tuple[str, Params]:
    if then is not None:
        then(document)
    return LOG_GENERATED, {"document": document.pk, "name": name}


def document_may_withdraw(*, actor: User, document: Document) -> bool:
    """The uploader (while they edit the file) and the lead of the client's team."""
    client = document.client
    if client_is_led_by(actor, client):
        return True
    return document.uploaded_by_id == actor.pk and client_editable_by(user=actor, client=client)


@transaction.atomic
def document_withdraw(*, actor: User, document: Document, reason: str) -> Document:
    """Withdraw a document with a reason: the row stays (who, when, why), the stored file and
    its thumbnail are deleted once the transaction commits."""
    document = Document.objects.select_for_update().select_related("client").get(pk=document.pk)
    if not document_may_withdraw(actor=actor, document=document):
        raise PermissionDenied(_("Only the uploader or the team lead may withdraw a document."))
    client_require_open(document.client)
    if document.is_withdrawn:
        raise ValidationError(_("This document was already withdrawn."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the withdrawal.")})
    document.withdrawn_at = timezone.now()
    document.withdrawn_by = actor
    document.withdrawal_reason = reason
    names = [name for name in (document.storage_name, document.thumbnail_name) if name]
    document.thumbnail_name = None  # the list shows no preview of a withdrawn document
    document.full_clean()
    document.save(
        update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "thumbnail_name"]
    )
    access_log_record(
        client=document.client,
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOG_WITHDRAWN,
        params={"document": document.pk},
    )

    def delete_files() -> None:
        for name in names:
            file_delete(name)

    transaction.on_commit(delete_files)
    return document


# --- thumbnails of documents kept before there were any ----------------------------------------

THUMBNAILS_ACTOR = "thumbnails"  # AccessLog.actor_label of the reads that make them


@dataclass(frozen=True)
class ThumbnailsMade:
    made: int
    without: int  # the file could not be read or rendered: still none (tried again next time)


def documents_thumbnails_make(*, batch_size: int = 100) -> ThumbnailsMade:
    """Make the missing thumbnails of the documents in force (not withdrawn): each file is read,
    rendered and its thumbnail stored like an upload's, one transaction per batch; each client
    that got thumbnails gets one access-log row saying how many. Running it again makes only
    what is still missing (a file that could not be rendered is tried again)."""
    made = without = 0
    last_pk = 0
    while True:
        batch = list(
            Document.objects.filter(
                pk__gt=last_pk, thumbnail_name__isnull=True, withdrawn_at__isnull=True
            )
            .only("pk", "client_id", "content_type", "storage_name")
            .order_by("pk")[:batch_size]
        )
        if not batch:
            return ThumbnailsMade(made, without)
        last_pk = batch[-1].pk
        names: dict[int, str] = {}
        try:
            for document in batch:
                thumbnail = _thumbnail_of_stored(document)
                if thumbnail is None:
                    without += 1
                else:
                    names[document.pk] = file_store(thumbnail)
        except BaseException:
            for name in names.values():
                file_delete(name)
            raise
        made += _thumbnails_save(batch, names)


def _thumbnail_of_stored(document: Document) -> bytes | None:
    try:
        plain = file_read(document.storage_name)
    except DocumentUnreadableError:
        logger.warning("document %s: its file cannot be read", document.pk)
        return None
    return thumbnail_make(plain, document.content_type)


def _thumbnails_save(batch: Sequence[Document], names: dict[int, str]) -> int:
    """Point the rows at their new thumbnails and log the reads, in one transaction; a row that
    got a thumbnail or was withdrawn meanwhile keeps what it has, and its new file goes."""
    kept: dict[int, int] = {}  # client -> thumbnails made
    unused: list[str] = []
    try:
        with transaction.atomic():
            for document in batch:
                name = names.get(document.pk)
                if name is None:
                    continue
                updated = Document.objects.filter(
                    pk=document.pk, thumbnail_name__isnull=True, withdrawn_at__isnull=True
                ).update(thumbnail_name=name)
                if updated:
                    kept[document.client_id] = kept.get(document.client_id, 0) + 1
                else:
                    unused.append(name)
            for client_id, count in kept.items():
                access_log_record(
                    client=Client(pk=client_id),
                    actor_label=THUMBNAILS_ACTOR,
                    action=AccessLog.Action.SCAN,
                    what=LOG_THUMBNAILS_MADE,
                    params={"count": count},
                )
    except BaseException:
        for name in names.values():
            file_delete(name)
        raise
    for name in unused:
        file_delete(name)
    return sum(kept.values())
