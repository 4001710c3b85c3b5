"""Issue 17 point 4 in the browser: an administrator resets a worker's account in the admin and
gets a one-time link; the worker opens it, chooses a password, sets up an app, keeps the backup
codes, logs in and reads who reset the account; the officer finds it all in the account log.
Every page is checked with axe."""

import re
from base64 import b32decode
from typing import Any

import pytest
from django_otp.oath import totp
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import log_in, serious_violations
from tests.factories import (
    PASSWORD,
    WijkteamFactory,
    administrator,
    data_protection_officer,
    social_worker,
)
from wijkteams.models import User

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "Zomer-aan-de-Leie-2026"  # noqa: S105  # passes the password rules
# The first password field, not the second ("... nog eens"); crispy marks it required with "*".
FIRST_PASSWORD = re.compile(r"^\s*Nieuw wachtwoord\*?\s*$")


@pytest.fixture
def people(transactional_db: None) -> dict[str, User]:
    return {
        "admin": administrator(username="beheer.e2e", first_name="Bart", last_name="Beheer"),
        "worker": social_worker(
            WijkteamFactory.create(name="Centrum"),
            username="ma.e2e",
            first_name="Sofie",
            last_name="Claes",
        ),
        "dpo": data_protection_officer(username="dpo.e2e"),
    }


def _new_context_page(browser: Browser, live_server: Any) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(10_000)
    return context.new_page()


def test_a_reset_account_is_set_up_again_with_the_link(
    page: Page, browser: Browser, live_server: Any, people: dict[str, User]
) -> None:
    worker = people["worker"]

    # The administrator resets the account from the worker's page in the admin.
    log_in(page, "beheer.e2e", PASSWORD)
    page.goto(f"/beheer/wijkteams/user/{worker.pk}/change/")
    expect(page.get_by_role("textbox", name="Wachtwoord")).to_have_count(0)
    page.get_by_role("link", name="Herstellen en inschrijvingslink sturen").click()
    expect(
        page.get_by_role("heading", name="Herstellen en inschrijvingslink sturen?")
    ).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Herstellen en link sturen").click()
    expect(page.get_by_role("heading", name="Inschrijvingslinks")).to_be_visible()
    assert serious_violations(page) == []
    link = page.locator("code.enrolment-link").inner_text()
    assert link.startswith(live_server.url + "/inschrijven/")

    # The worker opens the link in a browser of her own.
    person = _new_context_page(browser, live_server)
    try:
        person.goto(link)
        expect(person.get_by_role("heading", level=1, name="Je account instellen")).to_be_visible()
        expect(person.get_by_text("ma.e2e", exact=True)).to_be_visible()
        assert serious_violations(person) == []

        # Two passwords that differ: the error next to the field, on an accessible page.
        person.get_by_label(FIRST_PASSWORD).fill(NEW_PASSWORD)
        person.get_by_label("Nieuw wachtwoord nog eens").fill(NEW_PASSWORD + "x")
        person.get_by_label("Code uit de app").fill("123456")
        person.get_by_role("button", name="Wachtwoord en app bewaren").click()
        expect(person.get_by_text("De twee wachtwoorden verschillen.")).to_be_visible()
        assert serious_violations(person) == []

        secret = person.locator("#totp-secret").inner_text().replace(" ", "")
        person.get_by_label(FIRST_PASSWORD).fill(NEW_PASSWORD)
        person.get_by_label("Nieuw wachtwoord nog eens").fill(NEW_PASSWORD)
        person.get_by_label("Code uit de app").fill(f"{totp(b32decode(secret)):06d}")
        person.get_by_role("button", name="Wachtwoord en app bewaren").click()

        expect(person.get_by_role("heading", level=1, name="Je account is klaar")).to_be_visible()
        codes = person.get_by_role("list", name="Je reservecodes").locator("code")
        expect(codes).to_have_count(10)
        assert serious_violations(person) == []

        # The link is used up.
        person.goto(link)
        expect(person.get_by_role("heading", name="Deze link werkt niet meer")).to_be_visible()
        assert serious_violations(person) == []

        # At her next login she reads who reset the account.
        log_in(person, "ma.e2e", NEW_PASSWORD)
        expect(person.get_by_role("heading", level=1, name="Mijn dossiers")).to_be_visible()
        expect(person.get_by_role("status")).to_contain_text("hersteld door Bart Beheer")
        assert serious_violations(person) == []
    finally:
        person.context.close()

    # The officer finds the reset and the enrolment in the account log.
    officer = _new_context_page(browser, live_server)
    try:
        log_in(officer, "dpo.e2e", PASSWORD)
        officer.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Accountlogboek"
        ).click()
        expect(officer.get_by_role("heading", level=1, name="Accountlogboek")).to_be_visible()
        table = officer.get_by_role("region", name="Accountlogboek")
        expect(
            table.get_by_role("cell", name="Wachtwoord en tweestapsaanmelding hersteld")
        ).to_be_visible()
        expect(table.get_by_role("cell", name="Inschrijvingslink gebruikt")).to_be_visible()
        assert serious_violations(officer) == []
    finally:
        officer.context.close()
