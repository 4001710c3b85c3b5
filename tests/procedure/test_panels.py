"""The requests near or past a deadline on the worker's home and the lead's team page: which
requests (decision due within 7 days or past for an open request, notification due within 3
days or past for a decided one), the row (link, clock, days left or late, the mark of a
request not decided in 30 days), the access-log rows of the clients they name, and a query
count that does not grow with the requests.

Today is Monday 16 March 2026 (tests/conftest.py)."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.log_actions import SEEN_CASES_LISTED
from clients.models import AccessLog, Client
from procedure.log_actions import SEEN_DEADLINES_LISTED
from procedure.models import Decision, Request
from procedure.panels import DEADLINE_LIST_LIMIT, deadline_list
from tests.conftest import login
from tests.factories import (
    DecisionFactory,
    ForwardingFactory,
    HelpRequestFactory,
    NotificationFactory,
    WijkteamFactory,
    client_of,
    request_kind,
    social_worker,
)
from wijkteams.models import User, Wijkteam
from wijkteams.permissions import get_roles

HOME = reverse("clients:my_cases")
TEAM = reverse("wijkteams:my_team")
PAGES = [("worker", HOME), ("lead", TEAM)]


def _open(file: Client, received_on: dt.date, **fields: Any) -> Request:
    return HelpRequestFactory.create(
        client=file, kind=request_kind("leefloon"), received_on=received_on, **fields
    )


def _decided(file: Client, decided_on: dt.date) -> Request:
    help_request = _open(file, decided_on - dt.timedelta(days=10), state=Request.State.DECIDED)
    DecisionFactory.create(request=help_request, decided_on=decided_on)
    return help_request


def _panel(html: str, marker: str) -> str:
    start = html.index(f'id="{marker}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def files(today: dt.date, worker: User) -> dict[str, Client]:
    """One client per case, all the worker's; the request of each is named after it."""
    names = {
        "late": ("Adelheid", "Vanneste"),
        "soon": ("Bavo", "Claerhout"),
        "later": ("Cyriel", "Deprez"),
        "notify_late": ("Digna", "Ervynck"),
        "notify_soon": ("Eligius", "Feys"),
        "notify_later": ("Fara", "Gheysens"),
        "notified": ("Gudula", "Haerens"),
        "withdrawn": ("Hilarion", "Inghelbrecht"),
        "forwarded": ("Idesbald", "Jonckheere"),
    }
    return {
        key: client_of(worker, first_name=first, last_name=last)
        for key, (first, last) in names.items()
    }


@pytest.fixture
def cases(files: dict[str, Client], worker: User) -> dict[str, Request]:
    old = dt.date(2026, 1, 5)
    return {
        # Received 10 February: 30 days end Thursday 12 March, 4 days ago; no decision.
        "late": _open(files["late"], dt.date(2026, 2, 10), state=Request.State.UNDER_INQUIRY),
        # Received 21 February: 30 days end Monday 23 March, 7 days from today.
        "soon": _open(files["soon"], dt.date(2026, 2, 21), state=Request.State.PROPOSED),
        # Received 22 February: 30 days end Tuesday 24 March, 8 days from today: not yet.
        "later": _open(files["later"], dt.date(2026, 2, 22)),
        # Decided 5 March: 8 days end Friday 13 March, not notified.
        "notify_late": _decided(files["notify_late"], dt.date(2026, 3, 5)),
        # Decided 11 March: 8 days end Thursday 19 March, 3 days from today.
        "notify_soon": _decided(files["notify_soon"], dt.date(2026, 3, 11)),
        # Decided 12 March: 8 days end Friday 20 March, 4 days from today: not yet.
        "notify_later": _decided(files["notify_later"], dt.date(2026, 3, 12)),
        "notified": NotificationFactory.create(
            request=_open(files["notified"], old, state=Request.State.NOTIFIED)
        ).request,
        "withdrawn": _open(
            files["withdrawn"],
            old,
            state=Request.State.WITHDRAWN,
            withdrawn_at=dt.datetime(2026, 1, 6, tzinfo=dt.UTC),
            withdrawn_by=worker,
            withdrawal_reason="Werk gevonden",
        ),
        "forwarded": ForwardingFactory.create(
            request=_open(files["forwarded"], old, state=Request.State.FORWARDED)
        ).request,
    }


