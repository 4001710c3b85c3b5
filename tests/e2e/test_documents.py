"""A social worker adds a PDF on the file's "Documenten" tab with the plain form, opens it, and
withdraws it with a reason. Every page on the way is accessible."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import FilePayload, Page, expect

from documents.models import Document
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import (
    PASSWORD,
    TINY_PDF,
    DocumentTypeFactory,
    WijkteamFactory,
    client_of,
    social_worker,
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
