"""The documents' files in the GDPR export (registered in hooks.py): each document that is not
withdrawn goes into the ZIP as `documents/<id>-<name it was uploaded with>`, decrypted, and the
documents' table names that path per document. Health data is included: only the team lead
exports (clients.gdpr.client_export_allowed), who reads it, and it is the client's own data."""

import logging
import re
from collections.abc import Iterator

from clients.registry import ExportedFile
from documents.models import Document
from documents.storage import DocumentUnreadableError, file_read

logger = logging.getLogger(__name__)

FOLDER = "documents"
_NAME_MAX = 100  # characters of the original name kept (its extension always)
# Characters no file system agrees on, and control characters.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')


def safe_name(original: str) -> str:
    """The uploaded name as a plain file name: without folders (either slash), `..`, control
    or reserved characters, and not longer than _NAME_MAX; "document" when nothing is left."""
    name = original.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"\.{2,}", ".", _UNSAFE.sub("_", name)).strip(" .")
    if len(name) > _NAME_MAX:
        stem, dot, extension = name.rpartition(".")
        if not dot or len(extension) > 10:
            stem, extension = name, ""
        keep = _NAME_MAX - len(extension) - (1 if extension else 0)
        name = stem[:keep].rstrip(" .") + (f".{extension}" if extension else "")
    return name or "document"


def _path(document: Document) -> str:
    return f"{FOLDER}/{document.pk}-{safe_name(document.original_name)}"


def export_path(document: Document) -> str | None:
    """The document's file in the export's ZIP (unique: the id leads), or None when it was
    withdrawn (its file is gone): the documents table's `export_file` column."""
    return None if document.is_withdrawn else _path(document)


def export_files(client_id: int) -> Iterator[ExportedFile]:
    """The client's documents that are not withdrawn, decrypted one at a time (one query for
    the list). A file that cannot be read is yielded without data: listed as missing."""
    documents = (
        Document.objects.filter(client_id=client_id, withdrawn_at__isnull=True)
        .only("pk", "original_name", "storage_name")
        .order_by("pk")
    )
    for document in documents:
        try:
            data: bytes | None = file_read(document.storage_name)
        except DocumentUnreadableError:
            logger.warning("GDPR export: the file of document %s cannot be read", document.pk)
            data = None
        yield ExportedFile(_path(document), data)
