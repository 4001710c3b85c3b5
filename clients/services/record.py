"""The client record: registration and the guided intake, edits, closing and reopening, the
team, and the transfer to another social worker."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.access_log import access_log_record
from clients.caseload_counts import NO_TEAM
from clients.log_actions import (
    LOGGED_CLOSED,
    LOGGED_INTAKE,
    LOGGED_RECORD_CHANGED,
    LOGGED_REOPENED,
    LOGGED_TEAM_SET,
    LOGGED_TRANSFERRED,
    SEEN_NUMBER_TAKEN,
)
from clients.models import (
    AccessLog,
    Assignment,
    CaseloadCount,
    Client,
    HouseholdMember,
    Income,
    JournalEntry,
    Trajectory,
    TrajectoryEvent,
)
from clients.national_number import national_number_check_match, national_number_clean
from clients.registry import closing_blockers
from clients.selectors import client_is_led_by, current_assignment, transfer_candidates
from clients.services.base import (
    ADDRESS_FIELDS,
    IDENTITY_FIELDS,
    EditConflictError,
    client_file_change_notify,
    client_require_editor,
    client_require_open,
)
from clients.services.casework import journal_add, trajectory_open
from clients.services.household import household_confirm, household_member_save, income_save
from wijkteams.models import User, Wijkteam
from wijkteams.selectors import roles_for
from wijkteams.services import team_for_address


def _route(fields: dict[str, Any]) -> Wijkteam | None:
    return team_for_address(
        postcode=fields.get("postcode", ""),
        street=fields.get("street", ""),
        house_number=fields.get("house_number", ""),
    ).team


@transaction.atomic
def client_register(
    *,
    actor: User,
    fields: dict[str, Any],
    team: Wijkteam | None = None,
    team_reason: str = "",
) -> Client:
    """Intake: register a client, make the actor their social worker, open an intake trajectory.

    The address decides the team. Only when no area covers it may the worker name a team, with
    a reason; otherwise the postcode is refused. The birth date and the sex must agree with the
    national number (national_number_check_match).
    """
    roles = roles_for(actor)
    if not roles.is_social_worker:
        raise PermissionDenied(_("Only social workers register clients."))
    fields = dict(fields)
    fields["national_number"] = national_number_clean(fields.get("national_number", ""))
    _require_national_number_free(fields["national_number"])
    routed = _route(fields)
    if routed is None:
        if team is None:
            raise ValidationError(
                {
                    "postcode": _(
                        "No wijkteam covers this address. Check the postcode and street, or "
                        "choose a team and give the reason."
                    )
                }
            )
        if not team_reason.strip():
            raise ValidationError({"team_reason": _("Say why you choose this team.")})
    client = Client(
        **fields, team=routed or team, team_override_reason="" if routed else team_reason
    )
    _client_full_clean(client, check_national_number=True)
    _save_unique(client)
    now = timezone.now()
    Assignment.objects.create(client=client, worker=actor, started_at=now, assigned_by=actor)
    trajectory = Trajectory.objects.create(
        client=client,
        kind=Trajectory.Kind.INTAKE,
        status=Trajectory.Status.OPEN,
        opened_on=timezone.localdate(),
        created_by=actor,
    )
    TrajectoryEvent.objects.create(
        trajectory=trajectory, at=now, actor=actor, description=_("Intake started")
    )
    access_log_record(
        client=client, actor=actor, action=AccessLog.Action.CREATE, what=LOGGED_INTAKE
    )
    client_file_change_notify(client.pk)
    return client


def _client_full_clean(client: Client, *, check_national_number: bool) -> None:
    """The model's validation and then, for the fields it found valid, the national number
    against the birth date and sex: one ValidationError with the messages of every field."""
    errors: dict[str, list[ValidationError]] = {}
    try:
        client.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if check_national_number and "national_number" not in errors:
        try:
            national_number_check_match(
                client.national_number,
                birth_date=None if "birth_date" in errors else client.birth_date,
                sex="" if "sex" in errors else client.sex,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


class NationalNumberTakenError(ValidationError):
    """The number is another file's. Saying so tells the user that file exists, which the
    intake's search also tells (and logs): the view logs it the same way, for `other_client_id`,
    once this transaction has rolled back (national_number_lookup_log)."""

    def __init__(self, other_client_id: int) -> None:
        super().__init__(
            {"national_number": _("A client file with this national number already exists.")}
        )
        self.other_client_id = other_client_id


def _require_national_number_free(number: str, *, exclude_pk: int | None = None) -> None:
    others = Client.objects.filter(national_number=number)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    other = others.values_list("pk", flat=True).first()
    if other is not None:
        raise NationalNumberTakenError(other)


@transaction.atomic
def national_number_lookup_log(*, actor: User, error: ValidationError) -> None:
    """Log, as the intake's search does, that `actor` learnt another file exists because a
    number they typed is taken (the error of a save that was refused and rolled back)."""
    other = getattr(error, "other_client_id", None)
    if other is not None:
        access_log_record(
            # Only the id: the actor may not see that file's row.
            client=Client(pk=other),
            actor=actor,
            action=AccessLog.Action.VIEW,
            what=SEEN_NUMBER_TAKEN,
        )


def _save_unique(client: Client) -> None:
    """Save, turning a lost race on the unique national number (another save between our check
    and this one) into the form's message. The database's error text quotes the number, so it
    must never reach a 500 and its log line."""
    try:
        with transaction.atomic():
            client.save()
    except IntegrityError:
        _require_national_number_free(client.national_number, exclude_pk=client.pk)
        raise


ErrorDict = dict[str, list[str]]


def _error_dict(error: ValidationError) -> ErrorDict:
    if hasattr(error, "error_dict"):
        return dict(error.message_dict)
    return {NON_FIELD_ERRORS: list(error.messages)}


class IntakeError(ValidationError):
    """Everything wrong with an intake at once: the client's fields, and per row (by index) the
    household members' and incomes' fields, so a form can show each error next to its field."""

    def __init__(
        self,
        *,
        client: ErrorDict,
        members: dict[int, ErrorDict],
        incomes: dict[int, ErrorDict],
        other_client_id: int | None = None,
    ) -> None:
        flat = dict(client)
        for kind, rows in (("members", members), ("incomes", incomes)):
            for index, errors in rows.items():
                flat.update({f"{kind}.{index}.{name}": msgs for name, msgs in errors.items()})
        super().__init__(flat)
        self.client_errors = client
        self.member_errors = members
        self.income_errors = incomes
        # The file whose national number the intake typed (see NationalNumberTakenError).
        self.other_client_id = other_client_id


@transaction.atomic
def client_intake(
    *,
    actor: User,
    fields: dict[str, Any],
    members: Sequence[dict[str, Any]],
    incomes: Sequence[dict[str, Any]],
    health_note: str = "",
    household_complete: bool = False,
    open_debt_help: bool = False,
    team: Wijkteam | None = None,
    team_reason: str = "",
) -> Client:
    """The guided intake in one transaction: register the client (the actor becomes their social
    worker, an intake opens), then the household, the client's incomes, the statement that they
    are complete (`household_complete`), a confidential health note and, if asked, a debt-help
    trajectory.

    Any error anywhere saves nothing: IntakeError carries every error found, per field and row.
    """
    member_errors: dict[int, ErrorDict] = {}
    for index, data in enumerate(members):
        try:
            HouseholdMember(**data).full_clean(exclude=["client"])
        except ValidationError as error:
            member_errors[index] = _error_dict(error)
    income_rows = [_income_fields(data) for data in incomes]
    income_errors: dict[int, ErrorDict] = {}
    for index, data in enumerate(income_rows):
        try:
            Income(**data).full_clean(exclude=["client", "member"])
        except ValidationError as error:
            income_errors[index] = _error_dict(error)
    client: Client | None = None
    client_errors: ErrorDict = {}
    other_client_id = None
    try:
        client = client_register(actor=actor, fields=fields, team=team, team_reason=team_reason)
    except ValidationError as error:
        client_errors = _error_dict(error)
        other_client_id = getattr(error, "other_client_id", None)
    if client is None or member_errors or income_errors:
        raise IntakeError(
            client=client_errors,
            members=member_errors,
            incomes=income_errors,
            other_client_id=other_client_id,
        )

    # Everything was checked above; a rule the checks missed still stops the whole intake.
    for index, data in enumerate(members):
        try:
            household_member_save(actor=actor, client=client, member=HouseholdMember(**data))
        except ValidationError as error:
            member_errors[index] = _error_dict(error)
    for index, data in enumerate(income_rows):
        try:
            income_save(actor=actor, client=client, income=Income(**data))
        except ValidationError as error:
            income_errors[index] = _error_dict(error)
    if member_errors or income_errors:
        raise IntakeError(client={}, members=member_errors, incomes=income_errors)
    if household_complete:
        household_confirm(actor=actor, client=client, complete=True)
    if health_note.strip():
        journal_add(
            actor=actor,
            client=client,
            entry=JournalEntry(
                occurred_on=timezone.localdate(),
                kind=JournalEntry.Kind.NOTE,
                text=health_note.strip(),
                confidential=True,
            ),
        )
    if open_debt_help:
        trajectory_open(
            actor=actor, client=client, trajectory=Trajectory(kind=Trajectory.Kind.DEBT_HELP)
        )
    return client


def _income_fields(data: dict[str, Any]) -> dict[str, Any]:
    # A leefloon category means nothing for another kind of income (a form's select may keep a
    # stray choice when the kind changes): drop it rather than refuse the whole intake.
    if data.get("kind") != Income.Kind.LEEFLOON:
        return {**data, "leefloon_category": ""}
    return dict(data)


@transaction.atomic
def client_update(
    *, actor: User, client_id: int, expected_version: int, changes: dict[str, Any]
) -> Client:
    """Save changes to the client record unless someone else saved it first (EditConflictError).

    A new address is routed again, unless a team lead chose the team by hand. A new national
    number, birth date or sex must agree with the others (national_number_check_match).
    """
    client = Client.objects.select_for_update().get(pk=client_id)
    client_require_editor(actor, client)
    if client.version != expected_version:
        raise EditConflictError(current=client)
    client_require_open(client)
    changes = dict(changes)
    if "national_number" in changes:
        changes["national_number"] = national_number_clean(changes["national_number"])
        _require_national_number_free(changes["national_number"], exclude_pk=client.pk)
    old_address = tuple(getattr(client, f) for f in ADDRESS_FIELDS)
    old_team_id = client.team_id
    for name, value in changes.items():
        setattr(client, name, value)
    new_address = tuple(getattr(client, f) for f in ADDRESS_FIELDS)
    if new_address != old_address and not client.team_override_reason:
        routed = _route({f: getattr(client, f) for f in ADDRESS_FIELDS})
        if routed is None:
            raise ValidationError({"postcode": _("No wijkteam covers this address.")})
        client.team = routed
    # Only when one of them changes: a file saved before this check, that disagrees with its
    # number, still takes a new phone number.
    _client_full_clean(client, check_national_number=bool(IDENTITY_FIELDS & changes.keys()))
    _lock_for_team_move(client, old_team_id, client.team_id)
    client.version = F("version") + 1
    _save_unique(client)
    client.refresh_from_db()
    access_log_record(
        client=client,
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOGGED_RECORD_CHANGED,
        params={"fields": ", ".join(sorted(changes))},
    )
    client_file_change_notify(client.pk)
    return client


def _still_open_on(client: Client) -> list[str]:
    """What keeps the file from closing: open or active trajectories, then what the apps above
    register as still open (budgets: undecided aid proposals; clients/registry.py)."""
    still_open = [
        _("the trajectory %(kind)s (%(status)s, opened %(opened)s)")
        % {
            "kind": trajectory.get_kind_display(),
            "status": trajectory.get_status_display(),
            "opened": f"{trajectory.opened_on:%d/%m/%Y}",
        }
        for trajectory in client.trajectories.exclude(status=Trajectory.Status.CLOSED).order_by(
            "opened_on", "pk"
        )
    ]
    for blocker in closing_blockers():
        still_open += blocker(client)
    return still_open


@transaction.atomic
def client_close(
    *, actor: User, client_id: int, expected_version: int, on: dt.date, reason: str
) -> Client:
    """Close the file on `on`, with a reason, once nothing is under way any more: no open or
    active trajectory, no aid proposal waiting for a decision. The assignment and all history
    stay; the file leaves the caseloads and the scan, and is read-only until reopened."""
    client = Client.objects.select_for_update().get(pk=client_id)
    client_require_editor(actor, client)
    if client.version != expected_version:
        raise EditConflictError(current=client)
    if client.closed_on is not None:
        raise ValidationError(_("This client file is already closed."))
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = [_("Give the reason for closing the file.")]
    opened = timezone.localdate(client.created_at)
    if on > timezone.localdate():
        errors["closed_on"] = [_("The file cannot close on a day in the future.")]
    elif on < opened:
        errors["closed_on"] = [
            _("The file cannot close before it was opened (%(opened)s).")
            % {"opened": f"{opened:%d/%m/%Y}"}
        ]
    still_open = _still_open_on(client)
    if still_open:
        errors[NON_FIELD_ERRORS] = [
            _("The file cannot close while something is still open: %(open)s.")
            % {"open": "; ".join(still_open)}
        ]
    if errors:
        raise ValidationError(errors)
    client.closed_on = on
    client.closed_reason = reason.strip()
    client.version = F("version") + 1
    client.save(update_fields=["closed_on", "closed_reason", "version", "updated_at"])
    client.refresh_from_db()
    access_log_record(
        client=client, actor=actor, action=AccessLog.Action.CHANGE, what=LOGGED_CLOSED
    )
    client_file_change_notify(client.pk)
    return client


@transaction.atomic
def client_reopen(*, actor: User, client_id: int, expected_version: int, reason: str) -> Client:
    """Reopen a closed file (its social worker or the team lead), with a reason: the closing
    date and reason are cleared and the file is back in the caseloads and the scan."""
    client = Client.objects.select_for_update().get(pk=client_id)
    client_require_editor(actor, client)
    if client.version != expected_version:
        raise EditConflictError(current=client)
    if client.closed_on is None:
        raise ValidationError(_("This client file is not closed."))
    if client.anonymised_at is not None:
        raise ValidationError(_("An anonymised file cannot be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening the file.")})
    client.closed_on = None
    client.closed_reason = ""
    client.version = F("version") + 1
    client.save(update_fields=["closed_on", "closed_reason", "version", "updated_at"])
    client.refresh_from_db()
    access_log_record(
        client=client, actor=actor, action=AccessLog.Action.CHANGE, what=LOGGED_REOPENED
    )
    client_file_change_notify(client.pk)
    return client


@transaction.atomic
def client_set_team(*, actor: User, client: Client, team: Wijkteam, reason: str) -> Client:
    """A team lead overrides the routed team, with a reason that stays on the file."""
    if not client_is_led_by(actor, client):
        raise PermissionDenied(_("Only the lead of the client's team may change the team."))
    client_require_open(client)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this client belongs to another team.")})
    _lock_for_team_move(client, client.team_id, team.pk)
    client.team = team
    client.team_override_reason = reason.strip()
    client.version = F("version") + 1
    client.save(update_fields=["team", "team_override_reason", "version", "updated_at"])
    client.refresh_from_db()
    access_log_record(
        client=client,
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOGGED_TEAM_SET,
        params={"team": team.name},
    )
    return client


def _lock_caseload_figures(*, team_ids: Sequence[int | None], worker_ids: Sequence[int]) -> None:
    """Lock the caseload figures a move of a file will change, always in the same order.

    When a file moves to another social worker or team, the triggers of
    clients/caseload_counts.py change two rows: first the old worker's (or team's), then the
    new one's. Two opposite moves at the same moment (A from Els to Jan, B from Jan to Els)
    would lock them in opposite order, and PostgreSQL would abort one as a deadlock. Locking
    both rows first, sorted, makes the second move wait for the first instead.
    """
    teams = [NO_TEAM if team_id is None else team_id for team_id in team_ids]
    rows = CaseloadCount.objects.filter(team_id__in=teams, worker_id__in=worker_ids)
    list(rows.order_by("team_id", "worker_id").select_for_update().values_list("pk", flat=True))


def _lock_for_team_move(client: Client, old_team_id: int | None, new_team_id: int | None) -> None:
    """A file moving to another team moves its worker's figures from one team's row to the
    other's: lock both first (see `_lock_caseload_figures`)."""
    if new_team_id == old_team_id:
        return
    current = current_assignment(client)
    if current is not None:
        _lock_caseload_figures(team_ids=[old_team_id, new_team_id], worker_ids=[current.worker_id])


