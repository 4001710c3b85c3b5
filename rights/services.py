"""Every write of the rights app by a person: the rights register of a client, the review of
non-take-up flags, and the catalogue and its parameter versions (administrators).

The scan's own writes (opening and closing flags, scan runs) live in rights/scan/ (writes.py).

Workflow of a flag, as these services enforce it:

    open -> contacted -> applied -> granted
      \\________\\___________\\-----> dismissed (with a reason)

Contacted and applied leave the flag open; granted and dismissed close it. Any step may be
skipped (a client may apply at once), none can be taken back, and nothing is done to a closed
flag except recording the type of non-take-up. The first step sets `first_action_at`, from
which the team figures measure the days to act.
"""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.access_log import access_log_record
from clients.models import AccessLog, Client, future_date_errors
from clients.selectors import client_editable_by
from clients.services import client_file_change_notify, client_require_open
from core.dates import date_range_errors
from core.locks import transaction_lock
from rights.log_actions import LOGGED_FLAG, LOGGED_REGISTER
from rights.models import (
    ClientRight,
    FlagEvent,
    NonTakeUpFlag,
    NonTakeUpType,
    Right,
    RightParameters,
    ScanRun,
)
from rights.scan import CLOSED_RECEIVES as CLOSED_RECEIVES  # the scan closes such flags alike
from rights.scan import scan_run_start
from rights.selectors import right_parameters_current, scan_in_progress
from wijkteams.models import User
from wijkteams.selectors import roles_for

RIGHT_TEXT_FIELDS = (
    "name_nl",
    "name_en",
    "gives_nl",
    "gives_en",
    "how_to_apply_nl",
    "how_to_apply_en",
    "documents_nl",
    "documents_en",
)

Status = NonTakeUpFlag.Status
CENT = Decimal("0.01")


def _require_editor(actor: User, client: Client) -> None:
    if not client_editable_by(user=actor, client=client):
        raise PermissionDenied(_("Only the client's social worker or the team lead may do this."))


def _require_administrator(actor: User) -> None:
    if not roles_for(actor).is_administrator:
        raise PermissionDenied(_("Only administrators manage the rights catalogue."))


# --- the rights register ------------------------------------------------------------------


def _register_upsert(
    *, actor: User, client: Client, right: Right, status: str, since: dt.date, evidence: str
) -> ClientRight:
    record, _created = ClientRight.objects.select_for_update().get_or_create(
        client=client,
        right=right,
        defaults={
            "status": status,
            "since": since,
            "evidence": evidence,
            "recorded_by": actor,
        },
    )
    record.status, record.since, record.evidence, record.recorded_by = (
        status,
        since,
        evidence,
        actor,
    )
    record.full_clean(validate_unique=False)
    record.save()
    client_file_change_notify(client.pk)  # a right the client receives is no longer flagged
    return record


@transaction.atomic
def client_right_record(
    *,
    actor: User,
    client: Client,
    right: Right,
    status: str,
    since: dt.date,
    evidence: str = "",
) -> ClientRight:
    """Record in the client's rights register what the file says about one right (one row per
    right: a new status replaces the old one).

    "Receives" closes an open flag for the right as *closed*, not as *granted*: the register
    only says the client has the right, not that the OCMW's action got it. Granted is an
    outcome of the workflow (`flag_granted`), so the team figures count only what was acted on.
    """
    _require_editor(actor, client)
    client_require_open(client)
    if status not in ClientRight.Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    wrong = future_date_errors(since=since)
    if wrong:
        raise ValidationError(wrong)
    record = _register_upsert(
        actor=actor,
        client=client,
        right=right,
        status=status,
        since=since,
        evidence=evidence.strip(),
    )
    if status == ClientRight.Status.RECEIVES:
        now = timezone.now()
        for flag in NonTakeUpFlag.objects.select_for_update().filter(
            client=client, right=right, status__in=NonTakeUpFlag.OPEN_STATUSES
        ):
            flag.status = Status.CLOSED
            flag.closed_at = now
            flag.close_reason = CLOSED_RECEIVES
            flag.save(update_fields=["status", "closed_at", "close_reason"])
            FlagEvent.objects.create(
                flag=flag, at=now, actor=actor, status=Status.CLOSED, note=CLOSED_RECEIVES
            )
    access_log_record(
        client=client, actor=actor, action=AccessLog.Action.CHANGE, what=LOGGED_REGISTER
    )
    return record


# --- the review of a flag -----------------------------------------------------------------

# Which statuses each step may be taken from.
_ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    Status.CONTACTED: (Status.OPEN,),
    Status.APPLIED: (Status.OPEN, Status.CONTACTED),
    Status.GRANTED: (Status.OPEN, Status.CONTACTED, Status.APPLIED),
    Status.DISMISSED: (Status.OPEN, Status.CONTACTED, Status.APPLIED),
}


