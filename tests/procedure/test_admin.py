"""The administrators' screens of the procedure: the delegation table, set by them and read
by the routing of proposals; the committee's sessions to look up, without their agenda or
minutes (client data), only the place correctable; nobody else gets in."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from procedure import routing
from procedure.models import CommitteeSession, Decider, Delegation
from tests.conftest import login
from tests.factories import AgendaItemFactory, CommitteeSessionFactory, committee_member
from tests.procedure.committee import kind_in_kind
from wijkteams.models import User


def test_the_administrator_sets_a_delegation_the_routing_follows(
    client: HttpClient, admin_user: User
) -> None:
    kind = kind_in_kind()
    login(client, admin_user)
    assert client.get(reverse("admin:procedure_delegation_changelist")).status_code == 200
    response = client.post(
        reverse("admin:procedure_delegation_add"),
        {"kind": kind.pk, "decider": "team_lead", "up_to_amount": "250.00"},
    )
    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert (delegation.up_to_amount, delegation.covers_refusals) == (Decimal("250.00"), False)
    assert routing.decider_for(kind=kind, outcome="grant", amount=Decimal("250")) == (
        Decider.TEAM_LEAD
    )
    assert routing.decider_for(kind=kind, outcome="refuse", amount=None) == Decider.COMMITTEE


def test_sessions_are_read_without_agenda_or_minutes(client: HttpClient, admin_user: User) -> None:
    member = committee_member()
    session = CommitteeSessionFactory.create(
        held_on=dt.date(2026, 3, 19), minutes="Mevrouw Quist kreeg steun.", chair=member
    )
    session.members.add(member)
    AgendaItemFactory.create(session=session)
    login(client, admin_user)
    listing = client.get(reverse("admin:procedure_committeesession_changelist"))
    assert "Raadzaal" in listing.content.decode()
    url = reverse("admin:procedure_committeesession_change", args=[session.pk])
    page = client.get(url).content.decode()
    assert str(member) in page
    assert "Quist" not in page
    assert client.get(reverse("admin:procedure_committeesession_add")).status_code == 403
    response = client.post(url, {"place": "Zaal B", "held_on": "2030-01-01", "state": "closed"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.place, session.held_on, session.state) == (
        "Zaal B",
        dt.date(2026, 3, 19),
        CommitteeSession.State.PLANNED,
    )


@pytest.mark.parametrize("who", ["lead", "member"])
def test_nobody_else_opens_these_screens(client: HttpClient, lead: User, who: str) -> None:
    login(client, lead if who == "lead" else committee_member())
    for name in ("procedure_delegation_changelist", "procedure_committeesession_changelist"):
        response = client.get(reverse(f"admin:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
