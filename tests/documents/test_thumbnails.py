"""A thumbnail of each document (issue 18 point 8), made once when the file is kept: a small
JPEG of a PDF's first page or of the image, encrypted like the file under a random name of its
own; a file it cannot be made of is kept without one, a failure leaves no file behind, and the
withdrawal and the anonymisation delete it with the file. `manage.py documents_thumbnails`
makes the missing ones of documents kept before."""

import datetime as dt
import io
import logging
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from clients.models import AccessLog, Client
from documents import services, storage, thumbnails
from documents.log_actions import LOG_THUMBNAILS_MADE
from documents.models import LETTER_SENT, Document, DocumentType
from documents.storage import documents_storage, file_read
from tests.conftest import TODAY
from tests.documents.helpers import (
    RED,
    drawn_pdf,
    is_jpeg,
    jpeg_with_exif,
    pdf,
    png_image,
    seeded_type,
    thumbnail_stored,
)
from tests.factories import TINY_PDF, DocumentFactory, client_of
from wijkteams.models import User

pytestmark = pytest.mark.usefixtures("today")

# Passes the content check (a PDF ending in %%EOF, nothing active in it), but PDFium cannot
# open it: the thumbnail cannot be made.
UNRENDERABLE_PDF = b"%PDF-1.7\nnot really a pdf, but nothing active in it either\n%%EOF\n"


@pytest.fixture
def file(worker: User) -> Client:
    return client_of(worker)


def _payslip() -> DocumentType:
    return seeded_type("payslip")


def _upload(worker: User, file: Client, *uploads: SimpleUploadedFile) -> list[Document]:
    return services.documents_upload(
        actor=worker, client=file, files=uploads, document_type=_payslip(), document_date=TODAY
    )


def _image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _stored_files() -> set[str]:
    storage = storages["documents"]
    found: set[str] = set()
    for folder in storage.listdir("")[0]:
        found |= {f"{folder}/{name}" for name in storage.listdir(folder)[1]}
    return found


def _close(colour: tuple[int, ...], expected: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 12 for a, b in zip(colour, expected, strict=False))


