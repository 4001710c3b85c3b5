"""Caseloads: the social worker's home ("Mijn dossiers") and the team lead's page ("Mijn team")
with its filters, sorting, chart and reassignment of clients."""

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.conf import settings
from django.db import DatabaseError
from django.template import Context, Template
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone, translation

from clients import access_log
from clients.models import AccessLog, Assignment, Client, JournalEntry, Trajectory
from clients.services import assignment_transfer
from tests.conftest import TODAY, login
from tests.factories import (
    JournalEntryFactory,
    MembershipFactory,
    TrajectoryFactory,
    WijkteamFactory,
    client_of,
    social_worker,
    team_lead,
)
from wijkteams.models import Membership, User, Wijkteam

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

HTMX = {"HX-Request": "true"}


def _trajectory(client: Client, kind: str, *, closed: bool = False) -> Trajectory:
    worker = Assignment.objects.filter(client=client).latest("started_at").worker
    return TrajectoryFactory.create(
        client=client,
        kind=kind,
        status=Trajectory.Status.CLOSED if closed else Trajectory.Status.OPEN,
        opened_on=TODAY - dt.timedelta(days=30),
        closed_on=TODAY if closed else None,
        created_by=worker,
    )


def _follow_up(client: Client, on: dt.date, *, done: bool = False) -> JournalEntry:
    worker = Assignment.objects.filter(client=client).latest("started_at").worker
    return JournalEntryFactory.create(
        client=client,
        author=worker,
        occurred_on=TODAY - dt.timedelta(days=40),
        kind=JournalEntry.Kind.HOME_VISIT,
        text="Huisbezoek",
        follow_up_on=on,
        follow_up_done_at=timezone.now() if done else None,
    )


def _text(response: Any) -> str:
    return str(response.content.decode())


# --- the social worker's home ---


def test_my_cases_lists_my_clients_with_masked_number_team_and_open_trajectories(
    client: HttpClient, worker: User
) -> None:
    mine = client_of(worker, first_name="Fatima", last_name="El Amrani")
    _trajectory(mine, Trajectory.Kind.INTAKE)
    _trajectory(mine, Trajectory.Kind.DEBT_HELP, closed=True)
    page = _text(login(client, worker).get(reverse("clients:my_cases")))
    assert f'<a href="{reverse("clients:file", args=[mine.pk])}">Fatima El Amrani</a>' in page
    assert mine.masked_national_number in page
    assert mine.national_number not in page
    row = page[page.index("Fatima El Amrani") :].split("</tr>")[0]
    assert "<td>Centrum</td>" in row
    assert '<td class="text-end">1</td>' in row  # the closed debt help does not count


def test_my_cases_leaves_out_the_clients_of_colleagues(
    client: HttpClient, worker: User, team: Wijkteam
) -> None:
    client_of(social_worker(team), first_name="Ander", last_name="Dossier")
    page = _text(login(client, worker).get(reverse("clients:my_cases")))
    assert "Ander Dossier" not in page
    assert "Je hebt nog geen cliëntdossiers." in page


def test_my_cases_counts_my_open_trajectories_by_kind(client: HttpClient, worker: User) -> None:
    first, second = client_of(worker), client_of(worker)
    _trajectory(first, Trajectory.Kind.INTAKE)
    _trajectory(second, Trajectory.Kind.INTAKE)
    _trajectory(second, Trajectory.Kind.ACTIVATION)
    _trajectory(second, Trajectory.Kind.DEBT_HELP, closed=True)
    response = login(client, worker).get(reverse("clients:my_cases"))
    counts = {str(label): n for label, n in response.context["trajectory_counts"]}
    assert counts == {"intake": 2, "schuldhulpverlening": 0, "activering": 1}


