"""After five wrong passwords the browser shows the Dutch lockout page, accessible."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in, serious_violations
from tests.factories import PASSWORD, WijkteamFactory, social_worker

pytestmark = pytest.mark.e2e


def test_five_wrong_passwords_show_the_dutch_lockout_page(
    page: Page, transactional_db: None
) -> None:
    worker = social_worker(WijkteamFactory.create(name="Centrum"), username="ma.slot")
    for _ in range(4):
        log_in(page, worker.username, "niet-het-wachtwoord")
        expect(page.get_by_text("Voer een juiste gebruikersnaam en wachtwoord in")).to_be_visible()
    log_in(page, worker.username, "niet-het-wachtwoord")
    expect(
        page.get_by_role("heading", level=1, name="Te veel mislukte aanmeldpogingen")
    ).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("30 minuten geblokkeerd: probeer opnieuw om")
    assert serious_violations(page) == []
    # Locked: the right password does not help either.
    log_in(page, worker.username, PASSWORD)
    expect(
        page.get_by_role("heading", level=1, name="Te veel mislukte aanmeldpogingen")
    ).to_be_visible()
