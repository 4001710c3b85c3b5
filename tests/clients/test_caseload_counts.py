"""The team page's figures kept by database triggers (clients/caseload_counts.py): after every
kind of write, by whatever code, they equal the figures counted afresh from the files. Runs on
SQLite and on PostgreSQL (whose AFTER row triggers fire at the end of each statement)."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from clients import caseload_counts
from clients.models import (
    Assignment,
    CaseloadCount,
    Client,
    FollowUpCount,
    JournalEntry,
    Trajectory,
)
from clients.selectors import OPEN_TRAJECTORY_STATUSES
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

OPEN = [Trajectory.Status.OPEN, Trajectory.Status.ACTIVE]
Figures = dict[tuple[int, int], tuple[int, int, int, int]]
FollowUps = dict[tuple[int, int, dt.date], int]
City = tuple[Wijkteam, Wijkteam, User, User, User]


def _kept() -> tuple[Figures, FollowUps]:
    """What the triggers keep, zero rows left out."""
    figures = {
        (c.team_id, c.worker_id): (c.files, c.intake, c.debt_help, c.activation)
        for c in CaseloadCount.objects.all()
        if (c.files, c.intake, c.debt_help, c.activation) != (0, 0, 0, 0)
    }
    follow_ups = {
        (f.team_id, f.worker_id, f.due_on): f.entries
        for f in FollowUpCount.objects.all()
        if f.entries
    }
    return figures, follow_ups


def _counted() -> tuple[Figures, FollowUps]:
    """The same figures counted from the files in Python, the plain way."""
    owner: dict[int, tuple[int, int]] = {}
    for assignment in Assignment.objects.filter(ended_at__isnull=True).select_related("client"):
        client = assignment.client
        if client.closed_on is None:
            owner[client.pk] = (client.team_id or caseload_counts.NO_TEAM, assignment.worker_id)
    files = Counter(owner.values())
    kinds: Counter[tuple[int, int, str]] = Counter()
    for trajectory in Trajectory.objects.filter(status__in=OPEN, client_id__in=owner):
        kinds[(*owner[trajectory.client_id], trajectory.kind)] += 1
    figures = {
        key: (
            files[key],
            kinds[(*key, Trajectory.Kind.INTAKE)],
            kinds[(*key, Trajectory.Kind.DEBT_HELP)],
            kinds[(*key, Trajectory.Kind.ACTIVATION)],
        )
        for key in files
    }
    follow_ups: Counter[tuple[int, int, dt.date]] = Counter()
    for entry in JournalEntry.objects.filter(
        client_id__in=owner, follow_up_on__isnull=False, follow_up_done_at__isnull=True
    ):
        assert entry.follow_up_on is not None
        follow_ups[(*owner[entry.client_id], entry.follow_up_on)] += 1
    return figures, dict(follow_ups)


def _assert_kept() -> None:
    kept = _kept()
    assert kept == _counted()
    # And the rebuild, the repair, finds the same.
    caseload_counts.rebuild(connection)
    assert _kept() == kept


def _trajectory(client: Client, worker: User, kind: str, status: str = "active") -> Trajectory:
    closed_on = TODAY if status == Trajectory.Status.CLOSED else None
    return TrajectoryFactory.create(
        client=client,
        kind=kind,
        status=status,
        opened_on=TODAY,
        closed_on=closed_on,
        created_by=worker,
    )


def _follow_up(client: Client, worker: User, days_ago: int = 1) -> JournalEntry:
    return JournalEntryFactory.create(
        client=client,
        author=worker,
        occurred_on=TODAY - dt.timedelta(days=10),
        kind=JournalEntry.Kind.PHONE,
        text="Terugbellen",
        follow_up_on=TODAY - dt.timedelta(days=days_ago),
    )


@pytest.fixture
def city() -> City:
    north, south = WijkteamFactory.create(name="Noord"), WijkteamFactory.create(name="Zuid")
    return north, south, social_worker(north), social_worker(north), social_worker(south)


def test_kind_columns_are_the_trajectory_kinds() -> None:
    assert list(caseload_counts.KIND_COLUMNS) == list(Trajectory.Kind.values)
    # The triggers count the statuses the selectors call open.
    assert (
        "({})".format(", ".join(f"'{status}'" for status in OPEN_TRAJECTORY_STATUSES))
        == caseload_counts.OPEN_STATUSES
    )


def test_new_files_trajectories_and_follow_ups_count_for_team_and_worker(city: City) -> None:
    north, _south, anna, _bert, _carla = city
    client = client_of(anna)
    _trajectory(client, anna, Trajectory.Kind.INTAKE)
    _trajectory(client, anna, Trajectory.Kind.DEBT_HELP, status="open")
    _trajectory(client, anna, Trajectory.Kind.ACTIVATION, status="closed")
    _follow_up(client, anna)
    _follow_up(client, anna)
    JournalEntryFactory.create(
        client=client, author=anna, occurred_on=TODAY, kind=JournalEntry.Kind.NOTE, text="x"
    )
    figures, follow_ups = _kept()
    assert figures == {(north.pk, anna.pk): (1, 1, 1, 0)}
    assert follow_ups == {(north.pk, anna.pk, TODAY - dt.timedelta(days=1)): 2}
    _assert_kept()


def test_a_transfer_moves_everything_of_the_file(city: City) -> None:
    north, _south, anna, bert, _carla = city
    client = client_of(anna)
    _trajectory(client, anna, Trajectory.Kind.INTAKE)
    _follow_up(client, anna)
    Assignment.objects.filter(client=client, ended_at__isnull=True).update(ended_at=timezone.now())
    AssignmentFactory.create(
        client=client, worker=bert, started_at=timezone.now(), assigned_by=anna
    )
    figures, follow_ups = _kept()
    assert figures == {(north.pk, bert.pk): (1, 1, 0, 0)}
    assert list(follow_ups) == [(north.pk, bert.pk, TODAY - dt.timedelta(days=1))]
    _assert_kept()


def test_closing_reopening_moving_and_deleting_files(city: City) -> None:
    north, south, anna, _bert, carla = city
    first, second = client_of(anna), client_of(anna)
    for client in (first, second):
        _trajectory(client, anna, Trajectory.Kind.ACTIVATION)
        _follow_up(client, anna, days_ago=3)
    Client.objects.filter(pk=first.pk).update(closed_on=TODAY)
    assert _kept()[0] == {(north.pk, anna.pk): (1, 0, 0, 1)}
    _assert_kept()
    Client.objects.filter(pk=first.pk).update(closed_on=None)
    assert _kept()[0] == {(north.pk, anna.pk): (2, 0, 0, 2)}
    # A team lead moves the second file to the south team; it keeps its worker.
    Client.objects.filter(pk=second.pk).update(team=south)
    assert _kept()[0] == {(north.pk, anna.pk): (1, 0, 0, 1), (south.pk, anna.pk): (1, 0, 0, 1)}
    _assert_kept()
    # Both files in one statement. A file without a team counts under team 0, which is no
    # team's: the worker's own totals include it, no team page shows it.
    Client.objects.filter(pk__in=[first.pk, second.pk]).update(team=None)
    assert _kept()[0] == {(caseload_counts.NO_TEAM, anna.pk): (2, 0, 0, 2)}
    _assert_kept()
    Client.objects.filter(pk__in=[first.pk, second.pk]).update(team=north)
    _assert_kept()
    client_of(carla).delete()
    first.delete()
    assert _kept()[0] == {(north.pk, anna.pk): (1, 0, 0, 1)}
    _assert_kept()


def test_trajectory_and_follow_up_changes_many_rows_at_once(city: City) -> None:
    north, _south, anna, _bert, _carla = city
    client = client_of(anna)
    Trajectory.objects.bulk_create(
        Trajectory(client=client, kind=kind, status="open", opened_on=TODAY, created_by=anna)
        for kind in ["intake", "intake", "debt_help", "activation"]
    )
    JournalEntry.objects.bulk_create(
        JournalEntry(
            client=client,
            author=anna,
            occurred_on=TODAY,
            kind=JournalEntry.Kind.PHONE,
            text="Bellen",
            follow_up_on=TODAY - dt.timedelta(days=n % 2),
        )
        for n in range(4)
    )
    _assert_kept()
    # One statement over several rows of one file: each row counts once.
    Trajectory.objects.filter(client=client, kind="intake").update(status="closed", closed_on=TODAY)
    Trajectory.objects.filter(client=client, kind="debt_help").update(kind="activation")
    assert _kept()[0] == {(north.pk, anna.pk): (1, 0, 0, 2)}
    JournalEntry.objects.filter(client=client).update(follow_up_on=TODAY)
    assert _kept()[1] == {(north.pk, anna.pk, TODAY): 4}
    JournalEntry.objects.filter(client=client)[:1].get().delete()
    done = JournalEntry.objects.filter(client=client).first()
    assert done is not None
    done.follow_up_done_at = timezone.now()
    done.save()
    assert _kept()[1] == {(north.pk, anna.pk, TODAY): 2}
    Trajectory.objects.filter(client=client).delete()
    _assert_kept()


def test_files_without_an_open_assignment_count_for_no_one(city: City) -> None:
    north, _south, anna, _bert, _carla = city
    loose = ClientFactory.create(team=north)
    _trajectory(loose, anna, Trajectory.Kind.INTAKE)
    _follow_up(loose, anna)
    assert _kept() == ({}, {})
    assignment = AssignmentFactory.create(
        client=loose, worker=anna, started_at=timezone.now(), assigned_by=anna
    )
    assert _kept()[0] == {(north.pk, anna.pk): (1, 1, 0, 0)}
    assignment.delete()
    assert _kept() == ({}, {})
    _assert_kept()


def test_the_triggers_are_installed_after_all_migrations() -> None:
    """SQLite drops a table's triggers when a later migration rebuilds the table."""
    names = {name for _table, _event, name, _sql in caseload_counts._triggers()}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    assert names <= present
    assert len(names) == 11


def test_recount_command_checks_and_repairs(city: City) -> None:
    north, _south, anna, _bert, _carla = city
    client_of(anna)
    CaseloadCount.objects.filter(team=north, worker=anna).update(files=7)  # drifted
    with pytest.raises(CommandError, match="1 caseload figures differ"):
        call_command("recount_caseloads", "--check")
    assert CaseloadCount.objects.get(team=north, worker=anna).files == 7  # a check changes nothing
    out = StringIO()
    call_command("recount_caseloads", stdout=out)
    assert "(1 differed)" in out.getvalue()
    assert CaseloadCount.objects.get(team=north, worker=anna).files == 1
    out = StringIO()
    call_command("recount_caseloads", "--check", stdout=out)
    assert "match the files" in out.getvalue()
