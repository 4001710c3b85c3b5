"""A social worker searches, does an intake, and two people edit one file at the same time."""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients.models import Client, HouseholdMember, Income, Trajectory
from clients.national_number import national_number_for
from demo.city import DEMO_PASSWORD, seed_city
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import AssignmentFactory, ClientFactory, DebtFactory, TrajectoryFactory
from wijkteams.models import User, Wijkteam

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e

NUMBER = national_number_for(dt.date(1985, 7, 30), 34)  # even: a woman, as Fatima
DOTTED = f"{NUMBER[:2]}.{NUMBER[2:4]}.{NUMBER[4:6]}-{NUMBER[6:9]}.{NUMBER[9:]}"


@pytest.fixture
def city(transactional_db: None) -> None:
    seed_city()


def _client_of_sofie(**fields: Any) -> Client:
    sofie = User.objects.get(username="ma.centrum")
    # The factory's birth dates walk on with every client the run makes; saving needs a past one.
    fields.setdefault("birth_date", dt.date(1985, 7, 30))
    client = ClientFactory.create(team=Wijkteam.objects.get(name="Centrum"), **fields)
    AssignmentFactory.create(
        client=client, worker=sofie, started_at=timezone.now(), assigned_by=sofie
    )
    return client


def _look_up(page: Page, number: str) -> None:
    page.get_by_role("link", name="Nieuwe intake").click()
    expect(page.get_by_role("heading", level=1, name="Nieuwe intake")).to_be_visible()
    page.get_by_label("Rijksregisternummer").fill(number)
    page.get_by_role("button", name="Controleren").click()


def _fill_identity(page: Page, first_name: str = "Fatima") -> None:
    identity = page.get_by_role("group", name="Identiteit en contact")
    identity.get_by_label("Voornaam").fill(first_name)
    identity.get_by_label("Familienaam").fill("El Amrani")
    identity.get_by_label("Telefoon").fill("0470 12 34 56")
    address = page.get_by_role("group", name="Adres")
    address.get_by_label("Straat").fill("Budastraat")
    address.get_by_label("Huisnummer").fill("12")
    address.get_by_label("Postcode").fill("8500")
    address.get_by_label("Gemeente").fill("Kortrijk")


