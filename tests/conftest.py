import datetime as dt
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from core.sessions import start_session_clocks
from tests.factories import PASSWORD, WijkteamFactory, administrator, social_worker, team_lead
from wijkteams.models import User, Wijkteam

# Every test fails when one of its log records carries a national register number; pytester
# runs the guard's own tests.
pytest_plugins = ["tests.log_guard", "pytester"]

# The day a test asking for `today` runs on, whatever the real date: a Monday in the middle of
# a month, so "this month", "this week" and "30 days ago" need no care at the edges.
TODAY = dt.date(2026, 3, 16)
NOW = dt.datetime(2026, 3, 16, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _dutch() -> None:
    # Every test starts in the interface language users get by default.
    translation.activate("nl-be")


@pytest.fixture(autouse=True)
def _rights_read_afresh() -> None:
    # The scan's batches keep the rights in force they last read (rights.scan.reads): a test
    # starts without, since a rolled-back test may leave ids and times that this one repeats.
    from rights.scan.reads import rights_in_force_forget

    rights_in_force_forget()


@pytest.fixture
def today(time_machine: Any) -> dt.date:
    """`TODAY`, made today: the clock moves to 10:00 UTC on it and runs on from there."""
    time_machine.move_to(NOW)
    return TODAY


@pytest.fixture
def team(db: None) -> Wijkteam:
    return WijkteamFactory.create(name="Centrum")


@pytest.fixture
def worker(team: Wijkteam) -> User:
    return social_worker(team, username="ma.test")


@pytest.fixture
def lead(team: Wijkteam) -> User:
    return team_lead(team, username="lead.test")


@pytest.fixture
def admin_user(db: None) -> User:
    return administrator(username="beheer.test")


def login(client: Client, user: User) -> Client:
    # django-axes checks every authentication against its lockout list, which needs a request.
    request = RequestFactory().post("/aanmelden/")
    assert client.login(request=request, username=user.username, password=PASSWORD)
    # What a login through the form also stores, in the same save; without it the first request
    # would write it and every query count would be off by that write.
    session = client.session
    start_session_clocks(session)
    session.save()
    return client
