import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from core.sessions import start_session_clocks
from tests.factories import PASSWORD, WijkteamFactory, administrator, social_worker, team_lead
from wijkteams.models import User, Wijkteam

# Every test fails when one of its log records carries a national register number; pytester
# runs the guard's own tests.
pytest_plugins = ["tests.log_guard", "pytester"]


@pytest.fixture(autouse=True)
def _dutch() -> None:
    # Every test starts in the interface language users get by default.
    translation.activate("nl-be")


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
