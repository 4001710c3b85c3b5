"""The social work on a demo client file: the assignment history, trajectories with steps, debts
and timeline, and the journal."""

import datetime as dt
import random
from decimal import Decimal

from clients.models import (
    Assignment,
    Client,
    Debt,
    JournalEntry,
    Trajectory,
    TrajectoryEvent,
    TrajectoryStep,
)
from demo.clients.data import (
    ACTIVATIONS,
    CONFIDENTIAL_TEXTS,
    CREDITORS,
    END_REASONS,
    JOURNAL_KINDS,
    JOURNAL_TEXTS,
    PARTNERS,
    STEPS,
    Weighted,
)
from demo.clients.plans import ClientFile, Team, Texts, Track, at, build, day_between, money

_Out = Trajectory.Outcome
_Debt = Trajectory.DebtHelpType
_Act = Trajectory.ActivationType
FILE_AGES = Weighted(((0, 365), 40), ((365, 4 * 365), 35), ((4 * 365, 9 * 365), 25))
INTAKE_OUTCOMES = Weighted((_Out.ACHIEVED, 70), (_Out.REFERRED, 20), (_Out.PARTLY, 10))
DEBT_HELP = Weighted(
    (_Debt.BUDGET_GUIDANCE, 40),
    (_Debt.BUDGET_MANAGEMENT, 25),
    (_Debt.DEBT_MEDIATION, 22),
    (_Debt.COLLECTIVE_SETTLEMENT, 13),
)
DEBT_OUTCOMES = Weighted(
    (_Out.ACHIEVED, 50), (_Out.PARTLY, 25), (_Out.STOPPED, 15), (_Out.REFERRED, 10)
)
DEBT_STATUSES = Weighted(
    (Debt.Status.PAYMENT_PLAN, 40),
    (Debt.Status.TO_NEGOTIATE, 35),
    (Debt.Status.PAID, 15),
    (Debt.Status.DISPUTED, 10),
)
CLOSED_DEBT_STATUSES = Weighted(
    (Debt.Status.PAYMENT_PLAN, 25), (Debt.Status.PAID, 70), (Debt.Status.DISPUTED, 5)
)
ACTIVATION_TYPES = Weighted(
    (_Act.ART60, 30), (_Act.TRAINING, 25), (_Act.VDAB, 25), (_Act.VOLUNTEERING, 15), (_Act.GPMI, 5)
)
ACTIVATION_OUTCOMES = Weighted(
    (_Out.ACHIEVED, 45), (_Out.PARTLY, 25), (_Out.NOT_ACHIEVED, 15), (_Out.STOPPED, 15)
)
CENT = Decimal("0.01")


def draw_casework(
    rng: random.Random, plan: ClientFile, *, today: dt.date, team: Team, texts: Texts, age: int
) -> None:
    low, high = FILE_AGES.pick(rng)
    opened = today - dt.timedelta(days=rng.randint(low, high))
    _assign(rng, plan, today, team, opened)
    _trajectories(rng, plan, today, texts, opened, age)
    _journal(rng, plan, today, opened)
    _household_confirmed(rng, plan, today)


# Files whose social worker has confirmed the household and its incomes complete; in the others
# the intake is not finished: the income is unknown and the yes/no questions are unanswered.
CONFIRMED_SHARE = 0.85


def _household_confirmed(rng: random.Random, plan: ClientFile, today: dt.date) -> None:
    client = plan.client
    current = plan.assignments[-1]
    if rng.random() < CONFIRMED_SHARE:
        client.household_confirmed_on = day_between(rng, current.started_at.date(), today)
        client.household_confirmed_by_id = current.worker_id
        return
    if client.debt_status == Client.DebtStatus.NONE:
        client.debt_status = Client.DebtStatus.UNKNOWN
        client.budget_management = None
    if not client.pensioner:
        client.pensioner = client.widowed = None


