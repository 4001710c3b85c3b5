"""A social worker sees the thumbnails on the "Documenten" tab, opens a PDF on its own page (the
PDF framed by this origin, under the strict Content-Security-Policy) and a photo, in a real
browser: nothing is refused, the pages are accessible, and each look is one access-log row."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import ConsoleMessage, Page, expect

from clients.models import AccessLog
from documents.log_actions import SEEN_DOCUMENT
from documents.services import documents_upload
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import (
    PASSWORD,
    DocumentTypeFactory,
    WijkteamFactory,
    client_of,
    social_worker,
)

pytestmark = pytest.mark.e2e


def _file(kind: str, size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=kind)
    return out.getvalue()


def test_a_worker_sees_thumbnails_and_opens_a_pdf_and_a_photo(
    page: Page, transactional_db: None
) -> None:
    worker = social_worker(WijkteamFactory.create(name="Centrum"), username="ma.viewer")
    # The seeded types are gone once a browser test has emptied the database: make the one used.
    payslip = DocumentTypeFactory.create(code="payslip", name_nl="Loonbrief", name_en="Payslip")
    person = client_of(worker, first_name="Mireille", last_name="Claeys")
    scan, _photo = documents_upload(
        actor=worker,
        client=person,
        files=[
            SimpleUploadedFile("loonbrief.pdf", _file("PDF", (300, 420))),
            SimpleUploadedFile("foto.png", _file("PNG", (300, 200))),
        ],
        document_type=payslip,
        document_date=timezone.localdate(),
    )
    refused: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Refused" in message.text or "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", on_console)
    log_in(page, "ma.viewer", PASSWORD)

    page.goto(reverse("documents:file_documents", args=[person.pk]))
    page.wait_for_load_state("networkidle")
    previews = page.get_by_role("img", name="Voorbeeld van loonbrief.pdf")
    expect(previews).to_be_visible()
    sizes = page.eval_on_selector_all(
        "img.document-thumbnail", "images => images.map(i => [i.naturalWidth, i.naturalHeight])"
    )
    # The PDF's page (portrait) and the photo (landscape), their longer side 160 pixels.
    [page_size, photo_size] = sorted(sizes)
    assert page_size[1] == 160 > page_size[0]
    assert photo_size[0] == 160 > photo_size[1]
    assert serious_violations(page) == []

    page.get_by_role("link", name="Bekijken loonbrief.pdf").click()
    expect(page.get_by_role("heading", level=2, name="Loonbrief")).to_be_visible()
    frame = page.locator("iframe[title='Het document loonbrief.pdf']")
    expect(frame).to_be_visible()
    page.wait_for_load_state("networkidle")
    view_url = reverse("documents:view", args=[person.pk, scan.pk])
    # Framed, not refused (a refused frame shows Chromium's error page instead of the file).
    [framed] = page.main_frame.child_frames
    assert framed.url.endswith(view_url), framed.url
    assert serious_violations(page) == []
    expect(page.get_by_role("link", name="Downloaden loonbrief.pdf")).to_be_visible()
    # The page and the PDF it frames are one look: one row.
    rows = AccessLog.objects.filter(actor=worker, what_key=SEEN_DOCUMENT)
    assert [row.what_params for row in rows] == [{"document": scan.pk}]

    page.get_by_role("link", name="Terug naar de documenten").click()
    page.get_by_role("link", name="Bekijken foto.png").click()
    shown = page.get_by_role("img", name="Het document foto.png")
    expect(shown).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert shown.evaluate("image => image.naturalWidth") == 300
    assert serious_violations(page) == []

    assert refused == []
