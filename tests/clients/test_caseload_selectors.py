"""Caseload and search reads at scale: closed files do not count, files without a worker count
for no one, the team figures are read from the counts the database keeps, and the search
matches word by word."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from clients.models import Assignment, Client, JournalEntry, Trajectory
from clients.selectors import (
    Caseload,
    client_search,
    clients_assigned_to,
    clients_visible_to,
    my_clients,
    open_follow_ups,
    open_trajectory_counts,
    team_caseload,
    worker_caseload_clients,
)
from tests.conftest import TODAY
from tests.factories import (
    AssignmentFactory,
    ClientFactory,
    JournalEntryFactory,
    TrajectoryFactory,
    WijkteamFactory,
    client_of,
    social_worker,
)
from wijkteams.models import User, Wijkteam

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


def _trajectory(client: Client, worker: User, kind: str = Trajectory.Kind.INTAKE) -> Trajectory:
    return TrajectoryFactory.create(
        client=client,
        kind=kind,
        status=Trajectory.Status.ACTIVE,
        opened_on=TODAY - dt.timedelta(days=30),
        created_by=worker,
    )


def _follow_up(client: Client, worker: User) -> JournalEntry:
    return JournalEntryFactory.create(
        client=client,
        author=worker,
        occurred_on=TODAY - dt.timedelta(days=10),
        kind=JournalEntry.Kind.PHONE,
        text="Terugbellen",
        follow_up_on=TODAY - dt.timedelta(days=1),
    )


def _closed_file_with_work(worker: User) -> Client:
    closed = client_of(worker, last_name="Gesloten", closed_on=TODAY - dt.timedelta(days=5))
    _trajectory(closed, worker)
    _follow_up(closed, worker)
    return closed


def _row(rows: list[Caseload], worker: User) -> Caseload:
    return next(row for row in rows if row.pk == worker.pk)


def test_own_files_are_the_visible_files_assigned_to_the_worker(
    worker: User, team: Wijkteam
) -> None:
    mine = client_of(worker)
    client_of(social_worker(team))  # a colleague's: visible, not mine
    elsewhere = client_of(worker, team=WijkteamFactory.create(name="Heule"))  # mine, other team
    visible_and_mine = clients_visible_to(worker).filter(
        assignments__worker=worker, assignments__ended_at__isnull=True
    )
    assert set(clients_assigned_to(worker)) == set(visible_and_mine) == {mine, elsewhere}


def test_a_lead_who_is_no_social_worker_has_no_own_files(lead: User) -> None:
    client_of(lead)
    assert list(clients_assigned_to(lead)) == []


def test_closed_files_leave_the_workers_own_caseload(worker: User) -> None:
    _closed_file_with_work(worker)
    open_file = client_of(worker, last_name="Open")
    _trajectory(open_file, worker)
    assert list(my_clients(user=worker)) == [open_file]
    assert open_trajectory_counts(user=worker)[Trajectory.Kind.INTAKE] == 1
    assert list(open_follow_ups(user=worker)) == []


def test_closed_files_do_not_count_on_the_team_page(lead: User, worker: User) -> None:
    _closed_file_with_work(worker)
    row = _row(team_caseload(user=lead), worker)
    assert (row.client_count, row.intake_count, row.overdue_count) == (0, 0, 0)
    assert list(worker_caseload_clients(user=lead, worker_id=worker.pk)) == []


def test_a_file_without_a_worker_counts_for_no_one(
    lead: User, worker: User, team: Wijkteam
) -> None:
    orphan = ClientFactory.create(team=team)
    _trajectory(orphan, worker)
    rows = team_caseload(user=lead)
    assert [row.pk for row in rows] == [worker.pk]
    assert rows[0].client_count == 0


def test_only_the_open_assignment_decides_whose_file_it_is(
    lead: User, worker: User, team: Wijkteam
) -> None:
    colleague = social_worker(team)
    moved = client_of(worker)
    _trajectory(moved, worker, Trajectory.Kind.DEBT_HELP)
    Assignment.objects.filter(client=moved).update(ended_at=timezone.now())
    AssignmentFactory.create(
        client=moved, worker=colleague, started_at=timezone.now(), assigned_by=lead
    )
    rows = team_caseload(user=lead)
    assert (_row(rows, worker).client_count, _row(rows, worker).debt_help_count) == (0, 0)
    assert (_row(rows, colleague).client_count, _row(rows, colleague).debt_help_count) == (1, 1)


def test_team_rows_carry_the_workers_teams_in_name_order(lead: User, worker: User) -> None:
    rows = team_caseload(user=lead)
    assert rows[0].team_names == ["Centrum"]
    assert rows[0].team_name == "Centrum"
    assert rows[0].in_team
    assert str(rows[0]) == str(worker)


@pytest.mark.parametrize("size", [3, 24])
def test_team_caseload_takes_the_same_queries_whatever_the_numbers(
    lead: User, team: Wijkteam, size: int, django_assert_num_queries: Any
) -> None:
    workers = [social_worker(team) for _ in range(size // 3)]
    for n in range(size):
        theirs = client_of(workers[n % len(workers)])
        _trajectory(theirs, workers[0], Trajectory.Kind.ACTIVATION)
        _follow_up(theirs, workers[0])
    with django_assert_num_queries(4):  # roles, the kept figures, the follow-ups due, the workers
        rows = team_caseload(user=lead)
    assert sum(row.client_count for row in rows) == size
    assert sum(row.activation_count for row in rows) == size
    assert sum(row.overdue_count for row in rows) == size


# --- search ---------------------------------------------------------------------------------


def _names(user: User, query: str) -> list[str]:
    return [f"{c.first_name} {c.last_name}" for c in client_search(user=user, query=query)]


def test_search_words_may_match_different_fields(worker: User) -> None:
    client_of(worker, first_name="Fatima", last_name="El Amrani", street="Budastraat")
    client_of(worker, first_name="Karel", last_name="Budaert", street="Overleiestraat")
    assert _names(worker, "fatima buda") == ["Fatima El Amrani"]
    assert _names(worker, "el amrani") == ["Fatima El Amrani"]
    assert _names(worker, "BUDA") == ["Karel Budaert", "Fatima El Amrani"]


def test_search_word_never_spans_two_fields(worker: User) -> None:
    client_of(worker, first_name="An", last_name="Tack", street="Veldstraat")
    assert _names(worker, "antack") == []
    assert _names(worker, "tackveld") == []


def test_search_by_municipality_and_postcode_start(worker: User) -> None:
    client_of(worker, first_name="Piet", last_name="Peeters", postcode="8501", municipality="Heule")
    client_of(worker, first_name="Jan", last_name="Claes", postcode="8500", municipality="Kortrijk")
    assert _names(worker, "heule") == ["Piet Peeters"]
    assert _names(worker, "850") == ["Jan Claes", "Piet Peeters"]
    assert _names(worker, "8501 piet") == ["Piet Peeters"]
    assert _names(worker, "501") == []  # a postcode only matches from its start


def test_search_sorts_by_last_then_first_name(worker: User) -> None:
    for first, last in [("Zoë", "Aerts"), ("Bart", "Maes"), ("An", "Maes"), ("Els", "Aerts")]:
        client_of(worker, first_name=first, last_name=last, street="Lange Munte")
    assert _names(worker, "munte") == ["Els Aerts", "Zoë Aerts", "An Maes", "Bart Maes"]


def test_search_finds_nothing_outside_the_visible_files(worker: User) -> None:
    stranger = social_worker(WijkteamFactory.create(name="Heule"))
    client_of(stranger, last_name="Verborgen")
    assert _names(worker, "verborgen") == []
