"""A social worker acts on a non-take-up flag in the browser: the count on the home page leads
to the flag, the worker records "applied" and then "granted" on the client file, and the flag
leaves the list of open flags. Every page on the way is accessible."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from rights.models import Right
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import (
    PASSWORD,
    FlagEventFactory,
    WijkteamFactory,
    administrator,
    client_of,
    flag_for,
    social_worker,
    team_lead,
)

pytestmark = pytest.mark.e2e

MATCHED: tuple[str, dict[str, str]] = ("Receives the income guarantee for the elderly (IGO).", {})


@pytest.fixture
def flag(transactional_db: None) -> object:
    worker = social_worker(WijkteamFactory.create(name="Centrum"), username="ma.rechten")
    person = client_of(worker, first_name="Mireille", last_name="Claeys")
    # Recording a step rescans the client; with one right in the catalogue the journey is about
    # this one flag, not about what the other rules would find in a sparse test file.
    Right.objects.exclude(code="verhoogde_tegemoetkoming").update(is_active=False)
    return flag_for(person, matched=(MATCHED,))


def test_a_worker_acts_on_a_flag_until_it_is_granted(page: Page, flag: object) -> None:
    log_in(page, "ma.rechten", PASSWORD)

    # Home: the number of open flags, linking to the list.
    home = page.get_by_role("region", name="Mogelijk niet-opgenomen rechten")
    expect(home).to_contain_text("1 open signaal bij je cliënten")
    assert serious_violations(page) == []
    home.get_by_role("link", name="1 open signaal bij je cliënten").click()

    # The list: the client with the flag.
    expect(page.get_by_role("heading", level=1, name="Niet-opgenomen rechten")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Mireille Claeys").click()

    # The client file's tab: why, and the steps.
    expect(page.get_by_role("heading", level=1, name="Mireille Claeys")).to_be_visible()
    card = page.get_by_role("article", name=re.compile("Verhoogde tegemoetkoming"))
    expect(card).to_contain_text("Waarom de cliënt in aanmerking lijkt te komen")
    assert serious_violations(page) == []

    card.get_by_label("Opmerking").fill("Aanvraag samen ingevuld")
    card.get_by_role("button", name=re.compile("^Aangevraagd")).click()
    expect(page.get_by_role("status")).to_contain_text("“aangevraagd” geregistreerd")
    expect(card).to_contain_text("Aanvraag samen ingevuld")
    expect(card.get_by_role("button", name=re.compile("^Cliënt gecontacteerd"))).to_have_count(0)

    card.get_by_label("Bewijs").fill("Attest ziekenfonds")
    card.get_by_role("button", name=re.compile("^Toegekend")).click()
    expect(page.get_by_role("status")).to_contain_text("“toegekend” geregistreerd")
    expect(page.get_by_role("region", name="Rechtenregister")).to_contain_text("Attest ziekenfonds")
    assert serious_violations(page) == []

    # The flag has left the open list, and the home page's count.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Niet-opgenomen rechten"
    ).click()
    expect(page.get_by_text("Geen signalen voor deze filters.")).to_be_visible()
    page.goto("/mijn-dossiers/")
    expect(page.get_by_role("region", name="Mogelijk niet-opgenomen rechten")).to_contain_text(
        "Er zijn nog geen mogelijk niet-opgenomen rechten gevonden."
    )


@pytest.fixture
def lead_and_admin(flag: object, transactional_db: None) -> None:
    team_lead(WijkteamFactory.create(name="Centrum"), username="tv.rechten")
    administrator(username="beheer.rechten")


def test_the_lead_and_the_administrator_pages_are_accessible(
    page: Page, lead_and_admin: None
) -> None:
    log_in(page, "tv.rechten", PASSWORD)
    page.goto("/niet-opgenomen-rechten/cijfers/")
    expect(page.get_by_role("table", name="Niet-opname per wijkteam en recht")).to_contain_text(
        "Verhoogde tegemoetkoming"
    )
    expect(page.locator("canvas#non-take-up-chart")).to_be_visible()
    assert serious_violations(page) == []
    page.goto("/niet-opgenomen-rechten/scans/")
    page.get_by_role("button", name="Een scan starten").click()
    expect(page.get_by_role("status")).to_contain_text("De scan is gestart.")
    assert serious_violations(page) == []
    page.context.clear_cookies()  # log out

    log_in(page, "beheer.rechten", PASSWORD)
    page.goto("/configuratie/rechten/")
    # The shipped thresholds started more than a year before today: marked to check.
    expect(page.get_by_role("status")).to_contain_text("drempels die al meer dan een jaar gelden")
    assert serious_violations(page) == []
    page.get_by_role("link", name=re.compile("^Drempels.*Verhoogde tegemoetkoming")).click()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page.get_by_label("Geldig vanaf").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Voorbeeld").click()
    expect(page.get_by_role("status")).to_contain_text("zouden deze drempels")
    expect(page.get_by_role("button", name="Deze versie bewaren")).to_be_visible()
    assert serious_violations(page) == []


def test_a_rewritten_explanation_shows_its_date_and_the_earlier_one(
    page: Page, flag: object
) -> None:
    from rights.models import FlagEvent, NonTakeUpFlag

    assert isinstance(flag, NonTakeUpFlag)
    earlier = {
        **flag.explanation,
        "matched": [{"text": "The client is a widow or widower.", "values": {}}],
    }
    FlagEventFactory.create(
        flag=flag,
        at=timezone.now(),
        kind=FlagEvent.Kind.EXPLANATION,
        status=flag.status,
        previous_explanation=earlier,
    )
    log_in(page, "ma.rechten", PASSWORD)
    page.goto(f"/dossiers/{flag.client_id}/rechten/")

    card = page.get_by_role("article", name=re.compile("Verhoogde tegemoetkoming"))
    expect(card).to_contain_text(re.compile(r"Gevonden op \S+\s+·\s+bijgewerkt op \S+"))
    expect(card.get_by_role("listitem").filter(has_text="Vorige uitleg")).to_contain_text(
        "De cliënt is weduwe of weduwnaar."
    )
    assert serious_violations(page) == []
