"""Adding documents on the "Documents" tab: several files at once, checked by content, stored
encrypted; every refusal shows its message at the field, stores nothing and is logged."""

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse

from clients.models import AccessLog, Client
from documents import services
from documents.log_actions import LOG_UPLOAD_REFUSED, LOG_UPLOADED
from documents.models import Document, DocumentType
from documents.storage import file_read
from tests.conftest import login
from tests.documents.helpers import heic, jpeg_with_exif, pdf, pdf_with, seeded_type
from tests.factories import (
    TINY_PDF,
    DocumentFactory,
    HouseholdMemberFactory,
    WijkteamFactory,
    client_of,
    social_worker,
)
from wijkteams.models import User


@pytest.fixture
def file(worker: User) -> Client:
    return client_of(worker)


def _type(code: str) -> DocumentType:
    return seeded_type(code)


def _post(http: HttpClient, client: Client, today: dt.date, **fields: Any) -> Any:
    data = {
        "document_type": _type("payslip").pk,
        "document_date": today.isoformat(),
        "valid_until": "",
        "member": "",
        "note": "",
    } | fields
    return http.post(reverse("documents:upload", args=[client.pk]), data)


def _stored_files() -> list[str]:
    storage = storages["documents"]
    found: list[str] = []
    folders, _files = storage.listdir("")
    for folder in folders:
        found += storage.listdir(folder)[1]
    return found


def test_several_files_at_once_become_documents_stored_encrypted(
    client: HttpClient, worker: User, file: Client, today: dt.date
) -> None:
    login(client, worker)
    member = HouseholdMemberFactory.create(client=file, first_name="Noor", relation="child")
    photo = jpeg_with_exif()
    response = _post(
        client,
        file,
        today,
        uploads=[pdf("loonbrief-maart.pdf"), photo],
        member=member.pk,
        note="Maart en april",
    )

    assert response.status_code == 302
    documents = list(Document.objects.filter(client=file).order_by("pk"))
    assert [d.original_name for d in documents] == ["loonbrief-maart.pdf", "foto.jpg"]
    assert [d.content_type for d in documents] == ["application/pdf", "image/jpeg"]
    first = documents[0]
    assert (first.member, first.note, first.uploaded_by) == (member, "Maart en april", worker)
    assert first.sha256 == hashlib.sha256(TINY_PDF).hexdigest()
    assert file_read(first.storage_name) == TINY_PDF
    assert b"SecretPhone" not in file_read(documents[1].storage_name)  # metadata stripped
    (row,) = AccessLog.objects.filter(client=file, what_key=LOG_UPLOADED)
    assert row.what_params == {"count": 2}


def _assert_refused(response: Any, file: Client, message: str, *, before: list[str]) -> None:
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.filter(client=file).exists()
    assert _stored_files() == before
    assert AccessLog.objects.filter(client=file, what_key=LOG_UPLOAD_REFUSED).count() == 1


def test_a_text_file_renamed_to_pdf_is_refused_with_its_name(
    client: HttpClient, worker: User, file: Client, today: dt.date
) -> None:
    login(client, worker)
    before = _stored_files()
    fake = pdf("loonbrief.pdf", b"Dit is tekst, geen pdf.")
    response = _post(client, file, today, uploads=[pdf("echt.pdf"), fake])
    _assert_refused(
        response,
        file,
        "loonbrief.pdf: Alleen pdf-, jpeg-, png- en heic-bestanden worden aanvaard",
        before=before,
    )


def test_a_heic_photo_is_kept_as_a_jpeg_without_its_metadata(
    client: HttpClient, worker: User, file: Client, today: dt.date
) -> None:
    login(client, worker)
    response = _post(client, file, today, uploads=[heic("IMG_0042.HEIC")])

    assert response.status_code == 302
    document = Document.objects.get(client=file)
    assert (document.original_name, document.content_type) == ("IMG_0042.jpg", "image/jpeg")
    stored = file_read(document.storage_name)
    assert stored.startswith(b"\xff\xd8\xff")
    assert b"SecretPhone" not in stored
    assert (document.size, document.sha256) == (len(stored), hashlib.sha256(stored).hexdigest())


def test_the_form_offers_heic_photos(client: HttpClient, worker: User, file: Client) -> None:
    login(client, worker)
    page = client.get(reverse("documents:file_documents", args=[file.pk])).content.decode()
    assert 'accept="application/pdf,image/jpeg,image/png,image/heic,image/heif,' in page
    assert "Pdf, jpeg, png of heic (foto's van een gsm, bewaard als jpeg)" in page


