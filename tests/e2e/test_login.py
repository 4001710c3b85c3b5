"""Each role logs in through the browser and lands on its own, accessible home page."""

import pytest
from playwright.sync_api import Page, expect

from demo.city import DEMO_PASSWORD, seed_city
from tests.e2e.conftest import log_in, serious_violations

pytestmark = pytest.mark.e2e


SHARED = ["Niet-opgenomen rechten", "Steunvoorstellen", "Cliënt zoeken", "Wijk zoeken"]
WORKER_MENU = ["Mijn dossiers", "Nieuwe intake", *SHARED]
LEAD_MENU = ["Mijn team", "Comité", "Leefloncijfers", *SHARED]
ADMIN_MENU = [
    "Leefloncijfers",
    "Configuratie",
    "Referentiebudgetten",
    "Steunbeleid",
    "Leefloonbedragen",
    "Rechtencatalogus",
    "Beheer",
    "Blokkeringen",
    "Wijk zoeken",
]


@pytest.fixture
def city(transactional_db: None) -> None:
    seed_city()


def test_login_page_has_no_serious_accessibility_violations(page: Page) -> None:
    page.goto("/aanmelden/")
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()
    assert serious_violations(page) == []


@pytest.mark.parametrize(
    ("username", "heading", "nav_links"),
    [
        ("ma.centrum", "Mijn dossiers", WORKER_MENU),
        ("ma.centrum2", "Mijn dossiers", WORKER_MENU),
        ("ma.heule", "Mijn dossiers", WORKER_MENU),
        ("lead.centrum", "Mijn team", LEAD_MENU),
        ("beheerder", "Configuratie", ADMIN_MENU),
    ],
)
def test_each_role_reaches_its_home_page(
    page: Page, city: None, username: str, heading: str, nav_links: list[str]
) -> None:
    log_in(page, username, DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert menu.get_by_role("link").all_inner_texts() == nav_links
    assert serious_violations(page) == []


def test_failed_login_shows_dutch_error_and_keeps_username(page: Page, city: None) -> None:
    log_in(page, "ma.centrum", "niet-het-wachtwoord")
    expect(page.get_by_text("Voer een juiste gebruikersnaam en wachtwoord in")).to_be_visible()
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("ma.centrum")
    expect(page.get_by_label("Wachtwoord")).to_have_value("")
    assert serious_violations(page) == []


def test_skip_link_is_first_on_the_keyboard_and_jumps_to_content(page: Page, city: None) -> None:
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1, name="Mijn dossiers")).to_be_visible()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_log_out(page: Page, city: None) -> None:
    log_in(page, "ma.heule", DEMO_PASSWORD)
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()


def test_switch_to_english_and_back(page: Page, city: None) -> None:
    log_in(page, "lead.centrum", DEMO_PASSWORD)
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wijzigen").click()
    expect(page.get_by_role("heading", level=1, name="My team")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Language").select_option("nl-be")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("heading", level=1, name="Mijn team")).to_be_visible()


def test_address_outside_every_area_warns_and_leaves_team_empty(page: Page, city: None) -> None:
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    page.get_by_role("link", name="Wijk zoeken").click()
    page.get_by_label("Postcode").fill("9000")
    page.get_by_label("Straat").fill("Veldstraat")
    page.get_by_role("button", name="Wijk zoeken").click()
    expect(page.get_by_role("alert")).to_contain_text("Geen enkel wijkteam dekt dit adres")
    expect(page.get_by_label("Wijkteam", exact=True)).to_have_value("")
    expect(page.get_by_label("Straat")).to_have_value("Veldstraat")
    assert serious_violations(page) == []


def test_address_lookup_finds_the_street_team(page: Page, city: None) -> None:
    log_in(page, "beheerder", DEMO_PASSWORD)
    page.get_by_label("Postcode").fill("8501")
    page.get_by_label("Straat").fill("Bissegemplaats")
    page.get_by_label("Huisnummer").fill("9")
    page.get_by_role("button", name="Wijk zoeken").click()
    expect(page.get_by_label("Wijkteam", exact=True)).to_have_value("Bissegem")


def test_the_administrator_sees_a_lockout_on_an_accessible_page(page: Page, city: None) -> None:
    for _ in range(5):
        log_in(page, "ma.centrum", "niet-het-wachtwoord")
    expect(page.get_by_role("heading", name="Te veel mislukte aanmeldpogingen")).to_be_visible()
    assert serious_violations(page) == []
    log_in(page, "beheerder", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Blokkeringen"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Blokkeringen")).to_be_visible()
    table = page.get_by_role("region", name="Blokkeringen")
    expect(table.get_by_role("cell", name="ma.centrum", exact=True)).to_be_visible()
    assert serious_violations(page) == []


def test_the_longest_menu_stays_on_the_header_with_a_long_name(page: Page, city: None) -> None:
    """The administrator's menu is the longest; with a long name it must wrap, not overflow.

    An overflowing log-out button is white on white (axe: color-contrast), as CI saw once a
    generated name was long enough.
    """
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username="beheerder").update(
        first_name="Marie-Christine Anne-Sophie", last_name="Vandenbroucke-Vanderhaeghen"
    )
    log_in(page, "beheerder", DEMO_PASSWORD)
    header = page.locator("header.ocmw-navbar").bounding_box()
    assert header is not None
    for element in [
        page.get_by_role("button", name="Afmelden"),
        *page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link").all(),
    ]:
        box = element.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= header["x"] + header["width"]
        assert box["y"] + box["height"] <= header["y"] + header["height"]
    assert serious_violations(page) == []
