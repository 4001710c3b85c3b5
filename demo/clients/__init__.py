"""Demo client files in bulk, for `seed_demo --clients N`.

Households, incomes, housing and statuses (people.py) and the social work on them: one social
worker, trajectories with steps and debts, a journal over the last years (casework.py). They are
made to exercise the non-take-up rules of domain/rights.md: leefloon for months, IGO and IVT/IT,
heating oil, long waits for social housing, low-income families with school children, debt
mediation. Amounts are demo values; the leefloon amounts are the official ones from 1-2-2025.

Client number i is drawn from its own random generator (seed, i), so the same seed gives the same
files and a later run with a larger N adds only files N_before..N-1. Above a few thousand files
each team first gets more social workers (staff.py), about one per 175 files; the files a later
run adds are then shared over the larger teams. Rows go in per batch of clients with a fixed
number of queries (core.bulk.insert_rows), one batch in memory at a time.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.translation import gettext

from clients.access_log import access_log_record_many
from clients.models import (
    AccessLog,
    Assignment,
    Client,
    Debt,
    HouseholdMember,
    Income,
    JournalEntry,
    Trajectory,
    TrajectoryEvent,
    TrajectoryStep,
)
from core.bulk import insert_rows
from demo.clients.casework import draw_casework
from demo.clients.data import STREETS, TEAM_WEIGHTS
from demo.clients.people import NationalNumbers, draw_client
from demo.clients.plans import ClientFile, M, Team, Texts, Worker
from demo.clients.staff import seed_caseload_staff
from demo.log_actions import DEMO_FILE
from wijkteams.models import Membership
from wijkteams.selectors import active_memberships
from wijkteams.services import team_for_address

__all__ = [
    "DEMO_ACTOR",
    "ClientSeedReport",
    "FileDrawer",
    "demo_client_count",
    "files_insert",
    "seed_clients",
    "teams_for_demo",
]

# Every demo file gets one CREATE row by this system actor in its access log: that is what
# "make sure there are N demo clients" counts.
DEMO_ACTOR = "seed_demo"

# Inserted per batch in this order, so that every foreign key points at rows already there.
TABLES: list[type[Model]] = [
    Client,
    AccessLog,
    HouseholdMember,
    Income,
    Assignment,
    Trajectory,
    TrajectoryStep,
    TrajectoryEvent,
    Debt,
    JournalEntry,
]

Progress = Callable[[int, int, float], None]  # (files done, files to do, seconds so far)


@dataclass(frozen=True)
class ClientSeedReport:
    created: int
    total: int
    rows: dict[str, int]  # per table (model name), in insertion order
    seconds: float


def demo_client_count() -> int:
    return AccessLog.objects.filter(actor_label=DEMO_ACTOR, action=AccessLog.Action.CREATE).count()


def teams_for_demo(*, today: dt.date) -> list[Team]:
    """The teams with active social workers, each with the demo streets its areas route to it.

    A fixed number of queries whatever the number of clients: one for the staff and two per
    demo street (its first and last house number must route to the same team)."""
    workers: dict[int, list[Worker]] = {}
    leads: dict[int, int] = {}
    names: dict[int, str] = {}
    staff = (
        active_memberships(on=today)
        .filter(user__is_active=True)
        .select_related("team")
        .order_by("team_id", "user_id")
    )
    for m in staff:
        names[m.team_id] = m.team.name
        if m.role == Membership.Role.SOCIAL_WORKER:
            workers.setdefault(m.team_id, []).append(Worker(m.user_id, m.starts_on))
        else:
            leads.setdefault(m.team_id, m.user_id)
    streets: dict[int, list[tuple[str, str, str, int, int]]] = {}
    for postcode, municipality, street, low, high in STREETS:
        routed = {
            team_for_address(postcode=postcode, street=street, house_number=str(number)).team
            for number in (low, high)
        }
        team = routed.pop() if len(routed) == 1 else None
        if team is not None:
            streets.setdefault(team.pk, []).append((postcode, municipality, street, low, high))
    return [
        Team(team_id, names[team_id], team_workers, leads.get(team_id), streets[team_id])
        for team_id, team_workers in sorted(workers.items())
        if team_id in streets
    ]


def team_weights(teams: list[Team]) -> list[int]:
    """How the demo files are shared over the teams (relative weights, in the teams' order)."""
    return [TEAM_WEIGHTS.get(team.name, 10) for team in teams]


class FileDrawer:
    """Draws demo client file number i, the same for the same seed, today and teams."""

    def __init__(self, *, seed: int, today: dt.date, teams: list[Team], taken: set[str]) -> None:
        self.seed = seed
        self.today = today
        self.teams = teams
        self.team_weights = team_weights(teams)
        self.numbers = NationalNumbers(taken)
        with translation.override("nl-be"):
            self.texts = Texts(
                intake_started=gettext("Intake started"),
                opened=gettext("Trajectory opened"),
                active=gettext("Status: active"),
                closed={
                    value: gettext("Closed: %(outcome)s") % {"outcome": str(label)}
                    for value, label in Trajectory.Outcome.choices
                },
            )

    def draw(self, index: int) -> ClientFile:
        rng = random.Random((self.seed << 32) ^ index)  # noqa: S311  # demo data, not secrets
        team = rng.choices(self.teams, weights=self.team_weights)[0]
        plan, age = draw_client(rng, today=self.today, team=team, numbers=self.numbers)
        draw_casework(rng, plan, today=self.today, team=team, texts=self.texts, age=age)
        return plan


def _insert_batch(
    files: list[ClientFile], counts: dict[str, int], *, actor_label: str = DEMO_ACTOR
) -> None:
    """Ten inserts, parents first; each gives its rows ids, which the children then take.
    Files created by another `actor_label` are not counted as the N of `--clients N`."""

    def insert(model: type[M], rows: list[M]) -> None:
        insert_rows(model, rows)
        counts[model._meta.model_name or model.__name__] += len(rows)

    insert(Client, [f.client for f in files])
    counts["accesslog"] += access_log_record_many(
        client_ids=[f.client.pk for f in files],
        actor_label=actor_label,
        action=AccessLog.Action.CREATE,
        what=DEMO_FILE,
        purpose="seed_demo --clients",
    )
    for f in files:
        client_id = f.client.pk
        for member in f.members:
            member.client_id = client_id
        for assignment in f.assignments:
            assignment.client_id = client_id
        for track in f.tracks:
            track.trajectory.client_id = client_id
        for entry, _trajectory in f.journal:
            entry.client_id = client_id
    insert(HouseholdMember, [m for f in files for m in f.members])
    incomes = []
    for f in files:
        for income, owner in f.incomes:
            income.client_id = f.client.pk
            income.member_id = owner.pk if owner is not None else None
            incomes.append(income)
    insert(Income, incomes)
    insert(Assignment, [a for f in files for a in f.assignments])
    tracks = [t for f in files for t in f.tracks]
    insert(Trajectory, [t.trajectory for t in tracks])
    for track in tracks:
        trajectory_id = track.trajectory.pk
        for step in track.steps:
            step.trajectory_id = trajectory_id
        for event in track.events:
            event.trajectory_id = trajectory_id
        for debt in track.debts:
            debt.trajectory_id = trajectory_id
    insert(TrajectoryStep, [s for t in tracks for s in t.steps])
    insert(TrajectoryEvent, [e for t in tracks for e in t.events])
    insert(Debt, [d for t in tracks for d in t.debts])
    entries = []
    for f in files:
        for entry, trajectory in f.journal:
            entry.trajectory_id = trajectory.pk if trajectory is not None else None
            entries.append(entry)
    insert(JournalEntry, entries)


def files_insert(files: list[ClientFile], *, actor_label: str) -> None:
    """Insert drawn files made for another part of the demo (`actor_label` in their access
    log, so `--clients N` does not count them)."""
    _insert_batch(
        files,
        {model._meta.model_name or model.__name__: 0 for model in TABLES},
        actor_label=actor_label,
    )


def _analyze_after_first_batch() -> None:
    """Fresh statistics once the first batch is in (PostgreSQL).

    The caseload triggers (clients/caseload_counts.py) run a few small queries per row; their
    plans are cached per session from the statistics of the moment. A new database's empty
    tables make a scan look cheapest, and that plan would stay while the tables grow to
    100,000 files (a seed of 80 s took 245 s). After ANALYZE the plans are made again, with
    indexes. A real database has autovacuum to keep them current; the bench's load is faster
    than it.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Client, Assignment, Trajectory, JournalEntry):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def seed_clients(
    *,
    target: int,
    seed: int = 8500,
    batch_size: int = 2000,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> ClientSeedReport:
    """Make sure there are `target` demo client files: add only the missing ones, in batches.

    Each batch is its own transaction, so an interrupted run leaves whole files only and the
    next run goes on where it stopped.
    """
    started = monotonic()
    today = today or timezone.localdate()
    counts = {model._meta.model_name or model.__name__: 0 for model in TABLES}
    existing = demo_client_count()
    if existing >= target:
        return ClientSeedReport(0, existing, counts, monotonic() - started)
    teams = teams_for_demo(today=today)
    if not teams:
        raise ValueError("No team has both social workers and demo streets: seed the city first.")
    # A large demo gets more social workers first, so that caseloads stay realistic.
    if seed_caseload_staff(clients=target, teams=teams, weights=team_weights(teams)):
        teams = teams_for_demo(today=today)
    # National numbers in use, so new ones never collide (one query; ~12 bytes a client).
    taken = set(Client.objects.values_list("national_number", flat=True).iterator(chunk_size=20000))
    drawer = FileDrawer(seed=seed, today=today, teams=teams, taken=taken)
    for start in range(existing, target, batch_size):
        files = [drawer.draw(index) for index in range(start, min(target, start + batch_size))]
        with transaction.atomic():
            _insert_batch(files, counts)
        if start == existing:
            _analyze_after_first_batch()
        if progress is not None:
            progress(start + len(files) - existing, target - existing, monotonic() - started)
    return ClientSeedReport(target - existing, target, counts, monotonic() - started)
