"""Documents added to a request (issue 18, "upload on a request"): kept by the documents app like
any upload to the file and linked to the request in the same transaction (all or nothing), listed
on the request with links to the viewer; in the GDPR export, and gone with the file's documents
when a closed file is anonymised (the letter a notification names too)."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.test import Client as HttpClient
from django.urls import reverse

from clients.gdpr import client_anonymise, client_export_document
from clients.models import AccessLog, Client
from documents.log_actions import LOG_UPLOAD_REFUSED, LOG_UPLOADED
from documents.models import Document
from procedure.log_actions import LOG_DOCUMENTS_ADDED
from procedure.models import Notification, Request, RequestDocument
from procedure.services.documents import request_documents_upload
from tests.conftest import NOW, login
from tests.documents.helpers import pdf, seeded_type
from tests.factories import DocumentFactory, DocumentTypeFactory, client_of, social_worker
from tests.procedure import helpers
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def file(worker: User) -> Client:
    return client_of(worker, first_name="Zenobia", last_name="Quist")


@pytest.fixture
def received(file: Client, worker: User) -> Request:
    return helpers.received(file, worker)


def _stored_files() -> set[str]:
    storage = storages["documents"]
    found: set[str] = set()
    for folder in storage.listdir("")[0]:
        found |= {f"{folder}/{name}" for name in storage.listdir(folder)[1]}
    return found


def _upload(client: HttpClient, request: Request, *files: Any, **fields: str) -> Any:
    payslip = seeded_type("payslip")
    data: dict[str, Any] = {
        "document_type": str(payslip.pk),
        "document_date": "2026-03-10",
    } | fields
    body = {f"upl{request.pk}-{key}": value for key, value in data.items()}
    body[f"upl{request.pk}-uploads"] = list(files) or [pdf("loonbrief-maart.pdf")]
    url = reverse("procedure:documents_upload", args=[request.client_id, request.pk])
    return client.post(url, body)


def test_documents_added_to_a_request_are_linked_and_listed(
    client: HttpClient, worker: User, received: Request
) -> None:
    login(client, worker)
    response = _upload(client, received, pdf("loonbrief-maart.pdf"), pdf("loonbrief-feb.pdf"))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#aanvraag-{received.pk}")
    documents = list(Document.objects.order_by("original_name"))
    assert [d.original_name for d in documents] == ["loonbrief-feb.pdf", "loonbrief-maart.pdf"]
    assert {link.document_id for link in RequestDocument.objects.filter(request=received)} == {
        d.pk for d in documents
    }
    # One access-log row names the request (instead of the plain upload's).
    row = AccessLog.objects.get(client=received.client, what_key=LOG_DOCUMENTS_ADDED)
    assert row.what_params == {"request": received.pk, "count": 2}
    assert not AccessLog.objects.filter(what_key=LOG_UPLOADED).exists()
    page = client.get(response["Location"]).content.decode()
    assert "2 documenten toegevoegd aan de aanvraag." in page
    for document in documents:
        viewer = reverse("documents:viewer", args=[received.client_id, document.pk])
        assert f'<a href="{viewer}">{document.original_name}</a>' in page
    # They are documents of the file as well.
    documents_tab = client.get(reverse("documents:file_documents", args=[received.client_id]))
    assert "loonbrief-maart.pdf" in documents_tab.content.decode()


def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_kept(
    client: HttpClient, worker: User, received: Request
) -> None:
    login(client, worker)
    before = _stored_files()
    fake = pdf("factuur.pdf", data=b"dit is geen pdf")
    response = _upload(client, received, pdf("loonbrief.pdf"), fake)
    page = response.content.decode()
    assert response.status_code == 200
    assert "factuur.pdf:" in page
    assert not Document.objects.exists()
    assert not RequestDocument.objects.exists()
    assert _stored_files() == before
    assert AccessLog.objects.filter(what_key=LOG_UPLOAD_REFUSED).exists()


def test_missing_type_and_date_are_named_and_the_refusal_logged(
    client: HttpClient, worker: User, received: Request
) -> None:
    login(client, worker)
    page = _upload(client, received, document_type="", document_date="").content.decode()
    assert "Kies een type uit de lijst." in page
    assert "Vul de datum van het document in." in page
    assert not Document.objects.exists()
    assert AccessLog.objects.filter(what_key=LOG_UPLOAD_REFUSED).exists()


def test_a_document_type_that_expires_needs_its_valid_until(
    client: HttpClient, worker: User, received: Request
) -> None:
    card = DocumentTypeFactory.create(code="identity_card_x", expires=True)
    login(client, worker)
    response = _upload(client, received, document_type=str(card.pk))
    assert (
        "Deze soort document vervalt: vul de datum in tot wanneer het geldig is."
        in response.content.decode()
    )
    assert not Document.objects.exists()


def test_a_request_no_longer_open_takes_no_documents(
    client: HttpClient, worker: User, lead: User, received: Request
) -> None:
    helpers.delegate_to_team_leads(received.kind)
    request = helpers.decided(received, worker, lead)
    login(client, worker)
    page = client.get(reverse("procedure:file_requests", args=[request.client_id])).content
    assert reverse("procedure:documents_upload", args=[request.client_id, request.pk]) not in (
        page.decode()
    )
    response = _upload(client, request)
    assert "er kunnen geen documenten meer bij" in response.content.decode()
    assert not Document.objects.exists()


def test_the_link_is_in_the_uploads_transaction(
    worker: User, lead: User, received: Request
) -> None:
    """The request is withdrawn by someone else while the files are checked: the link, under
    the request's lock, refuses, and neither the documents nor their stored files are kept."""
    stale = Request.objects.select_related("client", "kind").get(pk=received.pk)
    Request.objects.filter(pk=received.pk).update(
        state=Request.State.WITHDRAWN,
        withdrawn_at=NOW,
        withdrawn_by=lead,
        withdrawal_reason="dubbel",
    )
    before = _stored_files()
    with pytest.raises(ValidationError):
        request_documents_upload(
            actor=worker,
            request=stale,  # still open as this upload loaded it
            files=[pdf()],
            document_type=seeded_type("payslip"),
            document_date=dt.date(2026, 3, 10),
        )
    assert not Document.objects.exists()
    assert not RequestDocument.objects.exists()
    assert _stored_files() == before


