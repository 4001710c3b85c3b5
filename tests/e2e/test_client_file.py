"""A social worker keeps a client file in the browser: journal, debt help, transfer; colleagues
and the team lead see what their role allows; every tab is accessible.

The steps are helpers that take a page and a client, so the intake -> journal -> debt ->
transfer flow can reuse them after the intake.
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from clients.models import Client
from clients.national_number import national_number_for
from clients.services import client_register
from demo.city import DEMO_PASSWORD, seed_city
from tests.e2e.conftest import log_in, serious_violations
from wijkteams.models import User

pytestmark = pytest.mark.e2e


@pytest.fixture
def client_file(transactional_db: None) -> Client:
    seed_city()
    return client_register(
        actor=User.objects.get(username="ma.centrum"),
        fields={
            "national_number": national_number_for(dt.date(1987, 4, 12), 214),
            "first_name": "Fatima",
            "last_name": "El Amrani",
            "birth_date": dt.date(1987, 4, 12),
            "sex": "F",
            "street": "Budastraat",
            "house_number": "12",
            "postcode": "8500",
            "municipality": "Kortrijk",
        },
    )


def iso(day: dt.date) -> str:
    return day.isoformat()  # what a date input takes


# --- steps, reusable by other flows -----------------------------------------------------------


def open_tab(page: Page, client: Client, tab: str) -> None:
    """Open a tab of the client file through the file's own tab bar."""
    page.goto(f"/dossiers/{client.pk}/gezin/")
    page.get_by_role("navigation", name="Cliëntdossier").get_by_role("link", name=tab).click()
    expect(page.get_by_role("heading", level=1, name=client.full_name)).to_be_visible()


def add_journal_entry(
    page: Page,
    client: Client,
    text: str,
    *,
    kind: str = "huisbezoek",
    follow_up_on: dt.date | None = None,
    confidential: bool = False,
) -> None:
    open_tab(page, client, "Dagboek")
    form = page.get_by_role("region", name="Nieuwe notitie")
    form.get_by_label("Soort").select_option(label=kind)
    form.get_by_label("Tekst").fill(text)
    if follow_up_on:
        form.get_by_label("Opvolging op").fill(iso(follow_up_on))
    if confidential:
        form.get_by_label("Vertrouwelijk (gezondheid)").check()
    form.get_by_role("button", name="Toevoegen aan het dagboek").click()
    expect(page.get_by_role("status")).to_contain_text("Notitie aan het dagboek toegevoegd.")


