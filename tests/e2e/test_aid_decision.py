"""Aid in the browser (issue 19): a social worker proposes aid on a saved calculation in answer
to the client's request for supplementary aid, which submits it in the procedure; a team lead
decides it there (delegated, four eyes); the team list shows the request and its state, and the
decision letter prints without the application around it.

The request's registration and social inquiry, and the team lead's delegated decision, are
made through the procedure's services here: their pages on the Requests tab are another part
of issue 19 with browser tests of their own.
"""

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from budgets.models import AidCalculation, AidDecision
from budgets.services.calculations import aid_calculation_save
from procedure.models import Request
from procedure.services.decisions import decision_record_delegated
from tests.budgets.aid_requests import delegate_to_team_leads, request_of, request_under_inquiry
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
from wijkteams.models import User

pytestmark = pytest.mark.e2e


def _fatima_calculated() -> AidCalculation:
    """Sofie's client Fatima, with a saved calculation against a published version and policy.
    The council delegated supplementary aid to team leads."""
    team = WijkteamFactory.create(name="Centrum")
    sofie = social_worker(team, username="ma.sofie", first_name="Sofie", last_name="Claeys")
    team_lead(team, username="tv.marc", first_name="Marc", last_name="Vermeulen")
    budget_version(name="Referentiebudget demo")
    aid_policy(name="Steunbeleid demo", monthly_cap=Decimal("900.00"))
    delegate_to_team_leads()
    fatima = client_of(
        sofie,
        complete=True,
        first_name="Fatima",
        last_name="El Amrani",
        street="Budastraat",
        house_number="12",
    )
    return aid_calculation_save(actor=sofie, client=fatima, on=timezone.localdate())


@pytest.fixture
def calculation(transactional_db: None) -> AidCalculation:
    """Fatima's calculation, and her request for supplementary aid whose social inquiry (with
    the home visit) is written."""
    calculation = _fatima_calculated()
    request_under_inquiry(calculation.client)
    return calculation


def test_worker_proposes_on_the_request_lead_decides_and_the_letter_prints(
    page: Page, calculation: AidCalculation, live_server: Any
) -> None:
    # The social worker proposes from the saved calculation, on the client's request.
    log_in(page, "ma.sofie", PASSWORD)
    page.goto(f"/dossiers/{calculation.client_id}/steun/berekeningen/{calculation.pk}/")
    page.get_by_role("link", name="Steun voorstellen").click()
    expect(
        page.get_by_role("heading", name="Aanvullende financiële hulp voorstellen")
    ).to_be_visible()
    expect(page.get_by_label("Aanvraag om hulp")).to_contain_text(
        "Aanvullende financiële hulp, ontvangen op"
    )
    expect(page.get_by_label("Bedrag per maand (euro)")).to_have_value("580,00")
    assert serious_violations(page) == []
    page.get_by_label("Bedrag per maand (euro)").fill("450,00")
    page.get_by_label("Motivering", exact=True).fill("Structureel tekort; huurpremie aangevraagd.")
    page.get_by_label("Activeringsengagement").fill("Volgt een opleiding logistiek bij VDAB.")
    page.get_by_role("button", name="Voorstel indienen").click()
    expect(
        page.get_by_text(
            "Het voorstel is ingediend op de aanvraag: "
            "een teamverantwoordelijke (gedelegeerd) beslist erover."
        )
    ).to_be_visible()
    expect(
        page.get_by_role("link", name="Aanvullende financiële hulp, ontvangen op")
    ).to_be_visible()
    expect(page.get_by_role("button", name="De aanvraag en het voorstel intrekken")).to_be_visible()
    expect(page.get_by_role("button", name="Goedkeuren")).to_have_count(0)
    assert serious_violations(page) == []
    decision = AidDecision.objects.get()
    assert decision.status == AidDecision.Status.PROPOSED
    request = request_of(decision)
    assert request.state == Request.State.PROPOSED

    # The team lead decides on the request (delegated; not the proposer: four eyes).
    marc = User.objects.get(username="tv.marc")
    decision_record_delegated(
        actor=marc,
        request=request,
        expected_version=request.version,
        outcome="granted",
        motivation="Tekort is structureel.",
        decided_on=timezone.localdate(),
        amount=decision.amount,
        starts_on=decision.starts_on,
        months=decision.months,
    )

    # The team lead's list shows the proposal, approved, with its request decided.
    page.context.clear_cookies()
    log_in(page, "tv.marc", PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Steunvoorstellen"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Steunvoorstellen")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Fatima El Amrani")
    expect(row).to_contain_text("Goedgekeurd")
    expect(row.get_by_role("link", name="Beslist")).to_have_attribute(
        "href", f"/dossiers/{calculation.client_id}/aanvragen/#aanvraag-{request.pk}"
    )
    assert serious_violations(page) == []
    page.get_by_role("link", name="Fatima El Amrani").click()
    expect(page.get_by_text("Tekort is structureel.")).to_be_visible()
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


def test_without_a_request_the_proposal_page_points_to_the_requests_tab(
    page: Page, transactional_db: None, live_server: Any
) -> None:
    calculation = _fatima_calculated()  # she asked nothing yet
    log_in(page, "ma.sofie", PASSWORD)
    page.goto(f"/dossiers/{calculation.client_id}/steun/berekeningen/{calculation.pk}/voorstel/")
    expect(page.get_by_text("deze cliënt heeft er geen")).to_be_visible()
    page.get_by_role("link", name="Naar de aanvragen").click()
    expect(page).to_have_url(f"{live_server.url}/dossiers/{calculation.client_id}/aanvragen/")
    assert serious_violations(page) == []