def _locked_flag(actor: User, flag: NonTakeUpFlag) -> NonTakeUpFlag:
    """The flag as it is now, locked until the transaction ends, after the editor check: two
    clicks at once (or the scan closing it meanwhile) cannot both pass the status check."""
    current = NonTakeUpFlag.objects.select_for_update().select_related("client", "right")
    locked = current.get(pk=flag.pk)
    _require_editor(actor, locked.client)
    client_require_open(locked.client)
    return locked


def _step(
    *,
    actor: User,
    flag: NonTakeUpFlag,
    status: str,
    note: str,
    close_reason: str = "",
) -> NonTakeUpFlag:
    locked = _locked_flag(actor, flag)
    if not locked.is_open:
        raise ValidationError(_("This flag is closed: nothing more can be recorded on it."))
    if locked.status not in _ALLOWED_FROM[status]:
        raise ValidationError(
            _("A flag that is “%(current)s” cannot go back to “%(step)s”.")
            % {"current": locked.get_status_display(), "step": Status(status).label}
        )
    now = timezone.now()
    locked.status = status
    if locked.first_action_at is None:
        locked.first_action_at = now
    if status in (Status.GRANTED, Status.DISMISSED):
        locked.closed_at = now
        locked.close_reason = close_reason
    locked.save(
        update_fields=["status", "first_action_at", "closed_at", "close_reason"],
    )
    FlagEvent.objects.create(flag=locked, at=now, actor=actor, status=status, note=note.strip())
    access_log_record(
        client=locked.client, actor=actor, action=AccessLog.Action.CHANGE, what=LOGGED_FLAG
    )
    return locked


@transaction.atomic
def flag_contacted(*, actor: User, flag: NonTakeUpFlag, note: str = "") -> NonTakeUpFlag:
    """The worker told the client about the right (the flag stays open)."""
    return _step(actor=actor, flag=flag, status=Status.CONTACTED, note=note)


@transaction.atomic
def flag_applied(*, actor: User, flag: NonTakeUpFlag, note: str = "") -> NonTakeUpFlag:
    """The client applied for the right (the flag stays open until the answer). The rights
    register says "applied" from today, so the file shows the pending application."""
    flag = _step(actor=actor, flag=flag, status=Status.APPLIED, note=note)
    _register_upsert(
        actor=actor,
        client=flag.client,
        right=flag.right,
        status=ClientRight.Status.APPLIED,
        since=timezone.localdate(),
        evidence="",
    )
    return flag


@transaction.atomic
def flag_granted(
    *,
    actor: User,
    flag: NonTakeUpFlag,
    note: str = "",
    evidence: str = "",
    since: dt.date | None = None,
) -> NonTakeUpFlag:
    """The right was granted: the flag closes and the register says "receives" (from `since`,
    today by default), so the scan does not raise the right again."""
    since = since or timezone.localdate()
    wrong = future_date_errors(since=since)
    if wrong:
        raise ValidationError(wrong)
    flag = _step(actor=actor, flag=flag, status=Status.GRANTED, note=note)
    _register_upsert(
        actor=actor,
        client=flag.client,
        right=flag.right,
        status=ClientRight.Status.RECEIVES,
        since=since,
        evidence=evidence.strip(),
    )
    return flag


