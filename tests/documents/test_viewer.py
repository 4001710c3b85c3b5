"""A document's own page in the file (issue 18 point 4): its details and the document shown
inline (an image, or the PDF in a frame of this origin), its download and its thumbnail (point
8), each checking scope as the file views do, each look logged once, nothing cached, and the
file framable by this origin only without loosening the pages' Content-Security-Policy."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from clients.models import AccessLog, Client, Trajectory
from documents.log_actions import (
    DOWNLOADED_DOCUMENT,
    SEEN_DOCUMENT,
    SEEN_DOCUMENTS,
    SEEN_THUMBNAILS,
)
from documents.models import Document
from documents.services import documents_upload
from documents.storage import file_read
from documents.views.files import LOOK_WINDOW
from tests.conftest import login
from tests.documents.helpers import is_jpeg, png_image, seeded_type, thumbnail_stored
from tests.factories import (
    DebtFactory,
    DocumentFactory,
    TrajectoryFactory,
    WijkteamFactory,
    administrator,
    client_of,
    social_worker,
    team_lead,
)
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def file(worker: User) -> Client:
    return client_of(worker)


@pytest.fixture
def document(file: Client, worker: User) -> Document:
    return DocumentFactory.create(
        client=file,
        uploaded_by=worker,
        original_name="loonbrief.pdf",
        note="Maart",
        thumbnail_name=thumbnail_stored(),
    )


def _url(name: str, document: Document) -> str:
    return reverse(f"documents:{name}", args=[document.client_id, document.pk])


def _rows(user: User) -> list[tuple[str, dict[str, Any], str]]:
    return [
        (row.what_key, row.what_params, row.action)
        for row in AccessLog.objects.filter(actor=user).order_by("pk")
    ]


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


# --- who gets what ---------------------------------------------------------------------------

NEW_URLS = ["viewer", "view", "thumbnail"]


def _reader(role: str, team: Wijkteam, worker: User) -> User:
    if role == "assigned":
        return worker
    if role == "lead":
        return team_lead(team, username="lead.viewer")
    if role == "colleague":
        return social_worker(team, username="collega.viewer")
    if role == "outsider":
        return social_worker(WijkteamFactory.create(name="Heule"), username="ma.heule")
    return administrator(username="beheer.viewer")


# role -> (an ordinary document, a medical certificate): health data is for the client's
# social worker and the team lead only, as confidential journal entries are.
ANSWERS = {
    "assigned": (200, 200),
    "lead": (200, 200),
    "colleague": (200, 404),
    "outsider": (404, 404),
    "admin": (403, 403),
}


@pytest.mark.parametrize("name", NEW_URLS)
@pytest.mark.parametrize("role", sorted(ANSWERS))
def test_who_may_see_a_document_its_file_and_its_thumbnail(
    client: HttpClient,
    team: Wijkteam,
    worker: User,
    file: Client,
    document: Document,
    role: str,
    name: str,
) -> None:
    medical = DocumentFactory.create(
        client=file,
        uploaded_by=worker,
        document_type=seeded_type("medical_certificate"),
        thumbnail_name=thumbnail_stored(),
    )
    reader = _reader(role, team, worker)
    login(client, reader)
    ordinary, confidential = ANSWERS[role]

    assert client.get(_url(name, document)).status_code == ordinary
    assert client.get(_url(name, medical)).status_code == confidential
    if ordinary != 200:  # a refused look is not a view
        assert _rows(reader) == []


@pytest.mark.parametrize("name", NEW_URLS)
def test_a_withdrawn_document_is_not_found_and_not_logged(
    client: HttpClient, worker: User, document: Document, name: str
) -> None:
    Document.objects.filter(pk=document.pk).update(
        withdrawn_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), withdrawn_by=worker
    )
    login(client, worker)
    assert client.get(_url(name, document)).status_code == 404
    assert _rows(worker) == []


def test_a_document_of_another_client_is_not_found_under_this_client(
    client: HttpClient, worker: User, document: Document
) -> None:
    other = client_of(worker)
    login(client, worker)
    for name in NEW_URLS:
        url = reverse(f"documents:{name}", args=[other.pk, document.pk])
        assert client.get(url).status_code == 404, name


# --- the viewer page -------------------------------------------------------------------------


def test_the_viewer_page_shows_the_details_and_the_pdf_in_a_frame(
    client: HttpClient, team: Wijkteam, document: Document
) -> None:
    colleague = social_worker(team, username="collega.leest")
    login(client, colleague)
    response = client.get(_url("viewer", document))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Maart" in page  # the note
    assert "loonbrief.pdf" in page
    assert f'<iframe src="{_url("view", document)}"' in page
    assert 'title="Het document loonbrief.pdf"' in page
    assert f'href="{_url("download", document)}"' in page
    assert f'href="{reverse("documents:file_documents", args=[document.client_id])}"' in page
    assert "Terug naar de documenten" in page
    assert "no-store" in response["Cache-Control"]
    # The page itself keeps the pages' policy: framed by nobody, no plugins, no inline code.
    policy = _directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert _rows(colleague) == [(SEEN_DOCUMENT, {"document": document.pk}, "view")]


def test_the_viewer_page_names_the_debt_the_document_is_about(
    client: HttpClient, worker: User, file: Client
) -> None:
    trajectory = TrajectoryFactory.create(
        client=file, kind=Trajectory.Kind.DEBT_HELP, created_by=worker
    )
    debt = DebtFactory.create(trajectory=trajectory, creditor="Waterbedrijf De Watergroep")
    letter = DocumentFactory.create(
        client=file, uploaded_by=worker, trajectory=trajectory, debt=debt
    )
    login(client, worker)
    page = client.get(_url("viewer", letter)).content.decode()
    assert "Schuld</dt>" in page
    assert "Waterbedrijf De Watergroep" in page


def test_an_image_is_shown_as_an_image(
    client: HttpClient, worker: User, file: Client, today: dt.date
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    [photo] = documents_upload(
        actor=worker,
        client=file,
        files=[SimpleUploadedFile("scan.png", png_image())],
        document_type=seeded_type("payslip"),
        document_date=today,
    )
    login(client, worker)
    page = client.get(_url("viewer", photo)).content.decode()
    assert f'<img src="{_url("view", photo)}" alt="Het document scan.png"' in page
    assert "<iframe" not in page


def test_the_file_the_viewer_embeds_is_not_logged_twice(
    client: HttpClient, worker: User, document: Document
) -> None:
    """The viewer page writes the row of the look; the file it frames, fetched right after by
    the same user, is part of that look."""
    login(client, worker)
    client.get(_url("viewer", document))
    response = client.get(_url("view", document))

    assert response.status_code == 200
    assert _rows(worker) == [(SEEN_DOCUMENT, {"document": document.pk}, "view")]


def test_the_file_opened_on_its_own_is_logged_once_per_look(
    client: HttpClient, worker: User, document: Document, time_machine: Any
) -> None:
    """Without the viewer page the file writes its row itself; fetched again within the look
    (a PDF viewer may) it writes none, and after LOOK_WINDOW it is a new look."""
    login(client, worker)
    client.get(_url("view", document))
    client.get(_url("view", document))
    seen = (SEEN_DOCUMENT, {"document": document.pk}, "view")
    assert _rows(worker) == [seen]

    time_machine.shift(LOOK_WINDOW + dt.timedelta(seconds=1))
    client.get(_url("view", document))
    assert _rows(worker) == [seen, seen]


def test_another_documents_look_does_not_cover_this_one(
    client: HttpClient, worker: User, file: Client, document: Document
) -> None:
    other = DocumentFactory.create(client=file, uploaded_by=worker)
    login(client, worker)
    client.get(_url("viewer", other))
    client.get(_url("view", document))
    assert [params for _key, params, _action in _rows(worker)] == [
        {"document": other.pk},
        {"document": document.pk},
    ]


def test_another_users_look_does_not_cover_this_one(
    client: HttpClient, team: Wijkteam, worker: User, document: Document
) -> None:
    login(client, worker)
    client.get(_url("viewer", document))
    lead = team_lead(team, username="lead.kijkt")
    login(client, lead)
    client.get(_url("view", document))
    assert _rows(lead) == [(SEEN_DOCUMENT, {"document": document.pk}, "view")]


def test_the_download_is_always_logged(
    client: HttpClient, worker: User, document: Document
) -> None:
    login(client, worker)
    client.get(_url("viewer", document))
    response = client.get(_url("download", document))
    assert response["Content-Disposition"] == 'attachment; filename="loonbrief.pdf"'
    assert _rows(worker)[-1] == (DOWNLOADED_DOCUMENT, {"document": document.pk}, "export")


def test_the_file_may_be_framed_by_this_origin_only(
    client: HttpClient, worker: User, document: Document
) -> None:
    """The file shown inline is framed by the viewer page: SAMEORIGIN and frame-ancestors
    'self' for that response only; it loads and runs nothing, and allows 'self' as object
    for browsers whose PDF viewer is a plugin. Never 'unsafe-inline'."""
    login(client, worker)
    response = client.get(_url("view", document))

    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = _directives(response["Content-Security-Policy"])
    assert policy == {
        "default-src": ["'none'"],
        "object-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
    }
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    # The download is not framed: the pages' policy.
    download = client.get(_url("download", document))
    assert download["X-Frame-Options"] == "DENY"
    assert _directives(download["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]


# --- the thumbnail ---------------------------------------------------------------------------


def test_the_thumbnail_is_a_jpeg_uncached_and_encrypted_at_rest(
    client: HttpClient, worker: User, document: Document
) -> None:
    from documents.storage import documents_storage

    login(client, worker)
    response = client.get(_url("thumbnail", document))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert is_jpeg(response.content)
    assert response.content == file_read(document.thumbnail_name or "")
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    with documents_storage().open(document.thumbnail_name or "", "rb") as handle:
        on_disk = handle.read()
    assert not on_disk.startswith(b"\xff\xd8")  # no JPEG at rest: encrypted
    assert response.content not in on_disk


def test_a_document_without_a_thumbnail_has_none_to_show(
    client: HttpClient, worker: User, file: Client
) -> None:
    plain = DocumentFactory.create(client=file, uploaded_by=worker)
    login(client, worker)
    assert client.get(_url("thumbnail", plain)).status_code == 404


def test_the_tabs_row_covers_its_thumbnails(
    client: HttpClient, worker: User, file: Client, document: Document
) -> None:
    """Opening the tab writes one row; its thumbnails, fetched by the browser right after,
    write none (not one row per thumbnail)."""
    more = [
        DocumentFactory.create(client=file, uploaded_by=worker, thumbnail_name=thumbnail_stored())
        for _ in range(3)
    ]
    login(client, worker)
    client.get(reverse("documents:file_documents", args=[file.pk]))
    for shown in [document, *more]:
        assert client.get(_url("thumbnail", shown)).status_code == 200
    assert _rows(worker) == [(SEEN_DOCUMENTS, {}, "view")]


def test_thumbnails_without_the_tab_write_one_row_per_look(
    client: HttpClient, worker: User, file: Client, document: Document, time_machine: Any
) -> None:
    """Asked for on their own (no tab row of this user lately), the first thumbnail writes a
    row for the client's thumbnails, which covers the next; after LOOK_WINDOW, a new row."""
    second = DocumentFactory.create(
        client=file, uploaded_by=worker, thumbnail_name=thumbnail_stored()
    )
    login(client, worker)
    client.get(_url("thumbnail", document))
    client.get(_url("thumbnail", second))
    assert _rows(worker) == [(SEEN_THUMBNAILS, {}, "view")]

    time_machine.shift(LOOK_WINDOW + dt.timedelta(seconds=1))
    client.get(_url("thumbnail", second))
    assert _rows(worker) == [(SEEN_THUMBNAILS, {}, "view")] * 2