def test_my_cases_lists_overdue_follow_ups_linking_to_the_journal(
    client: HttpClient, worker: User
) -> None:
    overdue = client_of(worker, first_name="Late", last_name="Opvolging")
    today = client_of(worker, first_name="Vandaag", last_name="Opvolging")
    later = client_of(worker, first_name="Later", last_name="Opvolging")
    done = client_of(worker, first_name="Gedaan", last_name="Opvolging")
    _follow_up(overdue, TODAY - dt.timedelta(days=3))
    _follow_up(today, TODAY)
    _follow_up(later, TODAY + dt.timedelta(days=1))
    _follow_up(done, TODAY - dt.timedelta(days=3), done=True)
    response = login(client, worker).get(reverse("clients:my_cases"))
    entries = list(response.context["follow_ups"])
    assert [e.client for e in entries] == [overdue, today]
    page = _text(response)
    section = page[page.index("Vervallen opvolgingen") : page.index("Mijn cliënten")]
    journal = reverse("clients:file_journal", args=[overdue.pk])
    assert f'<a href="{journal}">Late Opvolging</a>' in section
    assert "Later Opvolging" not in section
    assert "Gedaan Opvolging" not in section


@pytest.mark.parametrize("language", ["nl-be", "en"])
def test_my_cases_follow_up_rows_read_as_the_templates_tags_drew_them(
    client: HttpClient, worker: User, language: str
) -> None:
    """The view makes each row's texts; they are what `date` and `blocktranslate` made per row
    in the template before, for every kind, in both languages."""
    for n, kind in enumerate(JournalEntry.Kind.values):
        entry = _follow_up(client_of(worker), TODAY - dt.timedelta(days=n + 1))
        JournalEntry.objects.filter(pk=entry.pk).update(
            kind=kind, occurred_on=TODAY - dt.timedelta(days=40 + n)
        )
    login(client, worker).cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = _text(client.get(reverse("clients:my_cases")))
    before = Template(
        "{% load i18n %}{% for entry in entries %}"
        '<td>{{ entry.follow_up_on|date:"SHORT_DATE_FORMAT" }}</td>'
        "<td>{% blocktranslate with kind=entry.get_kind_display|capfirst"
        ' date=entry.occurred_on|date:"SHORT_DATE_FORMAT" %}{{ kind }} of {{ date }}'
        "{% endblocktranslate %}</td>{% endfor %}"
    )
    entries = JournalEntry.objects.filter(client__assignments__worker=worker).order_by(
        "follow_up_on", "pk"
    )
    with translation.override(language):
        cells = re.findall(r"<td>.*?</td>", before.render(Context({"entries": entries})))
    assert len(cells) == 2 * len(JournalEntry.Kind.values)
    for due, what in zip(cells[::2], cells[1::2], strict=True):
        assert f"{due}\n            <td><a href=" in page
        assert f"</a></td>\n            {what}" in page


def test_my_cases_pages_its_two_lists_each_on_its_own_parameter(
    client: HttpClient, worker: User
) -> None:
    for n in range(26):
        _follow_up(client_of(worker, last_name=f"Naam{n:02d}"), TODAY - dt.timedelta(days=n + 1))
    login(client, worker)
    first = client.get(reverse("clients:my_cases"))
    assert 'href="?follow-ups-page=2"' in _text(first)  # the follow-ups' next page
    assert 'href="?page=2"' in _text(first)  # the clients' next page
    both = client.get(reverse("clients:my_cases"), {"page": 2, "follow-ups-page": 2})
    assert len(both.context["follow_ups"]) == 1
    assert len(both.context["clients"]) == 1
    # Paging one list keeps the other on its page.
    assert 'href="?page=2&amp;follow-ups-page=1"' in _text(both)
    assert 'href="?page=1&amp;follow-ups-page=2"' in _text(both)


def test_my_cases_paginates_clients_by_25(client: HttpClient, worker: User) -> None:
    for n in range(26):
        client_of(worker, last_name=f"Naam{n:02d}")
    login(client, worker)
    first = client.get(reverse("clients:my_cases"))
    assert len(first.context["clients"]) == 25
    assert 'href="?page=2"' in _text(first)
    second = client.get(reverse("clients:my_cases"), {"page": 2})
    assert [c.last_name for c in second.context["clients"]] == ["Naam25"]


