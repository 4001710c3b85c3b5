"""A social worker closes a client file in the browser: a reason is asked for, the notice shows
on every tab, and the file leaves "Mijn dossiers"; the page stays accessible."""

import re

import pytest
from playwright.sync_api import Page, expect

from clients.models import Client
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import PASSWORD, WijkteamFactory, client_of, social_worker

pytestmark = pytest.mark.e2e

REASON = "Verhuisd naar Gent; opvolging door OCMW Gent."


@pytest.fixture
def files(transactional_db: None) -> dict[str, Client]:
    """Two clients of ma.sluiten, nothing open on either (no trajectory, no aid proposal)."""
    worker = social_worker(WijkteamFactory.create(name="Centrum"), username="ma.sluiten")
    return {
        "fatima": client_of(worker, first_name="Fatima", last_name="El Amrani"),
        "karel": client_of(worker, first_name="Karel", last_name="Peeters"),
    }


def test_social_worker_closes_a_file_which_leaves_her_caseload(
    page: Page, files: dict[str, Client]
) -> None:
    fatima = files["fatima"]
    log_in(page, "ma.sluiten", PASSWORD)
    expect(page.get_by_role("heading", level=1, name="Mijn dossiers")).to_be_visible()
    page.get_by_role("link", name="Fatima El Amrani").click()
    expect(page.get_by_role("heading", level=1, name="Fatima El Amrani")).to_be_visible()

    closing = page.get_by_role("region", name="Dossier afsluiten")
    # Without a reason the file stays open and the message sits next to the field.
    closing.get_by_role("button", name="Dossier afsluiten").click()
    reason = page.get_by_role("textbox", name="Reden van afsluiten")
    expect(reason).to_have_accessible_description(
        "Geef de reden waarom het dossier afgesloten wordt."
    )
    assert serious_violations(page) == []

    reason.fill(REASON)
    page.get_by_role("region", name="Dossier afsluiten").get_by_role(
        "button", name="Dossier afsluiten"
    ).click()

    expect(page.get_by_role("status")).to_contain_text("Het dossier is afgesloten.")
    notice = page.get_by_role("note")
    expect(notice).to_contain_text(re.compile(r"Dossier afgesloten op \d\d/\d\d/\d{4}"))
    expect(notice).to_contain_text(REASON)
    expect(page.get_by_role("region", name="Dossier heropenen")).to_be_visible()
    assert serious_violations(page) == []

    # The notice is on the other tabs too.
    page.get_by_role("navigation", name="Cliëntdossier").get_by_role("link", name="Dagboek").click()
    expect(page).to_have_url(re.compile(rf"/dossiers/{fatima.pk}/dagboek/$"))
    expect(page.get_by_role("note")).to_contain_text(REASON)

    page.goto("/mijn-dossiers/")
    clients = page.get_by_role("table", name="1 cliënt aan jou toegewezen")
    expect(clients.get_by_role("link")).to_have_text(["Karel Peeters"])
    assert serious_violations(page) == []
