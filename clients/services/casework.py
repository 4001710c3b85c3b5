"""Trajectories with their steps, timeline and debts, and the journal."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from clients.log_actions import (
    LOGGED_DEBT_SAVED,
    LOGGED_FOLLOW_UP_DONE,
    LOGGED_JOURNAL_ADDED,
    LOGGED_STEP_DONE,
    LOGGED_STEP_SAVED,
    LOGGED_TRAJECTORY_ACTIVE,
    LOGGED_TRAJECTORY_CHANGED,
    LOGGED_TRAJECTORY_CLOSED,
    LOGGED_TRAJECTORY_OPENED,
)
from clients.models import (
    Client,
    Debt,
    JournalEntry,
    Trajectory,
    TrajectoryEvent,
    TrajectoryStep,
    future_date_errors,
)
from clients.services.base import (
    _save_child,
    _save_row,
    client_require_editor,
    client_require_open,
)
from core.dates import date_range_errors
from wijkteams.models import User

EVENT_LENGTH = TrajectoryEvent._meta.get_field("description").max_length or 300


def _event(trajectory: Trajectory, actor: User, description: str) -> None:
    """A timeline line. It may quote what the user typed ("Step added: <a 300-character
    step>"): longer than the column, it is cut with an ellipsis (PostgreSQL would refuse it)."""
    TrajectoryEvent.objects.create(
        trajectory=trajectory,
        at=timezone.now(),
        actor=actor,
        description=Truncator(description).chars(EVENT_LENGTH),
    )


@transaction.atomic
def trajectory_open(*, actor: User, client: Client, trajectory: Trajectory) -> Trajectory:
    """Open a debt-help or activation trajectory (intake opens with the file)."""
    client_require_open(client)
    trajectory.client = client
    trajectory.created_by = actor
    trajectory.status = Trajectory.Status.OPEN
    trajectory.opened_on = trajectory.opened_on or timezone.localdate()
    _save_child(trajectory, actor=actor, client=client, what=LOGGED_TRAJECTORY_OPENED)
    _event(trajectory, actor, _("Trajectory opened"))
    return trajectory


@transaction.atomic
def trajectory_save(*, actor: User, trajectory: Trajectory, expected_version: int) -> Trajectory:
    """Save a trajectory's details, with the version their editor loaded."""
    if trajectory.status == Trajectory.Status.CLOSED:
        raise ValidationError(_("A closed trajectory cannot be changed."))
    _save_row(
        trajectory,
        actor=actor,
        client=trajectory.client,
        what=LOGGED_TRAJECTORY_CHANGED,
        expected_version=expected_version,
    )
    _event(trajectory, actor, _("Details changed"))
    return trajectory


@transaction.atomic
def trajectory_activate(*, actor: User, trajectory: Trajectory) -> Trajectory:
    if trajectory.status != Trajectory.Status.OPEN:
        raise ValidationError(_("Only an open trajectory can become active."))
    trajectory.status = Trajectory.Status.ACTIVE
    _save_row(
        trajectory,
        actor=actor,
        client=trajectory.client,
        what=LOGGED_TRAJECTORY_ACTIVE,
        update_fields=["status"],
    )
    _event(trajectory, actor, _("Status: active"))
    return trajectory


@transaction.atomic
def trajectory_close(
    *,
    actor: User,
    trajectory: Trajectory,
    outcome: str,
    note: str = "",
    closed_on: dt.date | None = None,
) -> Trajectory:
    if trajectory.status == Trajectory.Status.CLOSED:
        raise ValidationError(_("This trajectory is already closed."))
    if outcome not in Trajectory.Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    closed_on = closed_on or timezone.localdate()
    out_of_range = date_range_errors(closed_on=closed_on)
    if out_of_range:
        raise ValidationError(out_of_range)
    if closed_on < trajectory.opened_on:
        raise ValidationError({"closed_on": _("A trajectory cannot close before it opened.")})
    trajectory.status = Trajectory.Status.CLOSED
    trajectory.closed_on = closed_on
    trajectory.outcome = outcome
    trajectory.outcome_note = note
    _save_row(
        trajectory,
        actor=actor,
        client=trajectory.client,
        what=LOGGED_TRAJECTORY_CLOSED,
        update_fields=["status", "closed_on", "outcome", "outcome_note"],
    )
    _event(
        trajectory, actor, _("Closed: %(outcome)s") % {"outcome": trajectory.get_outcome_display()}
    )
    return trajectory


def _require_not_closed(trajectory: Trajectory) -> None:
    if trajectory.status == Trajectory.Status.CLOSED:
        raise ValidationError(_("A closed trajectory cannot be changed."))


@transaction.atomic
def step_save(*, actor: User, trajectory: Trajectory, step: TrajectoryStep) -> TrajectoryStep:
    _require_not_closed(trajectory)
    step.trajectory = trajectory
    new = step.pk is None
    _save_child(step, actor=actor, client=trajectory.client, what=LOGGED_STEP_SAVED)
    if new:
        _event(trajectory, actor, _("Step added: %(step)s") % {"step": step.description})
    return step


@transaction.atomic
def step_done(
    *, actor: User, step: TrajectoryStep, done_on: dt.date | None = None
) -> TrajectoryStep:
    _require_not_closed(step.trajectory)
    step.done_on = done_on or timezone.localdate()
    _save_child(step, actor=actor, client=step.trajectory.client, what=LOGGED_STEP_DONE)
    _event(step.trajectory, actor, _("Step done: %(step)s") % {"step": step.description})
    return step


@transaction.atomic
def debt_save(
    *, actor: User, trajectory: Trajectory, debt: Debt, expected_version: int | None = None
) -> Debt:
    """Add a debt, or save one (`expected_version`: the version its editor loaded)."""
    if trajectory.kind != Trajectory.Kind.DEBT_HELP:
        raise ValidationError(_("Debts belong to a debt-help trajectory."))
    _require_not_closed(trajectory)
    # Interest and costs can make the outstanding amount exceed the original: that is allowed.
    debt.trajectory = trajectory
    new = debt.pk is None
    _save_row(
        debt,
        actor=actor,
        client=trajectory.client,
        what=LOGGED_DEBT_SAVED,
        expected_version=expected_version,
    )
    if new:
        _event(trajectory, actor, _("Debt added: %(creditor)s") % {"creditor": debt.creditor})
    return debt


@transaction.atomic
def journal_add(*, actor: User, client: Client, entry: JournalEntry) -> JournalEntry:
    client_require_open(client)
    if entry.trajectory is not None and entry.trajectory.client_id != client.pk:
        raise ValidationError({"trajectory": _("This trajectory belongs to another client.")})
    future = future_date_errors(occurred_on=entry.occurred_on)
    if future:
        raise ValidationError(future)
    entry.client = client
    entry.author = actor
    _save_child(entry, actor=actor, client=client, what=LOGGED_JOURNAL_ADDED)
    return entry


@transaction.atomic
def journal_follow_up_done(*, actor: User, entry: JournalEntry) -> JournalEntry:
    client_require_editor(actor, entry.client)
    client_require_open(entry.client)
    entry.follow_up_done_at = timezone.now()
    _save_child(entry, actor=actor, client=entry.client, what=LOGGED_FOLLOW_UP_DONE)
    return entry