def test_search_finds_nothing_then_a_full_intake_lands_on_the_overview(
    page: Page, city: None
) -> None:
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    page.get_by_role("link", name="Cliënt zoeken").click()
    page.get_by_label("Naam, adres of rijksregisternummer").fill("El Amrani")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(page.get_by_text("Geen enkele cliënt voldoet aan deze zoekopdracht")).to_be_visible()
    assert "El" not in page.url  # the search went by POST
    assert serious_violations(page) == []

    page.get_by_role("link", name="Een nieuwe intake starten").click()
    page.get_by_label("Rijksregisternummer").fill(DOTTED)
    assert serious_violations(page) == []
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_text("Geen cliëntdossier gevonden: start de intake.")).to_be_visible()
    identity = page.get_by_role("group", name="Identiteit en contact")
    # What was typed in the first step came along, and the number gave the birth date.
    expect(identity.get_by_label("Rijksregisternummer")).to_have_value(DOTTED)
    expect(identity.get_by_label("Geboortedatum")).to_have_value("1985-07-30")
    assert NUMBER not in page.url
    assert serious_violations(page) == []

    _fill_identity(page)
    identity.get_by_label("Geslacht").select_option(label="vrouw")
    expect(page.get_by_text("Dit adres hoort bij wijkteam Centrum.")).to_be_visible()  # htmx
    page.get_by_label("Woonsituatie", exact=False).count()  # the housing section is there
    income = page.get_by_role("group", name="Inkomen 1")
    income.get_by_label("Soort").select_option(label="leefloon")
    income.get_by_label("Categorie leefloon").select_option(label="met gezinslast")
    income.get_by_label("Netto per maand").fill("1.576,20")
    member = page.get_by_role("group", name="Gezinslid 1")
    member.get_by_label("Voornaam").fill("Amir")
    member.get_by_label("Familienaam").fill("El Amrani")
    member.get_by_label("Geboortedatum").fill("2015-03-02")
    member.get_by_label("Geslacht").select_option(label="man")
    member.get_by_label("Relatie").select_option(label="kind")
    member.get_by_label("Ten laste").check()
    page.get_by_role("button", name="Cliënt registreren").click()

    expect(page.get_by_role("heading", level=1, name="Fatima El Amrani")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(
        "Het cliëntdossier van Fatima El Amrani is geregistreerd"
    )
    expect(page.get_by_role("link", name="Overzicht")).to_have_attribute("aria-current", "page")
    main = page.get_by_role("main")
    expect(main).to_contain_text(f"••.••.••-•••.{NUMBER[-2:]}")
    expect(main).not_to_contain_text(NUMBER)
    expect(main).to_contain_text("1 gezinslid naast de cliënt.")
    expect(main).to_contain_text("1.576,20")
    expect(main.get_by_role("link", name="Intake")).to_be_visible()
    assert serious_violations(page) == []
    client = Client.objects.get()
    assert HouseholdMember.objects.get(client=client).first_name == "Amir"
    assert Income.objects.get(client=client).kind == "leefloon"


def test_same_national_number_again_offers_the_existing_file(page: Page, city: None) -> None:
    existing = _client_of_sofie(first_name="Fatima", last_name="El Amrani", national_number=NUMBER)
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    _look_up(page, NUMBER)
    expect(page.get_by_role("heading", name="Er bestaat al een cliëntdossier")).to_be_visible()
    expect(page.get_by_role("button", name="Het is iemand anders")).to_have_count(0)
    assert serious_violations(page) == []
    page.get_by_role("link", name="Dit dossier openen").click()
    expect(page.get_by_role("heading", level=1, name="Fatima El Amrani")).to_be_visible()
    assert page.url.endswith(f"/dossiers/{existing.pk}/")
    assert Client.objects.count() == 1


def test_file_of_another_team_is_named_by_its_team_only(page: Page, city: None) -> None:
    heule = Wijkteam.objects.get(name="Heule")
    ClientFactory.create(
        team=heule, first_name="Wannes", birth_date=dt.date(1985, 7, 30), national_number=NUMBER
    )
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    _look_up(page, NUMBER)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Er bestaat een cliëntdossier in wijkteam Heule")
    expect(main).to_contain_text("Teamverantwoordelijke: Koen Maes.")
    expect(main).not_to_contain_text("Wannes")
    expect(main.get_by_role("link", name="Dit dossier openen")).to_have_count(0)


def test_bad_national_number_shows_the_dutch_error_and_keeps_the_rest(
    page: Page, city: None
) -> None:
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    _look_up(page, NUMBER)
    _fill_identity(page, first_name="Nadia")
    identity = page.get_by_role("group", name="Identiteit en contact")
    identity.get_by_label("Rijksregisternummer").fill("85.07.30-033.99")
    page.get_by_role("button", name="Cliënt registreren").click()
    expect(page.get_by_role("alert").first).to_contain_text("Er is nog niets bewaard")
    number = identity.get_by_label("Rijksregisternummer")
    expect(number).to_have_value("85.07.30-033.99")
    expect(number).to_have_attribute("aria-invalid", "true")
    expect(identity).to_contain_text(
        "Dit is geen geldig rijksregister- of BIS-nummer: controleer de cijfers."
    )
    expect(identity.get_by_label("Voornaam")).to_have_value("Nadia")
    expect(page.get_by_role("group", name="Adres").get_by_label("Straat")).to_have_value(
        "Budastraat"
    )
    assert serious_violations(page) == []
    assert Client.objects.count() == 0


def _lead_saves(
    browser: "Browser", live_server: Any, url: str, values: dict[str, str], saved: str
) -> None:
    """Meanwhile the team lead, in a browser of his own, fills in `values` (by label) on the
    edit page `url` and saves."""
    lead_context = browser.new_context(base_url=live_server.url, locale="en-US")
    try:
        lead = lead_context.new_page()
        log_in(lead, "lead.centrum", DEMO_PASSWORD)
        lead.goto(url)
        for label, value in values.items():
            lead.get_by_label(label).fill(value)
        lead.get_by_role("button", name="Opslaan").click()
        expect(lead.get_by_role("status")).to_contain_text(saved)
    finally:
        lead_context.close()


def test_two_people_edit_one_file_and_the_second_sees_the_conflict(
    page: Page, browser: "Browser", live_server: Any, city: None
) -> None:
    client = _client_of_sofie(first_name="Fatima", last_name="El Amrani", phone="0470 12 34 56")
    edit_url = f"/dossiers/{client.pk}/bewerken/"
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    page.goto(edit_url)
    expect(page.get_by_role("heading", name="Gegevens bewerken")).to_be_visible()
    assert serious_violations(page) == []

    _lead_saves(
        browser,
        live_server,
        edit_url,
        {"Telefoon": "056 99 99 99", "E-mail": "fatima@example.be"},
        "Het cliëntdossier is opgeslagen.",
    )

    page.get_by_label("Telefoon").fill("0499 00 00 00")
    page.get_by_role("button", name="Opslaan").click()
    conflict = page.get_by_role("alert")
    expect(conflict).to_contain_text(
        "Iemand anders heeft dit dossier opgeslagen terwijl jij het bewerkte"
    )
    expect(conflict).to_contain_text("Opgeslagen door Pieter Desmet")
    phone_row = conflict.get_by_role("row", name="Telefoon")
    expect(phone_row).to_contain_text("056 99 99 99")
    expect(phone_row).to_contain_text("0499 00 00 00")
    expect(conflict.get_by_role("row", name="E-mail")).to_contain_text("fatima@example.be")
    # Her phone number is kept; his e-mail, which she did not touch, is taken over.
    expect(page.get_by_label("Telefoon")).to_have_value("0499 00 00 00")
    expect(page.get_by_label("E-mail")).to_have_value("fatima@example.be")
    assert serious_violations(page) == []

    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Het cliëntdossier is opgeslagen.")
    main = page.get_by_role("main")
    expect(main).to_contain_text("0499 00 00 00")
    expect(main).to_contain_text("fatima@example.be")
    client.refresh_from_db()
    assert (client.phone, client.email, client.version) == (
        "0499 00 00 00",
        "fatima@example.be",
        3,
    )


def test_two_people_edit_one_debt_and_the_second_sees_the_conflict(
    page: Page, browser: "Browser", live_server: Any, city: None
) -> None:
    """The rows of a file (here a debt) are locked as the record is: nothing silently lost."""
    client = _client_of_sofie(first_name="Fatima", last_name="El Amrani")
    debt_help = TrajectoryFactory.create(
        client=client,
        kind=Trajectory.Kind.DEBT_HELP,
        debt_help_type="debt_mediation",
        opened_on=dt.date(2026, 1, 5),
        created_by=User.objects.get(username="ma.centrum"),
    )
    debt = DebtFactory.create(
        trajectory=debt_help,
        creditor="Fluvius",
        original_amount=Decimal("850.00"),
        outstanding_amount=Decimal("850.00"),
    )
    edit_url = f"/dossiers/{client.pk}/trajecten/{debt_help.pk}/schulden/{debt.pk}/"
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    page.goto(edit_url)

    _lead_saves(
        browser, live_server, edit_url, {"Openstaand bedrag": "600,00"}, "Schuld opgeslagen."
    )

    page.get_by_label("Maandelijkse afbetaling").fill("50,00")
    page.get_by_role("button", name="Opslaan").click()
    conflict = page.get_by_role("alert")
    expect(conflict).to_contain_text("Iemand anders heeft dit opgeslagen terwijl jij het bewerkte")
    expect(conflict).to_contain_text("Opgeslagen door Pieter Desmet")
    expect(conflict.get_by_role("row", name="Openstaand bedrag")).to_contain_text("600,00")
    # Her repayment is kept; his outstanding amount, which she did not touch, is taken over.
    expect(page.get_by_label("Maandelijkse afbetaling")).to_have_value("50,00")
    expect(page.get_by_label("Openstaand bedrag")).to_have_value("600,00")
    assert serious_violations(page) == []

    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Schuld opgeslagen.")
    debt.refresh_from_db()
    assert (debt.outstanding_amount, debt.monthly_repayment, debt.version) == (
        Decimal("600.00"),
        Decimal("50.00"),
        3,
    )
