"""`client_file_get`: the scoped client and its open assignment in one query, the same as
`client_get` and `current_assignment` one after the other."""

import datetime as dt
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from clients.models import Client
from clients.selectors import client_file_get, client_get, current_assignment
from tests.factories import (
    AssignmentFactory,
    ClientFactory,
    WijkteamFactory,
    client_of,
    social_worker,
)
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.django_db


def _both_ways(user: User, pk: int) -> None:
    client, assignment = client_file_get(user=user, pk=pk)
    expected = client_get(user=user, pk=pk)
    assert client == expected
    assert client.team == expected.team
    assert client.household_confirmed_by == expected.household_confirmed_by
    open_one = current_assignment(expected)
    assert assignment == open_one
    if open_one is not None:
        assert assignment is not None
        assert assignment.worker == open_one.worker
        assert assignment.started_at == open_one.started_at


def test_with_the_open_assignment_not_an_ended_one(
    worker: User, lead: User, team: Wijkteam, django_assert_num_queries: Any
) -> None:
    client = client_of(worker)
    # An earlier worker's ended assignment is no part of it.
    colleague = social_worker(team)
    earlier = timezone.now() - dt.timedelta(days=30)
    AssignmentFactory.create(
        client=client,
        worker=colleague,
        assigned_by=lead,
        started_at=earlier,
        ended_at=earlier + dt.timedelta(days=1),
    )
    for user in (worker, lead, colleague):
        _both_ways(user, client.pk)
    with django_assert_num_queries(2):  # the user's roles, then the client with its assignment
        _client, assignment = client_file_get(user=worker, pk=client.pk)
        assert assignment is not None
        assert assignment.worker == worker


def test_a_file_without_a_worker(lead: User, worker: User, team: Wijkteam) -> None:
    client = ClientFactory.create(team=team, household_confirmed_by=lead)
    for user in (lead, worker):
        _both_ways(user, client.pk)
        assert client_file_get(user=user, pk=client.pk)[1] is None


def test_a_client_out_of_sight_is_a_404(worker: User) -> None:
    elsewhere = client_of(social_worker(WijkteamFactory.create(name="Heule")))
    with pytest.raises(Http404):
        client_file_get(user=worker, pk=elsewhere.pk)
    with pytest.raises(Http404):
        client_file_get(user=worker, pk=max(Client.objects.values_list("pk", flat=True)) + 1)