def add_household_member(
    page: Page, client: Client, *, first_name: str, last_name: str, born: dt.date, relation: str
) -> None:
    open_tab(page, client, "Gezin en inkomen")
    form = page.get_by_role("region", name="Een gezinslid toevoegen")
    form.get_by_label("Voornaam").fill(first_name)
    form.get_by_label("Familienaam").fill(last_name)
    form.get_by_label("Geboortedatum").fill(iso(born))
    form.get_by_label("Geslacht").select_option(label="vrouw")
    form.get_by_label("Relatie").select_option(label=relation)
    form.get_by_label("Ten laste").check()
    form.get_by_role("button", name="Gezinslid toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("werd aan het gezin toegevoegd.")


def add_income(
    page: Page, client: Client, *, whose: str, kind: str, net: str, category: str = ""
) -> None:
    open_tab(page, client, "Gezin en inkomen")
    form = page.get_by_role("region", name="Een inkomen toevoegen")
    form.get_by_label("Inkomen van").select_option(label=whose)
    form.get_by_label("Soort").select_option(label=kind)
    if category:
        form.get_by_label("Categorie leefloon").select_option(label=category)
    form.get_by_label("Netto per maand").fill(net)
    form.get_by_role("button", name="Inkomen toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("Inkomen toegevoegd.")


def open_debt_help(page: Page, client: Client, help_type: str = "budgetbegeleiding") -> Locator:
    """Open a debt-help trajectory; returns its card."""
    open_tab(page, client, "Trajecten")
    opening = page.get_by_role("region", name="Een traject openen")
    opening.get_by_label("Soort schuldhulpverlening").select_option(label=help_type)
    opening.get_by_role("button", name="Schuldhulpverlening openen").click()
    expect(page.get_by_role("status")).to_contain_text("Traject schuldhulpverlening geopend.")
    return page.get_by_role("article", name=f"Schuldhulpverlening: {help_type}")


def add_debt(
    card: Locator,
    *,
    creditor: str,
    original: str,
    outstanding: str,
    monthly: str = "0",
    status: str = "te onderhandelen",
    reference: str = "",
    saved: bool = True,
) -> None:
    """Add a debt through the debt-help card, amounts typed the Belgian way ("1.250,00").

    With `saved`, wait until the page confirms it; otherwise the caller checks the refusal.
    """
    card.get_by_text("Een schuld toevoegen").click()
    card.get_by_label("Schuldeiser").fill(creditor)
    card.get_by_label("Dossierreferentie").fill(reference)
    card.get_by_label("Oorspronkelijk bedrag").fill(original)
    card.get_by_label("Openstaand bedrag").fill(outstanding)
    card.get_by_label("Maandelijkse afbetaling").fill(monthly)
    card.get_by_label("Status").select_option(label=status)
    card.get_by_role("button", name="Schuld toevoegen").click()
    if saved:
        page = card.page
        expect(page.get_by_role("status")).to_contain_text(f"Schuld bij {creditor} toegevoegd.")


def transfer_client(page: Page, client: Client, to_worker: str, reason: str) -> None:
    open_tab(page, client, "Dagboek")
    page.get_by_role("link", name="Overdragen aan een collega").click()
    page.get_by_label("Nieuwe maatschappelijk assistent").select_option(label=to_worker)
    page.get_by_label("Reden van de overdracht").fill(reason)
    page.get_by_role("button", name="Overdragen").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"{client.full_name} heeft nu {to_worker} als maatschappelijk assistent."
    )


# --- tests ------------------------------------------------------------------------------------


def test_worker_keeps_the_journal_opens_debt_help_and_transfers_the_client(
    page: Page, client_file: Client
) -> None:
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    follow_up = timezone.localdate() + dt.timedelta(days=14)

    add_journal_entry(
        page, client_file, "Huisbezoek: aanmaning Fluvius besproken.", follow_up_on=follow_up
    )
    entries = page.get_by_role("region", name="Dagboek")
    expect(entries).to_contain_text("Huisbezoek: aanmaning Fluvius besproken.")
    expect(entries).to_contain_text(f"Opvolging op {follow_up:%d/%m/%Y}")
    assert serious_violations(page) == []

    card = open_debt_help(page, client_file)
    add_debt(
        card,
        creditor="Fluvius",
        reference="F-2025-118",
        original="1.250,00",
        outstanding="980,40",
        monthly="40",
        status="afbetalingsplan",
    )
    card = page.get_by_role("article", name="Schuldhulpverlening: budgetbegeleiding")
    add_debt(card, creditor="Proximus", original="310,15", outstanding="310,15")
    card = page.get_by_role("article", name="Schuldhulpverlening: budgetbegeleiding")
    totals = card.get_by_role("row", name="Totaal (2 schulden)")
    expect(totals).to_contain_text("€ 1.560,15")
    expect(totals).to_contain_text("€ 1.290,55")
    expect(totals).to_contain_text("€ 40,00")
    expect(
        card.get_by_role("listitem").filter(has_text="Schuld toegevoegd: Proximus")
    ).to_be_visible()
    assert serious_violations(page) == []

    open_tab(page, client_file, "Gezin en inkomen")
    assert serious_violations(page) == []

    transfer_client(page, client_file, "Jonas Declercq", "Herverdeling caseload wijk Overleie")
    history = page.get_by_role("table", name="Wie de maatschappelijk assistent van de cliënt was")
    expect(history.get_by_role("row").nth(1)).to_contain_text("Sofie Vandenberghe")
    expect(history.get_by_role("row").nth(1)).to_contain_text("Jonas Declercq")
    expect(history).to_contain_text("Herverdeling caseload wijk Overleie")
    # Sofie is now a colleague on this file: she reads, but no longer transfers.
    expect(page.get_by_role("button", name="Overdragen")).to_have_count(0)
    assert serious_violations(page) == []


def test_bad_input_is_refused_next_to_the_field_and_kept(page: Page, client_file: Client) -> None:
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    open_tab(page, client_file, "Dagboek")
    form = page.get_by_role("region", name="Nieuwe notitie")
    form.get_by_label("Datum").fill(iso(timezone.localdate() + dt.timedelta(days=1)))
    form.get_by_label("Soort").select_option(label="notitie")
    form.get_by_label("Tekst").fill("Nog niet gebeurd.")
    form.get_by_role("button", name="Toevoegen aan het dagboek").click()
    expect(form.get_by_text("Deze datum kan niet in de toekomst liggen.")).to_be_visible()
    expect(form.get_by_label("Tekst")).to_have_value("Nog niet gebeurd.")
    assert serious_violations(page) == []

    card = open_debt_help(page, client_file)
    add_debt(card, creditor="Fluvius", original="-5", outstanding="5", saved=False)
    expect(card.get_by_text("Een bedrag kan niet negatief zijn.")).to_be_visible()
    expect(card.get_by_label("Schuldeiser")).to_have_value("Fluvius")
    assert serious_violations(page) == []


def test_a_confidential_entry_is_invisible_to_a_colleague(page: Page, client_file: Client) -> None:
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    add_journal_entry(
        page, client_file, "Opgenomen op psychiatrie, ontslag volgende week.", confidential=True
    )
    add_journal_entry(page, client_file, "Afspraak met de huisbaas.", kind="telefoongesprek")
    page.get_by_role("button", name="Afmelden").click()

    log_in(page, "ma.centrum2", DEMO_PASSWORD)
    open_tab(page, client_file, "Dagboek")
    entries = page.get_by_role("region", name="Dagboek")
    expect(entries).to_contain_text("Afspraak met de huisbaas.")
    expect(entries).not_to_contain_text("psychiatrie")
    expect(page.get_by_role("region", name="Nieuwe notitie")).to_have_count(0)
    assert serious_violations(page) == []
    page.get_by_role("button", name="Afmelden").click()

    log_in(page, "lead.centrum", DEMO_PASSWORD)
    open_tab(page, client_file, "Dagboek")
    expect(page.get_by_role("region", name="Dagboek")).to_contain_text("psychiatrie")


def test_the_team_lead_reads_the_access_history(page: Page, client_file: Client) -> None:
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    open_tab(page, client_file, "Trajecten")
    page.get_by_role("button", name="Afmelden").click()

    log_in(page, "lead.centrum", DEMO_PASSWORD)
    open_tab(page, client_file, "Toegangsgeschiedenis")
    expect(page.get_by_role("heading", level=2, name="Toegangsgeschiedenis")).to_be_visible()
    rows = page.get_by_role("table", name="Toegangsgeschiedenis").get_by_role("row")
    expect(rows.filter(has_text="Sofie Vandenberghe").filter(has_text="trajecten")).to_have_count(1)
    expect(rows.nth(1)).to_contain_text("Pieter Desmet")
    assert serious_violations(page) == []


def test_worker_records_the_household_and_its_income(page: Page, client_file: Client) -> None:
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    add_household_member(
        page,
        client_file,
        first_name="Amira",
        last_name="El Amrani",
        born=dt.date(2014, 5, 2),
        relation="kind",
    )
    add_income(
        page,
        client_file,
        whose="de cliënt zelf",
        kind="leefloon",
        net="1.640,83",
        category="met gezinslast",
    )
    add_income(
        page, client_file, whose="Amira El Amrani", kind="Groeipakket (kinderbijslag)", net="186"
    )
    members = page.get_by_role("table", name="De personen die samenwonen met Fatima El Amrani")
    expect(members.get_by_role("row", name="Amira El Amrani")).to_contain_text("02/05/2014")
    expect(page.locator("#totaal-netto")).to_have_text("€ 1.826,83")
    assert serious_violations(page) == []

    # Every edit page is as accessible as the tabs.
    page.get_by_role("link", name="Wijzigen Amira El Amrani").click()
    expect(page.get_by_role("heading", name="Gezinslid Amira El Amrani wijzigen")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Annuleren").click()
    page.get_by_role("link", name="Wijzigen Groeipakket").click()
    expect(page.get_by_label("Netto per maand")).to_have_value("186,00")
    assert serious_violations(page) == []

    card = open_debt_help(page, client_file)
    add_debt(card, creditor="Fluvius", original="100", outstanding="100")
    card = page.get_by_role("article", name="Schuldhulpverlening: budgetbegeleiding")
    card.get_by_role("link", name="Wijzigen Fluvius").click()
    expect(page.get_by_role("heading", name="Schuld bij Fluvius wijzigen")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Annuleren").click()
    card = page.get_by_role("article", name="Schuldhulpverlening: budgetbegeleiding")
    card.get_by_role("link", name="Gegevens wijzigen").click()
    expect(page.get_by_label("Soort schuldhulpverlening")).to_have_value("budget_guidance")
    assert serious_violations(page) == []


def test_worker_confirms_the_household_and_changes_an_income_from_a_date(
    page: Page, client_file: Client
) -> None:
    """Issue 15: an unconfirmed household says its income is unknown; the worker confirms it;
    an income changed from a date keeps the old line, and a bad period is refused by the
    field with what was typed kept."""
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    add_income(page, client_file, whose="de cliënt zelf", kind="loon", net="1.500")
    completeness = page.get_by_role("region", name="Is het gezin volledig?")
    expect(completeness).to_contain_text("onbekend, niet 0")
    completeness.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("status")).to_contain_text("als volledig bevestigd")
    expect(page.get_by_role("region", name="Is het gezin volledig?")).to_contain_text(
        f"volledig bevestigd op {timezone.localdate():%d/%m/%Y}"
    )
    assert serious_violations(page) == []

    page.get_by_role("link", name="Wijzigen Loon").click()
    page.get_by_label("Netto per maand").fill("1.620,00")
    page.get_by_label("De wijziging geldt vanaf").fill(iso(timezone.localdate()))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Inkomen opgeslagen.")
    expect(page.locator("#totaal-netto")).to_have_text("€ 1.620,00")
    incomes = page.get_by_role("table", name="Inkomens per persoon")
    expect(incomes).to_contain_text("niet vandaag")  # the line as it was, ended yesterday

    form = page.get_by_role("region", name="Een inkomen toevoegen")
    form.get_by_label("Soort").select_option(label="andere")
    form.get_by_label("Netto per maand").fill("75")
    form.get_by_label("Sinds").fill("2026-03-01")
    form.get_by_label("Tot").fill("2026-02-01")
    form.get_by_role("button", name="Inkomen toevoegen").click()
    end = page.get_by_role("region", name="Een inkomen toevoegen").get_by_label("Tot")
    expect(end).to_have_value("2026-02-01")
    expect(
        page.get_by_text("Een inkomen kan niet eindigen vóór het begint (01/03/2026).")
    ).to_be_visible()
    assert serious_violations(page) == []