def _assign(
    rng: random.Random, plan: ClientFile, today: dt.date, team: Team, opened: dt.date
) -> None:
    """The one open assignment. Sometimes a colleague had the file before (history is kept);
    a worker who joined the team after the file was opened always took it over from one."""
    worker = rng.choice(team.workers)
    assigned_by = team.lead_id or worker.user_id
    others = [w for w in team.workers if w.user_id != worker.user_id]
    handover: dt.date | None = None
    if others and worker.starts_on > opened:
        handover = worker.starts_on
    elif others and opened < today and rng.random() < 0.12:
        handover = day_between(rng, opened + dt.timedelta(days=1), today)
    started_at = at(rng, opened)
    if handover is not None:
        handed_over_at = at(rng, handover, hour=8)
        plan.assignments.append(
            build(
                Assignment,
                worker_id=rng.choice(others).user_id,
                started_at=started_at,
                ended_at=handed_over_at,
                end_reason=rng.choice(END_REASONS),
                assigned_by_id=assigned_by,
            )
        )
        started_at = handed_over_at
    plan.assignments.append(
        build(
            Assignment,
            worker_id=worker.user_id,
            started_at=started_at,
            assigned_by_id=assigned_by,
        )
    )


def _track(
    rng: random.Random,
    plan: ClientFile,
    today: dt.date,
    texts: Texts,
    *,
    kind: str,
    opened: dt.date,
    closed: dt.date | None,
    outcome: str,
    **details: object,
) -> Track:
    if closed:
        status = Trajectory.Status.CLOSED
    elif kind != Trajectory.Kind.INTAKE and rng.random() < 0.8:
        status = Trajectory.Status.ACTIVE
    else:
        status = Trajectory.Status.OPEN
    author = plan.worker_on(opened)
    trajectory = build(
        Trajectory,
        kind=kind,
        status=status,
        opened_on=opened,
        closed_on=closed,
        outcome=outcome if closed else "",
        created_by_id=author,
        **details,
    )
    track = Track(trajectory)
    first = texts.intake_started if kind == Trajectory.Kind.INTAKE else texts.opened
    timeline = [(opened, first)]
    if status == Trajectory.Status.ACTIVE:
        timeline.append((min(today, opened + dt.timedelta(days=rng.randint(1, 30))), texts.active))
    if closed:
        timeline.append((closed, texts.closed[outcome]))
    for day, description in timeline:
        track.events.append(
            build(
                TrajectoryEvent,
                at=at(rng, day),
                actor_id=plan.worker_on(day),
                description=description,
            )
        )
    end = closed or today
    # Steps with due dates: done, still to come, or overdue.
    for description in rng.sample(STEPS[Trajectory.Kind(kind)], rng.randint(1, 3)):
        due = opened + dt.timedelta(days=rng.randint(7, 120))
        done = None
        if closed or (due < today and rng.random() < 0.7):
            done = min(end, day_between(rng, opened, due + dt.timedelta(days=10)))
        track.steps.append(build(TrajectoryStep, description=description, due_on=due, done_on=done))
    plan.tracks.append(track)
    return track


def _closing(
    rng: random.Random, today: dt.date, opened: dt.date, low: int, high: int
) -> dt.date | None:
    closed = opened + dt.timedelta(days=rng.randint(low, high))
    return closed if closed < today else None


