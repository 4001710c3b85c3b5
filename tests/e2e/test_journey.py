"""The whole path of a new client as issue 3 names it: intake, journal, debt, transfer."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from clients.models import AccessLog, Assignment, Client
from clients.national_number import national_number_for
from demo.city import DEMO_PASSWORD, seed_city
from tests.e2e.conftest import log_in, serious_violations
from tests.e2e.test_client_file import add_debt, add_journal_entry, open_debt_help, transfer_client
from tests.e2e.test_intake import _fill_identity

pytestmark = pytest.mark.e2e

NUMBER = national_number_for(dt.date(1979, 4, 12), 42)  # even: a woman, as Samira


@pytest.fixture
def city(transactional_db: None) -> None:
    seed_city()


def test_intake_then_journal_then_debt_then_transfer(
    page: Page, browser: Browser, live_server: object, city: None
) -> None:
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    page.get_by_role("link", name="Nieuwe intake").click()
    page.get_by_label("Rijksregisternummer").fill(NUMBER)
    page.get_by_role("button", name="Controleren").click()
    _fill_identity(page, first_name="Samira")
    page.get_by_role("group", name="Identiteit en contact").get_by_label("Geslacht").select_option(
        label="vrouw"
    )
    page.get_by_role("button", name="Cliënt registreren").click()
    expect(page.get_by_role("heading", level=1, name="Samira El Amrani")).to_be_visible()
    client = Client.objects.get(national_number=NUMBER)

    follow_up = timezone.localdate() + dt.timedelta(days=7)
    add_journal_entry(page, client, "Eerste gesprek: energiefactuur", follow_up_on=follow_up)
    card = open_debt_help(page, client)
    add_debt(card, creditor="Fluvius", original="640,00", outstanding="640,00", monthly="25")
    transfer_client(page, client, "Jonas Declercq", "Jonas volgt de schuldhulpverlening op")
    assert serious_violations(page) == []

    assert Assignment.objects.get(client=client, ended_at__isnull=True).worker.username == (
        "ma.centrum2"
    )
    actions = set(AccessLog.objects.filter(client=client).values_list("action", flat=True))
    assert {"create", "view", "change"} <= actions

    # The new social worker finds the client on her home page, with the follow-up still open.
    context = browser.new_context(base_url=page.url.split("/dossiers")[0], locale="nl-BE")
    other = context.new_page()
    log_in(other, "ma.centrum2", DEMO_PASSWORD)
    expect(other.get_by_role("heading", level=1, name="Mijn dossiers")).to_be_visible()
    expect(other.get_by_role("link", name="Samira El Amrani").first).to_be_visible()
    context.close()
