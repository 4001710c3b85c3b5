"""A social worker adds a PDF on the file's "Documenten" tab with the plain form, opens it, and
withdraws it with a reason; files dropped on the form are sent the same way; a document that
expires shows on the worker's home and on the team lead's page. Every page on the way is
accessible."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import FilePayload, Page, expect

from documents.models import Document
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import (
    PASSWORD,
    TINY_PDF,
    DocumentFactory,
    DocumentTypeFactory,
    WijkteamFactory,
    client_of,
    social_worker,
    team_lead,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def person(transactional_db: None) -> object:
    worker = social_worker(WijkteamFactory.create(name="Centrum"), username="ma.documenten")
    # The seeded types are gone once a browser test has emptied the database: make the one used.
    DocumentTypeFactory.create(code="payslip", name_nl="Loonbrief", name_en="Payslip")
    return client_of(worker, first_name="Mireille", last_name="Claeys")


def test_a_worker_adds_views_and_withdraws_a_document(page: Page, person: object) -> None:
    log_in(page, "ma.documenten", PASSWORD)
    page.goto(reverse("documents:file_documents", args=[person.pk]))  # type: ignore[attr-defined]
    expect(page.get_by_role("heading", level=1, name="Mireille Claeys")).to_be_visible()
    expect(page.get_by_text("Nog geen documenten in dit dossier.")).to_be_visible()
    assert serious_violations(page) == []

    form = page.get_by_role("form", name="Documenten toevoegen")
    payload: FilePayload = {
        "name": "loonbrief-maart.pdf",
        "mimeType": "application/pdf",
        "buffer": TINY_PDF,
    }
    form.get_by_label("Bestanden").set_input_files([payload])
    form.get_by_label("Soort document").select_option(label="Loonbrief")
    form.get_by_label("Datum van het document").fill(timezone.localdate().isoformat())
    form.get_by_role("button", name="Toevoegen").click()

    expect(page.get_by_role("status")).to_contain_text("1 document toegevoegd.")
    table = page.get_by_role("table", name="Documenten van het dossier")
    expect(table).to_contain_text("loonbrief-maart.pdf")
    assert serious_violations(page) == []

    # The view link sends the PDF itself, decrypted.
    document = Document.objects.get()
    shown = page.request.get(reverse("documents:view", args=[person.pk, document.pk]))  # type: ignore[attr-defined]
    assert shown.headers["content-type"] == "application/pdf"
    assert shown.body() == TINY_PDF

    table.get_by_text("Intrekken", exact=True).click()
    table.get_by_label("Reden van de intrekking").fill("Verkeerde maand")
    table.get_by_role("button", name="Intrekken en het bestand verwijderen").click()
    expect(page.get_by_role("status")).to_contain_text("Het document is ingetrokken")
    expect(table).to_contain_text("Verkeerde maand")
    assert serious_violations(page) == []


def test_files_dropped_on_the_form_are_added(page: Page, person: object) -> None:
    log_in(page, "ma.documenten", PASSWORD)
    page.goto(reverse("documents:file_documents", args=[person.pk]))  # type: ignore[attr-defined]
    form = page.get_by_role("form", name="Documenten toevoegen")
    zone = form.locator("[data-drop-zone]")
    expect(zone).to_contain_text("Sleep bestanden hierheen")
    # Two files dropped from the desktop, as the browser hands them to the page.
    dropped = page.evaluate_handle(
        """(pdf) => {
            const transfer = new DataTransfer();
            for (const name of ["huurcontract.pdf", "loonbrief-april.pdf"]) {
                const file = new File([new Uint8Array(pdf)], name, {type: "application/pdf"});
                transfer.items.add(file);
            }
            return transfer;
        }""",
        list(TINY_PDF),
    )
    zone.dispatch_event("dragenter", {"dataTransfer": dropped})
    expect(zone).to_have_class(re.compile(r"\bdrop-zone-active\b"))
    zone.dispatch_event("drop", {"dataTransfer": dropped})
    expect(zone).not_to_have_class(re.compile(r"\bdrop-zone-active\b"))
    expect(zone).to_contain_text("2 bestanden gekozen: huurcontract.pdf, loonbrief-april.pdf")
    assert serious_violations(page) == []

    form.get_by_label("Soort document").select_option(label="Loonbrief")
    form.get_by_label("Datum van het document").fill(timezone.localdate().isoformat())
    form.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("2 documenten toegevoegd.")
    names = sorted(Document.objects.values_list("original_name", flat=True))
    assert names == ["huurcontract.pdf", "loonbrief-april.pdf"]


def test_an_expired_document_shows_on_the_home_and_the_team_page(
    page: Page, person: object
) -> None:
    card = DocumentTypeFactory.create(
        code="identity_card", name_nl="Identiteitskaart", name_en="Identity card", expires=True
    )
    today = timezone.localdate()
    DocumentFactory.create(
        client=person,
        document_type=card,
        document_date=today - dt.timedelta(days=3650),
        valid_until=today - dt.timedelta(days=2),
    )
    team_lead(person.team, username="tl.documenten")  # type: ignore[attr-defined]

    log_in(page, "ma.documenten", PASSWORD)
    page.goto(reverse("clients:my_cases"))
    panel = page.get_by_role("region", name="Documenten die verlopen")
    row = panel.get_by_role("row").filter(has_text="Mireille Claeys")
    expect(row).to_contain_text("Identiteitskaart")
    expect(row).to_contain_text("verlopen")
    assert serious_violations(page) == []
    row.get_by_role("link", name="Mireille Claeys").click()
    expect(page).to_have_url(re.compile(reverse("documents:file_documents", args=[person.pk])))  # type: ignore[attr-defined]

    page.context.clear_cookies()
    log_in(page, "tl.documenten", PASSWORD)
    page.goto(reverse("wijkteams:my_team"))
    team_panel = page.get_by_role("region", name="Documenten die verlopen in je team")
    expect(team_panel.get_by_role("row").filter(has_text="Mireille Claeys")).to_contain_text(
        "verlopen"
    )
    assert serious_violations(page) == []
