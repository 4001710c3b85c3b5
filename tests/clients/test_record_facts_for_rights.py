"""The two facts of the client record that only the non-take-up rules read: the day a homeless
client moved into a home (installation premium) and the recognised reduced self-reliance in
points (Flemish care budgets). Edited on the record, shown on the overview, checked by shape,
empty meaning "not known"."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from clients.models import Client
from rights.facts import facts_for
from tests.clients.test_overview_views import (  # the record and its edit form
    _edit,
    _edit_data,
    _page,
    client_file,
    routed,
)
from tests.conftest import login
from wijkteams.models import User

pytestmark = pytest.mark.django_db

__all__ = ["client_file", "routed"]  # fixtures used by name


def test_both_facts_are_saved_shown_and_read_by_the_rules(
    client: HttpClient, worker: User, client_file: Client
) -> None:
    http = login(client, worker)
    data = _edit_data(client_file, left_homelessness_on="2026-03-01", self_reliance_points="9")
    assert _edit(http, client_file, data).status_code == 302
    client_file.refresh_from_db()
    assert client_file.left_homelessness_on == dt.date(2026, 3, 1)
    assert client_file.self_reliance_points == 9
    page = _page(http, client_file)
    assert "Dakloosheid verlaten op" in page
    assert "01/03/2026" in page
    assert "9 punten" in page

    facts = facts_for(
        client_file, on=dt.date(2026, 6, 1), members=[], incomes=[], rights={}, aid=None
    )
    assert facts.left_homelessness_on == dt.date(2026, 3, 1)
    assert facts.client.self_reliance_points == 9


def test_unrecorded_facts_are_unknown(client_file: Client) -> None:
    facts = facts_for(
        client_file, on=dt.date(2026, 6, 1), members=[], incomes=[], rights={}, aid=None
    )
    assert facts.left_homelessness_on is None
    assert facts.client.self_reliance_points is None


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        (
            {"left_homelessness_on": (timezone.localdate() + dt.timedelta(days=1)).isoformat()},
            "left_homelessness_on",
            "Deze datum kan niet in de toekomst liggen.",
        ),
        (
            {"left_homelessness_on": "1980-01-01"},
            "left_homelessness_on",
            "Deze datum kan niet vóór de geboortedatum liggen.",
        ),
        ({"self_reliance_points": "19"}, "self_reliance_points", "18"),
    ],
)
def test_a_fact_out_of_shape_is_refused_next_to_the_field(
    client: HttpClient,
    worker: User,
    client_file: Client,
    typed: dict[str, str],
    field: str,
    message: str,
) -> None:
    response = _edit(login(client, worker), client_file, _edit_data(client_file, **typed))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    client_file.refresh_from_db()
    assert client_file.version == 1