def _trajectories(
    rng: random.Random, plan: ClientFile, today: dt.date, texts: Texts, opened: dt.date, age: int
) -> None:
    client = plan.client
    _track(
        rng,
        plan,
        today,
        texts,
        kind=Trajectory.Kind.INTAKE,
        opened=opened,
        closed=_closing(rng, today, opened, 14, 75),
        outcome=INTAKE_OUTCOMES.pick(rng),
    )
    if rng.random() < 0.3:
        start = day_between(rng, opened, min(today, opened + dt.timedelta(days=365)))
        help_type = DEBT_HELP.pick(rng)
        end = _closing(rng, today, start, 180, 2500) if rng.random() < 0.35 else None
        track = _track(
            rng,
            plan,
            today,
            texts,
            kind=Trajectory.Kind.DEBT_HELP,
            opened=start,
            closed=end,
            outcome=DEBT_OUTCOMES.pick(rng),
            debt_help_type=help_type,
        )
        if end is None:  # the procedures the rights rules read
            if help_type == _Debt.DEBT_MEDIATION:
                client.debt_status = Client.DebtStatus.DEBT_MEDIATION
            elif help_type == _Debt.COLLECTIVE_SETTLEMENT:
                client.debt_status = Client.DebtStatus.COLLECTIVE_SETTLEMENT
            client.budget_management = help_type == _Debt.BUDGET_MANAGEMENT or (
                help_type != _Debt.BUDGET_GUIDANCE and rng.random() < 0.3
            )
        _debts(rng, track, start, closed=end is not None)
    if age < 60 and (client.leefloon_since or client.unemployed_since) and rng.random() < 0.45:
        # A GPMI is the usual path for young people on leefloon.
        young = age < 25 and rng.random() < 0.7
        kind = _Act.GPMI if young else ACTIVATION_TYPES.pick(rng)
        partners, months, hours = ACTIVATIONS[kind]
        start = day_between(rng, opened, today)
        begins = start + dt.timedelta(days=rng.randint(0, 45))
        ends = begins + dt.timedelta(days=30 * rng.randint(*months))
        _track(
            rng,
            plan,
            today,
            texts,
            kind=Trajectory.Kind.ACTIVATION,
            opened=start,
            closed=ends if ends < today else None,
            outcome=ACTIVATION_OUTCOMES.pick(rng),
            activation_type=kind,
            partner=rng.choice(partners),
            hours_per_week=Decimal(rng.randint(*hours)),
            starts_on=begins,
            ends_on=ends,
        )


def _debts(rng: random.Random, track: Track, start: dt.date, *, closed: bool) -> None:
    for creditor, low, high in rng.sample(CREDITORS, rng.randint(1, 6)):
        original = money(rng, low, high)
        status = (CLOSED_DEBT_STATUSES if closed else DEBT_STATUSES).pick(rng)
        outstanding = Decimal("0.00")
        if status != Debt.Status.PAID:
            outstanding = (original * rng.randint(30, 100) / 100).quantize(CENT)
        repayment = Decimal("0.00")
        if status == Debt.Status.PAYMENT_PLAN:
            repayment = min(outstanding, money(rng, 10, 150))
        reference = f"{start.year}/{rng.randint(1000, 99999)}" if rng.random() < 0.6 else ""
        track.debts.append(
            build(
                Debt,
                creditor=creditor,
                reference=reference,
                original_amount=original,
                outstanding_amount=outstanding,
                monthly_repayment=repayment,
                status=status,
            )
        )


def _journal(rng: random.Random, plan: ClientFile, today: dt.date, opened: dt.date) -> None:
    """Entries over the life of the file: about one a month at first, fewer later."""
    years = (today - opened).days / 365
    name = plan.client.first_name
    for _ in range(1 + min(9, int(years * 1.2) + rng.randint(0, 3))):
        day = day_between(rng, opened, today)
        kind = JOURNAL_KINDS.pick(rng)
        confidential = rng.random() < 0.08
        text = rng.choice(CONFIDENTIAL_TEXTS if confidential else JOURNAL_TEXTS[kind])
        entry = build(
            JournalEntry,
            author_id=plan.worker_on(day),
            occurred_on=day,
            kind=kind,
            text=text.format(name=name),
            confidential=confidential,
        )
        if kind == JournalEntry.Kind.CONSULTATION:
            entry.partners = ", ".join(rng.sample(PARTNERS, rng.randint(1, 3)))
        running = [
            t.trajectory
            for t in plan.tracks
            if t.trajectory.opened_on <= day
            and (t.trajectory.closed_on is None or t.trajectory.closed_on >= day)
        ]
        trajectory = rng.choice(running) if running and rng.random() < 0.5 else None
        if rng.random() < 0.25:
            entry.follow_up_on = day + dt.timedelta(days=rng.randint(3, 30))
            # Older follow-ups are mostly done; recent ones stay open, and some are overdue.
            if entry.follow_up_on < today - dt.timedelta(days=21) and rng.random() < 0.9:
                entry.follow_up_done_at = at(rng, entry.follow_up_on)
        plan.journal.append((entry, trajectory))
