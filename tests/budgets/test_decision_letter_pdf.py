"""The decision letter kept as PDF in the client's documents (issue 18 point 6): rendered by
WeasyPrint from the print page's template, stored with its SHA-256, a new document each time,
for whoever may read the letter and only once the proposal is decided."""

import hashlib
import io
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client as HttpClient
from django.urls import reverse
from pypdf import PdfReader

try:  # WeasyPrint loads Pango and HarfBuzz when imported (README: "Two commands")
    import weasyprint  # noqa: F401
except OSError as missing:
    # CI installs them and requires these tests, as it requires the browser tests.
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise
    pytest.skip(f"WeasyPrint cannot load Pango/HarfBuzz: {missing}", allow_module_level=True)

from budgets.models import AidCalculation, AidDecision, AidPolicy
from budgets.services.calculations import aid_calculation_save
from budgets.services.decisions import aid_decision_propose
from budgets.services.letters import decision_letter_send
from clients.models import AccessLog, Client
from documents.letters import BASE_URL, LetterResourceError, StaticFilesFetcher, static_path
from documents.log_actions import LOG_GENERATED
from documents.models import LETTER_SENT, Document
from documents.storage import file_read
from tests.budgets.aid_requests import decide, delegate_to_team_leads, request_under_inquiry
from tests.conftest import TODAY, login
from tests.factories import (
    WijkteamFactory,
    aid_policy,
    budget_version,
    client_of,
    social_worker,
)
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def policy(db: None) -> AidPolicy:
    budget_version(name="Referentiebudget 2026")
    return aid_policy(name="Steunbeleid 2026")


def _calculation(actor: User, client: Client) -> AidCalculation:
    Client.objects.filter(pk=client.pk).update(
        household_confirmed_on=TODAY, tenure=Client.Tenure.OWNER
    )
    client.refresh_from_db()
    return aid_calculation_save(actor=actor, client=client, on=TODAY)


@pytest.fixture
def proposal(worker: User, policy: AidPolicy) -> AidDecision:
    client = client_of(worker, first_name="Fatima", last_name="El Amrani")
    delegate_to_team_leads()  # a team lead decides it in the procedure (issue 19)
    return aid_decision_propose(
        actor=worker,
        calculation=_calculation(worker, client),
        request=request_under_inquiry(client),
        amount=Decimal("1234.56"),
        starts_on=TODAY.replace(month=4, day=1),
        months=3,
        motivation="Structureel tekort na de scheiding.",
        activation_commitment="Volgt een opleiding logistiek.",
    )


@pytest.fixture
def approved(lead: User, proposal: AidDecision) -> AidDecision:
    """Approved by the team lead's delegated decision in the procedure (issue 19)."""
    decide(lead, proposal, motivation="Het tekort is structureel.")
    return AidDecision.objects.get(pk=proposal.pk)


def _send_url(decision: AidDecision) -> str:
    return reverse("budgets:decision_letter_send", args=[decision.pk])


def _pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # line breaks fall anywhere in a paragraph


def test_letter_is_kept_as_a_pdf_with_the_decision_in_it(
    worker: User, approved: AidDecision
) -> None:
    document = decision_letter_send(actor=worker, decision=approved)
    assert document.document_type.code == LETTER_SENT
    assert document.content_type == "application/pdf"
    assert document.client == approved.client
    data = file_read(document.storage_name)
    assert data.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)
    text = _pdf_text(data)
    assert "Fatima El Amrani" in text
    assert "1.234,56" in text
    assert "Het tekort is structureel." in text
    assert "arbeidsrechtbank" in text  # in Dutch, as the print page


def test_sending_again_makes_a_new_document(worker: User, approved: AidDecision) -> None:
    first = decision_letter_send(actor=worker, decision=approved)
    second = decision_letter_send(actor=worker, decision=approved)
    assert first.pk != second.pk
    assert first.storage_name != second.storage_name
    assert Document.objects.filter(client=approved.client).count() == 2
    first.refresh_from_db()
    assert first.sha256 == hashlib.sha256(file_read(first.storage_name)).hexdigest()


def test_sending_writes_one_access_log_row(worker: User, approved: AidDecision) -> None:
    document = decision_letter_send(actor=worker, decision=approved)
    row = AccessLog.objects.get(client=approved.client, what_key=LOG_GENERATED)
    assert (row.actor, row.action) == (worker, AccessLog.Action.CREATE)
    assert row.what_params["document"] == document.pk


