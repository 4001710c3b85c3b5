"""A request for help from receipt to appeal in a real browser (issue 19): the social worker
registers it and prints the receipt, writes the social inquiry and the proposal; the team lead,
to whom the delegation table gives it, decides; the decision letter is printed and made into a
PDF with the notification; the applicant appeals. Every page on the way is accessible."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients.models import Client
from documents.models import Document
from procedure.models import Appeal, Decision, Notification, Request
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import PASSWORD, WijkteamFactory, client_of, social_worker, team_lead
from tests.procedure import helpers

pytestmark = pytest.mark.e2e


def _weasyprint_loads() -> bool:
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return False
    return True


@pytest.fixture
def person(transactional_db: None) -> Client:
    team = WijkteamFactory.create(name="Centrum")
    worker = social_worker(team, username="ma.aanvragen", first_name="Mira", last_name="Maes")
    team_lead(team, username="tl.aanvragen", first_name="Lien", last_name="Peeters")
    # The seeded kinds are gone once a browser test has emptied the database: made again, with
    # the council's delegation of the equivalent leefloon to the team leads.
    helpers.delegate_to_team_leads(helpers.amount_kind())
    return client_of(worker, first_name="Mireille", last_name="Claeys")


def _accessible(page: Page) -> None:
    assert serious_violations(page) == []


def test_a_request_from_receipt_to_appeal(page: Page, person: Client) -> None:
    today = timezone.localdate().isoformat()
    tab = reverse("procedure:file_requests", args=[person.pk])

    # The worker registers the request and opens its receipt.
    log_in(page, "ma.aanvragen", PASSWORD)
    page.goto(tab)
    expect(page.get_by_role("heading", level=1, name="Mireille Claeys")).to_be_visible()
    register = page.get_by_role("form", name="Een aanvraag registreren")
    register.get_by_label("Gevraagde hulp").select_option(label="Equivalent leefloon")
    register.get_by_label("Waar ontvangen").fill("Sociaal huis")
    register.get_by_role("button", name="Aanvraag registreren").click()
    expect(page.get_by_role("status")).to_contain_text("De aanvraag is geregistreerd.")
    _accessible(page)
    page.get_by_role("link", name=re.compile("^Ontvangstbewijs")).first.click()
    expect(page.get_by_role("heading", name="Ontvangstbewijs van een hulpaanvraag")).to_be_visible()
    _accessible(page)
    page.get_by_role("link", name="Terug naar de aanvragen").click()

    # The social inquiry, with the home visit this kind of help requires.
    request = page.locator("li[id^=aanvraag-]").first
    expect(request).to_contain_text("huisbezoek vereist")
    request.get_by_text("Het sociaal onderzoek schrijven").click()
    inquiry = request.get_by_role("form", name="Sociaal onderzoek")
    inquiry.get_by_label("Inkomen en bestaansmiddelen").fill("Geen inkomen sinds februari.")
    inquiry.get_by_label("Huisbezoek op").fill(today)
    _accessible(page)
    inquiry.get_by_role("button", name="Het sociaal onderzoek bewaren").click()
    expect(page.get_by_role("status")).to_contain_text("Het sociaal onderzoek is bewaard.")
    expect(request).to_contain_text("Geen inkomen sinds februari.")

    # The proposal goes to the delegated team lead.
    request.get_by_text("Het voorstel maken").click()
    proposal = request.get_by_role("form", name="Voorstel")
    proposal.get_by_label("Toekennen").check()
    proposal.get_by_label("Bedrag per maand (euro)").fill("450,00")
    proposal.get_by_label("Van").fill(today)
    proposal.get_by_label("Aantal maanden").fill("3")
    proposal.get_by_label("Motivering").fill("Geen inkomen; de andere rechten zijn nagekeken.")
    _accessible(page)
    proposal.get_by_role("button", name="Voorstel indienen").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Het wordt beslist door een teamverantwoordelijke (gedelegeerd)"
    )
    expect(request.get_by_role("form", name="Beslissing")).to_have_count(0)  # not their own
    _accessible(page)

    # The team lead decides, from the proposal's figures.
    page.context.clear_cookies()
    log_in(page, "tl.aanvragen", PASSWORD)
    page.goto(tab)
    decision = request.get_by_role("form", name="Beslissing")
    expect(decision.get_by_label("Bedrag per maand (euro)")).to_have_value("450,00")
    decision.get_by_label("Motivering van de beslissing").fill("Toegekend: geen bestaansmiddelen.")
    _accessible(page)
    decision.get_by_role("button", name="De beslissing registreren").click()
    expect(page.get_by_role("status")).to_contain_text("De beslissing is geregistreerd.")
    assert Decision.objects.get().decided_by.username == "tl.aanvragen"
    _accessible(page)

    # The printable decision letter, with the labour court of the district.
    request.get_by_role("link", name=re.compile("^Beslissingsbrief")).first.click()
    letter = page.get_by_role("article")
    expect(letter).to_contain_text("Betreft: beslissing over uw aanvraag voor equivalent leefloon")
    expect(letter).to_contain_text("Arbeidsrechtbank Gent, afdeling Kortrijk")
    expect(letter).to_contain_text("binnen drie maanden na de kennisgeving")
    _accessible(page)
    page.get_by_role("link", name="Terug naar de aanvragen").click()

    # The notification, with the letter made into a PDF where WeasyPrint runs.
    notify = request.get_by_role("form", name="Kennisgeving van de beslissing")
    notify.get_by_label("Aangetekende brief").check()
    _accessible(page)
    with_letter = _weasyprint_loads()
    button = (
        "De beslissingsbrief maken (pdf) en de kennisgeving registreren"
        if with_letter
        else "Alleen de kennisgeving registreren"
    )
    notify.get_by_role("button", name=button).click()
    expect(page.get_by_role("status")).to_contain_text("De kennisgeving is geregistreerd")
    notification = Notification.objects.get()
    if with_letter:
        assert notification.letter == Document.objects.get()
        expect(request.get_by_role("link", name=re.compile("De verstuurde brief"))).to_be_visible()
    expect(request).to_contain_text("Ter kennis gebracht op")
    _accessible(page)

    # The applicant appeals to the labour court.
    request.get_by_text("Een beroep registreren").click()
    appeal = request.get_by_role("form", name="Beroep bij de arbeidsrechtbank")
    expect(appeal.get_by_label("Arbeidsrechtbank")).to_have_value(
        "Arbeidsrechtbank Gent, afdeling Kortrijk"
    )
    appeal.get_by_label("Ingediend op").fill(today)
    appeal.get_by_role("button", name="Het beroep registreren").click()
    expect(page.get_by_role("status")).to_contain_text("Het beroep is geregistreerd.")
    expect(request).to_contain_text("Ingediend op")
    assert Appeal.objects.get().request == Request.objects.get()

    # The history says who did what.
    request.get_by_text("Geschiedenis").click()
    expect(request).to_contain_text("voorgesteld door Mira Maes")
    expect(request).to_contain_text("geregistreerd door Lien Peeters")
    _accessible(page)
