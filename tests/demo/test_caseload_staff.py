"""A large demo gets more social workers, so that caseloads stay what a real OCMW carries."""

import math

import pytest
from django.utils import timezone

from demo.city import DEMO_PASSWORD, USERS, seed_city
from demo.clients import seed_clients, team_weights, teams_for_demo
from demo.clients.staff import DEMO_CASELOAD, seed_caseload_staff, workers_needed
from wijkteams.models import Membership, User
from wijkteams.selectors import active_memberships

pytestmark = pytest.mark.django_db


def _social_workers_per_team() -> dict[str, int]:
    counts: dict[str, int] = {}
    for membership in active_memberships().filter(role=Membership.Role.SOCIAL_WORKER):
        counts[membership.team.name] = counts.get(membership.team.name, 0) + 1
    return counts


def _grow(clients: int) -> int:
    teams = teams_for_demo(today=timezone.localdate())
    return seed_caseload_staff(clients=clients, teams=teams, weights=team_weights(teams))


def test_a_small_demo_keeps_the_named_staff_only() -> None:
    seed_city()
    before = User.objects.count()
    seed_clients(target=60, batch_size=30)
    assert User.objects.count() == before == len(USERS)


def test_a_large_demo_gets_a_worker_per_caseload_in_every_team() -> None:
    seed_city()
    added = _grow(20_000)
    assert added > 0
    teams = teams_for_demo(today=timezone.localdate())
    needed = workers_needed(clients=20_000, teams=teams, weights=team_weights(teams))
    per_team = _social_workers_per_team()
    for team in teams:
        assert per_team[team.name] == max(needed[team.team_id], len(team.workers))
    # About DEMO_CASELOAD files each: Centrum's share of 20,000 is 22 %.
    assert per_team["Centrum"] == math.ceil(20_000 * 0.22 / DEMO_CASELOAD)


def test_extra_workers_are_added_once_and_can_log_in() -> None:
    seed_city()
    first = _grow(20_000)
    assert _grow(20_000) == 0
    extra = User.objects.get(username="ma.centrum.026")
    assert extra.check_password(DEMO_PASSWORD)
    assert extra.memberships.get().team.name == "Centrum"
    assert User.objects.count() == len(USERS) + first


def test_a_larger_demo_adds_only_the_missing_workers() -> None:
    seed_city()
    first = _grow(10_000)
    more = _grow(20_000)
    assert more > 0
    assert User.objects.filter(username__startswith="ma.centrum.").count() == math.ceil(
        20_000 * 0.22 / DEMO_CASELOAD
    ) - len([u for u in USERS if u.username.startswith("ma.centrum")])
    assert User.objects.count() == len(USERS) + first + more


def test_named_demo_logins_keep_their_teams() -> None:
    seed_city()
    _grow(20_000)
    for username in ("ma.centrum", "ma.centrum2", "ma.heule", "lead.centrum"):
        assert User.objects.filter(username=username).exists()
    assert User.objects.get(username="ma.centrum").memberships.count() == 2