def test_a_file_named_heic_that_is_no_photo_is_refused(
    client: HttpClient, worker: User, file: Client, today: dt.date
) -> None:
    login(client, worker)
    before = _stored_files()
    response = _post(client, file, today, uploads=[heic("foto.heic", b"Dit is geen foto.")])
    _assert_refused(
        response,
        file,
        "foto.heic: Alleen pdf-, jpeg-, png- en heic-bestanden worden aanvaard",
        before=before,
    )


@override_settings(DOCUMENTS_MAX_UPLOAD_MB=1)
def test_a_file_over_the_size_limit_is_refused(
    client: HttpClient, worker: User, file: Client, today: dt.date
) -> None:
    login(client, worker)
    before = _stored_files()
    big = pdf("groot.pdf", pdf_with(b"%" + b"x" * (1024 * 1024)))
    response = _post(client, file, today, uploads=[big])
    _assert_refused(response, file, "groot.pdf: Dit bestand is groter dan 1 MB.", before=before)


def test_an_empty_file_is_refused(
    client: HttpClient, worker: User, file: Client, today: dt.date
) -> None:
    login(client, worker)
    before = _stored_files()
    response = _post(client, file, today, uploads=[pdf("leeg.pdf", b"")])
    _assert_refused(response, file, "leeg.pdf: Dit bestand is leeg.", before=before)


def test_a_pdf_with_javascript_is_refused(
    client: HttpClient, worker: User, file: Client, today: dt.date
) -> None:
    login(client, worker)
    before = _stored_files()
    scripted = pdf("actie.pdf", pdf_with(b"5 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj"))
    response = _post(client, file, today, uploads=[scripted])
    _assert_refused(
        response,
        file,
        "actie.pdf: Deze pdf bevat scripts, acties of ingesloten bestanden",
        before=before,
    )
    row = AccessLog.objects.get(client=file, what_key=LOG_UPLOAD_REFUSED)
    assert row.what_params == {"count": 1, "reasons": "pdf_active_content"}


def test_valid_until_before_the_document_date_is_refused(
    client: HttpClient, worker: User, file: Client, today: dt.date
) -> None:
    login(client, worker)
    before = _stored_files()
    response = _post(
        client,
        file,
        today,
        uploads=[pdf()],
        document_type=_type("identity_card").pk,
        valid_until=(today - dt.timedelta(days=1)).isoformat(),
    )
    _assert_refused(
        response,
        file,
        "„Geldig tot” kan niet vóór de datum van het document liggen.",
        before=before,
    )


def test_a_type_that_expires_needs_valid_until(
    client: HttpClient, worker: User, file: Client, today: dt.date
) -> None:
    login(client, worker)
    before = _stored_files()
    response = _post(client, file, today, uploads=[pdf()], document_type=_type("identity_card").pk)
    _assert_refused(response, file, "Deze soort document vervalt: vul de datum in", before=before)


def test_an_upload_to_another_teams_client_is_refused_and_stores_nothing(
    client: HttpClient, file: Client, today: dt.date
) -> None:
    outsider = social_worker(WijkteamFactory.create(name="Heule"))
    login(client, outsider)
    before = _stored_files()
    response = _post(client, file, today, uploads=[pdf()])
    assert response.status_code == 404
    assert not Document.objects.exists()
    assert _stored_files() == before


def test_a_colleague_of_the_team_may_not_upload(
    client: HttpClient, team: Any, file: Client, today: dt.date
) -> None:
    login(client, social_worker(team))
    response = _post(client, file, today, uploads=[pdf()])
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_a_storage_failure_leaves_no_file_behind(
    worker: User, file: Client, today: dt.date, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second file's row fails to save: the first file's stored bytes are removed too."""
    before = _stored_files()
    original = Document.save
    calls = {"n": 0}

    def failing_save(self: Document, *args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        original(self, *args, **kwargs)

    monkeypatch.setattr(Document, "save", failing_save)
    with pytest.raises(RuntimeError):
        services.documents_upload(
            actor=worker,
            client=file,
            files=[pdf("a.pdf"), pdf("b.pdf")],
            document_type=_type("payslip"),
            document_date=today,
        )
    assert not Document.objects.exists()
    assert _stored_files() == before


def test_the_database_refuses_valid_until_before_the_document_date(
    worker: User, file: Client, today: dt.date
) -> None:
    """Even past the service: the check constraint makes the rule true."""
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFactory.create(
            client=file,
            uploaded_by=worker,
            document_date=today,
            valid_until=today - dt.timedelta(days=1),
        )