LISTED = ["late", "notify_late", "notify_soon", "soon"]  # by last day: 12, 13, 19, 23 March


@pytest.mark.parametrize(("role", "page"), PAGES)
def test_the_page_lists_the_decisions_and_notifications_due_soon_or_late(
    client: HttpClient,
    request: pytest.FixtureRequest,
    files: dict[str, Client],
    cases: dict[str, Request],
    role: str,
    page: str,
) -> None:
    user: User = request.getfixturevalue(role)
    login(client, user)
    html = client.get(page).content.decode()
    panel = _panel(html, "termijnen-aanvragen" if role == "worker" else "termijnen-aanvragen-team")
    shown = [key for key, file in files.items() if file.full_name in panel]
    assert sorted(shown) == sorted(LISTED)
    # The earliest last day first, whatever the clock.
    assert [key for _i, key in sorted((panel.index(files[k].full_name), k) for k in LISTED)] == (
        LISTED
    )
    late = cases["late"]
    link = reverse("procedure:file_requests", args=[late.client_id]) + f"#aanvraag-{late.pk}"
    assert f'href="{link}"' in panel
    assert 'datetime="2026-03-12"' in panel
    assert "4 dagen te laat" in panel  # the decision, due 12 March
    assert "3 dagen te laat" in panel  # the notification, due 13 March
    assert "nog 3 dagen" in panel  # the notification, due 19 March
    assert "nog 7 dagen" in panel  # the decision, due 23 March
    assert panel.count("Beslissing uiterlijk") == 2
    assert panel.count("Kennisgeving uiterlijk") == 2


@pytest.mark.parametrize(("role", "page"), PAGES)
def test_the_names_shown_are_logged_as_views_of_their_files(
    client: HttpClient,
    request: pytest.FixtureRequest,
    files: dict[str, Client],
    cases: dict[str, Request],
    role: str,
    page: str,
) -> None:
    user: User = request.getfixturevalue(role)
    login(client, user)
    client.get(page)
    logged = AccessLog.objects.filter(actor=user, what_key=SEEN_DEADLINES_LISTED)
    assert set(logged.values_list("client_id", "action")) == {
        (files[key].pk, AccessLog.Action.VIEW) for key in LISTED
    }


def test_the_home_writes_its_own_rows_and_the_panels_in_one_insert(
    client: HttpClient, worker: User, files: dict[str, Client], cases: dict[str, Request]
) -> None:
    login(client, worker)
    with CaptureQueriesContext(connection) as queries:
        client.get(HOME)
    writes = [q["sql"] for q in queries.captured_queries if "clients_accesslog" in q["sql"]]
    assert len(writes) == 1
    assert writes[0].startswith(("INSERT", "COPY"))
    logged = AccessLog.objects.filter(actor=worker).order_by("pk")
    # The home's list of clients (every file here is the worker's), then the panel's names.
    assert list(logged.values_list("what_key", flat=True)) == [SEEN_CASES_LISTED] * len(files) + [
        SEEN_DEADLINES_LISTED
    ] * len(LISTED)
    assert {row.client_id for row in logged if row.what_key == SEEN_DEADLINES_LISTED} == {
        files[key].pk for key in LISTED
    }


@pytest.mark.parametrize(("role", "page"), PAGES)
def test_only_a_request_not_decided_in_30_days_is_marked(
    client: HttpClient,
    request: pytest.FixtureRequest,
    cases: dict[str, Request],
    role: str,
    page: str,
) -> None:
    user: User = request.getfixturevalue(role)
    login(client, user)
    html = client.get(page).content.decode()
    panel = _panel(html, "termijnen-aanvragen" if role == "worker" else "termijnen-aanvragen-team")
    rows = panel.split("<tr>")[2:]  # after the heading row
    marked = [row for row in rows if "Geen beslissing binnen 30 dagen" in row]
    assert len(marked) == 1
    assert "Vanneste" in marked[0]


