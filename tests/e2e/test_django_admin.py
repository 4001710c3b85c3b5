"""The Django admin pages an administrator uses (/beheer/): every list, add and change page is
free of serious accessibility problems, the team page with its inlines included."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tests.e2e.conftest import log_in, serious_violations
from tests.factories import (
    PASSWORD,
    AreaFactory,
    LocationFactory,
    WijkteamFactory,
    administrator,
    social_worker,
)
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.e2e


@pytest.fixture
def admin(transactional_db: None) -> User:
    """A team with a location, an area and a social worker: every inline has a row."""
    user = administrator(username="beheer.e2e")
    team = WijkteamFactory.create(name="Centrum")
    LocationFactory.create(team=team)
    AreaFactory.create(team=team)
    social_worker(team, username="ma.e2e")
    return user


def _pages() -> list[str]:
    team = Wijkteam.objects.get(name="Centrum")
    worker = User.objects.get(username="ma.e2e")
    pages = [reverse("admin:index")]
    for model, row in [
        ("wijkteam", team),
        ("location", team.locations.get()),
        ("area", team.areas.get()),
        ("membership", worker.memberships.get()),
        ("user", worker),
    ]:
        pages += [
            reverse(f"admin:wijkteams_{model}_changelist"),
            reverse(f"admin:wijkteams_{model}_add"),
            reverse(f"admin:wijkteams_{model}_change", args=[row.pk]),
        ]
    return [*pages, reverse("admin:axes_accessattempt_changelist")]


def test_every_admin_page_has_no_serious_accessibility_problem(page: Page, admin: User) -> None:
    log_in(page, admin.username, PASSWORD)
    found = {}
    for path in _pages():
        page.goto(path)
        found[path] = serious_violations(page)
    problems = {path: problems for path, problems in found.items() if problems}
    assert not problems, "\n".join(f"{p}: {v}" for p, vs in problems.items() for v in vs)
