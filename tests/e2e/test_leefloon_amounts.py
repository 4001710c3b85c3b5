"""The administrator's leefloon amounts in the browser (issue 20 point 4): from Configuration,
index the published amounts by 2 %, read the preview of the running leefloon, publish; every
page free of serious accessibility problems."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from integration.models import GrantAmount, LeefloonScale
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import (
    PASSWORD,
    GrantAmountFactory,
    LeefloonGrantFactory,
    LeefloonScaleFactory,
    administrator,
)
from wijkteams.models import User

pytestmark = pytest.mark.e2e


@pytest.fixture
def admin(transactional_db: None) -> User:
    """Only the amounts of 1-2-2025, published, and one single person's leefloon of 1,314.20
    running since 1 September 2025."""
    LeefloonScale.objects.all().delete()
    LeefloonScaleFactory.create()
    grant = LeefloonGrantFactory.create(
        calculation__request__received_on=dt.date(2025, 9, 1),
        starts_on=dt.date(2025, 9, 1),
    )
    GrantAmountFactory.create(grant=grant)
    return administrator(username="beheer.leefloon", first_name="Bea", last_name="Beheer")


def test_administrator_indexes_the_amounts_reads_the_preview_and_publishes(
    page: Page, admin: User
) -> None:
    log_in(page, admin.username, PASSWORD)
    page.get_by_role("link", name="Leefloonbedragen").click()
    expect(page.get_by_role("heading", level=1, name="Leefloonbedragen")).to_be_visible()
    assert serious_violations(page) == []

    page.get_by_role("link", name="Indexeren met een percentage").click()
    page.get_by_label("Geldig vanaf").fill("")  # a missing day is refused at its field
    page.get_by_label("Indexering (%)").fill("2,5")
    page.get_by_label("Bron").fill("KB indexering, BS 2026")
    page.get_by_role("button", name="Geïndexeerd concept aanmaken").click()
    expect(page.get_by_role("alert")).to_contain_text("Niet opgeslagen")
    expect(page.get_by_label("Indexering (%)")).to_have_value("2,5")
    assert serious_violations(page) == []
    page.get_by_label("Indexering (%)").fill("2")
    page.get_by_label("Geldig vanaf").fill("2026-09-01")
    page.get_by_role("button", name="Geïndexeerd concept aanmaken").click()

    # 15,770.41 x 1.02 = 16,085.82 a year for a single person.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Leefloonbedragen vanaf")
    expect(page.locator("main")).to_contain_text("16085,82")
    assert serious_violations(page) == []

    page.get_by_role("link", name="Vooraf bekijken en publiceren").click()
    expect(page.locator("#preview-grants")).to_have_text("1")
    # 1,314.20 now; 16,085.82 / 12 = 1,340.485 -> 1,340.49 from 1 September 2026.
    expect(page.locator("#preview-difference")).to_contain_text("+€ 26,29")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Publiceren en indexeren").click()
    expect(page.get_by_role("status")).to_contain_text("1 lopende leeflonen zijn geïndexeerd")
    assert serious_violations(page) == []
    indexed = GrantAmount.objects.get(reason="indexation")
    assert (indexed.valid_from, indexed.monthly_amount) == (
        dt.date(2026, 9, 1),
        Decimal("1340.49"),
    )