def test_my_cases_has_a_place_for_rights_not_taken_up(client: HttpClient, worker: User) -> None:
    page = _text(login(client, worker).get(reverse("clients:my_cases")))
    assert "Mogelijk niet-opgenomen rechten" in page
    assert "Er zijn nog geen mogelijk niet-opgenomen rechten gevonden." in page


@pytest.mark.parametrize("size", [2, 30])
def test_my_cases_query_count_does_not_grow_with_clients(
    client: HttpClient, worker: User, team: Wijkteam, size: int, django_assert_num_queries: Any
) -> None:
    for n in range(size):
        mine = client_of(worker)
        _trajectory(mine, Trajectory.Kind.INTAKE)
        _trajectory(mine, Trajectory.Kind.DEBT_HELP)
        _follow_up(mine, TODAY - dt.timedelta(days=n % 5))
    login(client, worker)
    # session, user, roles (memberships in force, with the names of their teams), open
    # trajectories by kind, the page of follow-ups due (with their total), the page of my
    # clients (with their total and open trajectories), the decisions and the notifications of
    # requests due (the procedure panel), the GPMI evaluations due (integration's panel), the
    # documents that expire (the documents panel), the access-log rows of the clients shown by
    # the lists and the panels (one insert), open non-take-up flags (the rights partial)
    with django_assert_num_queries(12):
        response = client.get(reverse("clients:my_cases"))
    assert len(response.context["clients"]) == min(size, 25)


def test_my_cases_names_the_workers_teams_by_name(
    client: HttpClient, worker: User, team: Wijkteam
) -> None:
    login(client, worker)
    assert "Je werkt in wijkteam Centrum." in _text(client.get(reverse("clients:my_cases")))
    MembershipFactory.create(user=worker, team=WijkteamFactory.create(name="Bissegem"))
    MembershipFactory.create(
        user=worker, team=WijkteamFactory.create(name="Aalbeke"), role=Membership.Role.TEAM_LEAD
    )
    page = _text(client.get(reverse("clients:my_cases")))
    assert "Je werkt in de wijkteams Bissegem, Centrum." in page  # the teams led are not named


