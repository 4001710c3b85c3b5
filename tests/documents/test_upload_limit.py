"""A file over the size limit is dropped while it arrives: the handlers after the limiter get
no more of it than the limit (nothing of a 200 MB file is written to disk), the upload is refused
naming the file, nothing is stored and the refusal is logged."""

import datetime as dt
import io
from typing import Any

from django.core.files.uploadhandler import (
    FileUploadHandler,
    MemoryFileUploadHandler,
    TemporaryFileUploadHandler,
)
from django.http.multipartparser import MultiPartParser
from django.test import Client as HttpClient
from django.test import override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from clients.models import AccessLog, Client
from documents.log_actions import LOG_UPLOAD_REFUSED
from documents.models import Document
from documents.uploads import SizeLimitedUploadHandler
from tests.conftest import login
from tests.documents.helpers import pdf, pdf_with, seeded_type
from tests.factories import TINY_PDF, client_of
from wijkteams.models import User

LIMIT = 64 * 1024


class _Counting(FileUploadHandler):
    """Stands for the handlers that write the file (to memory, to a temporary file)."""

    def __init__(self) -> None:
        super().__init__()
        self.received: dict[str, int] = {}

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        name = str(self.file_name)
        self.received[name] = self.received.get(name, 0) + len(raw_data)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class Recording(_Counting):
    """In the request's handlers (settings), records what reached them."""

    seen: dict[str, int] = {}

    def __init__(self, request: Any = None) -> None:
        super().__init__()
        self.received = Recording.seen


def _parse(files: dict[str, Any]) -> tuple[Any, SizeLimitedUploadHandler, _Counting]:
    body = encode_multipart(BOUNDARY, files)
    limiter = SizeLimitedUploadHandler(limit=LIMIT)
    counting = _Counting()
    parser = MultiPartParser(
        {"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": str(len(body))},
        io.BytesIO(body),
        [limiter, counting, MemoryFileUploadHandler(), TemporaryFileUploadHandler()],
    )
    _post, parsed = parser.parse()
    return parsed, limiter, counting


def test_a_big_file_is_dropped_as_it_streams_and_the_small_one_kept() -> None:
    big = pdf("groot.pdf", pdf_with(b"%" + b"x" * (50 * LIMIT)))
    small = pdf("klein.pdf", TINY_PDF)

    files, limiter, counting = _parse({"uploads": [big, small]})

    assert limiter.too_big == ["groot.pdf"]
    assert [f.name for f in files.getlist("uploads")] == ["klein.pdf"]
    # The writing handlers saw at most the limit of the big file, not its 3 MB.
    assert counting.received["groot.pdf"] <= LIMIT
    assert counting.received["klein.pdf"] == len(TINY_PDF)


@override_settings(
    DOCUMENTS_MAX_UPLOAD_MB=1,
    FILE_UPLOAD_HANDLERS=[
        "tests.documents.test_upload_limit.Recording",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ],
)
def test_the_upload_with_a_big_file_is_refused_naming_it(
    client: HttpClient, worker: User, today: dt.date
) -> None:
    file: Client = client_of(worker)
    login(client, worker)
    big = pdf("groot.pdf", pdf_with(b"%" + b"x" * (3 * 1024 * 1024)))
    Recording.seen.clear()
    response = client.post(
        reverse("documents:upload", args=[file.pk]),
        {
            "uploads": [big, pdf("klein.pdf")],
            "document_type": seeded_type("payslip").pk,
            "document_date": today.isoformat(),
            "note": "bewaard",
        },
    )

    assert response.status_code == 200
    form = response.context["upload_form"]
    assert form.errors["uploads"] == ["groot.pdf: Dit bestand is groter dan 1 MB."]
    assert form["note"].value() == "bewaard"
    # The view put the limiter first: no more than the limit of the big file got further.
    assert Recording.seen["groot.pdf"] <= 1024 * 1024
    assert Recording.seen["klein.pdf"] == len(TINY_PDF)
    assert not Document.objects.exists()
    (row,) = AccessLog.objects.filter(client=file, what_key=LOG_UPLOAD_REFUSED)
    assert row.what_params == {"count": 2, "reasons": "too_big"}


def test_the_upload_still_checks_the_csrf_token(worker: User, today: dt.date) -> None:
    file: Client = client_of(worker)
    strict = HttpClient(enforce_csrf_checks=True)
    login(strict, worker)
    response = strict.post(
        reverse("documents:upload", args=[file.pk]),
        {
            "uploads": [pdf()],
            "document_type": seeded_type("payslip").pk,
            "document_date": today.isoformat(),
        },
    )
    assert response.status_code == 403
    assert not Document.objects.exists()
