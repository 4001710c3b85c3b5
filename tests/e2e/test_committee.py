"""Issue 19 point 5 in a browser: a team lead plans a committee session, which takes the
proposal waiting for the committee on its agenda, and records the committee's decision on it;
a member of the committee then opens the sessions and the pseudonymised agenda, which names
nobody, and prints it without the menu. Every page on the way is accessible."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients.models import Client
from procedure.models import Decision, Request
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import (
    PASSWORD,
    WijkteamFactory,
    client_of,
    committee_member,
    social_worker,
    team_lead,
)
from tests.procedure.committee import proposed

pytestmark = pytest.mark.e2e


@pytest.fixture
def waiting(transactional_db: None) -> Request:
    centrum = WijkteamFactory.create(name="Centrum")
    worker = social_worker(centrum, username="ma.comite")
    team_lead(centrum, username="lead.comite")
    committee_member(username="raad.comite", first_name="Arne", last_name="Vandamme")
    client: Client = client_of(worker, first_name="Mireille", last_name="Claeys")
    return proposed(worker, client, motivation="Mevrouw Claeys heeft geen eten meer.")


def test_a_session_planned_decided_and_read_pseudonymised(page: Page, waiting: Request) -> None:
    log_in(page, "lead.comite", PASSWORD)
    page.get_by_role("link", name="Comité").click()
    expect(page.get_by_role("heading", level=1, name="Comitézittingen")).to_be_visible()
    assert serious_violations(page) == []

    page.get_by_role("link", name="Plan een zitting").click()
    form = page.get_by_role("form", name="De zitting")
    form.get_by_label("Datum van de zitting").fill(timezone.localdate().isoformat())
    form.get_by_label("Plaats").fill("Raadzaal")
    form.get_by_label("Arne Vandamme").check()
    assert serious_violations(page) == []
    form.get_by_role("button", name="Plan de zitting").click()

    expect(page.get_by_role("status")).to_contain_text("haar agenda telt 1 punt.")
    agenda = page.get_by_role("table", name="Agenda: 1 punt")
    expect(agenda).to_contain_text("Mireille Claeys")
    expect(agenda).to_contain_text("Voedsel- of materiële hulp")
    assert serious_violations(page) == []

    agenda.get_by_role("link", name="Leg het resultaat vast van punt 1").click()
    expect(page.get_by_text("Mevrouw Claeys heeft geen eten meer.").first).to_be_visible()
    assert serious_violations(page) == []
    answer = page.get_by_role("form", name="Het antwoord van het comité")
    answer.get_by_label("toegekend", exact=True).check()
    answer.get_by_role("button", name="Leg het resultaat vast").click()

    expect(page.get_by_role("status")).to_contain_text("Punt 1 is vastgelegd: toegekend.")
    decision = Decision.objects.get(request=waiting)
    assert (decision.body, decision.outcome) == (Decision.Body.COMMITTEE, "granted")

    page.context.clear_cookies()
    log_in(page, "raad.comite", PASSWORD)
    expect(page.get_by_role("heading", level=1, name="Comitézittingen")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Gepseudonimiseerde agenda").click()
    reference = f"A-{waiting.received_on.year}-{waiting.pk:04d}"
    items = page.get_by_role("table", name="Punten van de agenda")
    expect(items).to_contain_text(reference)
    expect(items).to_contain_text("Voedsel- of materiële hulp")
    content = page.content()
    assert "Claeys" not in content
    assert "geen eten" not in content
    assert serious_violations(page) == []

    # On paper: the agenda alone, without the menu and the buttons.
    page.emulate_media(media="print")
    expect(page.locator(".ocmw-navbar")).to_be_hidden()
    expect(page.get_by_role("button", name="Afdrukken")).to_be_hidden()
    expect(items).to_be_visible()