def test_my_cases_is_not_shown_when_its_access_log_rows_cannot_be_written(
    client: HttpClient, worker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client_of(worker, first_name="Fatima", last_name="El Amrani")
    login(client, worker)

    def refused(*args: Any, **kwargs: Any) -> list[int]:
        raise DatabaseError("the log refused the rows")

    monkeypatch.setattr(access_log, "insert_values", refused)
    with pytest.raises(DatabaseError):
        client.get(reverse("clients:my_cases"))
    assert not AccessLog.objects.exists()


# --- the team lead's page: figures ---


def _row(response: Any, worker: User) -> Any:
    return next(row for row in response.context["rows"] if row.pk == worker.pk)


def _row_figures(page: str, name: str) -> list[str]:
    """The numbers in the caseload table row of one social worker, as shown."""
    row = page[page.index(f'<th scope="row">{name}') :].split("</tr>")[0]
    return re.findall(r'<td class="text-end">(\d+)</td>', row)


def _figures(row: Any) -> tuple[int, int, int, int, int]:
    return (
        row.client_count,
        row.intake_count,
        row.debt_help_count,
        row.activation_count,
        row.overdue_count,
    )


def test_team_caseload_counts_clients_trajectories_and_overdue_follow_ups_per_worker(
    client: HttpClient, lead: User, worker: User, team: Wijkteam
) -> None:
    colleague = social_worker(team, first_name="Jonas", last_name="Declercq")
    first, second = client_of(worker), client_of(worker)
    _trajectory(first, Trajectory.Kind.INTAKE)
    _trajectory(first, Trajectory.Kind.DEBT_HELP)
    _trajectory(second, Trajectory.Kind.DEBT_HELP)
    _trajectory(second, Trajectory.Kind.ACTIVATION)
    _trajectory(second, Trajectory.Kind.ACTIVATION, closed=True)
    _follow_up(first, TODAY - dt.timedelta(days=1))
    _follow_up(first, TODAY)
    _follow_up(second, TODAY + dt.timedelta(days=1))
    _follow_up(second, TODAY - dt.timedelta(days=9), done=True)
    client_of(colleague)
    response = login(client, lead).get(reverse("clients:team_caseload"))
    assert _figures(_row(response, worker)) == (2, 1, 2, 1, 2)
    assert _figures(_row(response, colleague)) == (1, 0, 0, 0, 0)
    page = _text(response)
    row = page[page.index('<th scope="row">Jonas Declercq') :].split("</tr>")[0]
    assert "<td>Centrum</td>" in row


def test_team_caseload_counts_only_the_clients_of_the_led_teams(
    client: HttpClient, lead: User, worker: User
) -> None:
    other = WijkteamFactory.create(name="Heule")
    MembershipFactory.create(
        user=worker, team=other, role=Membership.Role.SOCIAL_WORKER, starts_on=dt.date(2024, 1, 1)
    )
    _trajectory(client_of(worker, team=other), Trajectory.Kind.INTAKE)
    client_of(worker, team=Wijkteam.objects.get(name="Centrum"))
    response = login(client, lead).get(reverse("clients:team_caseload"))
    assert _figures(_row(response, worker)) == (1, 0, 0, 0, 0)


def test_former_member_who_still_holds_clients_stays_on_the_list(
    client: HttpClient, lead: User, worker: User
) -> None:
    client_of(worker)
    membership = worker.memberships.get()
    membership.ends_on = TODAY - dt.timedelta(days=1)
    membership.save()
    response = login(client, lead).get(reverse("clients:team_caseload"))
    row = _row(response, worker)
    assert (row.in_team, row.client_count) == (False, 1)
    assert "niet meer in het team" in _text(response)


def test_lead_sees_only_the_workers_of_the_teams_they_lead(
    client: HttpClient, lead: User, worker: User
) -> None:
    outsider = social_worker(WijkteamFactory.create(name="Noord"), last_name="Buitenstaander")
    client_of(outsider)
    login(client, lead)
    response = client.get(reverse("clients:team_caseload"))
    assert [row.pk for row in response.context["rows"]] == [worker.pk]
    assert "Buitenstaander" not in _text(response)
    panel = reverse("clients:team_worker_clients", args=[outsider.pk])
    assert client.get(panel).status_code == 404


@pytest.mark.parametrize("size", [2, 30])
def test_team_caseload_query_count_does_not_grow_with_workers_or_clients(
    client: HttpClient, lead: User, team: Wijkteam, size: int, django_assert_num_queries: Any
) -> None:
    workers = [social_worker(team) for _ in range(size // 2 + 1)]
    for n in range(size):
        theirs = client_of(workers[n % len(workers)])
        _trajectory(theirs, Trajectory.Kind.INTAKE)
        _trajectory(theirs, Trajectory.Kind.ACTIVATION)
        _follow_up(theirs, TODAY - dt.timedelta(days=1))
    login(client, lead)
    # session, user, roles (memberships in force), the led teams, the kept figures per worker
    # (files, open trajectories by kind), the follow-ups due per worker, the social workers
    with django_assert_num_queries(7):
        response = client.get(reverse("clients:team_caseload"))
    assert sum(row.client_count for row in response.context["rows"]) == size
    # ... and the page with one worker's clients open: the social workers for the transfer
    # form, the worker (is on the page), the worker's clients, their access-log rows (one insert)
    with django_assert_num_queries(11):
        client.get(reverse("clients:team_worker_clients", args=[workers[0].pk]))


# --- the team lead's page: sorting and filters ---


@pytest.fixture
def three_workers(team: Wijkteam) -> dict[str, User]:
    """Anna with 1 client (overdue follow-up), Bert with 3, Carla with 2."""
    people = {
        "anna": social_worker(team, first_name="Anna", last_name="Aerts"),
        "bert": social_worker(team, first_name="Bert", last_name="Bogaert"),
        "carla": social_worker(team, first_name="Carla", last_name="Claes"),
    }
    _follow_up(client_of(people["anna"]), TODAY - dt.timedelta(days=2))
    for _ in range(3):
        _trajectory(client_of(people["bert"]), Trajectory.Kind.DEBT_HELP)
    for _ in range(2):
        client_of(people["carla"])
    return people


def _names(response: Any) -> list[str]:
    return [row.worker.first_name for row in response.context["rows"]]


@pytest.mark.parametrize(
    ("sort", "names"),
    [
        ("", ["Anna", "Bert", "Carla"]),
        ("-name", ["Carla", "Bert", "Anna"]),
        ("-clients", ["Bert", "Carla", "Anna"]),
        ("clients", ["Anna", "Carla", "Bert"]),
        ("-debt_help", ["Bert", "Anna", "Carla"]),
        ("-overdue", ["Anna", "Bert", "Carla"]),
        ("password", ["Anna", "Bert", "Carla"]),  # not a sort key: the default order
    ],
)
def test_team_caseload_sorts_by_whitelisted_columns(
    client: HttpClient, lead: User, three_workers: dict[str, User], sort: str, names: list[str]
) -> None:
    response = login(client, lead).get(reverse("clients:team_caseload"), {"sort": sort})
    assert response.status_code == 200
    assert _names(response) == names


def test_sorted_column_is_marked_and_its_link_flips_the_direction(
    client: HttpClient, lead: User, three_workers: dict[str, User]
) -> None:
    response = login(client, lead).get(
        reverse("clients:team_caseload"), {"sort": "-clients", "worker": "a"}
    )
    page = _text(response)
    assert re.search(r'aria-sort="descending" class="text-end">\s*<a href="\?sort=clients', page)
    assert "worker=a&amp;sort=clients" in page or "sort=clients&amp;worker=a" in page
    assert page.count("aria-sort=") == 1


def test_team_caseload_shows_25_workers_a_page_sorted_and_charted_over_that_page(
    client: HttpClient, lead: User, team: Wijkteam
) -> None:
    workers = [social_worker(team, first_name=f"Ma{n:02d}", last_name="Test") for n in range(26)]
    client_of(workers[0])
    client_of(workers[0])
    client_of(workers[25])
    login(client, lead)
    first = client.get(reverse("clients:team_caseload"), {"sort": "-clients", "worker": "test"})
    assert _names(first) == ["Ma00", "Ma25"] + [f"Ma{n:02d}" for n in range(1, 24)]
    page = _text(first)
    data = json.loads(re.findall(r'"caseload-chart-data" type="application/json">(.*?)<', page)[0])
    assert len(data["labels"]) == 25
    assert "Pagina 1 van 2" in page
    # The next page keeps the order and the filter; a new order starts on its first page.
    assert re.search(
        r'href="\?(sort=-clients&amp;worker=test&amp;|worker=test&amp;sort=-clients&amp;)page=2"',
        page,
    )
    second = client.get(
        reverse("clients:team_caseload"), {"sort": "-clients", "worker": "test", "page": "2"}
    )
    assert _names(second) == ["Ma24"]
    assert "page=" not in "".join(h.query for h in second.context["headers"])


def test_filter_by_part_of_the_worker_name(
    client: HttpClient, lead: User, three_workers: dict[str, User]
) -> None:
    login(client, lead)
    assert _names(client.get(reverse("clients:team_caseload"), {"worker": "bog"})) == ["Bert"]
    both = client.get(reverse("clients:team_caseload"), {"worker": "carla cla"})
    assert _names(both) == ["Carla"]


def test_filter_only_workers_with_overdue_follow_ups(
    client: HttpClient, lead: User, three_workers: dict[str, User]
) -> None:
    response = login(client, lead).get(reverse("clients:team_caseload"), {"overdue_only": "on"})
    assert _names(response) == ["Anna"]


def test_team_filter_appears_only_for_a_lead_of_several_teams(
    client: HttpClient, lead: User, worker: User
) -> None:
    login(client, lead)
    assert 'name="team"' not in _text(client.get(reverse("clients:team_caseload")))
    heule = WijkteamFactory.create(name="Heule")
    MembershipFactory.create(
        user=lead, team=heule, role=Membership.Role.TEAM_LEAD, starts_on=dt.date(2024, 1, 1)
    )
    heule_worker = social_worker(heule, first_name="Lien")
    client_of(heule_worker)
    client_of(worker)
    page = _text(client.get(reverse("clients:team_caseload")))
    assert '<option value="" selected>Al mijn teams</option>' in page
    chosen = client.get(reverse("clients:team_caseload"), {"team": heule.pk})
    assert [row.pk for row in chosen.context["rows"]] == [heule_worker.pk]
    assert chosen.context["rows"][0].client_count == 1


def test_lead_cannot_choose_a_team_they_do_not_lead(
    client: HttpClient, lead: User, worker: User
) -> None:
    noord = WijkteamFactory.create(name="Noord")
    MembershipFactory.create(
        user=lead, team=WijkteamFactory.create(name="Heule"), role=Membership.Role.TEAM_LEAD
    )
    stranger = social_worker(noord)
    client_of(stranger)
    response = login(client, lead).get(reverse("clients:team_caseload"), {"team": noord.pk})
    assert stranger.pk not in [row.pk for row in response.context["rows"]]


# --- the team lead's page: access ---


@pytest.mark.parametrize(
    "url_name", ["clients:team_caseload", "clients:team_worker_clients", "clients:team_transfer"]
)
@pytest.mark.parametrize(("who", "status"), [("worker", 403), ("admin_user", 403), ("lead", 200)])
def test_team_pages_are_for_team_leads_only(
    client: HttpClient,
    request: pytest.FixtureRequest,
    worker: User,
    url_name: str,
    who: str,
    status: int,
) -> None:
    args = [] if url_name == "clients:team_caseload" else [worker.pk]
    login(client, request.getfixturevalue(who))
    if url_name == "clients:team_transfer":
        response = client.post(reverse(url_name, args=args), {})
    else:
        response = client.get(reverse(url_name, args=args))
    assert response.status_code == status


def test_anonymous_user_is_sent_to_login_from_the_team_page(client: HttpClient) -> None:
    response = client.get(reverse("clients:team_caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_team_lead_lands_on_the_team_caseload(client: HttpClient, lead: User) -> None:
    response = login(client, lead).get(reverse("home"))
    assert response["Location"] == reverse("clients:team_caseload")


# --- the chart ---


def test_chart_gets_its_data_from_json_script_and_is_labelled(
    client: HttpClient, lead: User, three_workers: dict[str, User]
) -> None:
    page = _text(login(client, lead).get(reverse("clients:team_caseload"), {"sort": "-clients"}))
    canvas = (
        r'<canvas id="caseload-chart" data-chart="bar" data-chart-data="caseload-chart-data"'
        r' data-chart-stacked role="img"'
    )
    assert re.search(canvas + r'\s+aria-label="Staafdiagram', page)
    script = re.search(r'<script id="caseload-chart-data" type="application/json">(.*?)<', page)
    assert script is not None
    data = json.loads(script.group(1))
    assert data["labels"] == ["Bert Bogaert", "Carla Claes", "Anna Aerts"]
    assert data["datasets"][0]["data"] == [3, 2, 1]
    assert data["datasets"][2]["data"] == [3, 0, 0]  # open debt help
    assert 'src="/static/js/charts.js" defer' in page
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page)
    assert inline == []


# --- reassignment ---


@pytest.fixture
def caseload(team: Wijkteam, worker: User) -> dict[str, Any]:
    """Sofie (the fixture worker) with two clients, her colleague Jonas with none."""
    worker.first_name, worker.last_name = "Sofie", "Vandenberghe"
    worker.save()
    jonas = social_worker(team, first_name="Jonas", last_name="Declercq")
    fatima = client_of(worker, first_name="Fatima", last_name="El Amrani")
    _trajectory(fatima, Trajectory.Kind.DEBT_HELP)
    karel = client_of(worker, first_name="Karel", last_name="Peeters")
    return {"sofie": worker, "jonas": jonas, "fatima": fatima, "karel": karel}


def test_each_row_links_to_the_workers_clients_keeping_the_filters(
    client: HttpClient, lead: User, caseload: dict[str, Any]
) -> None:
    response = login(client, lead).get(reverse("clients:team_caseload"), {"sort": "-clients"})
    page = _text(response)
    for name in ("sofie", "jonas"):
        url = reverse("clients:team_worker_clients", args=[caseload[name].pk]) + "?sort=-clients"
        assert f'href="{url}"' in page
        assert f'hx-get="{url}"' in page


def test_worker_clients_over_htmx_is_only_the_list_with_the_form(
    client: HttpClient, lead: User, caseload: dict[str, Any]
) -> None:
    url = reverse("clients:team_worker_clients", args=[caseload["sofie"].pk])
    response = login(client, lead).get(url, headers=HTMX)
    page = _text(response)
    assert page.lstrip().startswith('<section id="worker-clients"')
    assert "<html" not in page
    assert "Cliënten van Sofie Vandenberghe" in page
    assert "Fatima El Amrani" in page
    assert caseload["fatima"].masked_national_number in page
    assert caseload["fatima"].national_number not in page
    assert f'<option value="{caseload["jonas"].pk}">Jonas Declercq</option>' in page


def test_worker_clients_without_js_is_the_whole_team_page(
    client: HttpClient, lead: User, caseload: dict[str, Any]
) -> None:
    url = reverse("clients:team_worker_clients", args=[caseload["sofie"].pk])
    page = _text(login(client, lead).get(url, {"sort": "-clients"}))
    assert "<html" in page
    assert "Caseload per maatschappelijk assistent" in page
    assert "Fatima El Amrani" in page
    transfer = reverse("clients:team_transfer", args=[caseload["sofie"].pk])
    assert f'action="{transfer}?sort=-clients"' in page  # the refreshed list keeps its order


def _transfer(http: HttpClient, people: dict[str, Any], **data: Any) -> Any:
    """Lead's htmx POST: Fatima from Sofie to Jonas, unless `data` says otherwise."""
    fields = {
        "client": people["fatima"].pk,
        "to_worker": people["jonas"].pk,
        "reason": "Herverdeling na verlof",
    } | data
    url = reverse("clients:team_transfer", args=[people["sofie"].pk])
    return http.post(url, fields, headers=HTMX)


def test_reassigning_over_htmx_returns_the_caseload_with_new_counts(
    client: HttpClient, lead: User, caseload: dict[str, Any]
) -> None:
    response = _transfer(login(client, lead), caseload)
    page = _text(response)
    assert page.lstrip().startswith('<div id="caseload">')
    assert "Fatima El Amrani is nu een cliënt van Jonas Declercq." in page
    # clients, intake, debt help, activation, overdue follow-ups
    assert _row_figures(page, "Sofie Vandenberghe") == ["1", "0", "0", "0", "0"]
    assert _row_figures(page, "Jonas Declercq") == ["1", "0", "1", "0", "0"]
    panel = page[page.index('<section id="worker-clients"') :]
    assert "Karel Peeters" in panel
    assert "Fatima El Amrani</a>" not in panel
    current = Assignment.objects.get(client=caseload["fatima"], ended_at__isnull=True)
    assert current.worker == caseload["jonas"]
    ended = Assignment.objects.get(client=caseload["fatima"], ended_at__isnull=False)
    assert ended.end_reason == "Herverdeling na verlof"
    log = AccessLog.objects.get(client=caseload["fatima"], action=AccessLog.Action.CHANGE)
    assert (log.actor, log.purpose) == (lead, "Herverdeling na verlof")


def test_reassigning_without_js_redirects_to_the_list_with_a_message(
    client: HttpClient, lead: User, caseload: dict[str, Any]
) -> None:
    login(client, lead)
    url = reverse("clients:team_transfer", args=[caseload["sofie"].pk])
    fields = {
        "client": caseload["fatima"].pk,
        "to_worker": caseload["jonas"].pk,
        "reason": "Herverdeling",
    }
    response = client.post(f"{url}?sort=-clients", fields, follow=True)
    panel = reverse("clients:team_worker_clients", args=[caseload["sofie"].pk])
    assert response.redirect_chain == [(f"{panel}?sort=-clients", 302)]
    assert "Fatima El Amrani is nu een cliënt van Jonas Declercq." in _text(response)


def _field_error(page: str, field: str) -> str:
    match = re.search(rf'<div id="div_id_{field}".*?</div>\s*</div>', page, re.S)
    assert match is not None, f"no field {field}"
    return match.group(0)


def test_reassigning_without_reason_shows_the_error_next_to_the_field(
    client: HttpClient, lead: User, caseload: dict[str, Any]
) -> None:
    page = _text(_transfer(login(client, lead), caseload, reason="  "))
    assert "Geef de reden voor de overdracht." in _field_error(page, "reason")
    assert f'<option value="{caseload["jonas"].pk}" selected>' in page  # the choice is kept
    assert (
        Assignment.objects.get(client=caseload["fatima"], ended_at__isnull=True).worker
        == (caseload["sofie"])
    )


def test_reassigning_to_the_same_worker_shows_the_error_next_to_the_field(
    client: HttpClient, lead: User, caseload: dict[str, Any]
) -> None:
    response = _transfer(login(client, lead), caseload, to_worker=caseload["sofie"].pk)
    error = _field_error(_text(response), "to_worker")
    assert "Deze maatschappelijk assistent begeleidt deze cliënt al." in error
    assert 'value="Herverdeling na verlof"' in _text(
        response
    ) or "Herverdeling na verlof</textarea>" in _text(response)


def test_reassigning_a_client_someone_else_moved_meanwhile_says_so(
    client: HttpClient, lead: User, caseload: dict[str, Any], team: Wijkteam
) -> None:
    other_lead = team_lead(team)
    assignment_transfer(
        actor=other_lead,
        client=caseload["fatima"],
        to_worker=social_worker(team),
        reason="Eerst",
        expected_worker_id=caseload["sofie"].pk,
    )
    page = _text(_transfer(login(client, lead), caseload))
    assert "Deze cliënt werd intussen door iemand anders overgedragen." in page
    assert not Assignment.objects.filter(client=caseload["fatima"], worker=caseload["jonas"])


def test_reassigning_a_client_of_another_team_is_refused(
    client: HttpClient, lead: User, caseload: dict[str, Any]
) -> None:
    outsider = client_of(social_worker(WijkteamFactory.create(name="Noord")))
    page = _text(_transfer(login(client, lead), caseload, client=outsider.pk))
    assert "Kies een cliënt van je team." in _field_error(page, "client")
    assert (
        Assignment.objects.get(client=outsider, ended_at__isnull=True).worker != (caseload["jonas"])
    )


def test_lead_who_also_works_in_another_team_cannot_reassign_its_clients_here(
    client: HttpClient, lead: User, caseload: dict[str, Any]
) -> None:
    noord = WijkteamFactory.create(name="Noord")
    MembershipFactory.create(
        user=lead, team=noord, role=Membership.Role.SOCIAL_WORKER, starts_on=dt.date(2024, 1, 1)
    )
    colleague_client = client_of(social_worker(noord), team=noord)
    page = _text(_transfer(login(client, lead), caseload, client=colleague_client.pk))
    assert "Kies een cliënt van je team." in _field_error(page, "client")