def test_no_letter_is_kept_for_an_open_proposal(worker: User, proposal: AidDecision) -> None:
    with pytest.raises(PermissionDenied):
        decision_letter_send(actor=worker, decision=proposal)
    assert not Document.objects.exists()


def test_another_teams_worker_cannot_keep_the_letter(approved: AidDecision) -> None:
    outsider = social_worker(WijkteamFactory.create(name="Heule"))
    with pytest.raises(PermissionDenied):
        decision_letter_send(actor=outsider, decision=approved)
    assert not Document.objects.exists()


def test_a_colleague_who_may_read_the_letter_may_not_keep_it(
    client: HttpClient, team: Wijkteam, approved: AidDecision
) -> None:
    """Keeping the letter adds a document to the file: for the worker and the lead, as uploads."""
    colleague = social_worker(team)
    with pytest.raises(PermissionDenied):
        decision_letter_send(actor=colleague, decision=approved)
    login(client, colleague)
    page = client.get(reverse("budgets:decision_letter", args=[approved.pk])).content.decode()
    assert _send_url(approved) not in page
    assert client.post(_send_url(approved)).status_code == 403
    assert not Document.objects.exists()


# --- the button and its page --------------------------------------------------------------


def test_button_keeps_the_letter_and_opens_the_documents_tab(
    client: HttpClient, worker: User, approved: AidDecision
) -> None:
    login(client, worker)
    detail = client.get(reverse("budgets:decision_detail", args=[approved.pk])).content.decode()
    assert _send_url(approved) in detail
    letter = client.get(reverse("budgets:decision_letter", args=[approved.pk])).content.decode()
    assert _send_url(approved) in letter
    response = client.post(_send_url(approved), follow=True)
    document = Document.objects.get(client=approved.client)
    tab = reverse("documents:file_documents", args=[approved.client_id])
    assert response.redirect_chain[-1][0] == f"{tab}#document-{document.pk}"
    page = response.content.decode()
    assert "De brief is als PDF bij de documenten van de cliënt bewaard." in page
    # The tab links to the letter's page in the file, which shows the PDF itself.
    viewer_url = reverse("documents:viewer", args=[approved.client_id, document.pk])
    assert viewer_url in page
    view_url = reverse("documents:view", args=[approved.client_id, document.pk])
    assert view_url in client.get(viewer_url).content.decode()
    shown = client.get(view_url)
    assert shown["Content-Type"] == "application/pdf"
    assert shown.content == file_read(document.storage_name)


def test_no_button_for_an_open_proposal(
    client: HttpClient, worker: User, proposal: AidDecision
) -> None:
    login(client, worker)
    detail = client.get(reverse("budgets:decision_detail", args=[proposal.pk])).content.decode()
    assert _send_url(proposal) not in detail


def test_post_for_an_open_proposal_is_refused(
    client: HttpClient, worker: User, proposal: AidDecision
) -> None:
    login(client, worker)
    assert client.post(_send_url(proposal)).status_code == 403
    assert not Document.objects.exists()


def test_post_from_another_team_is_not_found(client: HttpClient, approved: AidDecision) -> None:
    login(client, social_worker(WijkteamFactory.create(name="Heule")))
    assert client.post(_send_url(approved)).status_code == 404
    assert not Document.objects.exists()


# --- the letter's resources come from the static files, never from the network ---------------


def test_stylesheets_are_read_from_the_static_files() -> None:
    found = static_path(f"{BASE_URL}static/css/letter.css")
    assert found is not None
    assert found.read_bytes().startswith(b"/*")


def test_collected_static_files_are_found_too(tmp_path: Path, settings: Any) -> None:
    """After collectstatic the stylesheet has a hashed name that only STATIC_ROOT holds."""
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "letter.0123abcd.css").write_text("/* collected */")
    assert static_path(f"{BASE_URL}static/css/letter.0123abcd.css") == (
        tmp_path / "css" / "letter.0123abcd.css"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/static/css/letter.css",
        f"{BASE_URL}media/secret.css",
        f"{BASE_URL}static/../ocmw/settings.py",
        "file:///etc/passwd",
    ],
)
def test_anything_else_is_refused(url: str) -> None:
    with pytest.raises(LetterResourceError):
        StaticFilesFetcher().fetch(url)
