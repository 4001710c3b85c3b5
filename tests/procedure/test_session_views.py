"""The committee's pages: planning a session (bad input kept and explained in Dutch), the
session with its agenda (names only for the lead's own teams, a fixed number of queries
whatever its length), recording an item's result, the minutes and the closing, and the
printable agenda in full and pseudonymised; each page that shows an item logs its clients."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from clients.models import AccessLog, Client
from procedure.log_actions import SEEN_AGENDA, SEEN_AGENDA_PSEUDONYMISED, SEEN_SESSION
from procedure.models import AgendaItem, CommitteeSession, Decision, Request
from procedure.services import sessions as services
from tests.conftest import login
from tests.factories import (
    HouseholdMemberFactory,
    WijkteamFactory,
    client_of,
    committee_member,
    social_worker,
    team_lead,
)
from tests.procedure.committee import kind_with_amount, proposed
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.usefixtures("today")

LIST = reverse("procedure:session_list")
PLAN = reverse("procedure:session_plan")


@pytest.fixture
def member(db: None) -> User:
    return committee_member(username="raad.lid")


@pytest.fixture
def ours(worker: User) -> Client:
    client = client_of(
        worker,
        first_name="Zenobia",
        last_name="Quist",
        street="Doorniksesteenweg",
        house_number="12",
    )
    HouseholdMemberFactory.create(
        client=client,
        first_name="Noor",
        last_name="Quist",
        birth_date=dt.date(2015, 3, 1),
        sex="F",
        relation="child",
    )
    return client


@pytest.fixture
def heule(db: None) -> Wijkteam:
    return WijkteamFactory.create(name="Heule")


@pytest.fixture
def theirs(heule: Wijkteam) -> Client:
    return client_of(social_worker(heule), team=heule, first_name="Xaverius", last_name="Ploeg")


@pytest.fixture
def session(
    worker: User, lead: User, member: User, ours: Client, theirs: Client
) -> CommitteeSession:
    proposed(
        worker,
        ours,
        received_on=dt.date(2026, 3, 2),
        kind=kind_with_amount(),
        amount=Decimal("180.00"),
        months=3,
        motivation="Mevrouw Quist kan de stookolie niet betalen.",
    )
    proposed(
        theirs.assignments.get().worker,
        theirs,
        received_on=dt.date(2026, 3, 4),
        motivation="De heer Ploeg vraagt voedselpakketten.",
    )
    return services.session_plan(
        actor=lead,
        held_on=dt.date(2026, 3, 16),
        place="Raadzaal",
        member_ids=[member.pk],
        chair_id=member.pk,
    )


def _url(name: str, session: CommitteeSession, *args: int) -> str:
    return reverse(f"procedure:{name}", args=[session.pk, *args])


# --- the list and the home page --------------------------------------------------------------


def test_a_committee_member_lands_on_the_sessions(client: HttpClient, member: User) -> None:
    login(client, member)
    assert client.get(reverse("home"))["Location"] == LIST


def test_a_team_lead_who_sits_in_the_committee_lands_on_the_team(
    client: HttpClient, team: Wijkteam
) -> None:
    both = team_lead(team, username="lead.raad", is_committee_member=True)
    login(client, both)
    assert client.get(reverse("home"))["Location"] == reverse("clients:team_caseload")
    assert client.get(LIST).status_code == 200


def test_a_member_lists_only_the_sessions_they_sit_in(
    client: HttpClient, lead: User, member: User, session: CommitteeSession
) -> None:
    other = committee_member(username="raad.ander")
    services.session_plan(
        actor=lead, held_on=dt.date(2026, 3, 30), place="Zaal B", member_ids=[other.pk]
    )
    login(client, member)
    page = client.get(LIST).content.decode()
    assert "Raadzaal" in page
    assert "Zaal B" not in page
    assert _url("agenda_pseudonymised", session) in page
    assert f'href="{_url("session_detail", session)}"' not in page
    login(client, lead)
    page = client.get(LIST).content.decode()
    assert "Raadzaal" in page
    assert "Zaal B" in page


# --- planning ----------------------------------------------------------------------------------


def test_planning_a_session_from_the_form(
    client: HttpClient, lead: User, member: User, ours: Client, worker: User
) -> None:
    request = proposed(worker, ours)
    login(client, lead)
    page = client.get(PLAN).content.decode()
    assert str(member) in page
    response = client.post(
        PLAN,
        {"held_on": "2026-03-20", "place": "Raadzaal", "members": [member.pk], "chair": member.pk},
    )
    session = CommitteeSession.objects.get()
    assert response["Location"] == _url("session_detail", session)
    assert list(session.items.values_list("request_id", flat=True)) == [request.pk]


def test_a_session_in_the_past_is_explained_and_what_was_typed_kept(
    client: HttpClient, lead: User, member: User
) -> None:
    login(client, lead)
    response = client.post(
        PLAN, {"held_on": "2026-03-13", "place": "Zaal Groeninge", "members": [member.pk]}
    )
    assert response.status_code == 200
    page = response.content.decode()
    error = page[page.index('id="id_held_on_error"') :][:300]
    assert "13/03/2026 is voorbij" in error
    assert 'value="Zaal Groeninge"' in page
    assert 'value="2026-03-13"' in page
    assert not CommitteeSession.objects.exists()


def test_no_members_chosen_is_named(client: HttpClient, lead: User, member: User) -> None:
    login(client, lead)
    page = client.post(PLAN, {"held_on": "2026-03-20", "place": "Raadzaal"}).content.decode()
    assert "Kies de leden die in de zitting zetelen." in page
    assert not CommitteeSession.objects.exists()


# --- the session page --------------------------------------------------------------------------


def test_the_lead_sees_names_of_their_teams_only_and_logs_them(
    client: HttpClient, lead: User, ours: Client, theirs: Client, session: CommitteeSession
) -> None:
    login(client, lead)
    page = client.get(_url("session_detail", session)).content.decode()
    assert "Zenobia Quist" in page
    assert "Ploeg" not in page
    theirs_request = Request.objects.get(client=theirs)
    assert f"A-2026-{theirs_request.pk:04d}" in page
    assert "Verwarmingstoelage" in page
    assert "€\xa0180,00" in page
    # Every client on the agenda is logged, the pseudonymised ones too (the reference leads
    # back to the person).
    rows = AccessLog.objects.filter(actor=lead, what_key=SEEN_SESSION)
    assert sorted((r.client_id, r.what_params["session"]) for r in rows) == sorted(
        [(ours.pk, session.pk), (theirs.pk, session.pk)]
    )


def test_the_reason_of_another_teams_item_is_not_shown(
    client: HttpClient,
    lead: User,
    heule: Wijkteam,
    theirs: Client,
    session: CommitteeSession,
) -> None:
    item = AgendaItem.objects.get(session=session, request__client=theirs)
    services.agenda_item_record(
        actor=team_lead(heule),
        item=item,
        expected_version=item.request.version,
        result=AgendaItem.Result.POSTPONED,
        reason="De heer Ploeg bezorgt eerst zijn loonbrieven.",
    )
    login(client, lead)
    page = client.get(_url("session_detail", session)).content.decode()
    assert "uitgesteld" in page.lower()
    assert "loonbrieven" not in page


def test_the_agenda_page_answers_in_a_fixed_number_of_queries(
    client: HttpClient,
    lead: User,
    worker: User,
    team: Wijkteam,
    member: User,
    django_assert_num_queries: Any,
) -> None:
    for _n in range(3):
        proposed(worker, client_of(worker))
    session = services.session_plan(
        actor=lead, held_on=dt.date(2026, 3, 16), place="Raadzaal", member_ids=[member.pk]
    )
    url = _url("session_detail", session)
    login(client, lead)
    # session, user, roles, the session with its chair, its members, the items with their
    # request, client, kind, proposal and household, the decisions of those requests, the
    # access-log rows
    with django_assert_num_queries(8) as few:
        client.get(url)
    for _n in range(17):
        colleague = social_worker(team)
        proposed(colleague, client_of(colleague))
    services.session_agenda_refresh(actor=lead, session=session)
    assert session.items.count() == 20
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


# --- recording an item ----------------------------------------------------------------------------


def _ours(session: CommitteeSession, ours: Client) -> AgendaItem:
    return session.items.get(request__client=ours)


def test_the_item_form_is_filled_in_with_the_proposal(
    client: HttpClient, lead: User, ours: Client, session: CommitteeSession
) -> None:
    login(client, lead)
    item = _ours(session, ours)
    page = client.get(_url("agenda_item", session, item.pk)).content.decode()
    assert "Zenobia Quist" in page
    assert 'value="180.00"' in page
    assert "Mevrouw Quist kan de stookolie niet betalen." in page
    assert "1 volwassene, 1 kind" in page


def test_recording_a_grant(
    client: HttpClient, lead: User, ours: Client, session: CommitteeSession
) -> None:
    login(client, lead)
    item = _ours(session, ours)
    request = item.request
    response = client.post(
        _url("agenda_item", session, item.pk),
        {
            "version": request.version,
            "result": "granted",
            "motivation": "Zoals voorgesteld.",
            "decided_on": "2026-03-16",
            "amount": "180.00",
            "starts_on": "2026-03-02",
            "months": "3",
        },
    )
    assert response["Location"] == _url("session_detail", session) + f"#punt-{item.position}"
    decision = Decision.objects.get(request=request)
    assert (decision.body, decision.session_id) == (Decision.Body.COMMITTEE, session.pk)


def test_an_amendment_without_reason_is_explained_and_kept(
    client: HttpClient, lead: User, ours: Client, session: CommitteeSession
) -> None:
    login(client, lead)
    item = _ours(session, ours)
    response = client.post(
        _url("agenda_item", session, item.pk),
        {
            "version": item.request.version,
            "result": "amended",
            "motivation": "Verhoogd.",
            "decided_on": "2026-03-16",
            "amount": "220.00",
            "starts_on": "2026-03-02",
            "months": "3",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    error = page[page.index('id="id_reason_error"') :][:300]
    assert "Zeg wat het comité wijzigde en waarom." in error
    assert 'value="220.00"' in page
    assert not Decision.objects.exists()


def test_a_stale_item_form_is_a_conflict(
    client: HttpClient, lead: User, ours: Client, session: CommitteeSession
) -> None:
    login(client, lead)
    item = _ours(session, ours)
    response = client.post(
        _url("agenda_item", session, item.pk),
        {"version": item.request.version - 1, "result": "postponed", "reason": "Later"},
        follow=True,
    )
    assert "Iemand anders wijzigde dit intussen" in response.content.decode()
    item.refresh_from_db()
    assert item.result == ""


def test_an_item_of_another_team_is_not_found(
    client: HttpClient, lead: User, theirs: Client, session: CommitteeSession
) -> None:
    login(client, lead)
    item = session.items.get(request__client=theirs)
    assert client.get(_url("agenda_item", session, item.pk)).status_code == 404
    assert not AccessLog.objects.filter(
        actor=lead, client=theirs, action=AccessLog.Action.VIEW
    ).exists()


# --- minutes and closing -------------------------------------------------------------------------


def test_minutes_and_closing_from_the_page(
    client: HttpClient,
    lead: User,
    team: Wijkteam,
    heule: Wijkteam,
    session: CommitteeSession,
) -> None:
    leads = {team.pk: team_lead(team), heule.pk: team_lead(heule)}
    login(client, lead)
    response = client.post(_url("session_close", session), {"version": 1}, follow=True)
    assert "nog geen resultaat" in response.content.decode()
    for item in session.items.all():
        services.agenda_item_record(
            actor=leads[item.request.client.team_id],  # type: ignore[index]  # a team's client
            item=item,
            expected_version=item.request.version,
            result="postponed",
            reason="Stukken ontbreken",
        )
    client.post(_url("session_minutes", session), {"version": 1, "minutes": "Alles uitgesteld."})
    client.post(_url("session_close", session), {"version": 2})
    session.refresh_from_db()
    assert (session.state, session.minutes) == ("closed", "Alles uitgesteld.")


def test_stale_minutes_keep_what_was_typed(
    client: HttpClient, lead: User, session: CommitteeSession
) -> None:
    services.session_minutes_save(actor=lead, session=session, expected_version=1, minutes="Eerst")
    login(client, lead)
    response = client.post(
        _url("session_minutes", session), {"version": 1, "minutes": "Mijn versie"}
    )
    page = response.content.decode()
    assert "Iemand anders wijzigde dit intussen" in page
    assert "Mijn versie" in page
    assert "Eerst" in page
    assert 'name="version" value="2"' in page
    session.refresh_from_db()
    assert session.minutes == "Eerst"


# --- the printable agendas -----------------------------------------------------------------------


def test_the_pseudonymised_agenda_names_nobody(
    client: HttpClient, member: User, ours: Client, theirs: Client, session: CommitteeSession
) -> None:
    login(client, member)
    response = client.get(_url("agenda_pseudonymised", session))
    page = response.content.decode()
    for secret in (
        "Zenobia",
        "Quist",
        "Ploeg",
        "Doorniksesteenweg",
        ours.national_number,
        ours.national_number[:6],
        "stookolie",
        "voedselpakketten",
    ):
        assert secret not in page, secret
    ours_request = Request.objects.get(client=ours)
    assert f"A-2026-{ours_request.pk:04d}" in page
    assert "Verwarmingstoelage" in page
    assert "€\xa0180,00" in page
    assert "1 volwassene, 1 kind" in page
    assert "@page" not in page  # the print rules are in the stylesheet
    assert "css/agenda" in page
    logged = AccessLog.objects.filter(actor=member, what_key=SEEN_AGENDA_PSEUDONYMISED)
    assert sorted(logged.values_list("client_id", flat=True)) == sorted([ours.pk, theirs.pk])


def test_the_full_agenda_names_the_leads_own_clients_and_logs_them(
    client: HttpClient, lead: User, ours: Client, theirs: Client, session: CommitteeSession
) -> None:
    login(client, lead)
    page = client.get(_url("agenda_print", session)).content.decode()
    assert "Zenobia Quist" in page
    assert "stookolie" in page
    assert "Ploeg" not in page
    assert "voedselpakketten" not in page
    logged = AccessLog.objects.filter(actor=lead, what_key=SEEN_AGENDA)
    assert sorted(logged.values_list("client_id", flat=True)) == sorted([ours.pk, theirs.pk])


def test_adding_what_came_in_since_from_the_page(
    client: HttpClient, lead: User, worker: User, ours: Client, session: CommitteeSession
) -> None:
    later = proposed(worker, ours)
    login(client, lead)
    response = client.post(_url("session_refresh", session), follow=True)
    assert "1 punt aan de agenda toegevoegd." in response.content.decode()
    assert session.items.filter(request=later, position=3).exists()