def test_the_mark_starts_the_day_after_the_last_day(
    rf: RequestFactory, worker: User, today: dt.date, time_machine: Any
) -> None:
    """Received 14 February: the 30 days end Monday 16 March, today, still the OCMW's day to
    decide: due today, not marked. On Tuesday the applicant may appeal: marked."""
    _open(client_of(worker), dt.date(2026, 2, 14))
    page_request = rf.get(HOME)
    page_request.user = worker
    rows = deadline_list(page_request, "assigned").rows
    assert [(row.clock.days_left, row.no_decision_appealable) for row in rows] == [(0, False)]
    time_machine.move_to(dt.datetime(2026, 3, 17, 10, 0, tzinfo=dt.UTC))
    rows = deadline_list(page_request, "assigned").rows
    assert [(row.clock.days_left, row.no_decision_appealable) for row in rows] == [(-1, True)]


def test_a_weekend_moves_the_last_day_and_keeps_a_request_off_the_list(
    rf: RequestFactory, worker: User, time_machine: Any
) -> None:
    """On Saturday 14 March a week ahead is Saturday 21 March. Received 19 February: 30 days
    end Saturday 21 March, moved to Monday 23 March (9 days): not listed. Received 18 February:
    Friday 20 March (6 days): listed."""
    time_machine.move_to(dt.datetime(2026, 3, 14, 10, 0, tzinfo=dt.UTC))
    _open(client_of(worker), dt.date(2026, 2, 19))
    listed = _open(client_of(worker), dt.date(2026, 2, 18))
    page_request = rf.get(HOME)
    page_request.user = worker
    rows = deadline_list(page_request, "assigned").rows
    assert [(row.request_id, row.clock.due) for row in rows] == [(listed.pk, dt.date(2026, 3, 20))]


def test_an_urgent_decision_not_ratified_does_not_count(
    rf: RequestFactory, worker: User, today: dt.date
) -> None:
    """The notification clock runs from the standing decision: the committee's of 12 March
    (due 20 March, not yet), not the chair's of 2 March it did not ratify (due 10 March)."""
    help_request = _open(client_of(worker), dt.date(2026, 2, 20), state=Request.State.DECIDED)
    DecisionFactory.create(
        request=help_request,
        decided_on=dt.date(2026, 3, 2),
        body=Decision.Body.CHAIR,
        ratification=Decision.Ratification.NOT_RATIFIED,
    )
    DecisionFactory.create(request=help_request, decided_on=dt.date(2026, 3, 12))
    page_request = rf.get(HOME)
    page_request.user = worker
    assert deadline_list(page_request, "assigned").rows == []


def test_the_worker_sees_own_clients_only_and_the_lead_the_led_teams(
    client: HttpClient, worker: User, lead: User, team: Wijkteam, today: dt.date
) -> None:
    colleague = social_worker(team)
    _open(client_of(worker, first_name="Zenobia", last_name="Quist"), dt.date(2026, 2, 1))
    _open(client_of(colleague, first_name="Walburga", last_name="Roels"), dt.date(2026, 2, 1))
    heule = WijkteamFactory.create(name="Heule")
    elsewhere = client_of(
        social_worker(heule), team=heule, first_name="Xaverius", last_name="Ploeg"
    )
    _open(elsewhere, dt.date(2026, 2, 1))
    login(client, worker)
    home = _panel(client.get(HOME).content.decode(), "termijnen-aanvragen")
    assert "Zenobia Quist" in home
    assert "Walburga" not in home
    assert "Xaverius" not in home
    login(client, lead)
    team_page = _panel(client.get(TEAM).content.decode(), "termijnen-aanvragen-team")
    assert "Zenobia Quist" in team_page
    assert "Walburga Roels" in team_page
    assert "Xaverius" not in team_page


