"""Two-factor login in the browser: a worker sets up an app, then logs in with a backup code."""

from base64 import b32decode
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.e2e.conftest import log_in, serious_violations
from tests.factories import (
    PASSWORD,
    StaticDeviceFactory,
    StaticTokenFactory,
    TOTPDeviceFactory,
    WijkteamFactory,
    social_worker,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def required(settings: SettingsWrapper) -> None:
    # The live server runs in this process: it reads the same settings.
    settings.OTP_REQUIRED = True


def test_worker_sets_up_an_app_then_logs_in_with_a_backup_code(
    page: Page, browser: Browser, live_server: Any, required: None
) -> None:
    worker = social_worker(WijkteamFactory.create(name="Centrum"), username="ma.tweestaps")

    log_in(page, worker.username, PASSWORD)
    expect(
        page.get_by_role("heading", level=1, name="Tweestapsaanmelding instellen")
    ).to_be_visible()
    expect(
        page.get_by_role("img", name="QR-code om te scannen met je authenticator-app")
    ).to_be_visible()
    assert serious_violations(page) == []

    # A wrong code first: a Dutch error next to the field, and still on the set-up page.
    page.get_by_label("Code uit de app").fill("12ab")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_text("Typ de 6 cijfers die de app toont.")).to_be_visible()
    assert serious_violations(page) == []

    # Type the key by hand, as a phone that cannot scan would, and the code it gives.
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    code = f"{totp(b32decode(secret)):06d}"
    page.get_by_label("Code uit de app").fill(code)
    page.get_by_role("button", name="Bevestigen").click()

    expect(page.get_by_role("heading", level=1, name="Reservecodes")).to_be_visible()
    codes = page.get_by_role("list", name="Je reservecodes").locator("code").all_inner_texts()
    assert len(codes) == 10
    assert serious_violations(page) == []
    page.get_by_role("link", name="Ik heb mijn codes bewaard, verder").click()
    expect(page.get_by_role("heading", level=1, name="Mijn dossiers")).to_be_visible()

    # Another browser (a new session): password, then a backup code instead of the phone.
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    try:
        other = context.new_page()
        log_in(other, worker.username, PASSWORD)
        expect(other.get_by_role("heading", level=1, name="Aanmelden: tweede stap")).to_be_visible()
        assert serious_violations(other) == []
        other.get_by_label("Code").fill(codes[0])
        other.get_by_role("button", name="Controleren").click()
        expect(other.get_by_role("heading", level=1, name="Mijn dossiers")).to_be_visible()
    finally:
        context.close()


def test_worker_needs_a_current_code_to_make_new_backup_codes_or_replace_the_app(
    page: Page, live_server: Any, required: None
) -> None:
    worker = social_worker(WijkteamFactory.create(name="Centrum"), username="ma.vervangen")
    app = TOTPDeviceFactory.create(user=worker, name="app", confirmed=True)
    backup = StaticDeviceFactory.create(user=worker, name="backup", confirmed=True)
    StaticTokenFactory.create(device=backup, token="oudecode")
    log_in(page, worker.username, PASSWORD)
    page.get_by_label("Code").fill(f"{totp(app.bin_key):06d}")
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", level=1, name="Mijn dossiers")).to_be_visible()

    # New backup codes: without a current code, a Dutch error next to the field.
    page.goto("/tweestaps/reservecodes/nieuw/")
    current = page.get_by_label("Code uit je huidige app, of een reservecode")
    page.get_by_role("button", name="Nieuwe reservecodes maken").click()
    expect(current).to_have_attribute("aria-invalid", "true")
    expect(
        page.get_by_text("Typ een code uit je huidige app, of een ongebruikte reservecode.")
    ).to_be_visible()
    assert serious_violations(page) == []
    # With the backup code it works (and uses it up).
    current.fill("oudecode")
    page.get_by_role("button", name="Nieuwe reservecodes maken").click()
    codes = page.get_by_role("list", name="Je reservecodes").locator("code").all_inner_texts()
    assert len(codes) == 10
    assert "oudecode" not in codes

    # Replacing the app: the new app's code and a current code (one of the new backup codes).
    page.goto("/tweestaps/instellen/")
    assert serious_violations(page) == []
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code uit de nieuwe app").fill(f"{totp(b32decode(secret)):06d}")
    page.get_by_label("Code uit je huidige app, of een reservecode").fill(codes[0])
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1, name="Reservecodes")).to_be_visible()
    assert not TOTPDevice.objects.filter(pk=app.pk).exists()
