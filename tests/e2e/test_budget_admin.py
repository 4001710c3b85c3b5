"""The administrator's reference budgets in the browser: index a published version by 2 %, read
the impact preview, publish; and every other screen of versions and policies, free of serious
accessibility problems."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from budgets.models import BudgetVersion
from budgets.services.calculations import aid_calculation_save
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import (
    PASSWORD,
    IncomeFactory,
    WijkteamFactory,
    administrator,
    aid_policy,
    budget_version,
    client_of,
    social_worker,
)
from wijkteams.models import User

pytestmark = pytest.mark.e2e


@pytest.fixture
def admin(transactional_db: None) -> User:
    """A published version (person 10, household 100) and policy, and one client alone with a
    wage of 300 whose saved calculation proposes 280 (580 - 300)."""
    user = administrator(username="beheer.e2e", first_name="Bea", last_name="Beheer")
    budget_version(actor=user, name="Referentiebudget 2025", valid_from=dt.date(2025, 1, 1))
    aid_policy(actor=user, name="Steunbeleid 2025", valid_from=dt.date(2025, 1, 1))
    worker = social_worker(WijkteamFactory.create(name="Centrum"))
    client = client_of(worker, birth_date=dt.date(1980, 5, 1), complete=True)
    IncomeFactory.create(client=client, kind="wage", net_monthly=Decimal("300.00"))
    aid_calculation_save(actor=worker, client=client, on=timezone.localdate())
    return user


def _main(page: Page) -> str:
    return page.locator("main").inner_text()


def test_administrator_indexes_a_version_reads_the_impact_and_publishes(
    page: Page, admin: User
) -> None:
    log_in(page, admin.username, PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Referentiebudgetten"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Referentiebudgetten")).to_be_visible()
    assert serious_violations(page) == []

    page.get_by_role("link", name="Referentiebudget 2025").click()
    expect(page.get_by_role("heading", level=1, name="Referentiebudget 2025")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("per persoon en per maand"))).to_be_visible()
    assert serious_violations(page) == []

    page.get_by_role("link", name="Indexeren met een percentage").click()
    assert serious_violations(page) == []
    page.get_by_label("Indexeren met (%)").fill("2")
    page.get_by_label("Geldig vanaf").fill("2030-01-01")
    page.get_by_role("button", name="Geïndexeerd concept aanmaken").click()

    heading = "Referentiebudget 2025 geïndexeerd met +2,00%"
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    expect(page.locator("main")).to_contain_text("concept")
    expect(page.locator("main")).to_contain_text("10,20")  # 10,00 raised by 2 %
    assert serious_violations(page) == []

    page.get_by_role("link", name="Publiceren…").click()
    expect(page.get_by_role("heading", name="Gevolgen voor recente berekeningen")).to_be_visible()
    # 8 x 10,20 + 5 x 102,00 = 591,60 against a wage of 300: 291,60 instead of 280,00.
    expect(page.locator("#impact-clients")).to_have_text("1")
    expect(page.locator("#impact-changed")).to_contain_text("1")
    expect(page.locator("#impact-difference")).to_contain_text("+€\xa011,60")
    expect(page.get_by_role("row", name=re.compile("^Centrum"))).to_contain_text("291,60")
    expect(page.locator("main")).to_contain_text("Referentiebudget 2025 stopt de dag voor")
    assert serious_violations(page) == []

    page.get_by_role("button", name="Deze versie publiceren").click()
    expect(page.get_by_role("status")).to_contain_text(f"{heading} is gepubliceerd.")
    expect(page.locator("main .badge").first).to_have_text("gepubliceerd")
    assert serious_violations(page) == []

    page.get_by_role("main").get_by_role("link", name="Referentiebudgetten").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=heading))
    expect(row).to_contain_text("gepubliceerd")
    expect(row).to_contain_text("Bea Beheer")
    assert BudgetVersion.objects.get(name="Referentiebudget 2025").valid_to == dt.date(2029, 12, 31)


def test_every_screen_of_versions_and_policies_is_accessible(page: Page, admin: User) -> None:
    draft = budget_version(
        actor=admin, published=False, name="Concept 2031", valid_from=dt.date(2031, 1, 1)
    )
    policy = aid_policy(
        actor=admin, published=False, name="Concept", valid_from=dt.date(2031, 1, 1)
    )
    log_in(page, admin.username, PASSWORD)
    for path, heading in [
        (f"/referentiebudgetten/{draft.pk}/bewerken/", "Het concept Concept 2031 bewerken"),
        ("/referentiebudgetten/nieuw/", "Nieuwe versie van het referentiebudget"),
        ("/referentiebudgetten/import/", "Een versie importeren uit een CSV-bestand"),
        ("/referentiebudgetten/vergelijken/", "Twee versies vergelijken"),
        (f"/referentiebudgetten/{draft.pk}/verwijderen/", "Het concept Concept 2031 verwijderen?"),
        ("/steunbeleid/", "Steunbeleid"),
        ("/steunbeleid/nieuw/", "Nieuw steunbeleid"),
        (f"/steunbeleid/{policy.pk}/", "Concept"),
        (f"/steunbeleid/{policy.pk}/bewerken/", "Het concept Concept bewerken"),
        (f"/steunbeleid/{policy.pk}/publiceren/", "Concept publiceren?"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        assert serious_violations(page) == [], path
    # The comparison with a choice made shows the table with changed cells marked.
    page.goto("/referentiebudgetten/vergelijken/")
    page.get_by_role("button", name="Vergelijken").click()
    expect(page.locator("#verschil-samenvatting")).to_be_visible()
    assert serious_violations(page) == []


def test_a_wrong_amount_is_shown_next_to_its_cell_and_nothing_is_saved(
    page: Page, admin: User
) -> None:
    draft = budget_version(
        actor=admin, published=False, name="Concept 2031", valid_from=dt.date(2031, 1, 1)
    )
    log_in(page, admin.username, PASSWORD)
    page.goto(f"/referentiebudgetten/{draft.pk}/bewerken/")
    cell = page.get_by_label("Voeding, 18 tot 64 jaar, vrouw")
    cell.fill("-5")
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Er is niets opgeslagen")
    cell = page.get_by_label("Voeding, 18 tot 64 jaar, vrouw")
    expect(cell).to_have_value("-5")
    expect(cell).to_have_accessible_description("Een bedrag kan niet negatief zijn.")
    assert serious_violations(page) == []
