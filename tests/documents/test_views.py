"""The "Documents" tab: its list in a fixed number of queries, the files shown and downloaded
through views that check scope and write the access log, and the withdrawal."""

import datetime as dt
from typing import Any

import pytest
from django.core.files.storage import storages
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.models import AccessLog, Client
from documents.log_actions import DOWNLOADED_DOCUMENT, LOG_WITHDRAWN, SEEN_DOCUMENT, SEEN_DOCUMENTS
from documents.models import Document
from tests.conftest import login
from tests.documents.helpers import seeded_type
from tests.factories import (
    TINY_PDF,
    DocumentFactory,
    WijkteamFactory,
    client_of,
    social_worker,
    team_lead,
)
from wijkteams.models import User, Wijkteam


@pytest.fixture
def file(worker: User) -> Client:
    return client_of(worker)


@pytest.fixture
def document(file: Client, worker: User) -> Document:
    return DocumentFactory.create(client=file, uploaded_by=worker, original_name="loonbrief.pdf")


def _url(name: str, document: Document) -> str:
    return reverse(f"documents:{name}", args=[document.client_id, document.pk])


def test_the_tab_lists_the_documents_and_logs_the_look(
    client: HttpClient, worker: User, document: Document
) -> None:
    login(client, worker)
    response = client.get(reverse("documents:file_documents", args=[document.client_id]))
    page = response.content.decode()
    assert "loonbrief.pdf" in page
    assert 'enctype="multipart/form-data"' in page  # the plain form, no JavaScript needed
    assert AccessLog.objects.filter(
        client_id=document.client_id, actor=worker, what_key=SEEN_DOCUMENTS
    ).exists()


def test_the_tab_queries_do_not_grow_with_documents(
    client: HttpClient, worker: User, file: Client, django_assert_num_queries: Any
) -> None:
    for n in range(5):
        DocumentFactory.create(client=file, uploaded_by=worker, note=f"nota {n}")
    DocumentFactory.create(client=file, uploaded_by=worker, member=None)
    login(client, worker)
    url = reverse("documents:file_documents", args=[file.pk])
    # session, user, roles, client with its current assignment (which also says who may edit),
    # access log, documents (with type, member, uploader, withdrawer, trajectory, debt), types
    # and members for the form, whether the client has trajectories and debts (the form's
    # optional fields)
    with django_assert_num_queries(10) as five:
        client.get(url)
    for n in range(20):
        DocumentFactory.create(client=file, uploaded_by=worker, note=f"meer {n}")
    with django_assert_num_queries(len(five.captured_queries)):
        client.get(url)


def _rows_without_files(file: Client, worker: User, count: int) -> None:
    """Document rows straight into the database, without files (the list never reads them),
    half of them with a thumbnail's name: the tab's queries must not depend on either."""
    document_type = seeded_type("payslip")
    Document.objects.bulk_create(
        Document(
            client=file,
            document_type=document_type,
            document_date=dt.date(2026, 1, 1),
            original_name=f"scan-{n}.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            storage_name=f"rows/{file.pk}-{n}.bin",
            thumbnail_name=f"rows/{file.pk}-{n}-thumbnail.bin" if n % 2 else None,
            uploaded_by=worker,
            uploaded_at=timezone.now(),
        )
        for n in range(count)
    )


def test_the_tab_costs_as_many_queries_for_200_documents_as_for_2(
    client: HttpClient, team: Wijkteam, worker: User
) -> None:
    few, many = client_of(worker), client_of(worker)
    _rows_without_files(few, worker, 2)
    _rows_without_files(many, worker, 200)
    login(client, worker)

    with CaptureQueriesContext(connection) as two:
        response = client.get(reverse("documents:file_documents", args=[few.pk]))
    assert response.content.decode().count('class="document-thumbnail"') == 1
    with CaptureQueriesContext(connection) as two_hundred:
        response = client.get(reverse("documents:file_documents", args=[many.pk]))
    assert response.content.decode().count('class="document-thumbnail"') == 100
    assert len(two_hundred.captured_queries) == len(two.captured_queries)


def test_each_document_shows_its_thumbnail_linking_to_its_page(
    client: HttpClient, worker: User, file: Client, document: Document
) -> None:
    with_thumbnail = DocumentFactory.create(
        client=file, uploaded_by=worker, original_name="foto.jpg", thumbnail_name="x/y.bin"
    )
    login(client, worker)
    page = client.get(reverse("documents:file_documents", args=[file.pk])).content.decode()

    viewer = _url("viewer", with_thumbnail)
    assert (
        f'<a href="{viewer}" class="d-inline-block me-2 align-middle">'
        f'<img src="{_url("thumbnail", with_thumbnail)}" alt="Voorbeeld van foto.jpg" '
        'width="80" height="80" loading="lazy" class="document-thumbnail"></a>'
    ) in page
    assert _url("thumbnail", document) not in page  # it has none
    # "View" opens the document's page in the file; the raw file is reached from there.
    assert f'<a href="{_url("viewer", document)}">Bekijken' in page
    assert f'href="{_url("view", document)}"' not in page


