"""Issue 20's whole path in one browser run: the social worker opens a client file, registers a
leefloon request, writes the social inquiry, fills the eligibility check and makes the leefloon
calculation, and proposes to grant it on that calculation; the team lead, to whom the council
delegated the leefloon, grants it; the worker sees the granted leefloon with its monthly amount
and start, draws up the GPMI with the client, both sides sign it, and records its first
evaluation. Every page on the way is accessible."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from clients.models import Client
from integration.models import LeefloonCalculation, LeefloonGrant, LeefloonScale
from procedure.deadlines import add_months
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import (
    PASSWORD,
    LeefloonScaleFactory,
    WijkteamFactory,
    client_of,
    request_kind,
    social_worker,
    team_lead,
)
from tests.procedure import helpers

pytestmark = pytest.mark.e2e

# A single person without resources on the amounts of 1 February 2025 (LeefloonScaleFactory):
# 15,770.41 a year, a twelfth of it a month; as the euro amounts show it and as it is typed.
MONTHLY = "1.314,20"
MONTHLY_TYPED = "1314,20"


@pytest.fixture
def person(transactional_db: None) -> Client:
    team = WijkteamFactory.create(name="Centrum")
    worker = social_worker(team, username="ma.leefloon", first_name="Mira", last_name="Maes")
    team_lead(team, username="tl.leefloon", first_name="Lien", last_name="Peeters")
    # The seeded kinds and amounts are gone once a browser test has emptied the database, and
    # a seeded later indexation would change the amount: only the amounts of 1 February 2025.
    helpers.delegate_to_team_leads(request_kind("leefloon"))
    LeefloonScale.objects.all().delete()
    LeefloonScaleFactory.create()
    return client_of(worker, first_name="Yasmina", last_name="Bouzid")


def _accessible(page: Page) -> None:
    assert serious_violations(page) == []


def _open_tab(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Cliëntdossier").get_by_role("link", name=name).click()


def _choose(form: Locator, field: str, option: str) -> None:
    """Choose in the select whose label starts with `field` (a required one ends in "*")."""
    form.get_by_role("combobox", name=re.compile(f"^{re.escape(field)}")).select_option(
        label=option
    )


def test_leefloon_from_request_to_first_gpmi_evaluation(page: Page, person: Client) -> None:
    today = timezone.localdate()
    day = f"{today:%d/%m/%Y}"

    # The worker opens the client's file from their own caseload and registers the request.
    log_in(page, "ma.leefloon", PASSWORD)
    page.get_by_role("link", name="Yasmina Bouzid").first.click()
    expect(page.get_by_role("heading", level=1, name="Yasmina Bouzid")).to_be_visible()
    _open_tab(page, "Aanvragen")
    register = page.get_by_role("form", name="Een aanvraag registreren")
    register.get_by_label("Gevraagde hulp").select_option(label="Leefloon")
    register.get_by_label("Waar ontvangen").fill("Sociaal huis")
    register.get_by_role("button", name="Aanvraag registreren").click()
    expect(page.get_by_role("status")).to_contain_text("De aanvraag is geregistreerd.")
    _accessible(page)

    request = page.locator("li[id^=aanvraag-]").first
    request.get_by_text("Het sociaal onderzoek schrijven").click()
    inquiry = request.get_by_role("form", name="Sociaal onderzoek")
    inquiry.get_by_label("Inkomen en bestaansmiddelen").fill("Geen inkomen sinds februari.")
    inquiry.get_by_label("Huisbezoek op").fill(today.isoformat())
    inquiry.get_by_role("button", name="Het sociaal onderzoek bewaren").click()
    expect(page.get_by_role("status")).to_contain_text("Het sociaal onderzoek is bewaard.")

    # The eligibility check, from the Leefloon tab.
    _open_tab(page, "Leefloon")
    leefloon_request = page.get_by_role("article", name=f"Leefloonaanvraag ontvangen op {day}")
    expect(leefloon_request).to_contain_text("nog niet gedaan")
    _accessible(page)
    leefloon_request.get_by_role("link", name=re.compile("^Voorwaarden en berekeningen")).click()
    check = page.get_by_role("region", name="Onderzoek naar de voorwaarden")
    _choose(check, "Werkelijk verblijf in België", "voldaan")
    _choose(check, "Werkbereidheid", "werkbereid")
    for right in (
        "Werkloosheidsuitkering",
        "Ziekte- of invaliditeitsuitkering",
        "Pensioen",
        "Inkomensgarantie voor ouderen (IGO)",
        "Kinderbijslag (Groeipakket)",
        "Onderhoudsgeld van een (ex-)partner of de ouders",
    ):
        _choose(check, right, "geen recht")
    _accessible(page)
    check.get_by_role("button", name="Onderzoek bewaren").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Het onderzoek naar de voorwaarden is bewaard."
    )
    conditions = page.get_by_role("table", name=re.compile("^De voorwaarden van art. 3"))
    expect(conditions.locator("#voorwaarde-actual_residence")).to_contain_text("voldaan")
    _accessible(page)

    # The calculation: a single person without resources.
    page.get_by_role("link", name="Leefloon berekenen").click()
    expect(page.get_by_role("combobox", name=re.compile("^Categorie"))).to_have_value("single")
    expect(page.get_by_role("textbox", name=re.compile("^Leefloon vanaf"))).to_have_value(
        today.isoformat()
    )
    _accessible(page)
    page.get_by_role("button", name="Berekenen en bewaren").click()
    expect(page.get_by_role("status")).to_contain_text("De berekening is opgeslagen.")
    steps = page.get_by_role("table", name=re.compile("^Elke stap van de berekening"))
    expect(steps.get_by_role("row", name=re.compile("^Leefloon per maand"))).to_contain_text(
        MONTHLY_TYPED
    )
    _accessible(page)
    calculation = LeefloonCalculation.objects.get()

    # The proposal rests on that calculation; the leefloon is delegated to the team leads.
    _open_tab(page, "Aanvragen")
    request.get_by_text("Het voorstel maken").click()
    proposal = request.get_by_role("form", name="Voorstel")
    proposal.get_by_label("Toekennen").check()
    proposal.get_by_label("Bedrag per maand (euro)").fill(MONTHLY_TYPED)
    proposal.get_by_label("Van").fill(today.isoformat())
    proposal.get_by_label("Aantal maanden").fill("12")
    proposal.get_by_label("Leefloonberekening").select_option(
        label=f"berekening van {day} voor de aanvraag van {day}: € {MONTHLY} per maand"
    )
    proposal.get_by_label("Motivering").fill("Geen bestaansmiddelen; de andere rechten nagekeken.")
    _accessible(page)
    proposal.get_by_role("button", name="Voorstel indienen").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Het wordt beslist door een teamverantwoordelijke (gedelegeerd)"
    )
    expect(request.get_by_role("link", name="Leefloonberekening")).to_have_attribute(
        "href", reverse("integration:calculation_detail", args=[person.pk, calculation.pk])
    )
    _accessible(page)

    # The team lead grants it, from the proposal's figures.
    page.context.clear_cookies()
    log_in(page, "tl.leefloon", PASSWORD)
    page.goto(reverse("procedure:file_requests", args=[person.pk]))
    decision = request.get_by_role("form", name="Beslissing")
    expect(decision.get_by_label("Bedrag per maand (euro)")).to_have_value(MONTHLY_TYPED)
    decision.get_by_label("Motivering van de beslissing").fill("Toegekend: geen bestaansmiddelen.")
    _accessible(page)
    decision.get_by_role("button", name="De beslissing registreren").click()
    expect(page.get_by_role("status")).to_contain_text("De beslissing is geregistreerd.")
    _accessible(page)
    grant = LeefloonGrant.objects.get()
    assert (grant.calculation, grant.starts_on) == (calculation, today)

    # The worker sees the granted leefloon: its monthly amount and its start.
    page.context.clear_cookies()
    log_in(page, "ma.leefloon", PASSWORD)
    page.get_by_role("link", name="Yasmina Bouzid").first.click()
    _open_tab(page, "Leefloon")
    granted = page.get_by_role("region", name="Toegekende leefloons")
    expect(granted).to_contain_text(f"€\u00a0{MONTHLY} per maand (bedragen van 01/02/2025)")
    granted.get_by_role("link", name=f"Leefloon alleenstaande vanaf {day}").click()
    expect(page.get_by_role("heading", name=f"Leefloon alleenstaande vanaf {day}")).to_be_visible()
    amounts = page.get_by_role("table", name=re.compile("^Het maandbedrag vanaf elke datum"))
    expect(amounts.get_by_role("row").nth(1)).to_contain_text(day)
    expect(amounts.get_by_role("row").nth(1)).to_contain_text(f"€\u00a0{MONTHLY}")
    _accessible(page)

    # The GPMI, signed by both sides today: its evaluations are scheduled.
    page.get_by_role("link", name="Terug naar het tabblad Leefloon").click()
    page.get_by_role("link", name="GPMI-contract opstellen").click()
    contract = page.get_by_role("region", name="GPMI-contract opstellen")
    contract.get_by_label("Leefloonaanvraag").select_option(label=f"ontvangen op {day}")
    expect(contract.get_by_label("Begint op")).to_have_value(today.isoformat())
    contract.get_by_label("Doelen").fill("Een opleiding logistiek volgen en werk zoeken.")
    contract.get_by_label("Engagementen van de cliënt").fill("Schrijft zich in bij VDAB.")
    contract.get_by_label("Engagementen van het OCMW").fill("Betaalt het inschrijvingsgeld.")
    contract.get_by_label("Ondertekend door de cliënt op").fill(today.isoformat())
    contract.get_by_label("Ondertekend voor het OCMW op").fill(today.isoformat())
    contract.get_by_label("Ondertekend voor het OCMW door").select_option(label="Mira Maes")
    _accessible(page)
    contract.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Het GPMI-contract is bewaard en ondertekend; de evaluaties zijn gepland."
    )
    _accessible(page)

    # The first evaluation (due in four months, in person) is held today.
    due = f"{add_months(today, 4):%d/%m/%Y}"
    evaluations = page.get_by_role("table", name=re.compile("^Evaluaties"))
    expect(evaluations.get_by_role("row").nth(1)).to_contain_text(due)
    page.get_by_text(f"Registreer de evaluatie gepland op {due}").click()
    evaluation = page.locator("details[open] form")
    expect(evaluation.get_by_label("Gehouden op")).to_have_value(today.isoformat())
    expect(evaluation.get_by_label("In een persoonlijk gesprek")).to_be_checked()
    evaluation.get_by_label("Verslag").fill("Ingeschreven bij VDAB; de opleiding start in maart.")
    _accessible(page)
    evaluation.get_by_role("button", name="Evaluatie registreren").click()
    expect(page.get_by_role("status")).to_contain_text(f"De evaluatie van {due} is geregistreerd.")
    expect(evaluations.get_by_role("row").nth(1)).to_contain_text(f"gehouden op {day}")
    expect(
        page.get_by_role("heading", name=f"Verslag van de evaluatie gehouden op {day}")
    ).to_be_visible()
    _accessible(page)

    # The Leefloon tab lists it too.
    page.get_by_role("link", name="Terug naar het tabblad Leefloon").click()
    expect(page.get_by_role("article", name=re.compile("^GPMI vanaf"))).to_contain_text(
        f"gehouden op {day}"
    )
    _accessible(page)