@pytest.mark.parametrize(("role", "page"), PAGES)
def test_the_page_says_when_nothing_is_due(
    client: HttpClient,
    request: pytest.FixtureRequest,
    worker: User,
    today: dt.date,
    role: str,
    page: str,
) -> None:
    user: User = request.getfixturevalue(role)
    _open(client_of(worker), dt.date(2026, 2, 22))  # 8 days left
    login(client, user)
    html = client.get(page).content.decode()
    assert (
        "Geen enkele aanvraag wacht binnenkort of te laat op een beslissing of kennisgeving."
        in html
    )
    assert not AccessLog.objects.filter(actor=user, what_key=SEEN_DEADLINES_LISTED).exists()


def test_the_list_reads_in_three_queries(
    rf: RequestFactory, worker: User, today: dt.date, django_assert_num_queries: Any
) -> None:
    for n in range(5):
        _open(client_of(worker), dt.date(2026, 2, 1) + dt.timedelta(days=n))
        _decided(client_of(worker), dt.date(2026, 3, 1) + dt.timedelta(days=n))
    page_request = rf.get(HOME)
    page_request.user = worker
    get_roles(page_request)  # the view has read them already: not counted here
    # the open requests due, the decided ones due (with their standing decision's date), the
    # access-log rows of the clients shown
    with django_assert_num_queries(3):
        rows = deadline_list(page_request, "assigned").rows
    assert len(rows) == 10


def test_the_list_stops_at_its_limit_and_says_there_are_more(
    rf: RequestFactory, worker: User, today: dt.date
) -> None:
    file = client_of(worker)
    for n in range(DEADLINE_LIST_LIMIT):
        _open(file, dt.date(2026, 1, 1) + dt.timedelta(days=n % 40), location=f"loket {n}")
    latest = _decided(file, dt.date(2026, 3, 11))  # due 19 March: the last of all
    earliest = _decided(file, dt.date(2025, 12, 1))  # due 9 December: the first of all
    page_request = rf.get(HOME)
    page_request.user = worker
    listed = deadline_list(page_request, "assigned")
    assert len(listed.rows) == DEADLINE_LIST_LIMIT
    assert listed.more
    assert listed.rows[0].request_id == earliest.pk
    assert latest.pk not in [row.request_id for row in listed.rows]
    dues = [row.clock.due for row in listed.rows if row.clock.due is not None]
    assert len(dues) == DEADLINE_LIST_LIMIT
    assert dues == sorted(dues)


@pytest.mark.parametrize(("role", "page"), PAGES)
def test_the_page_queries_do_not_grow_with_the_requests(
    client: HttpClient,
    request: pytest.FixtureRequest,
    worker: User,
    today: dt.date,
    role: str,
    page: str,
    django_assert_num_queries: Any,
) -> None:
    user: User = request.getfixturevalue(role)
    _open(client_of(worker), dt.date(2026, 2, 1))
    _decided(client_of(worker), dt.date(2026, 3, 2))
    login(client, user)
    client.get(page)  # warm: the first request may store what later ones read
    with CaptureQueriesContext(connection) as few:
        client.get(page)
    for n in range(12):
        _open(client_of(worker), dt.date(2026, 1, 20) + dt.timedelta(days=n))
        _decided(client_of(worker), dt.date(2026, 2, 20) + dt.timedelta(days=n))
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(page).content.decode()
    assert html.count("Beslissing uiterlijk") == 13
    assert html.count("Kennisgeving uiterlijk") == 13


def test_the_register_marks_a_request_not_decided_in_30_days(
    client: HttpClient, lead: User, worker: User, today: dt.date
) -> None:
    _open(client_of(worker, first_name="Zenobia", last_name="Quist"), dt.date(2026, 2, 10))
    _open(client_of(worker, first_name="Walburga", last_name="Roels"), dt.date(2026, 3, 2))
    login(client, lead)
    html = client.get(reverse("procedure:register_list")).content.decode()
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    marked = [row for row in rows if "Geen beslissing binnen 30 dagen" in row]
    assert len(rows) == 2
    assert len(marked) == 1
    assert "Zenobia Quist" in marked[0]
