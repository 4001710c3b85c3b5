"""The trajectories' timelines (clients.selectors.trajectories_for): the newest lines of each
trajectory read with one plain query, and the sliced prefetch only for the trajectories a long
timeline crowded out of it; the same lines as the sliced prefetch in every case."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.models import Prefetch, prefetch_related_objects
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients.models import Client, JournalEntry, Trajectory, TrajectoryEvent
from clients.selectors import TIMELINE_LENGTH, journal_for, prefetched_timeline, trajectories_for
from tests.conftest import TODAY
from tests.factories import JournalEntryFactory, TrajectoryFactory, client_of
from wijkteams.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


@pytest.fixture
def client_file(worker: User) -> Client:
    return client_of(worker, first_name="Fatima", last_name="El Amrani")


def _trajectory(client: Client, worker: User, days_ago: int) -> Trajectory:
    return TrajectoryFactory.create(
        client=client,
        kind=Trajectory.Kind.ACTIVATION,
        opened_on=TODAY - dt.timedelta(days=days_ago),
        created_by=worker,
    )


def _events(t: Trajectory, worker: User, hours_ago: range) -> None:
    now = timezone.now()
    TrajectoryEvent.objects.bulk_create(
        TrajectoryEvent(
            trajectory=t, at=now - dt.timedelta(hours=h), actor=worker, description=f"{t.pk}:{h}"
        )
        for h in hours_ago
    )


def _entries(client: Client, t: Trajectory, worker: User, days_ago: range, **fields: Any) -> None:
    for d in days_ago:
        JournalEntryFactory.create(
            client=client,
            trajectory=t,
            author=worker,
            occurred_on=TODAY - dt.timedelta(days=d),
            text=f"{t.pk}:{d}",
            **fields,
        )


def _as_the_sliced_prefetch(worker: User, client: Client) -> dict[int, tuple[list[int], list[int]]]:
    """Each trajectory's events and journal entries (ids) as the sliced prefetch reads them."""
    trajectories = list(Trajectory.objects.filter(client=client))
    prefetch_related_objects(
        trajectories,
        Prefetch(
            "events",
            queryset=TrajectoryEvent.objects.order_by("-at", "-pk")[:TIMELINE_LENGTH],
            to_attr="events_sliced",
        ),
        Prefetch(
            "journal",
            queryset=journal_for(user=worker, client=client).order_by("-occurred_on", "-pk")[
                :TIMELINE_LENGTH
            ],
            to_attr="journal_sliced",
        ),
    )
    return {
        t.pk: ([e.pk for e in t.events_sliced], [j.pk for j in t.journal_sliced])  # type: ignore[attr-defined]
        for t in trajectories
    }


def _read(worker: User, client: Client) -> tuple[dict[int, tuple[list[int], list[int]]], int]:
    with CaptureQueriesContext(connection) as queries:
        # As the tab asks: it knows the worker reads health notes.
        trajectories = trajectories_for(user=worker, client=client, confidential_readable=True)
        lines = {}
        for t in trajectories:
            events, journal = prefetched_timeline(t)
            # Each line knows its trajectory without a query, as with the prefetch.
            assert all(event.trajectory is t for event in events)
            assert all(entry.trajectory is t for entry in journal)
            lines[t.pk] = ([e.pk for e in events], [j.pk for j in journal])
    return lines, len(queries)


def test_short_timelines_come_in_one_query_each(worker: User, client_file: Client) -> None:
    first, second = _trajectory(client_file, worker, 40), _trajectory(client_file, worker, 10)
    _events(first, worker, range(0, 10))
    _events(second, worker, range(5, 8))
    _entries(client_file, first, worker, range(1, 4))
    lines, queries = _read(worker, client_file)
    assert lines == _as_the_sliced_prefetch(worker, client_file)
    assert len(lines[first.pk][0]) == 10
    assert lines[second.pk][1] == []
    # trajectories, steps, debts, events, journal entries
    assert queries == 5


def test_a_long_timeline_does_not_crowd_out_another(worker: User, client_file: Client) -> None:
    busy, quiet = _trajectory(client_file, worker, 400), _trajectory(client_file, worker, 10)
    # The busy one's lines are all newer than the quiet one's: the plain query's rows (30 per
    # trajectory on the page, 60 here) are all the busy one's.
    _events(busy, worker, range(0, 2 * TIMELINE_LENGTH + 5))
    _events(quiet, worker, range(500, 503))
    _entries(client_file, busy, worker, range(0, 2 * TIMELINE_LENGTH + 5))
    _entries(client_file, quiet, worker, range(300, 302))
    lines, queries = _read(worker, client_file)
    assert lines == _as_the_sliced_prefetch(worker, client_file)
    assert len(lines[busy.pk][0]) == len(lines[busy.pk][1]) == TIMELINE_LENGTH
    assert (len(lines[quiet.pk][0]), len(lines[quiet.pk][1])) == (3, 2)
    # the five above, and the sliced prefetch of the quiet one's events and its journal
    assert queries == 7


def test_a_timeline_of_exactly_the_length_is_whole(worker: User, client_file: Client) -> None:
    # Every row read and every trajectory with TIMELINE_LENGTH of them: no second query.
    only = _trajectory(client_file, worker, 40)
    _events(only, worker, range(0, TIMELINE_LENGTH))
    _entries(client_file, only, worker, range(0, TIMELINE_LENGTH + 3))
    lines, queries = _read(worker, client_file)
    assert lines == _as_the_sliced_prefetch(worker, client_file)
    assert queries == 5


def test_health_notes_stay_out_of_a_colleagues_timeline_either_way(
    worker: User, client_file: Client
) -> None:
    busy, quiet = _trajectory(client_file, worker, 400), _trajectory(client_file, worker, 10)
    _entries(client_file, busy, worker, range(0, 2 * TIMELINE_LENGTH + 5))
    _entries(client_file, quiet, worker, range(300, 302), confidential=True)
    _entries(client_file, quiet, worker, range(310, 311))
    for readable, expected in ((True, 3), (False, 1)):
        (loaded_quiet, _busy) = trajectories_for(
            user=worker, client=client_file, confidential_readable=readable
        )
        journal: list[JournalEntry] = prefetched_timeline(loaded_quiet)[1]
        assert len(journal) == expected
        assert readable or not any(entry.confidential for entry in journal)