@transaction.atomic
def assignment_transfer(
    *,
    actor: User,
    client: Client,
    to_worker: User,
    reason: str,
    expected_worker_id: int,
) -> Assignment:
    """Hand a client to another social worker: the old assignment closes with the reason.

    The team lead may transfer any client of the team; a social worker only their own client, to
    a colleague of the same team. `expected_worker_id` is who the actor saw as the worker: if
    someone transferred the client meanwhile, this transfer is refused.
    """
    # Lock the client row so two transfers of one client run one after the other.
    locked = Client.objects.select_for_update().get(pk=client.pk)
    current = current_assignment(locked)
    if current is None or current.worker_id != expected_worker_id:
        raise ValidationError(_("This client was transferred by someone else meanwhile."))
    if current.worker_id != actor.pk and not client_is_led_by(actor, locked):
        raise PermissionDenied(_("Only the client's social worker or the team lead may transfer."))
    client_require_open(locked)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the transfer.")})
    if to_worker.pk == current.worker_id:
        raise ValidationError({"to_worker": _("This social worker already has this client.")})
    if (
        not transfer_candidates(client=locked, exclude_worker_id=None)
        .filter(pk=to_worker.pk)
        .exists()
    ):
        raise ValidationError({"to_worker": _("Choose a social worker of the client's wijkteam.")})
    _lock_caseload_figures(team_ids=[locked.team_id], worker_ids=[current.worker_id, to_worker.pk])
    now = timezone.now()
    current.ended_at = now
    current.end_reason = reason.strip()
    current.save(update_fields=["ended_at", "end_reason"])
    try:
        with transaction.atomic():
            new = Assignment.objects.create(
                client=locked, worker=to_worker, started_at=now, assigned_by=actor
            )
    except IntegrityError:
        # The unique open assignment caught a race the lock did not (SQLite has no row locks).
        raise ValidationError(_("This client was transferred by someone else meanwhile.")) from None
    access_log_record(
        client=locked,
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOGGED_TRANSFERRED,
        params={"worker": str(to_worker)},
        purpose=reason.strip(),
    )
    return new
