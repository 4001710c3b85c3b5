"""The leefloon figures per wijkteam and month: what each figure counts (by hand), a fixed
number of queries for few or many rows, who sees which teams, the month form's Dutch errors and
the CSV export (Dutch headers, spreadsheet-safe)."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.models import Client
from integration.models import LeefloonGrant
from integration.selectors_figures import FigureRow, leefloon_figures
from tests.conftest import login
from tests.factories import (
    Art60ContractFactory,
    GpmiContractFactory,
    GpmiEvaluationFactory,
    HelpRequestFactory,
    LeefloonCalculationFactory,
    LeefloonGrantFactory,
    WijkteamFactory,
    administrator,
    client_of,
    request_kind,
    social_worker,
    team_lead,
)
from wijkteams.models import User, Wijkteam

D = dt.date


def _grant(
    file: Client,
    starts_on: dt.date,
    *,
    category: str = "single",
    ended_on: dt.date | None = None,
) -> LeefloonGrant:
    request = HelpRequestFactory.create(
        client=file, kind=request_kind("leefloon"), received_on=starts_on, state="notified"
    )
    calculation = LeefloonCalculationFactory.create(request=request)
    return LeefloonGrantFactory.create(
        calculation=calculation,
        category=category,
        ended_on=ended_on,
        end_reason="Werk gevonden" if ended_on else "",
    )


def _evaluation(file: Client, worker: User, due_on: dt.date, held_on: dt.date | None) -> None:
    contract = GpmiContractFactory.create(client=file, starts_on=D(2025, 6, 1))
    GpmiEvaluationFactory.create(
        contract=contract,
        due_on=due_on,
        held_on=held_on,
        report="x" if held_on else "",
        recorded_by=worker if held_on else None,
    )


def _fill(worker: User, copies: int = 1) -> None:
    """Per copy: three leefloons, three evaluations and two art. 60 contracts in the worker's
    team, around January and February 2026."""
    for _copy in range(copies):
        file = client_of(worker)
        _grant(file, D(2025, 11, 10))  # running in both months
        _grant(file, D(2026, 2, 3), category="family")  # new in February
        _grant(file, D(2025, 12, 1), category="cohabitant", ended_on=D(2026, 1, 20))
        _evaluation(file, worker, D(2026, 1, 10), D(2026, 1, 9))  # in time
        _evaluation(file, worker, D(2026, 1, 15), D(2026, 1, 20))  # late
        _evaluation(file, worker, D(2026, 2, 10), None)  # missed (today is 16 March)
        Art60ContractFactory.create(
            client=file, created_by=worker, starts_on=D(2026, 1, 5), ends_on=D(2027, 1, 4)
        )
        Art60ContractFactory.create(
            client=file,
            created_by=worker,
            starts_on=D(2025, 6, 1),
            ends_on=D(2026, 6, 1),
            ended_early_on=D(2025, 12, 31),
            end_reason="Verhuisd",
        )


def _figures(team: Wijkteam) -> dict[dt.date, FigureRow]:
    rows = leefloon_figures(
        team_ids=[team.pk],
        first_month=D(2026, 1, 1),
        last_month=D(2026, 2, 1),
        today=D(2026, 3, 16),
    )
    return {row.month: row for row in rows}


def test_each_figure_counts_what_it_says(team: Wijkteam, worker: User, today: dt.date) -> None:
    _fill(worker)
    rows = _figures(team)
    january, february = rows[D(2026, 1, 1)], rows[D(2026, 2, 1)]
    assert january.running == {"cohabitant": 1, "single": 1, "family": 0}
    assert (january.new, january.ended) == (0, 1)
    assert february.running == {"cohabitant": 0, "single": 1, "family": 1}
    assert (february.new, february.ended, february.running_total) == (1, 0, 2)
    assert (january.evaluations_in_time, january.evaluations_late) == (1, 1)
    assert (january.evaluations_missed, february.evaluations_missed) == (0, 1)
    # The contract ended early on 31 December counts in neither month.
    assert (january.art60_running, february.art60_running) == (1, 1)


def test_another_teams_rows_are_not_counted(team: Wijkteam, worker: User, today: dt.date) -> None:
    _fill(social_worker(WijkteamFactory.create(name="Noord")))
    rows = _figures(team)
    assert all(row.running_total == row.art60_running == 0 for row in rows.values())


def test_the_figures_take_four_queries_for_few_or_many(
    team: Wijkteam, worker: User, today: dt.date, django_assert_num_queries: object
) -> None:
    _fill(worker)
    with CaptureQueriesContext(connection) as few:
        _figures(team)
    _fill(worker, copies=4)
    WijkteamFactory.create(name="Oost")
    with CaptureQueriesContext(connection) as many:
        rows = _figures(team)
    # the teams, the leefloons, the evaluations per team and month, the contracts
    assert len(few) == len(many) == 4
    assert rows[D(2026, 2, 1)].running_total == 10


def test_the_page_answers_in_the_same_queries_for_few_or_many(
    client: HttpClient, team: Wijkteam, worker: User, lead: User, today: dt.date
) -> None:
    _fill(worker)
    login(client, lead)
    url = reverse("integration:figures") + "?first_month=2026-01&last_month=2026-02"
    client.get(url)  # the session's first request writes what later ones only read
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _fill(worker, copies=5)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(few) == len(many)
    assert [row.running_total for row in response.context["rows"]] == [12, 12]


# --- who sees what ------------------------------------------------------------------------


def test_a_social_worker_cannot_see_the_figures(
    client: HttpClient, worker: User, today: dt.date
) -> None:
    login(client, worker)
    assert client.get(reverse("integration:figures")).status_code == 403
    assert client.get(reverse("integration:figures_csv")).status_code == 403


def test_a_lead_sees_only_their_own_team_even_when_asking_for_another(
    client: HttpClient, team: Wijkteam, worker: User, lead: User, today: dt.date
) -> None:
    _fill(worker)
    north = WijkteamFactory.create(name="Noord")
    north_lead = team_lead(north)
    login(client, north_lead)
    url = reverse("integration:figures")
    response = client.get(f"{url}?first_month=2026-01&last_month=2026-02&team={team.pk}")
    rows = response.context["rows"]
    assert {row.team_name for row in rows} == {"Noord"}
    assert all(row.running_total == 0 for row in rows)
    login(client, lead)
    rows = client.get(f"{url}?first_month=2026-01&last_month=2026-02").context["rows"]
    assert {row.team_name for row in rows} == {"Centrum"}


def test_an_administrator_sees_every_team(
    client: HttpClient, team: Wijkteam, worker: User, today: dt.date
) -> None:
    WijkteamFactory.create(name="Noord")
    login(client, administrator())
    rows = client.get(reverse("integration:figures")).context["rows"]
    assert {row.team_name for row in rows} == {"Centrum", "Noord"}
    assert len(rows) == 12  # the last six months by default, per team


# --- the month form -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("first_month=2026-03&last_month=2026-01", "De laatste maand ligt voor de eerste."),
        ("first_month=2020-01&last_month=2026-01", "Kies hoogstens 36 maanden tegelijk."),
        ("first_month=maart&last_month=2026-01", "Geef een maand als 2026-03."),
        ("first_month=&last_month=2026-01", "Dit veld is verplicht."),
    ],
)
def test_a_bad_month_range_is_refused_at_the_field(
    client: HttpClient, lead: User, today: dt.date, query: str, message: str
) -> None:
    login(client, lead)
    response = client.get(f"{reverse('integration:figures')}?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["rows"] == []


# --- the CSV file -------------------------------------------------------------------------


def test_the_csv_has_dutch_headers_the_same_rows_and_is_spreadsheet_safe(
    client: HttpClient, worker: User, lead: User, team: Wijkteam, today: dt.date
) -> None:
    team.name = "=HYPERLINK(1)"
    team.save()
    _fill(worker)
    login(client, lead)
    response = client.get(
        reverse("integration:figures_csv") + "?first_month=2026-01&last_month=2026-02"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    assert header[:4] == ["Wijkteam", "Maand", "Eerste dag", "Laatste dag"]
    assert "Art. 60-contracten lopend" in header
    assert len(lines) == 3  # the header and two months
    assert lines[1].startswith("'=HYPERLINK(1);01/2026;01/01/2026;31/01/2026;")
