"""Stored script: markup a worker types into a journal entry or a client's name comes back as
text on every page that shows it, and never runs.

The Content-Security-Policy would stop an inline script anyway; these tests also show that the
markup is escaped: it reads as text and adds no element to the page.
"""

import pytest
from playwright.sync_api import Page, expect

from clients.models import Client, JournalEntry
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, WijkteamFactory, client_of, social_worker
from wijkteams.models import User

pytestmark = pytest.mark.e2e

PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


@pytest.fixture
def worker(transactional_db: None) -> User:
    return social_worker(WijkteamFactory.create(name="Centrum"), username="ma.xss")


@pytest.fixture
def client_file(worker: User) -> Client:
    return client_of(worker, first_name="Fatima", last_name="El Amrani")


def assert_inert(page: Page) -> None:
    """The payload shows as text, added no element and ran nothing."""
    expect(page.get_by_text(PAYLOAD).first).to_be_visible()
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("script", has_text="__xss").count() == 0
    assert page.evaluate("window.__xss") is None


def test_a_journal_entry_with_markup_is_shown_as_text(
    page: Page, worker: User, client_file: Client
) -> None:
    log_in(page, worker.username, PASSWORD)
    page.goto(f"/dossiers/{client_file.pk}/dagboek/")
    form = page.get_by_role("region", name="Nieuwe notitie")
    form.get_by_label("Soort").select_option(label="huisbezoek")
    form.get_by_label("Tekst").fill(PAYLOAD)
    form.get_by_role("button", name="Toevoegen aan het dagboek").click()
    expect(page.get_by_role("status")).to_contain_text("Notitie aan het dagboek toegevoegd.")
    assert JournalEntry.objects.get(client=client_file).text == PAYLOAD

    page.reload()
    assert_inert(page)


def test_a_first_name_with_markup_is_shown_as_text_in_search_and_my_cases(
    page: Page, worker: User, client_file: Client
) -> None:
    log_in(page, worker.username, PASSWORD)
    page.goto(f"/dossiers/{client_file.pk}/bewerken/")
    page.get_by_label("Voornaam").fill(PAYLOAD)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Het cliëntdossier is opgeslagen.")
    client_file.refresh_from_db()
    assert client_file.first_name == PAYLOAD
    assert_inert(page)  # the file's own heading

    page.goto("/zoeken/")
    page.get_by_label("Naam, adres of rijksregisternummer").fill("El Amrani")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(page.get_by_role("link", name=f"El Amrani {PAYLOAD}")).to_be_visible()
    assert_inert(page)

    page.goto("/mijn-dossiers/")
    assert_inert(page)
