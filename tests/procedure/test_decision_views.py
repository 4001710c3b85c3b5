"""The steps after the receipt on the "Requests" tab (issue 19 points 3, 4, 7, 8, 9): the social
inquiry, the proposal and who decides it, the delegated and the urgent decision (four eyes),
the notification, the appeal and its judgment, the printable decision letter, each request's
history; for each form its success, its refusal (a Dutch message at the field, what was typed
kept, nothing saved) and who may use it."""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse

from clients.models import AccessLog, Client
from procedure import registry, selectors
from procedure.deadlines import Clock, ClockStatus
from procedure.log_actions import (
    LOG_APPEALED,
    LOG_DECIDED,
    LOG_INQUIRY,
    LOG_JUDGED,
    LOG_NOTIFIED,
    LOG_PROPOSED,
    SEEN_DECISION_LETTER,
)
from procedure.models import (
    Appeal,
    Decision,
    Inquiry,
    Notification,
    Proposal,
    Request,
    RequestDocument,
)
from procedure.registry import BasisChoice, ProposalBasis
from procedure.services import decisions as services_decisions
from tests.conftest import login
from tests.factories import (
    DocumentFactory,
    WijkteamFactory,
    client_of,
    request_kind,
    social_worker,
    team_lead,
)
from tests.procedure import helpers
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def file(worker: User) -> Client:
    return client_of(worker, first_name="Zenobia", last_name="Quist")


@pytest.fixture
def received(file: Client, worker: User) -> Request:
    return helpers.received(file, worker)


@pytest.fixture
def delegated(db: None) -> None:
    helpers.delegate_to_team_leads(helpers.amount_kind())


def _tab(file: Client) -> str:
    return reverse("procedure:file_requests", args=[file.pk])


def _url(name: str, request: Request, *args: int) -> str:
    return reverse(f"procedure:{name}", args=[request.client_id, request.pk, *args])


def _post(
    client: HttpClient, name: str, request: Request, prefix: str, *extra: int, **data: Any
) -> Any:
    """POST the step's form as the tab sends it: each field under the form's prefix."""
    fields = {f"{prefix}{request.pk}-{key}": value for key, value in data.items()}
    return client.post(_url(name, request, *extra), fields)


def _page(client: HttpClient, file: Client) -> str:
    return client.get(_tab(file)).content.decode()


# --- the social inquiry ---------------------------------------------------------------------------


def test_a_received_request_offers_the_inquiry_and_says_a_home_visit_is_required(
    client: HttpClient, worker: User, received: Request
) -> None:
    login(client, worker)
    page = _page(client, received.client)
    assert _url("inquiry", received) in page
    assert "huisbezoek vereist" in page
    assert "Inkomen en bestaansmiddelen" in page  # a life domain's field
    assert _url("propose", received) not in page  # the proposal comes after the inquiry