@pytest.mark.parametrize(
    ("name", "disposition", "key", "action"),
    [
        ("view", "inline", SEEN_DOCUMENT, AccessLog.Action.VIEW),
        ("download", "attachment", DOWNLOADED_DOCUMENT, AccessLog.Action.EXPORT),
    ],
)
def test_the_file_is_sent_decrypted_uncached_and_logged(
    client: HttpClient,
    team: Wijkteam,
    document: Document,
    name: str,
    disposition: str,
    key: str,
    action: str,
) -> None:
    colleague = social_worker(team)  # the team reads the file
    login(client, colleague)
    response = client.get(_url(name, document))

    assert response.status_code == 200
    assert response.content == TINY_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'{disposition}; filename="loonbrief.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    (row,) = AccessLog.objects.filter(client_id=document.client_id, actor=colleague)
    assert (row.what_key, row.what_params, row.action) == (key, {"document": document.pk}, action)


@pytest.mark.parametrize("name", ["view", "download"])
def test_another_teams_worker_gets_404_and_nothing_is_logged(
    client: HttpClient, document: Document, name: str
) -> None:
    outsider = social_worker(WijkteamFactory.create(name="Heule"))
    login(client, outsider)
    assert client.get(_url(name, document)).status_code == 404
    assert not AccessLog.objects.filter(actor=outsider).exists()


def test_a_document_of_another_client_is_not_found_under_this_client(
    client: HttpClient, worker: User, document: Document
) -> None:
    other = client_of(worker)
    login(client, worker)
    url = reverse("documents:view", args=[other.pk, document.pk])
    assert client.get(url).status_code == 404


# --- withdrawal ------------------------------------------------------------------------------


def _withdraw(http: HttpClient, document: Document, reason: str) -> Any:
    return http.post(_url("withdraw", document), {f"doc{document.pk}-reason": reason})


def _stored(document: Document) -> bool:
    return storages["documents"].exists(document.storage_name)


@pytest.mark.parametrize("who", ["uploader", "lead"])
def test_the_uploader_or_the_lead_withdraws_with_a_reason(
    client: HttpClient,
    team: Wijkteam,
    worker: User,
    document: Document,
    who: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    actor = worker if who == "uploader" else team_lead(team)
    login(client, actor)
    with django_capture_on_commit_callbacks(execute=True):
        response = _withdraw(client, document, "Verkeerde cliënt")

    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.withdrawn_by, document.withdrawal_reason) == (actor, "Verkeerde cliënt")
    assert not _stored(document)
    row = AccessLog.objects.get(actor=actor, what_key=LOG_WITHDRAWN)
    assert row.what_params == {"document": document.pk}
    assert client.get(_url("view", document)).status_code == 404


def test_withdrawing_needs_a_reason(client: HttpClient, worker: User, document: Document) -> None:
    login(client, worker)
    response = _withdraw(client, document, "  ")
    assert response.status_code == 200
    assert "Geef de reden van de intrekking." in response.content.decode()
    document.refresh_from_db()
    assert document.withdrawn_at is None
    assert _stored(document)


def test_the_assigned_worker_may_not_withdraw_what_someone_else_uploaded(
    client: HttpClient, team: Wijkteam, worker: User, file: Client
) -> None:
    """Only the uploader or the lead: the file's worker who did not upload it may not."""
    earlier = DocumentFactory.create(client=file, uploaded_by=social_worker(team))
    login(client, worker)
    page = client.get(reverse("documents:file_documents", args=[file.pk])).content.decode()
    assert _url("withdraw", earlier) not in page
    assert _withdraw(client, earlier, "weg").status_code == 403
    earlier.refresh_from_db()
    assert earlier.withdrawn_at is None
    assert _stored(earlier)


def test_a_closed_file_shows_its_documents_without_forms(
    client: HttpClient, worker: User, document: Document, today: Any
) -> None:
    Client.objects.filter(pk=document.client_id).update(closed_on=today)
    login(client, worker)
    page = client.get(reverse("documents:file_documents", args=[document.client_id]))
    html = page.content.decode()
    assert "loonbrief.pdf" in html
    assert _url("withdraw", document) not in html
    assert reverse("documents:upload", args=[document.client_id]) not in html


def test_health_documents_are_for_the_worker_and_the_lead_only(
    client: HttpClient, worker: User, team: Wijkteam, file: Client, document: Document
) -> None:
    """A medical certificate is health data: as a confidential journal entry, a colleague of the
    team does not see it (not in the list, 404 on the file); the worker and the lead do."""
    medical = DocumentFactory.create(
        client=file,
        uploaded_by=worker,
        original_name="attest-dokter.pdf",
        document_type=seeded_type("medical_certificate"),
    )
    assert medical.document_type.confidential
    colleague = social_worker(team, username="collega.test")
    tab = reverse("documents:file_documents", args=[file.pk])

    login(client, colleague)
    page = client.get(tab).content.decode()
    assert "loonbrief.pdf" in page
    assert "attest-dokter.pdf" not in page
    assert client.get(_url("view", medical)).status_code == 404
    assert client.get(_url("download", medical)).status_code == 404
    assert client.get(_url("view", document)).status_code == 200

    for reader in (worker, team_lead(team, username="lead.medisch")):
        login(client, reader)
        assert "attest-dokter.pdf" in client.get(tab).content.decode()
        assert client.get(_url("view", medical)).status_code == 200
