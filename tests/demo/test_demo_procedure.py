"""The demo requests: one at every stage for the named workers' clients, made by the same
services as real ones, so they keep the procedure's rules; seeded once; the committee's demo
members see no client file."""

import datetime as dt

import pytest

from clients.selectors import clients_visible_to
from demo.city import seed_city
from demo.clients import seed_clients
from demo.procedure import COMMITTEE, STAGES, seed_procedure
from procedure.models import CommitteeSession, Decision, Delegation, Notification, Request
from wijkteams.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(today: dt.date) -> int:
    seed_city()
    seed_clients(target=120, seed=8500, batch_size=60)
    return seed_procedure(today=today)


def test_the_demo_has_requests_at_every_stage(seeded: int) -> None:
    assert seeded == Request.objects.count() > 0
    states = set(Request.objects.values_list("state", flat=True))
    assert {"received", "forwarded", "under_inquiry", "proposed", "decided", "notified"} <= states
    assert Delegation.objects.exists()


def test_a_session_next_week_has_the_committees_proposals_on_its_agenda(
    seeded: int, today: dt.date
) -> None:
    session = CommitteeSession.objects.get()
    assert session.held_on == today + dt.timedelta(days=7)
    assert session.members.filter(is_committee_member=True).count() == len(COMMITTEE)
    on_agenda = set(session.items.values_list("request", flat=True))
    waiting = set(
        Request.objects.filter(state="proposed", proposal__decider="committee").values_list(
            "pk", flat=True
        )
    )
    assert on_agenda == waiting != set()


def test_demo_requests_keep_the_rules(seeded: int, today: dt.date) -> None:
    for request in Request.objects.all():
        assert request.received_on <= today
    for decision in Decision.objects.select_related("request"):
        assert decision.request.received_on <= decision.decided_on <= today
        assert decision.decided_by_id != decision.proposed_by_id
    for notification in Notification.objects.select_related("request"):
        decision = Decision.objects.get(request=notification.request)
        assert decision.decided_on <= notification.notified_on <= today


def test_one_request_waits_past_its_thirty_days(seeded: int, today: dt.date) -> None:
    late = [stage for stage in STAGES if stage.until == "inquiry" and stage.days_ago > 30]
    assert late
    assert Request.objects.filter(
        state="under_inquiry", received_on=today - dt.timedelta(days=late[0].days_ago)
    ).exists()


def test_seeding_again_adds_no_requests(seeded: int, today: dt.date) -> None:
    count = Request.objects.count()
    assert seed_procedure(today=today) == 0
    assert Request.objects.count() == count


def test_the_committee_members_see_no_client_file(seeded: int) -> None:
    for username, _first, _last in COMMITTEE:
        member = User.objects.get(username=username)
        assert member.is_committee_member
        assert not clients_visible_to(member).exists()
