"""`client_is_led_by` and `client_is_assigned_to`: the one place that says who leads a client's
team and who is the client's social worker, read by the views, services and templates."""

import datetime as dt

import pytest
from django.utils import timezone

from clients.models import Assignment
from clients.selectors import client_is_assigned_to, client_is_led_by
from tests.factories import (
    ClientFactory,
    MembershipFactory,
    UserFactory,
    WijkteamFactory,
    client_of,
    social_worker,
    team_lead,
)
from wijkteams.models import Membership

pytestmark = pytest.mark.django_db


def test_the_lead_of_the_clients_team_leads_the_client() -> None:
    team = WijkteamFactory.create()
    assert client_is_led_by(team_lead(team), ClientFactory.create(team=team))


def test_the_lead_of_another_team_does_not() -> None:
    client = ClientFactory.create(team=WijkteamFactory.create())
    assert not client_is_led_by(team_lead(WijkteamFactory.create()), client)


def test_a_social_worker_of_the_team_does_not() -> None:
    team = WijkteamFactory.create()
    assert not client_is_led_by(social_worker(team), ClientFactory.create(team=team))


def test_a_former_lead_whose_membership_ended_does_not() -> None:
    team = WijkteamFactory.create()
    former = UserFactory.create()
    MembershipFactory.create(
        user=former,
        team=team,
        role=Membership.Role.TEAM_LEAD,
        ends_on=timezone.localdate() - dt.timedelta(days=1),
    )
    assert not client_is_led_by(former, ClientFactory.create(team=team))


def test_a_client_without_a_team_is_led_by_no_one() -> None:
    lead = team_lead(WijkteamFactory.create())
    assert not client_is_led_by(lead, ClientFactory.create(team=None))


def test_the_assigned_worker_is_assigned_and_a_colleague_is_not() -> None:
    team = WijkteamFactory.create()
    worker = social_worker(team)
    client = client_of(worker)
    assert client_is_assigned_to(worker, client)
    assert not client_is_assigned_to(social_worker(team), client)


def test_an_ended_assignment_no_longer_counts() -> None:
    worker = social_worker(WijkteamFactory.create())
    client = client_of(worker)
    Assignment.objects.filter(client=client).update(ended_at=timezone.now())
    assert not client_is_assigned_to(worker, client)
