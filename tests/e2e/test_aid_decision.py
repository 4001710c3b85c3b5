"""Aid in the browser: a social worker proposes aid on a saved calculation, the team lead
approves it (four eyes), and the decision letter prints without the application around it."""

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from budgets.models import AidCalculation, AidDecision
from budgets.services.calculations import aid_calculation_save
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import (
    PASSWORD,
    WijkteamFactory,
    aid_policy,
    budget_version,
    client_of,
    social_worker,
    team_lead,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def calculation(transactional_db: None) -> AidCalculation:
    """Sofie's client Fatima, with a saved calculation against a published version and policy."""
    team = WijkteamFactory.create(name="Centrum")
    sofie = social_worker(team, username="ma.sofie", first_name="Sofie", last_name="Claeys")
    team_lead(team, username="tv.marc", first_name="Marc", last_name="Vermeulen")
    budget_version(name="Referentiebudget demo")
    aid_policy(name="Steunbeleid demo", monthly_cap=Decimal("900.00"))
    fatima = client_of(
        sofie,
        complete=True,
        first_name="Fatima",
        last_name="El Amrani",
        street="Budastraat",
        house_number="12",
    )
    return aid_calculation_save(actor=sofie, client=fatima, on=timezone.localdate())


def test_worker_proposes_lead_approves_and_the_letter_prints(
    page: Page, calculation: AidCalculation, live_server: Any
) -> None:
    # The social worker proposes, starting from the calculation's figures.
    log_in(page, "ma.sofie", PASSWORD)
    page.goto(f"/dossiers/{calculation.client_id}/steun/berekeningen/{calculation.pk}/voorstel/")
    expect(
        page.get_by_role("heading", name="Aanvullende financiële hulp voorstellen")
    ).to_be_visible()
    expect(page.get_by_label("Bedrag per maand (euro)")).to_have_value("580,00")
    assert serious_violations(page) == []
    page.get_by_label("Bedrag per maand (euro)").fill("450,00")
    page.get_by_label("Motivering").fill("Structureel tekort; huurpremie aangevraagd.")
    page.get_by_label("Activeringsengagement").fill("Volgt een opleiding logistiek bij VDAB.")
    page.get_by_role("button", name="Naar de teamverantwoordelijke sturen").click()
    expect(page.get_by_text("Het voorstel wacht op de beslissing")).to_be_visible()
    expect(page.get_by_role("button", name="Het voorstel intrekken")).to_be_visible()
    expect(page.get_by_role("button", name="Goedkeuren")).to_have_count(0)
    assert serious_violations(page) == []

    # The team lead finds it in the team list and approves it.
    page.context.clear_cookies()
    log_in(page, "tv.marc", PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Steunvoorstellen"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Steunvoorstellen")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Fatima El Amrani").click()
    assert serious_violations(page) == []
    page.get_by_label("Motivering van de beslissing").fill("Tekort is structureel.")
    page.get_by_role("button", name="Goedkeuren").click()
    expect(page.get_by_text("De steun is goedgekeurd.")).to_be_visible()
    decision = AidDecision.objects.get()
    assert decision.status == AidDecision.Status.APPROVED
    assert serious_violations(page) == []

    # The letter: Dutch, with a print button; on paper only the letter.
    page.get_by_role("link", name="Beslissingsbrief").click()
    letter = page.locator("article.letter")
    expect(letter).to_contain_text("Betreft: beslissing over aanvullende financiële hulp")
    expect(letter).to_contain_text("€\u00a0450,00 per maand")
    expect(letter).to_contain_text("arbeidsrechtbank")
    expect(page.get_by_role("button", name="Afdrukken")).to_be_visible()
    assert serious_violations(page) == []
    page.emulate_media(media="print")
    expect(page.locator("header.ocmw-navbar")).to_be_hidden()
    expect(page.get_by_role("button", name="Afdrukken")).to_be_hidden()
    expect(letter).to_be_visible()
    expect(letter).to_contain_text("Marc Vermeulen")

    # Issue 18: the letter kept as PDF in the client's documents, opened from the tab.
    page.emulate_media(media="screen")
    page.get_by_role("button", name="Brief versturen en bewaren (PDF)").click()
    expect(
        page.get_by_text("De brief is als PDF bij de documenten van de cliënt bewaard.")
    ).to_be_visible()
    expect(page.get_by_role("rowheader", name="Verstuurde brief")).to_be_visible()
    assert serious_violations(page) == []
