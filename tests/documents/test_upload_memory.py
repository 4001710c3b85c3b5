"""The memory an upload takes is bounded (issue 18, "numbers to reach"): the file is read once,
checked where it lies (a PDF's compressed streams inflated a piece at a time) and encrypted a
chunk at a time on its way to the storage. Measured with tracemalloc (Python's allocations)."""

import datetime as dt
import hashlib
import tracemalloc
from collections.abc import Callable
from typing import TypeVar

from django.core.files.uploadedfile import TemporaryUploadedFile

from documents import services
from documents.storage import file_read, file_store
from tests.documents.helpers import large_pdf, seeded_type
from tests.factories import client_of
from wijkteams.models import User

MB = 1024 * 1024
T = TypeVar("T")


def _peak(call: Callable[[], T]) -> tuple[T, int]:
    """What `call` returns, and the most memory Python held for it at once."""
    tracemalloc.start()
    try:
        result = call()
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def test_uploading_a_10_mb_pdf_holds_it_in_memory_once(worker: User, today: dt.date) -> None:
    file = client_of(worker)
    data = large_pdf(10 * MB)
    size, digest = len(data), hashlib.sha256(data).hexdigest()
    # Where Django keeps an upload over FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): a temporary file.
    upload = TemporaryUploadedFile("scan.pdf", "application/pdf", size, None)
    upload.write(data)
    del data
    with upload:
        documents, peak = _peak(
            lambda: services.documents_upload(
                actor=worker,
                client=file,
                files=[upload],
                document_type=seeded_type("payslip"),
                document_date=today,
            )
        )
    assert documents[0].sha256 == digest
    # 1.12 times the file when measured; 3.0 times before (the chunks joined, then the whole
    # ciphertext made and copied once more behind the nonce).
    assert peak < 1.5 * size


def test_reading_a_stored_file_back_holds_it_twice_at_most(db: None) -> None:
    """The stored bytes and the decrypted file (was three: the ciphertext was sliced first)."""
    data = large_pdf(5 * MB)
    name = file_store(data)
    plain, peak = _peak(lambda: file_read(name))
    assert plain == data
    assert peak < 2.3 * len(data)
