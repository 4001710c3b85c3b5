"""More social workers for a large demo, so that caseloads stay what a real OCMW carries.

The demo city has about thirty named social workers: enough for a few thousand client files.
For `seed_demo --clients 100000` each team gets extra workers (`ma.<team>.<n>`, password
DEMO_PASSWORD) until its share of the files makes about DEMO_CASELOAD files per worker: some
575 workers for 100,000 files, the design's "600 staff for 100,000 client files". The named
demo logins stay as they are.
"""

import datetime as dt
import math
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from demo.city import DEMO_PASSWORD
from demo.clients.data import FLEMISH, MOROCCAN, TURKISH, Origin, Weighted
from demo.clients.plans import Team
from wijkteams.models import Membership, User

# Client files per social worker the demo aims at (a full-time caseload is 150 to 200 files).
DEMO_CASELOAD = 175
STAFF_SINCE = dt.date(2024, 1, 1)
STAFF_ORIGINS = Weighted((FLEMISH, 85), (MOROCCAN, 10), (TURKISH, 5))


def workers_needed(*, clients: int, teams: list[Team], weights: list[int]) -> dict[int, int]:
    """Per team id: the social workers its share of `clients` files needs at DEMO_CASELOAD."""
    total = sum(weights)
    return {
        team.team_id: math.ceil(clients * weight / total / DEMO_CASELOAD)
        for team, weight in zip(teams, weights, strict=True)
    }


def _name(team_name: str, number: int) -> tuple[str, str]:
    # A string seed: the same names in every run (str seeds do not depend on PYTHONHASHSEED).
    rng = random.Random(f"{team_name}-{number}")  # noqa: S311  # demo names, not secrets
    origin: Origin = STAFF_ORIGINS.pick(rng)
    first = rng.choice([*origin.female, *origin.male])
    return first, rng.choice(origin.last)


@transaction.atomic
def seed_caseload_staff(*, clients: int, teams: list[Team], weights: list[int]) -> int:
    """Add social workers to the teams that have too few for `clients` files; the number added.

    Nothing is added for a demo of a few thousand files, nor twice. Three queries when it adds
    someone (existing usernames, users, memberships), none otherwise.
    """
    needed = workers_needed(clients=clients, teams=teams, weights=weights)
    wanted: dict[str, tuple[int, str, str]] = {}  # username -> team id, first and last name
    for team in teams:
        slug = slugify(team.name)
        # Numbered on from the team's current number of workers: ma.centrum.031 is its 31st.
        for number in range(len(team.workers) + 1, needed[team.team_id] + 1):
            first, last = _name(team.name, number)
            wanted[f"ma.{slug}.{number:03d}"] = (team.team_id, first, last)
    if not wanted:
        return 0
    existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    new = [username for username in wanted if username not in existing]
    if not new:
        return 0
    password_hash = make_password(DEMO_PASSWORD)  # hashing is slow by design: once for all
    users = User.objects.bulk_create(
        [
            User(
                username=username,
                first_name=wanted[username][1],
                last_name=wanted[username][2],
                email=f"{username}@ocmw.example",
                password=password_hash,
            )
            for username in new
        ]
    )
    Membership.objects.bulk_create(
        Membership(
            user=user,
            team_id=wanted[user.username][0],
            role=Membership.Role.SOCIAL_WORKER,
            starts_on=STAFF_SINCE,
        )
        for user in users
    )
    return len(users)
