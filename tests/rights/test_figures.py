"""The team lead's non-take-up figures: per team and per right, detected, acted on, granted,
dismissed, the median days to act and the types of non-take-up; the page, chart and CSV."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from rights.models import NonTakeUpFlag
from rights.selectors import figures_per_right, team_figures
from tests.conftest import NOW, login
from tests.factories import WijkteamFactory, client_of, flag_for, social_worker
from wijkteams.models import User, Wijkteam

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

D = Decimal

Status = NonTakeUpFlag.Status


def _flag(worker: User, *, days_to_act: float | None = None, **fields: Any) -> Any:
    """A flag opened ten days ago, first acted on `days_to_act` days later."""
    opened_at = NOW - dt.timedelta(days=10)
    if days_to_act is not None:
        fields["first_action_at"] = opened_at + dt.timedelta(days=days_to_act)
    return flag_for(client_of(worker), opened_at=opened_at, **fields)


def _only(rows: list[Any]) -> Any:
    assert len(rows) == 1, rows
    return rows[0]


def test_counts_detected_acted_on_granted_and_dismissed(worker: User, lead: User) -> None:
    _flag(worker)
    _flag(worker, days_to_act=1, status=Status.CONTACTED)
    _flag(worker, days_to_act=2, status=Status.GRANTED)
    _flag(worker, days_to_act=3, status=Status.DISMISSED)
    _flag(worker, status=Status.CLOSED)
    row = _only(team_figures(user=lead))
    assert (row.detected, row.acted_on, row.granted, row.dismissed) == (5, 3, 1, 1)


def test_median_days_to_act_of_an_odd_number(worker: User, lead: User) -> None:
    for days in (1, 2, 9):
        _flag(worker, days_to_act=days, status=Status.CONTACTED)
    assert _only(team_figures(user=lead)).median_days == Decimal("2.0")


def test_median_days_to_act_of_an_even_number(worker: User, lead: User) -> None:
    for days in (1, 2, 4, 9):
        _flag(worker, days_to_act=days, status=Status.CONTACTED)
    assert _only(team_figures(user=lead)).median_days == Decimal("3.0")


def test_median_counts_parts_of_days(worker: User, lead: User) -> None:
    _flag(worker, days_to_act=0.5, status=Status.CONTACTED)
    assert _only(team_figures(user=lead)).median_days == Decimal("0.5")


def test_no_median_without_an_action(worker: User, lead: User) -> None:
    _flag(worker)
    assert _only(team_figures(user=lead)).median_days is None


def test_counts_the_types_of_non_take_up(worker: User, lead: User) -> None:
    _flag(worker, non_take_up_type="unknown")
    _flag(worker, non_take_up_type="unknown")
    _flag(worker, non_take_up_type="excluded")
    types = _only(team_figures(user=lead)).types
    assert types == {
        "unknown": 2,
        "not_requested": 0,
        "requested_not_received": 0,
        "not_offered": 0,
        "excluded": 1,
    }


def test_one_row_per_team_and_right(worker: User, lead: User) -> None:
    other_team = WijkteamFactory.create(name="Heule")
    lead.memberships.create(role="team_lead", team=other_team, starts_on=dt.date(2024, 1, 1))
    _flag(worker)
    _flag(worker, right_code="schooltoeslag")
    _flag(social_worker(other_team))
    rows = team_figures(user=lead)
    assert sorted((r.team_name, r.detected) for r in rows) == [
        ("Centrum", 1),
        ("Centrum", 1),
        ("Heule", 1),
    ]


def test_only_the_teams_the_user_leads(worker: User, lead: User) -> None:
    _flag(social_worker(WijkteamFactory.create(name="Heule")))
    assert team_figures(user=lead) == []


def test_a_social_worker_has_no_figures(worker: User) -> None:
    _flag(worker)
    assert team_figures(user=worker) == []


def test_one_team_of_the_lead_only_when_asked(worker: User, lead: User, team: Wijkteam) -> None:
    other_team = WijkteamFactory.create(name="Heule")
    lead.memberships.create(role="team_lead", team=other_team, starts_on=dt.date(2024, 1, 1))
    _flag(worker)
    _flag(social_worker(other_team))
    assert _only(team_figures(user=lead, team_id=team.pk)).team_name == "Centrum"


def test_a_team_the_user_does_not_lead_gives_nothing(worker: User, lead: User) -> None:
    other_team = WijkteamFactory.create(name="Heule")
    _flag(social_worker(other_team))
    assert team_figures(user=lead, team_id=other_team.pk) == []


def test_the_period_counts_flags_detected_in_it(worker: User, lead: User) -> None:
    flag_for(client_of(worker), opened_at=NOW - dt.timedelta(days=40))
    _flag(worker)
    since = timezone.localdate() - dt.timedelta(days=20)
    assert _only(team_figures(user=lead, opened_from=since)).detected == 1


def test_totals_per_right_add_up_the_teams(worker: User, lead: User) -> None:
    other_team = WijkteamFactory.create(name="Heule")
    lead.memberships.create(role="team_lead", team=other_team, starts_on=dt.date(2024, 1, 1))
    _flag(worker, days_to_act=1, status=Status.GRANTED, non_take_up_type="unknown")
    _flag(social_worker(other_team), non_take_up_type="unknown")
    total = _only(figures_per_right(team_figures(user=lead)))
    assert (total.detected, total.acted_on, total.granted, total.types["unknown"]) == (2, 1, 1, 2)


@pytest.mark.parametrize("size", [2, 30])
def test_figures_take_a_fixed_number_of_queries(
    worker: User, lead: User, size: int, django_assert_num_queries: Any
) -> None:
    for n in range(size):
        _flag(worker, days_to_act=n % 4, right_code="schooltoeslag" if n % 3 else "test_recht")
    # roles, the counts per team and right, the durations for the medians
    with django_assert_num_queries(3):
        team_figures(user=lead)


# --- the page and the CSV -----------------------------------------------------------------


def test_page_shows_the_figures_and_the_chart_data(
    client: HttpClient, worker: User, lead: User
) -> None:
    _flag(worker, days_to_act=2, status=Status.GRANTED, right_code="test_recht")
    response = login(client, lead).get(reverse("rights:figures"))
    assert response.status_code == 200
    chart = response.context["chart"]
    assert chart["labels"] == ["Test recht"]
    assert [d["data"] for d in chart["datasets"]] == [[1], [1], [1], [0]]
    html = response.content.decode()
    assert 'id="non-take-up-chart-data"' in html
    # The one chart initialiser draws it from the canvas' data attributes.
    assert 'data-chart="bar" data-chart-data="non-take-up-chart-data"' in html
    assert 'src="/static/js/charts.js" defer' in html


def test_page_takes_a_fixed_number_of_queries(
    client: HttpClient, worker: User, lead: User, django_assert_num_queries: Any
) -> None:
    for n in range(12):
        _flag(worker, days_to_act=n, right_code=f"recht_{n % 3}")
    login(client, lead)
    # session, user, roles, the led teams, the counts, the durations
    with django_assert_num_queries(6):
        client.get(reverse("rights:figures"))


def test_page_refuses_a_period_that_ends_before_it_starts(client: HttpClient, lead: User) -> None:
    response = login(client, lead).get(
        reverse("rights:figures"), {"opened_from": "2025-05-01", "opened_to": "2025-04-01"}
    )
    assert response.context["form"].errors["opened_to"]


def _csv(response: Any) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return [line.split(";") for line in text.removeprefix("\ufeff").splitlines()]


def test_csv_has_a_bom_semicolons_and_a_row_per_team_and_right(
    client: HttpClient, worker: User, lead: User
) -> None:
    _flag(worker, days_to_act=1, status=Status.GRANTED, right_code="test_recht")
    _flag(worker, days_to_act=2, status=Status.CONTACTED, right_code="test_recht")
    response = login(client, lead).get(reverse("rights:figures_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *rows = _csv(response)
    assert len(header) == 15
    assert rows == [
        [
            "Centrum",
            "Test recht",
            "2",
            "2",
            "1",
            "0",
            "0,00",
            "0,00",
            "0,00",
            "1,5",
            "0",
            "0",
            "0",
            "0",
            "0",
        ]
    ]


def test_the_estimated_value_found_applied_for_and_granted(worker: User, lead: User) -> None:
    _flag(worker, estimated_yearly_value=D("240.00"))
    _flag(worker, status=Status.APPLIED, estimated_yearly_value=D("600.00"))
    _flag(worker, status=Status.GRANTED, estimated_yearly_value=D("1200.50"))
    _flag(worker, status=Status.DISMISSED, estimated_yearly_value=D("99.00"))
    _flag(worker)  # no estimate: adds nothing
    row = _only(team_figures(user=lead))
    assert (row.value_detected, row.value_applied, row.value_granted) == (
        D("2139.50"),
        D("1800.50"),
        D("1200.50"),
    )


def test_the_csv_gives_the_values_in_belgian_notation(
    client: HttpClient, worker: User, lead: User
) -> None:
    _flag(worker, status=Status.GRANTED, estimated_yearly_value=D("1200.50"))
    header, row = _csv(login(client, lead).get(reverse("rights:figures_csv")))
    assert header[6:9] == ["Gevonden waarde", "Waarde aangevraagd", "Waarde toegekend"]
    assert row[6:9] == ["1200,50", "1200,50", "1200,50"]


def test_csv_follows_the_filters(client: HttpClient, worker: User, lead: User) -> None:
    flag_for(client_of(worker), opened_at=NOW - dt.timedelta(days=40))
    response = login(client, lead).get(
        reverse("rights:figures_csv"),
        {"opened_from": (timezone.localdate() - dt.timedelta(days=5)).isoformat()},
    )
    assert _csv(response)[1:] == []


def test_csv_keeps_a_name_from_being_read_as_a_formula(
    client: HttpClient, worker: User, lead: User, team: Wijkteam
) -> None:
    team.name = "=SUM(A1)"
    team.save()
    _flag(worker)
    rows = _csv(login(client, lead).get(reverse("rights:figures_csv")))
    assert rows[1][0] == "'=SUM(A1)"