def test_an_uploaded_pdf_gets_a_thumbnail_of_its_first_page_encrypted_at_rest(
    worker: User, file: Client
) -> None:
    [document] = _upload(worker, file, pdf("scan.pdf", drawn_pdf(size=(300, 420))))

    assert document.thumbnail_name
    assert document.thumbnail_name != document.storage_name
    assert "scan" not in document.thumbnail_name  # random: says nothing about the file
    plain = file_read(document.thumbnail_name)
    assert is_jpeg(plain)
    thumbnail = _image(plain)
    # The page's shape, within the thumbnail's box, its longer side the box's.
    assert max(thumbnail.size) == thumbnails.SIZE
    assert thumbnail.size[0] < thumbnail.size[1]
    middle = thumbnail.getpixel((thumbnail.width // 2, thumbnail.height // 2))
    assert isinstance(middle, tuple)
    assert _close(middle, RED)
    with documents_storage().open(document.thumbnail_name, "rb") as handle:
        on_disk = handle.read()
    assert not on_disk.startswith(b"\xff\xd8\xff")
    assert plain not in on_disk


def _photo(kind: str) -> SimpleUploadedFile:
    if kind == "jpeg":
        return jpeg_with_exif()
    mode = "RGBA" if kind == "png with transparency" else "RGB"
    return SimpleUploadedFile("scan.png", png_image(size=(400, 200), mode=mode))


@pytest.mark.parametrize("kind", ["png", "png with transparency", "jpeg"])
def test_an_uploaded_image_gets_a_thumbnail(worker: User, file: Client, kind: str) -> None:
    upload = _photo(kind)
    [document] = _upload(worker, file, upload)

    thumbnail = _image(file_read(document.thumbnail_name or ""))
    assert thumbnail.format == "JPEG"
    assert thumbnail.mode == "RGB"
    assert max(thumbnail.size) <= thumbnails.SIZE


def test_a_small_image_is_not_enlarged(worker: User, file: Client) -> None:
    [document] = _upload(worker, file, SimpleUploadedFile("klein.png", png_image(size=(40, 20))))
    assert _image(file_read(document.thumbnail_name or "")).size == (40, 20)


def test_a_letter_the_application_keeps_gets_a_thumbnail(worker: User, file: Client) -> None:
    document = services.document_store_generated(
        actor=worker,
        client=file,
        data=drawn_pdf(),
        name="brief.pdf",
        type_code=LETTER_SENT,
        document_date=TODAY,
    )
    assert is_jpeg(file_read(document.thumbnail_name or ""))


def test_a_pdf_that_cannot_be_rendered_is_kept_without_a_thumbnail(
    worker: User, file: Client, caplog: pytest.LogCaptureFixture
) -> None:
    before = _stored_files()
    with caplog.at_level(logging.WARNING, logger="documents.thumbnails"):
        [document] = _upload(worker, file, pdf("loonbrief-Jan-Peeters.pdf", UNRENDERABLE_PDF))

    assert document.thumbnail_name is None
    assert file_read(document.storage_name) == UNRENDERABLE_PDF
    assert _stored_files() == before | {document.storage_name}  # the file, and nothing else
    [record] = [r for r in caplog.records if r.name == "documents.thumbnails"]
    assert record.getMessage() == "no thumbnail for a application/pdf file: PdfiumError"


def test_a_failure_after_a_thumbnail_was_stored_leaves_no_file_behind(
    worker: User, file: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Storing fails at the second file, after the first file and its thumbnail were stored:
    both are removed again, and no row is kept."""
    before = _stored_files()
    real_store = storage.file_store
    calls: list[str] = []

    def store(plain: bytes) -> str:
        if len(calls) == 2:
            raise OSError("disk full")
        calls.append(real_store(plain))
        return calls[-1]

    monkeypatch.setattr(services, "file_store", store)
    with pytest.raises(OSError, match="disk full"):
        _upload(worker, file, pdf("a.pdf", drawn_pdf()), pdf("b.pdf", drawn_pdf()))

    assert len(calls) == 2  # the first file and its thumbnail were stored ...
    assert _stored_files() == before  # ... and removed again
    assert not Document.objects.exists()


def test_withdrawing_deletes_the_thumbnail_with_the_file(
    worker: User, file: Client, django_capture_on_commit_callbacks: Any
) -> None:
    [document] = _upload(worker, file, pdf("scan.pdf", drawn_pdf()))
    names = {document.storage_name, document.thumbnail_name}
    assert names <= _stored_files()

    with django_capture_on_commit_callbacks(execute=True):
        services.document_withdraw(actor=worker, document=document, reason="Verkeerde cliënt")

    document.refresh_from_db()
    assert document.thumbnail_name is None
    assert not names & _stored_files()


@pytest.mark.django_db(transaction=True)  # the files are deleted when the transaction commits
def test_anonymising_a_file_deletes_the_thumbnails_too(worker: User) -> None:
    from clients.gdpr import client_anonymise

    client = client_of(worker)
    document = DocumentFactory.create(
        client=client, uploaded_by=worker, thumbnail_name=thumbnail_stored()
    )
    day = timezone.localdate()
    Client.objects.filter(pk=client.pk).update(
        closed_on=day.replace(year=day.year - 11, day=min(day.day, 28)), closed_reason="Verhuisd"
    )
    client.refresh_from_db()

    assert client_anonymise(client=client, now=timezone.now()) is True

    storage = documents_storage()
    assert not storage.exists(document.storage_name)
    assert not storage.exists(document.thumbnail_name or "")


# --- the documents kept before there were thumbnails ------------------------------------------


def test_the_command_makes_the_missing_thumbnails_once(worker: User, file: Client) -> None:
    other = client_of(worker)
    drawn = DocumentFactory.create(client=file, uploaded_by=worker)
    tiny = DocumentFactory.create(client=file, uploaded_by=worker)
    elsewhere = DocumentFactory.create(client=other, uploaded_by=worker)
    has_one = DocumentFactory.create(
        client=file, uploaded_by=worker, thumbnail_name=thumbnail_stored()
    )
    withdrawn = DocumentFactory.create(
        client=file,
        uploaded_by=worker,
        withdrawn_at=timezone.now() - dt.timedelta(days=1),
        withdrawn_by=worker,
    )
    kept_name = has_one.thumbnail_name
    out = io.StringIO()

    call_command("documents_thumbnails", "--batch-size", "2", stdout=out)

    assert out.getvalue().strip() == (
        "3 thumbnails made; 0 documents without one (their file could not be read or rendered)."
    )
    for document in (drawn, tiny, elsewhere):
        document.refresh_from_db()
        assert is_jpeg(file_read(document.thumbnail_name or ""))
    has_one.refresh_from_db()
    withdrawn.refresh_from_db()
    assert has_one.thumbnail_name == kept_name
    assert withdrawn.thumbnail_name is None
    rows = AccessLog.objects.filter(what_key=LOG_THUMBNAILS_MADE).order_by("client_id")
    assert [(r.client_id, r.what_params, r.actor_label, r.action) for r in rows] == [
        (file.pk, {"count": 2}, services.THUMBNAILS_ACTOR, AccessLog.Action.SCAN),
        (other.pk, {"count": 1}, services.THUMBNAILS_ACTOR, AccessLog.Action.SCAN),
    ]

    files_before = _stored_files()
    again = io.StringIO()
    call_command("documents_thumbnails", stdout=again)
    assert again.getvalue().startswith("0 thumbnails made; 0 documents without one")
    assert _stored_files() == files_before
    assert AccessLog.objects.filter(what_key=LOG_THUMBNAILS_MADE).count() == 2


def test_the_command_counts_the_files_it_cannot_render_or_read(worker: User, file: Client) -> None:
    from documents.storage import file_store

    odd = DocumentFactory.create(
        client=file, uploaded_by=worker, storage_name=file_store(UNRENDERABLE_PDF)
    )
    lost = DocumentFactory.create(client=file, uploaded_by=worker)
    documents_storage().delete(lost.storage_name)
    out = io.StringIO()

    call_command("documents_thumbnails", stdout=out)

    assert out.getvalue().startswith("0 thumbnails made; 2 documents without one")
    odd.refresh_from_db()
    assert odd.thumbnail_name is None
    assert not AccessLog.objects.filter(what_key=LOG_THUMBNAILS_MADE).exists()


def test_the_tiny_pdf_of_the_factories_renders() -> None:
    """The factories' minimal PDF (no cross-reference table) still has a first page to show."""
    assert thumbnails.thumbnail_make(TINY_PDF, "application/pdf") is not None
