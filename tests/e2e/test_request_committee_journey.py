"""Issue 19's whole path in one browser run, through the committee: the worker registers a
request and prints its receipt, writes the social inquiry and a proposal that no delegation
covers (so the committee decides it); the team lead plans a session, whose agenda takes the
proposal, and records the committee's decision; the worker then notifies it with the decision
letter and registers the applicant's appeal. Every page on the way is accessible."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients.models import Client
from procedure.models import Appeal, Decision, Request
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import (
    PASSWORD,
    WijkteamFactory,
    client_of,
    committee_member,
    social_worker,
    team_lead,
)
from tests.procedure import helpers

pytestmark = pytest.mark.e2e


@pytest.fixture
def person(transactional_db: None) -> Client:
    team = WijkteamFactory.create(name="Centrum")
    worker = social_worker(team, username="ma.reis", first_name="Mira", last_name="Maes")
    team_lead(team, username="tl.reis", first_name="Lien", last_name="Peeters")
    committee_member(username="raad.reis", first_name="Arne", last_name="Vandamme")
    helpers.amount_kind()  # a seeded kind, made again after an earlier browser test; no delegation
    return client_of(worker, first_name="Mireille", last_name="Claeys")


def _accessible(page: Page) -> None:
    assert serious_violations(page) == []


def test_receipt_inquiry_committee_letter_appeal(page: Page, person: Client) -> None:
    today = timezone.localdate().isoformat()
    tab = reverse("procedure:file_requests", args=[person.pk])

    log_in(page, "ma.reis", PASSWORD)
    page.goto(tab)
    register = page.get_by_role("form", name="Een aanvraag registreren")
    register.get_by_label("Gevraagde hulp").select_option(label="Equivalent leefloon")
    register.get_by_label("Waar ontvangen").fill("Sociaal huis")
    register.get_by_role("button", name="Aanvraag registreren").click()
    expect(page.get_by_role("status")).to_contain_text("De aanvraag is geregistreerd.")
    page.get_by_role("link", name=re.compile("^Ontvangstbewijs")).first.click()
    expect(page.get_by_role("heading", name="Ontvangstbewijs van een hulpaanvraag")).to_be_visible()
    _accessible(page)
    page.get_by_role("link", name="Terug naar de aanvragen").click()

    request = page.locator("li[id^=aanvraag-]").first
    request.get_by_text("Het sociaal onderzoek schrijven").click()
    inquiry = request.get_by_role("form", name="Sociaal onderzoek")
    inquiry.get_by_label("Inkomen en bestaansmiddelen").fill("Geen inkomen sinds februari.")
    inquiry.get_by_label("Huisbezoek op").fill(today)
    inquiry.get_by_role("button", name="Het sociaal onderzoek bewaren").click()
    expect(page.get_by_role("status")).to_contain_text("Het sociaal onderzoek is bewaard.")

    request.get_by_text("Het voorstel maken").click()
    proposal = request.get_by_role("form", name="Voorstel")
    proposal.get_by_label("Toekennen").check()
    proposal.get_by_label("Bedrag per maand (euro)").fill("1264,56")
    proposal.get_by_label("Van").fill(today)
    proposal.get_by_label("Aantal maanden").fill("6")
    proposal.get_by_label("Motivering").fill("Geen bestaansmiddelen; woont in de gemeente.")
    proposal.get_by_role("button", name="Voorstel indienen").click()
    expect(page.get_by_role("status")).to_contain_text(
        "het Bijzonder Comité voor de Sociale Dienst"
    )
    _accessible(page)

    # The lead plans a session: its agenda takes the proposal; the committee grants it.
    page.context.clear_cookies()
    log_in(page, "tl.reis", PASSWORD)
    page.get_by_role("link", name="Comité").click()
    page.get_by_role("link", name="Plan een zitting").click()
    form = page.get_by_role("form", name="De zitting")
    form.get_by_label("Datum van de zitting").fill(today)
    form.get_by_label("Plaats").fill("Raadzaal")
    form.get_by_label("Arne Vandamme").check()
    form.get_by_role("button", name="Plan de zitting").click()
    agenda = page.get_by_role("table", name="Agenda: 1 punt")
    expect(agenda).to_contain_text("Mireille Claeys")
    _accessible(page)
    agenda.get_by_role("link", name="Leg het resultaat vast van punt 1").click()
    answer = page.get_by_role("form", name="Het antwoord van het comité")
    answer.get_by_label("toegekend", exact=True).check()
    answer.get_by_role("button", name="Leg het resultaat vast").click()
    expect(page.get_by_role("status")).to_contain_text("Punt 1 is vastgelegd: toegekend.")
    decision = Decision.objects.get()
    assert (decision.body, decision.outcome) == (Decision.Body.COMMITTEE, "granted")
    _accessible(page)

    # The worker prints the letter, records the notification and, later, the appeal.
    page.context.clear_cookies()
    log_in(page, "ma.reis", PASSWORD)
    page.goto(tab)
    request.get_by_role("link", name=re.compile("^Beslissingsbrief")).first.click()
    letter = page.get_by_role("article")
    expect(letter).to_contain_text("Arbeidsrechtbank Gent, afdeling Kortrijk")
    _accessible(page)
    page.get_by_role("link", name="Terug naar de aanvragen").click()
    notify = request.get_by_role("form", name="Kennisgeving van de beslissing")
    notify.get_by_label("Aangetekende brief").check()
    notify.get_by_role("button", name="Alleen de kennisgeving registreren").click()
    expect(page.get_by_role("status")).to_contain_text("De kennisgeving is geregistreerd")

    request.get_by_text("Een beroep registreren").click()
    appeal = request.get_by_role("form", name="Beroep bij de arbeidsrechtbank")
    appeal.get_by_label("Ingediend op").fill(today)
    appeal.get_by_role("button", name="Het beroep registreren").click()
    expect(page.get_by_role("status")).to_contain_text("Het beroep is geregistreerd.")
    assert Appeal.objects.get().request == Request.objects.get()
    assert Request.objects.get().state == Request.State.NOTIFIED
    request.get_by_text("Geschiedenis").click()
    expect(request).to_contain_text("voorgesteld door Mira Maes")
    _accessible(page)