def test_a_colleague_cannot_add_documents(
    client: HttpClient, team: Wijkteam, received: Request
) -> None:
    login(client, social_worker(team))
    assert _upload(client, received).status_code == 403
    assert not Document.objects.exists()


def test_a_colleague_does_not_see_health_documents_of_a_request(
    client: HttpClient, team: Wijkteam, worker: User, received: Request
) -> None:
    certificate = DocumentFactory.create(
        client=received.client,
        uploaded_by=worker,
        original_name="attest-dokter.pdf",
        document_type=seeded_type("medical_certificate"),
    )
    RequestDocument.objects.create(request=received, document=certificate)
    tab = reverse("procedure:file_requests", args=[received.client_id])
    login(client, worker)
    assert "attest-dokter.pdf" in client.get(tab).content.decode()
    login(client, social_worker(team))
    assert "attest-dokter.pdf" not in client.get(tab).content.decode()


# --- the GDPR export and anonymisation ----------------------------------------------------------


def test_the_export_says_which_documents_belong_to_which_request(
    worker: User, received: Request
) -> None:
    document = DocumentFactory.create(client=received.client, uploaded_by=worker)
    RequestDocument.objects.create(request=received, document=document)
    exported = client_export_document(client_id=received.client_id)
    assert exported["request_documents"] == [
        {
            "id": RequestDocument.objects.get().pk,
            "request_id": received.pk,
            "document_id": document.pk,
        }
    ]


def test_anonymisation_deletes_the_documents_of_requests_and_the_letter_sent(
    worker: User, lead: User, received: Request, today: dt.date
) -> None:
    """A notification names the letter it sent (a document the file's anonymisation deletes):
    the file is still anonymised, the notification stays without its letter, and the inquiry's
    findings and the motivations go."""
    helpers.delegate_to_team_leads(received.kind)
    letter = DocumentFactory.create(client=received.client, uploaded_by=worker)
    request = helpers.notified(received, worker, lead, letter_id=letter.pk)
    evidence = DocumentFactory.create(client=received.client, uploaded_by=worker)
    RequestDocument.objects.create(request=request, document=evidence)
    RequestDocument.objects.create(request=request, document=letter)
    Client.objects.filter(pk=request.client_id).update(
        closed_on=today - dt.timedelta(days=365 * 11), closed_reason="verhuisd"
    )

    assert client_anonymise(client=Client(pk=request.client_id), now=NOW)

    assert not Document.objects.exists()
    assert not RequestDocument.objects.exists()
    notification = Notification.objects.get()
    assert (notification.letter_id, notification.notified_on) == (None, helpers.DECIDED_ON)
    inquiry = request.inquiry
    inquiry.refresh_from_db()
    assert "februari" not in inquiry.findings_income
    assert inquiry.findings_health == ""  # empty stays empty
    assert "bestaansmiddelen" not in request.decisions.get().motivation
    assert "rechten" not in request.proposal.motivation
