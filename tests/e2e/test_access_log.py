"""The data-protection officer in the browser: logs in, lands on the access log, filters it by
client number and action, and downloads the CSV export."""

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients.access_log import access_log_record
from clients.log_actions import LOGGED_EXPORT_JSON, SEEN_HOUSEHOLD, SEEN_JOURNAL
from clients.models import AccessLog, Client
from rights.log_actions import LOGGED_SCAN
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import (
    PASSWORD,
    WijkteamFactory,
    client_of,
    data_protection_officer,
    social_worker,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def logged(transactional_db: None) -> dict[str, Client]:
    """Sofie opened two files and exported one of them; Karel's file was scanned."""
    centrum = WijkteamFactory.create(name="Centrum")
    sofie = social_worker(centrum, username="ma.sofie", first_name="Sofie", last_name="Claes")
    fatima = client_of(sofie, team=centrum, first_name="Fatima", last_name="El Amrani")
    karel = client_of(sofie, team=centrum, first_name="Karel", last_name="Peeters")
    for client, action, what in [
        (fatima, AccessLog.Action.VIEW, SEEN_JOURNAL),
        (karel, AccessLog.Action.VIEW, SEEN_HOUSEHOLD),
        (karel, AccessLog.Action.EXPORT, LOGGED_EXPORT_JSON),
    ]:
        access_log_record(client=client, actor=sofie, action=action, what=what)
    access_log_record(
        client=karel, actor_label="scan", action=AccessLog.Action.SCAN, what=LOGGED_SCAN
    )
    data_protection_officer(username="dpo", first_name="Dora", last_name="Peeters")
    return {"fatima": fatima, "karel": karel}


def test_officer_filters_the_access_log_and_downloads_it(
    page: Page, logged: dict[str, Client], tmp_path: Path
) -> None:
    karel = logged["karel"]
    log_in(page, "dpo", PASSWORD)

    expect(page.get_by_role("heading", level=1, name="Toegangslogboek")).to_be_visible()
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert menu.get_by_role("link").all_inner_texts() == [
        "Toegangslogboek",
        "Accountlogboek",
        "Blokkeringen",
    ]
    expect(page.get_by_text("4 rijen in deze periode.")).to_be_visible()
    assert serious_violations(page) == []

    page.get_by_label("Cliëntnummer").fill(str(karel.pk))
    page.get_by_label("Handeling").select_option(label="Bekeken")
    page.get_by_role("button", name="Tonen").click()

    expect(page.get_by_text("1 rij in deze periode.")).to_be_visible()
    rows = page.get_by_role("region", name="Toegangslogboek").get_by_role("row")
    expect(rows).to_have_count(2)  # the header and one row
    expect(rows.nth(1)).to_contain_text("Karel Peeters")
    expect(rows.nth(1)).to_contain_text("Sofie Claes")
    expect(rows.nth(1)).to_contain_text("gezin en inkomen")
    assert serious_violations(page) == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Downloaden als CSV").click()
    download = download_info.value
    today = timezone.localdate()
    start = today - dt.timedelta(days=29)
    assert download.suggested_filename == f"toegangslogboek-{start}-{today}.csv"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    data = target.read_bytes()
    assert data.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert table[0] == [
        "Tijdstip",
        "Medewerker",
        "Cliëntnummer",
        "Cliënt",
        "Handeling",
        "Wat",
        "Waarom",
    ]
    # The file holds what the filter showed: Karel's file, views only.
    assert [row[1:6] for row in table[1:]] == [
        ["Sofie Claes", str(karel.pk), "Karel Peeters", "Bekeken", "gezin en inkomen"]
    ]


def test_a_period_over_a_year_is_refused_next_to_the_field(
    page: Page, logged: dict[str, Client]
) -> None:
    log_in(page, "dpo", PASSWORD)
    page.get_by_label("Van").fill("2024-01-01")
    page.get_by_label("Tot").fill("2025-06-30")
    page.get_by_role("button", name="Tonen").click()

    expect(page.get_by_text("Kies een periode van hoogstens één jaar.")).to_be_visible()
    expect(page.get_by_label("Van")).to_have_value("2024-01-01")
    expect(page.get_by_role("link", name="Downloaden als CSV")).to_have_count(0)
    assert serious_violations(page) == []
