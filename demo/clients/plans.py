"""One demo client file as unsaved rows, linked by objects until the inserts give them ids, and
the small helpers the drawing code shares."""

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Model

from clients.models import (
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

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
M = TypeVar("M", bound=Model)
_blueprints: dict[type[Model], tuple[list[Any], dict[str, int]]] = {}


def build(model: type[M], **values: Any) -> M:
    """An unsaved instance, made through Django's positional fast path (the one it uses for
    rows read from the database): keyword construction with defaults and foreign-key
    descriptors took a third of the seeding time. Foreign keys are given as ids (`client_id`)."""
    if model not in _blueprints:
        fields = model._meta.concrete_fields
        index = {f.name: i for i, f in enumerate(fields)} | {
            f.attname: i for i, f in enumerate(fields)
        }
        _blueprints[model] = ([f.get_default() for f in fields], index)
    defaults, index = _blueprints[model]
    args = defaults.copy()
    for name, value in values.items():
        args[index[name]] = value
    return model(*args)


@dataclass
class Track:
    """A trajectory with its steps, timeline and debts (linked to it when it has an id)."""

    trajectory: Trajectory
    steps: list[TrajectoryStep] = field(default_factory=list)
    events: list[TrajectoryEvent] = field(default_factory=list)
    debts: list[Debt] = field(default_factory=list)


@dataclass
class ClientFile:
    """A client and the rows that belong to it, linked to it (and to each other: an income to
    its household member, a journal entry to its trajectory) once the ids exist."""

    client: Client
    members: list[HouseholdMember] = field(default_factory=list)
    incomes: list[tuple[Income, HouseholdMember | None]] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    tracks: list[Track] = field(default_factory=list)
    journal: list[tuple[JournalEntry, Trajectory | None]] = field(default_factory=list)

    def worker_on(self, day: dt.date) -> int:
        """Who had the file on a day (the first worker for days before any assignment)."""
        for assignment in self.assignments:
            if assignment.ended_at is None or assignment.ended_at.date() > day:
                return assignment.worker_id
        return self.assignments[-1].worker_id


@dataclass(frozen=True)
class Worker:
    user_id: int
    starts_on: dt.date


@dataclass(frozen=True)
class Team:
    team_id: int
    name: str
    workers: list[Worker]
    lead_id: int | None
    # (postcode, municipality, street, first and last house number): all routed to this team.
    streets: list[tuple[str, str, str, int, int]]


@dataclass(frozen=True)
class Texts:
    """Timeline lines as the services write them, in Dutch, translated once per run."""

    intake_started: str
    opened: str
    active: str
    closed: dict[str, str]  # by outcome


def money(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(rng.randint(int(low * 100), int(high * 100))) / 100


def day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def days_ago(rng: random.Random, today: dt.date, low: int, high: int) -> dt.date:
    return today - dt.timedelta(days=rng.randint(low, high))


def since_age(
    rng: random.Random, today: dt.date, birth: dt.date, age: int, low: int, high: int
) -> dt.date:
    """A start `low` to `high` days ago, but never before the person reached `age` (someone who
    turned 18 last week has had a leefloon for a week at most)."""
    earliest = years_before(birth, -age)
    start = max(today - dt.timedelta(days=high), earliest)
    end = max(today - dt.timedelta(days=low), earliest)
    return min(day_between(rng, start, end), today)


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def birth_date(rng: random.Random, today: dt.date, low_age: int, high_age: int) -> dt.date:
    """A birth date that makes someone between low_age and high_age years old today."""
    earliest = years_before(today, high_age + 1) + dt.timedelta(days=1)
    return day_between(rng, earliest, years_before(today, low_age))


def age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def at(rng: random.Random, day: dt.date, hour: int | None = None) -> dt.datetime:
    """A moment in office hours on a day, Brussels time."""
    hour = rng.randint(8, 16) if hour is None else hour
    return dt.datetime.combine(day, dt.time(hour, rng.choice((0, 15, 30, 45))), BRUSSELS)