def test_saving_the_inquiry_puts_the_request_under_inquiry(
    client: HttpClient, worker: User, received: Request
) -> None:
    login(client, worker)
    response = _post(
        client,
        "inquiry",
        received,
        "inq",
        version="1",
        findings_income="Geen inkomen sinds februari.",
        findings_family="Alleenstaand, een zus in Gent.",
        home_visit_on="2026-03-13",
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#aanvraag-{received.pk}")
    inquiry = Inquiry.objects.get(request=received)
    assert (inquiry.findings_income, inquiry.home_visit_on, inquiry.written_by) == (
        "Geen inkomen sinds februari.",
        dt.date(2026, 3, 13),
        worker,
    )
    received.refresh_from_db()
    assert (received.state, received.version) == (Request.State.UNDER_INQUIRY, 2)
    assert AccessLog.objects.filter(what_key=LOG_INQUIRY, actor=worker).count() == 1
    page = _page(client, received.client)
    assert "Alleenstaand, een zus in Gent." in page
    assert "Huisbezoek op 13/03/2026." in page
    assert _url("propose", received) in page


def test_a_home_visit_before_the_receipt_is_refused_and_what_was_typed_kept(
    client: HttpClient, worker: User, received: Request
) -> None:
    login(client, worker)
    response = _post(
        client,
        "inquiry",
        received,
        "inq",
        version="1",
        findings_housing="Huurt een studio van 25 m².",
        home_visit_on="2026-03-10",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Het huisbezoek kan niet vóór de ontvangst van de aanvraag liggen (12/03/2026)." in page
    assert "Huurt een studio van 25 m²." in page
    assert 'value="2026-03-10"' in page
    assert not Inquiry.objects.exists()
    received.refresh_from_db()
    assert (received.state, received.version) == (Request.State.RECEIVED, 1)


# --- the proposal ---------------------------------------------------------------------------------


def _propose(client: HttpClient, request: Request, **changes: str) -> Any:
    data = {
        "version": str(request.version),
        "outcome": "grant",
        "amount": "500,00",
        "starts_on": "2026-04-01",
        "months": "3",
        "motivation": "Geen inkomen, geen andere rechten open.",
    } | changes
    return _post(client, "propose", request, "prop", **data)


def test_a_proposal_is_routed_to_the_delegated_team_lead_and_says_so(
    client: HttpClient, worker: User, received: Request, delegated: None
) -> None:
    request = helpers.inquired(received, worker)
    login(client, worker)
    response = _propose(client, request)
    assert response.status_code == 302
    proposal = Proposal.objects.get(request=request)
    assert (proposal.decider, proposal.amount, proposal.months) == (
        "team_lead",
        Decimal("500.00"),
        3,
    )
    assert AccessLog.objects.filter(what_key=LOG_PROPOSED, actor=worker).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Het voorstel is ingediend. Het wordt beslist door een teamverantwoordelijke" in page
    assert "Beslist door: <strong>een teamverantwoordelijke (gedelegeerd)</strong>." in page
    # The worker who proposed it has no decision form.
    assert _url("decide", request) not in page


def test_without_a_delegation_the_committee_decides(
    client: HttpClient, worker: User, received: Request
) -> None:
    request = helpers.inquired(received, worker)
    login(client, worker)
    page = client.get(_propose(client, request)["Location"]).content.decode()
    assert Proposal.objects.get(request=request).decider == "committee"
    assert "Beslist door: <strong>het Bijzonder Comité voor de Sociale Dienst</strong>." in page


def test_a_proposal_with_bad_input_is_refused_and_kept(
    client: HttpClient, worker: User, received: Request
) -> None:
    request = helpers.inquired(received, worker)
    login(client, worker)
    response = _propose(
        client, request, amount="12,50", starts_on="2026-03-01", motivation="Mijn motivering"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hulp wordt niet toegekend voor een periode vóór de aanvraag (12/03/2026)." in page
    assert 'value="12,50"' in page
    assert "Mijn motivering" in page
    assert not Proposal.objects.exists()


def test_a_proposal_without_the_required_home_visit_is_refused(
    client: HttpClient, worker: User, received: Request
) -> None:
    helpers.inquired(received, worker)
    Inquiry.objects.update(home_visit_on=None)
    login(client, worker)
    page = _propose(client, Request.objects.get()).content.decode()
    assert "Deze hulpvorm vereist een huisbezoek" in page
    assert not Proposal.objects.exists()


@pytest.fixture
def a_basis(file: Client) -> Iterator[ProposalBasis]:
    """What a higher app plugs in (budgets: the saved calculation) for the kind in this test."""
    basis = ProposalBasis(
        kind_code="equivalent_leefloon",
        link_code="tests.basis",
        label="Berekening",  # type: ignore[arg-type]  # a plain label will do in a test
        choices=lambda client: [BasisChoice(id=41, label="Berekening van 10/03/2026")],
        url=lambda client, pk: f"/berekening/{client.pk}/{pk}/",
    )
    registry.proposal_basis_register(basis)
    yield basis
    registry._bases.pop("equivalent_leefloon")


def test_the_proposal_rests_on_one_of_the_clients_bases(
    client: HttpClient, worker: User, received: Request, a_basis: ProposalBasis
) -> None:
    request = helpers.inquired(received, worker)
    login(client, worker)
    page = _page(client, request.client)
    assert '<option value="41">Berekening van 10/03/2026</option>' in page
    page = client.get(_propose(client, request, link_id="41")["Location"]).content.decode()
    proposal = Proposal.objects.get()
    assert (proposal.link_code, proposal.link_id) == ("tests.basis", 41)
    assert f'href="/berekening/{request.client_id}/41/"' in page


def test_a_basis_not_in_the_list_is_refused(
    client: HttpClient, worker: User, received: Request, a_basis: ProposalBasis
) -> None:
    request = helpers.inquired(received, worker)
    login(client, worker)
    page = _propose(client, request, link_id="7").content.decode()
    assert "Kies er een uit de lijst." in page
    assert not Proposal.objects.exists()


# --- the decision ---------------------------------------------------------------------------------


def _decide(client: HttpClient, request: Request, *, urgent: bool = False, **changes: str) -> Any:
    data = {
        "version": str(request.version),
        "decided_on": "2026-03-16",
        "outcome": "granted",
        "amount": "500,00",
        "starts_on": "2026-04-01",
        "months": "3",
        "motivation": "Toegekend: geen bestaansmiddelen.",
    } | changes
    name, prefix = ("decide_urgent", "urg") if urgent else ("decide", "dec")
    return _post(client, name, request, prefix, **data)


def test_the_team_lead_decides_a_delegated_proposal_prefilled_from_it(
    client: HttpClient, worker: User, lead: User, received: Request, delegated: None
) -> None:
    request = helpers.proposed(received, worker)
    login(client, lead)
    page = _page(client, request.client)
    assert _url("decide", request) in page
    assert 'value="500,00"' in page  # the proposal's amount
    assert "Geen inkomen, geen andere rechten open." in page  # and its motivation
    response = _decide(client, request)
    assert response.status_code == 302
    decision = Decision.objects.get(request=request)
    assert (decision.body, decision.decided_by, decision.proposed_by) == ("team_lead", lead, worker)
    assert AccessLog.objects.filter(what_key=LOG_DECIDED, actor=lead).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "De beslissing is geregistreerd. Breng ze binnen 8 dagen ter kennis." in page
    assert _url("decision_letter", request) in page
    assert _url("notify", request) in page


def test_the_proposer_cannot_decide_their_own_proposal(
    client: HttpClient, lead: User, received: Request, delegated: None
) -> None:
    request = helpers.proposed(received, lead)  # the lead made the proposal
    login(client, lead)
    page = _page(client, request.client)
    assert _url("decide", request) not in page
    assert _url("decide_urgent", request) not in page
    assert _decide(client, request).status_code == 403
    assert _decide(client, request, urgent=True).status_code == 403
    assert not Decision.objects.exists()


def test_a_social_worker_cannot_decide(
    client: HttpClient, worker: User, lead: User, received: Request, delegated: None
) -> None:
    request = helpers.proposed(received, lead)
    login(client, worker)
    page = _page(client, request.client)
    assert _url("decide", request) not in page
    assert _url("decide_urgent", request) not in page
    assert _decide(client, request).status_code == 403
    assert not Decision.objects.exists()


def test_a_committee_proposal_has_only_the_urgent_decision_of_the_chair(
    client: HttpClient, worker: User, lead: User, received: Request
) -> None:
    request = helpers.proposed(received, worker)  # no delegation: the committee decides
    login(client, lead)
    page = _page(client, request.client)
    assert _url("decide", request) not in page
    assert "Dringende beslissing van de voorzitter" in page
    assert _decide(client, request).status_code == 403  # not delegated
    response = _decide(client, request, urgent=True)
    assert response.status_code == 302
    decision = Decision.objects.get(request=request)
    assert (decision.body, decision.ratification) == ("chair", "pending")
    page = client.get(response["Location"]).content.decode()
    assert "te bekrachtigen" in page


def test_a_decision_dated_before_the_receipt_is_refused_and_kept(
    client: HttpClient, worker: User, lead: User, received: Request, delegated: None
) -> None:
    request = helpers.proposed(received, worker)
    login(client, lead)
    response = _decide(client, request, decided_on="2026-03-11", motivation="Mijn eigen motivering")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Een beslissing kan niet gedateerd zijn vóór de ontvangst van de aanvraag" in page
    assert "Mijn eigen motivering" in page
    assert 'value="2026-03-11"' in page
    assert not Decision.objects.exists()
    request.refresh_from_db()
    assert request.state == Request.State.PROPOSED


def test_a_refusal_with_an_amount_is_explained(
    client: HttpClient, worker: User, lead: User, received: Request, delegated: None
) -> None:
    request = helpers.proposed(received, worker)
    login(client, lead)
    page = _decide(client, request, outcome="refused").content.decode()
    assert "Een weigering heeft geen bedrag of periode." in page
    assert not Decision.objects.exists()


def test_a_stale_decision_form_is_a_conflict(
    client: HttpClient, worker: User, lead: User, received: Request, delegated: None
) -> None:
    """Two browsers of two leads: the first decides; the second's form still carries the
    version of the proposal and is refused, nothing decided twice."""
    request = helpers.proposed(received, worker)
    login(client, lead)
    _decide(client, request)
    response = _decide(client, request, motivation="Tweede browser")
    assert response.status_code == 200
    assert "Iemand anders heeft deze aanvraag intussen gewijzigd." in response.content.decode()
    assert Decision.objects.get().motivation == "Toegekend: geen bestaansmiddelen."


def test_a_post_without_the_version_is_a_bad_request(
    client: HttpClient, worker: User, lead: User, received: Request, delegated: None
) -> None:
    request = helpers.proposed(received, worker)
    login(client, lead)
    fields = {f"dec{request.pk}-outcome": "granted", f"dec{request.pk}-decided_on": "2026-03-16"}
    assert client.post(_url("decide", request), fields).status_code == 400
    assert not Decision.objects.exists()


# --- the notification -----------------------------------------------------------------------------


def test_recording_the_notification(
    client: HttpClient, worker: User, lead: User, received: Request, delegated: None
) -> None:
    request = helpers.decided(received, worker, lead)
    login(client, worker)
    response = _post(
        client,
        "notify",
        request,
        "not",
        version=str(request.version),
        notified_on="2026-03-16",
        way="receipt",
    )
    assert response.status_code == 302
    notification = Notification.objects.get(request=request)
    assert (notification.notified_on, notification.way, notification.letter) == (
        dt.date(2026, 3, 16),
        "receipt",
        None,
    )
    assert AccessLog.objects.filter(what_key=LOG_NOTIFIED, actor=worker).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Ter kennis gebracht op 16/03/2026 (overhandigd tegen ontvangstbewijs)." in page
    # The appeal's 3 months run from the notification: to Tuesday 16 June 2026.
    assert 'datetime="2026-06-16"' in page


def test_a_notification_before_the_decision_is_refused(
    client: HttpClient, worker: User, lead: User, received: Request, delegated: None
) -> None:
    request = helpers.decided(received, worker, lead)
    login(client, worker)
    response = _post(
        client,
        "notify",
        request,
        "not",
        version=str(request.version),
        notified_on="2026-03-13",
        way="registered",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "De kennisgeving kan niet vóór de beslissing liggen (16/03/2026)." in page
    assert 'value="2026-03-13"' in page
    assert not Notification.objects.exists()


def test_a_notification_without_its_way_is_refused(
    client: HttpClient, worker: User, lead: User, received: Request, delegated: None
) -> None:
    request = helpers.decided(received, worker, lead)
    login(client, worker)
    response = _post(
        client, "notify", request, "not", version=str(request.version), notified_on="2026-03-16"
    )
    assert "Kies hoe de beslissing werd meegedeeld." in response.content.decode()
    assert not Notification.objects.exists()


# --- the decision letter --------------------------------------------------------------------------


@override_settings(
    OCMW_LABOUR_COURT_NAME="Arbeidsrechtbank Proefstad", OCMW_LABOUR_COURT_ADDRESS="Rechtsplein 1"
)
def test_the_decision_letter_before_notification(
    client: HttpClient, worker: User, lead: User, received: Request, delegated: None
) -> None:
    request = helpers.decided(received, worker, lead)
    login(client, worker)
    response = client.get(_url("decision_letter", request))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Betreft: beslissing over uw aanvraag voor equivalent leefloon" in page
    assert "Op 12 maart 2026 vroeg u het OCMW om equivalent leefloon." in page
    assert "€&nbsp;500,00 per maand</strong>, van 1 april 2026 tot 30 juni 2026 (3 maanden)" in page
    assert "Toegekend: geen bestaansmiddelen." in page  # the motivation
    assert "<strong>Arbeidsrechtbank Proefstad</strong>, Rechtsplein 1" in page
    assert "binnen drie maanden na de kennisgeving van deze beslissing" in page
    row = AccessLog.objects.get(what_key=SEEN_DECISION_LETTER, actor=worker)
    assert row.what_params == {"request": request.pk, "language": "nl"}


def test_the_decision_letter_names_the_last_day_once_notified_and_speaks_english(
    client: HttpClient, worker: User, lead: User, received: Request, delegated: None
) -> None:
    request = helpers.notified(received, worker, lead)
    login(client, worker)
    page = client.get(_url("decision_letter", request)).content.decode()
    assert "uiterlijk op <strong>16 juni 2026</strong>" in page
    assert "<strong>Arbeidsrechtbank Gent, afdeling Kortrijk</strong>, Beheersstraat 41" in page
    page = client.get(_url("decision_letter", request), {"taal": "en"}).content.decode()
    assert "Subject: decision on your request for equivalent leefloon" in page
    assert "by <strong>16 June 2026</strong> at the latest" in page
    assert "Afdrukken" in page  # the page around it stays in the staff member's language


def test_a_refusal_letter_says_so(
    client: HttpClient, worker: User, lead: User, received: Request, delegated: None
) -> None:
    request = helpers.proposed(received, worker, outcome="refuse")
    login(client, lead)
    assert (
        _decide(client, request, outcome="refused", amount="", starts_on="", months="").status_code
        == 302
    )
    page = client.get(_url("decision_letter", request)).content.decode()
    assert "besliste het OCMW uw aanvraag <strong>niet toe te kennen</strong>" in page


def test_there_is_no_letter_before_a_decision(
    client: HttpClient, worker: User, received: Request
) -> None:
    login(client, worker)
    assert client.get(_url("decision_letter", received)).status_code == 404
    assert not AccessLog.objects.filter(what_key=SEEN_DECISION_LETTER).exists()


# --- appeals --------------------------------------------------------------------------------------


def test_registering_an_appeal_and_its_judgment(
    client: HttpClient, worker: User, lead: User, received: Request, delegated: None
) -> None:
    request = helpers.notified(received, worker, lead)
    login(client, worker)
    page = _page(client, request.client)
    assert 'value="Arbeidsrechtbank Gent, afdeling Kortrijk"' in page  # the court, prefilled
    response = _post(
        client,
        "appeal",
        request,
        "app",
        lodged_on="2026-03-16",
        court="Arbeidsrechtbank Gent, afdeling Kortrijk",
        note="Verzoekschrift via advocaat",
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get(request=request)
    assert AccessLog.objects.filter(what_key=LOG_APPEALED, actor=worker).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Ingediend op 16/03/2026 bij Arbeidsrechtbank Gent, afdeling Kortrijk." in page
    # The appeal clock is met: lodged within the 3 months from the notification.
    loaded = selectors.client_requests(client=request.client).get(pk=request.pk)
    assert selectors.request_clocks(loaded, today=dt.date(2026, 3, 16)).appeal == Clock(
        ClockStatus.MET, due=dt.date(2026, 6, 16), done_on=dt.date(2026, 3, 16)
    )
    assert "hangend" in page
    judgment = _url("judgment", request, appeal.pk)
    assert judgment in page
    response = client.post(
        judgment,
        {
            f"judg{appeal.pk}-version": "1",
            f"judg{appeal.pk}-result": "confirmed",
            f"judg{appeal.pk}-judgment_on": "2026-03-16",
        },
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.result, appeal.judgment_on, appeal.version) == (
        "confirmed",
        dt.date(2026, 3, 16),
        2,
    )
    assert AccessLog.objects.filter(what_key=LOG_JUDGED, actor=worker).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Vonnis van 16/03/2026: beslissing van het OCMW bevestigd." in page
    assert judgment not in page


def test_an_appeal_without_court_is_refused_and_kept(
    client: HttpClient, worker: User, lead: User, received: Request, delegated: None
) -> None:
    request = helpers.decided(received, worker, lead)
    login(client, worker)
    response = _post(
        client, "appeal", request, "app", lodged_on="2026-03-16", court="", note="Mijn notitie"
    )
    page = response.content.decode()
    assert "Vermeld de arbeidsrechtbank." in page
    assert "Mijn notitie" in page
    assert not Appeal.objects.exists()


def test_a_judgment_before_the_appeal_is_refused(
    client: HttpClient, worker: User, lead: User, received: Request, delegated: None
) -> None:
    request = helpers.decided(received, worker, lead)
    appeal = Appeal.objects.create(
        request=request, lodged_on=dt.date(2026, 3, 16), court="Rechtbank", recorded_by=worker
    )
    login(client, worker)
    response = client.post(
        _url("judgment", request, appeal.pk),
        {
            f"judg{appeal.pk}-version": "1",
            f"judg{appeal.pk}-result": "annulled",
            f"judg{appeal.pk}-judgment_on": "2026-03-14",
        },
    )
    page = response.content.decode()
    assert "Het vonnis kan niet vóór het indienen van het beroep liggen (16/03/2026)." in page
    appeal.refresh_from_db()
    assert appeal.result == ""


def test_an_appeal_of_another_request_is_not_found(
    client: HttpClient, worker: User, lead: User, received: Request, delegated: None
) -> None:
    request = helpers.decided(received, worker, lead)
    other = helpers.received(request.client, worker)
    appeal = Appeal.objects.create(
        request=request, lodged_on=dt.date(2026, 3, 16), court="Rechtbank", recorded_by=worker
    )
    login(client, worker)
    response = client.post(
        _url("judgment", other, appeal.pk),
        {f"judg{appeal.pk}-version": "1", f"judg{appeal.pk}-result": "annulled"},
    )
    assert response.status_code == 404


def test_an_open_request_past_the_thirty_days_can_be_appealed(
    client: HttpClient, worker: User, file: Client
) -> None:
    """No decision by the 30th day: the silence of the OCMW can be appealed."""
    late = helpers.received(file, worker)
    Request.objects.filter(pk=late.pk).update(received_on=dt.date(2026, 2, 2))
    login(client, worker)
    assert _url("appeal", late) in _page(client, file)
    fresh = helpers.received(file, worker)
    assert _url("appeal", fresh) not in _page(client, file)


# --- the history of a request ---------------------------------------------------------------------


def test_each_request_shows_who_did_what_and_when(
    client: HttpClient, worker: User, lead: User, received: Request, delegated: None
) -> None:
    request = helpers.notified(received, worker, lead)
    Appeal.objects.create(
        request=request, lodged_on=dt.date(2026, 3, 16), court="Rechtbank", recorded_by=lead
    )
    login(client, worker)
    page = _page(client, request.client)
    history = page[page.index("Geschiedenis") :]
    w, lead_name = worker.get_full_name(), lead.get_full_name()
    for line in [
        f"<strong>Ontvangen</strong>: Sociaal huis (ontvangen door {w})",
        f"<strong>Sociaal onderzoek</strong>: huisbezoek op 13/03/2026 (geschreven door {w})",
        f"<strong>Voorgesteld</strong>: toekennen; beslist door een teamverantwoordelijke "
        f"(gedelegeerd) (voorgesteld door {w})",
        f"<strong>Beslist</strong>: toegekend, door een teamverantwoordelijke (gedelegeerd) "
        f"(geregistreerd door {lead_name})",
        f"<strong>Ter kennis gebracht</strong>: aangetekende brief (geregistreerd door {w})",
        f"<strong>Beroep ingediend</strong>: Rechtbank (geregistreerd door {lead_name})",
    ]:
        assert line in history, line


def test_an_urgent_decision_not_ratified_stays_in_the_history(
    client: HttpClient, worker: User, lead: User, received: Request
) -> None:
    request = helpers.proposed(received, worker)
    login(client, lead)
    _decide(client, request, urgent=True)
    Decision.objects.update(ratification=Decision.Ratification.NOT_RATIFIED)
    Request.objects.filter(pk=request.pk).update(state=Request.State.PROPOSED)
    page = _page(client, request.client)
    assert "door de voorzitter, dringend; bekrachtiging: niet bekrachtigd" in page


# --- who may --------------------------------------------------------------------------------------

STEPS = [
    ("inquiry", "inq"),
    ("propose", "prop"),
    ("decide", "dec"),
    ("decide_urgent", "urg"),
    ("notify", "not"),
    ("appeal", "app"),
    ("documents_upload", "upl"),
]


@pytest.mark.parametrize(("name", "prefix"), STEPS)
def test_a_colleague_reads_without_forms_and_cannot_post(
    client: HttpClient,
    team: Wijkteam,
    worker: User,
    lead: User,
    received: Request,
    delegated: None,
    name: str,
    prefix: str,
) -> None:
    request = helpers.decided(received, worker, lead)
    open_one = helpers.received(request.client, worker)
    colleague = social_worker(team)
    login(client, colleague)
    page = _page(client, request.client)
    assert "Toegekend: geen bestaansmiddelen." in page  # they read the decision
    for step, _prefix in STEPS:
        for target in (request, open_one):
            assert _url(step, target) not in page, step
    before = Request.objects.values_list("pk", "state", "version").order_by("pk")
    for target in (request, open_one):
        response = _post(client, name, target, prefix, version=str(target.version))
        assert response.status_code == 403
    assert list(Request.objects.values_list("pk", "state", "version").order_by("pk")) == list(
        before
    )


@pytest.mark.parametrize(("name", "prefix"), STEPS)
def test_another_teams_lead_gets_not_found(
    client: HttpClient, received: Request, name: str, prefix: str
) -> None:
    login(client, team_lead(WijkteamFactory.create(name="Elders")))
    assert _post(client, name, received, prefix, version="1").status_code == 404
    assert Request.objects.get().version == 1


def test_a_closed_file_shows_no_forms(
    client: HttpClient, worker: User, received: Request, today: dt.date
) -> None:
    Client.objects.filter(pk=received.client_id).update(closed_on=today, closed_reason="klaar")
    login(client, worker)
    page = _page(client, received.client)
    assert _url("inquiry", received) not in page
    assert _url("documents_upload", received) not in page


def test_a_request_kind_without_amount_has_no_amount_fields(
    client: HttpClient, worker: User, file: Client
) -> None:
    request = helpers.inquired(helpers.received(file, worker, request_kind("other")), worker)
    login(client, worker)
    page = _page(client, file)
    assert f'name="prop{request.pk}-outcome"' in page
    assert f'name="prop{request.pk}-amount"' not in page


# --- the tab's queries ----------------------------------------------------------------------------


def test_the_tab_queries_do_not_grow_with_requests_at_every_step(
    client: HttpClient,
    worker: User,
    lead: User,
    file: Client,
    delegated: None,
    django_assert_num_queries: Any,
) -> None:
    """Requests at every step (with inquiry, proposal, decision, notification, appeal and a
    document each): the lead's tab, with every form it offers, in the same number of queries."""

    def add_requests() -> None:
        helpers.received(file, worker)
        helpers.inquired(helpers.received(file, worker), worker)
        helpers.proposed(helpers.received(file, worker), worker)
        request = helpers.notified(helpers.received(file, worker), worker, lead)
        Appeal.objects.create(
            request=request, lodged_on=dt.date(2026, 3, 16), court="Rechtbank", recorded_by=lead
        )
        document = DocumentFactory.create(client=file, uploaded_by=worker)
        RequestDocument.objects.create(request=request, document=document)

    add_requests()
    login(client, lead)
    # session, user, roles, client with its current assignment (the lead may edit it: no
    # assignment asked), access log, requests (with every step's row and who wrote it), their
    # decisions, their appeals, their documents, the document types of the upload forms (once),
    # kinds for the register form
    with django_assert_num_queries(11):
        client.get(_tab(file))
    add_requests()
    add_requests()
    with django_assert_num_queries(11):
        page = client.get(_tab(file)).content.decode()
    assert page.count("Rechtbank") >= 3


def test_a_colleague_reads_the_inquiry_without_its_health_findings(
    client: HttpClient, worker: User, team: Wijkteam, file: Client, received: Request
) -> None:
    services_decisions.inquiry_save(
        actor=worker,
        request=received,
        expected_version=received.version,
        findings={"income": "Geen inkomen sinds februari.", "health": "Depressie, in behandeling."},
        home_visit_on=None,
    )
    login(client, social_worker(team))
    page = client.get(_tab(file)).content.decode()
    assert "Geen inkomen sinds februari." in page
    assert "Depressie" not in page
    login(client, worker)
    assert "Depressie, in behandeling." in client.get(_tab(file)).content.decode()