@transaction.atomic
def flag_dismiss(*, actor: User, flag: NonTakeUpFlag, reason: str, note: str = "") -> NonTakeUpFlag:
    """Close the flag without the right: the reason is required. The scan raises it again only
    when the facts it was based on change (it keeps their fingerprint)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the flag is dismissed.")})
    return _step(
        actor=actor,
        flag=flag,
        status=Status.DISMISSED,
        note=note or reason,
        close_reason=reason[:300],
    )


@transaction.atomic
def flag_review(*, actor: User, flag: NonTakeUpFlag, non_take_up_type: str) -> NonTakeUpFlag:
    """Record why the right was not taken up, in the federal administration's five types.
    Open or closed flags alike; it is a finding about the past, not a step of the workflow."""
    if non_take_up_type not in NonTakeUpType.values:
        raise ValidationError({"non_take_up_type": _("Choose a type from the list.")})
    locked = _locked_flag(actor, flag)
    locked.non_take_up_type = non_take_up_type
    locked.save(update_fields=["non_take_up_type"])
    access_log_record(
        client=locked.client, actor=actor, action=AccessLog.Action.CHANGE, what=LOGGED_FLAG
    )
    return locked


# --- the catalogue and its parameters (administrators) -----------------------------------


@transaction.atomic
def right_update(*, actor: User, right: Right, texts: Mapping[str, str]) -> Right:
    """Change the texts of a right in the catalogue (names, what it gives, how to apply,
    documents, in Dutch and English). The code and the rule behind it do not change here."""
    _require_administrator(actor)
    unknown = set(texts) - set(RIGHT_TEXT_FIELDS)
    if unknown:
        raise ValidationError(_("Only the texts of a right can be changed here."))
    for name, value in texts.items():
        setattr(right, name, value.strip())
    right.full_clean()
    right.save(update_fields=list(texts))
    return right


def _current_keys(right: Right) -> dict[str, str]:
    """The values of the current version: the shape a new version must have."""
    current = right_parameters_current(right=right)
    if current is None:
        raise ValidationError(_("This right has no parameters yet to base a new version on."))
    return dict(current.values)


def _clean_values(template: Mapping[str, str], values: Mapping[str, object]) -> dict[str, str]:
    """Same keys as `template`; each value a non-negative decimal, whole where the template's
    is whole (a number of months stays a number of months). Stored as strings."""
    if set(values) != set(template):
        missing = sorted(set(template) - set(values))
        extra = sorted(set(values) - set(template))
        raise ValidationError(
            _(
                "The thresholds must be those of the current version. "
                "Missing: %(missing)s. Unknown: %(extra)s."
            )
            % {"missing": ", ".join(missing) or _("none"), "extra": ", ".join(extra) or _("none")}
        )
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for key in template:
        try:
            amount = Decimal(str(values[key]).strip())
        except InvalidOperation:
            errors[key] = [_("Enter a number.")]
            continue
        if not amount.is_finite() or amount < 0:
            errors[key] = [_("Enter a number of zero or more.")]
        elif "." not in str(template[key]):
            if amount != amount.to_integral_value():
                errors[key] = [_("Enter a whole number.")]
            else:
                cleaned[key] = str(int(amount))
        else:
            # Amounts in cents as the seeded figures are; more decimals (a rate) are kept.
            exponent = amount.as_tuple().exponent
            precise = isinstance(exponent, int) and exponent < -2
            try:
                cleaned[key] = str(amount if precise else amount.quantize(CENT))
            except InvalidOperation:  # more digits than a decimal holds (1e30 in cents)
                errors[key] = [_("This number is too large.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_valid_from(right: Right, valid_from: dt.date, *, exclude: int | None = None) -> None:
    out_of_range = date_range_errors(valid_from=valid_from)
    if out_of_range:
        raise ValidationError(out_of_range)
    if valid_from < timezone.localdate():
        raise ValidationError({"valid_from": _("A new version cannot start in the past.")})
    clash = RightParameters.objects.filter(right=right, valid_from=valid_from)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError(
            {"valid_from": _("This right already has a version starting on that day.")}
        )


def _require_future(parameters: RightParameters) -> None:
    if parameters.valid_from <= timezone.localdate():
        raise ValidationError(
            _("This version is in force or has been: it never changes. Add a new version.")
        )


def right_parameters_check(
    *,
    right: Right,
    valid_from: dt.date,
    values: Mapping[str, object],
    editing: RightParameters | None = None,
) -> dict[str, str]:
    """Check a new version (or the change of the future version `editing`) as saving it would,
    without saving: the values as they would be stored, or a ValidationError. For the preview."""
    if editing is not None:
        _require_future(editing)
    _check_valid_from(right, valid_from, exclude=editing.pk if editing is not None else None)
    template = dict(editing.values) if editing is not None else _current_keys(right)
    return _clean_values(template, values)


@transaction.atomic
def right_parameters_create(
    *,
    actor: User,
    right: Right,
    valid_from: dt.date,
    values: Mapping[str, object],
    source: str = "",
) -> RightParameters:
    """A new version of a right's thresholds from `valid_from` (today or later), with the same
    thresholds as the current version."""
    _require_administrator(actor)
    cleaned = right_parameters_check(right=right, valid_from=valid_from, values=values)
    return RightParameters.objects.create(
        right=right,
        valid_from=valid_from,
        values=cleaned,
        source=source.strip(),
        created_by=actor,
    )


@transaction.atomic
def right_parameters_update(
    *,
    actor: User,
    parameters: RightParameters,
    valid_from: dt.date,
    values: Mapping[str, object],
    source: str = "",
) -> RightParameters:
    """Change a version that has not started yet (from tomorrow on); one in force never does."""
    _require_administrator(actor)
    parameters = RightParameters.objects.select_for_update().get(pk=parameters.pk)
    parameters.values = right_parameters_check(
        right=parameters.right, valid_from=valid_from, values=values, editing=parameters
    )
    parameters.valid_from = valid_from
    parameters.source = source.strip()
    parameters.save(update_fields=["values", "valid_from", "source"])
    return parameters


@transaction.atomic
def right_parameters_delete(*, actor: User, parameters: RightParameters) -> None:
    """Delete a version that has not started yet."""
    _require_administrator(actor)
    parameters = RightParameters.objects.select_for_update().get(pk=parameters.pk)
    _require_future(parameters)
    try:
        parameters.delete()
    except ProtectedError:
        raise ValidationError(_("Flags refer to this version: it cannot be deleted.")) from None


@transaction.atomic
def scan_run_start_by_hand(*, actor: User) -> ScanRun:
    """Start a full scan for a team lead, unless one is running. Two clicks at the same moment
    (or two leads) start one run: the check and the new row are made under one lock."""
    transaction_lock("rights.scan_run_start_by_hand")
    if scan_in_progress():
        raise ValidationError(_("A scan is running already. Its figures follow below."))
    return scan_run_start(kind=ScanRun.Kind.MANUAL, started_by=actor)
