"""Writes of the GPMI (geïndividualiseerd project voor maatschappelijke integratie): the
contract drawn up with the client, its signatures, and the evaluations the law requires.

The law of 26 May 2002 (art. 11, as amended by the law of 21 July 2016, in force 1 November
2016) makes a GPMI compulsory for every new leefloon beneficiary; the VVSG's guidance
(https://www.vvsg.be/kennisitem/vvsg/geindividualiseerd-project-maatschappelijke-integratie-gpmi,
/work/notes/leefloon_facts.md §7) says it is evaluated **at least 3 times a year, of which at
least 2 in a personal meeting**. The schedule made here (`evaluation_schedule`):

- one evaluation every 4 months from the contract's start (start + 4, 8, 12, ... months, to the
  same day number, or the month's last day when it is shorter: procedure.deadlines.add_months),
  so every contract year holds 3; of each year's three the 1st and 3rd are planned in person and
  the 2nd may be held otherwise, so at least 2 of 3 are in person;
- a contract with an end: the regular evaluations before the end, and a closing one (in person)
  on the end day, so a short contract still gets evaluated and a year ending on its end day
  still has 3;
- a contract without an end: its first contract year (3 evaluations) when it is signed; when
  the last evaluation still open is recorded, the next contract year's three are added (an
  evaluation left open stays on the overdue lists until it is recorded).

The schedule is made when the contract is signed by both sides (the client's date and the
OCMW's date with who signed) and made again when a signed contract's end changes: evaluations
not held that the new dates no longer ask for go, held ones always stay. Who holds an
evaluation is not stored: it is the client's worker on its due day (selectors_gpmi.worker_on),
so a transfer moves the coming evaluations with the client."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from clients.access_log import access_log_record
from clients.models import AccessLog, Client
from clients.services import client_require_editor, client_require_open
from core.dates import date_range_errors, date_text
from integration.log_actions import LOG_EVALUATION, LOG_GPMI_SAVED, LOG_GPMI_SIGNED
from integration.models import GpmiContract, GpmiEvaluation
from integration.selectors_gpmi import leefloon_requests_of, ocmw_signers
from integration.services.locking import row_for_change
from procedure.deadlines import add_months
from procedure.models import Request
from wijkteams.models import User

EVALUATION_EVERY_MONTHS = 4  # 3 a year (VVSG, see the module's docstring)
EVALUATIONS_A_YEAR = 12 // EVALUATION_EVERY_MONTHS


@dataclass(frozen=True)
class PlannedEvaluation:
    due_on: dt.date
    in_person: bool


def evaluation_schedule(
    *, starts_on: dt.date, ends_on: dt.date | None, years: int = 1
) -> list[PlannedEvaluation]:
    """The evaluations a contract asks for (see the module's docstring): with an end, every one
    up to it and the closing one on it; without, those of the first `years` contract years."""
    planned = []
    number = 1
    while True:
        due_on = add_months(starts_on, EVALUATION_EVERY_MONTHS * number)
        if ends_on is not None and due_on >= ends_on:
            break
        if ends_on is None and number > EVALUATIONS_A_YEAR * years:
            break
        # The 2nd of each year's three may be held otherwise; the 1st and 3rd in person.
        planned.append(PlannedEvaluation(due_on, in_person=number % EVALUATIONS_A_YEAR != 2))
        number += 1
    if ends_on is not None:
        planned.append(PlannedEvaluation(ends_on, in_person=True))
    return planned


def _schedule_sync(contract: GpmiContract) -> None:
    """Make the contract's evaluations what its dates ask for: add the missing ones, drop those
    not held that are no longer asked for (a contract ended earlier), keep every held one."""
    existing = {evaluation.due_on: evaluation for evaluation in contract.evaluations.all()}
    years = 1
    if contract.ends_on is None:
        # The next contract year once every evaluation of the years scheduled is held.
        while True:
            asked = evaluation_schedule(starts_on=contract.starts_on, ends_on=None, years=years)
            if not all(
                plan.due_on in existing and existing[plan.due_on].held_on is not None
                for plan in asked
            ):
                break
            years += 1
    planned = evaluation_schedule(
        starts_on=contract.starts_on, ends_on=contract.ends_on, years=years
    )
    wanted = {plan.due_on for plan in planned}
    GpmiEvaluation.objects.filter(contract=contract, held_on__isnull=True).exclude(
        due_on__in=wanted
    ).delete()
    GpmiEvaluation.objects.bulk_create(
        [
            GpmiEvaluation(contract=contract, due_on=plan.due_on, in_person=plan.in_person)
            for plan in planned
            if plan.due_on not in existing
        ]
    )


# --- the contract ---------------------------------------------------------------------------------


def _contract_errors(
    *,
    client: Client,
    contract: GpmiContract | None,
    request: Request | None,
    starts_on: dt.date,
    ends_on: dt.date | None,
    signed_by_client_on: dt.date | None,
    signed_by_ocmw_on: dt.date | None,
    signed_for_ocmw_by: User | None,
    today: dt.date,
) -> dict[str, str]:
    errors = date_range_errors(
        starts_on=starts_on,
        ends_on=ends_on,
        signed_by_client_on=signed_by_client_on,
        signed_by_ocmw_on=signed_by_ocmw_on,
    )
    if errors:
        return errors
    if ends_on is not None and ends_on <= starts_on:
        errors["ends_on"] = _("The contract ends after it starts (%(day)s).") % {
            "day": date_text(starts_on)
        }
    for field, day in (
        ("signed_by_client_on", signed_by_client_on),
        ("signed_by_ocmw_on", signed_by_ocmw_on),
    ):
        if day is not None and day > today:
            errors[field] = _("A signature cannot be dated in the future.")
    if signed_by_ocmw_on is not None and signed_for_ocmw_by is None:
        errors["signed_for_ocmw_by"] = _("Say who signed for the OCMW.")
    if signed_by_ocmw_on is None and signed_for_ocmw_by is not None:
        errors["signed_by_ocmw_on"] = _("Enter the day it was signed for the OCMW.")
    if request is not None and not leefloon_requests_of(client).filter(pk=request.pk).exists():
        errors["request"] = _("Choose one of this client's leefloon requests.")
    if signed_for_ocmw_by is not None and not (
        ocmw_signers(client, also=contract.signed_for_ocmw_by_id if contract is not None else None)
        .filter(pk=signed_for_ocmw_by.pk)
        .exists()
    ):
        errors["signed_for_ocmw_by"] = _("Choose a staff member of the client's wijkteam.")
    if contract is not None and contract.is_signed:
        # The schedule runs from the signed start: a signed contract keeps it and its
        # signatures (a new agreement is a new contract).
        fixed = _("A signed contract keeps this; draw up a new contract to change it.")
        for field, value in (
            ("starts_on", starts_on),
            ("signed_by_client_on", signed_by_client_on),
            ("signed_by_ocmw_on", signed_by_ocmw_on),
            ("signed_for_ocmw_by", signed_for_ocmw_by),
        ):
            if value != getattr(contract, field):
                errors.setdefault(field, fixed)
    return errors


def _contract_write(
    contract: GpmiContract,
    *,
    actor: User,
    was_signed: bool,
    request: Request | None,
    starts_on: dt.date,
    ends_on: dt.date | None,
    goals: str,
    client_commitments: str,
    ocmw_commitments: str,
    signed_by_client_on: dt.date | None,
    signed_by_ocmw_on: dt.date | None,
    signed_for_ocmw_by: User | None,
) -> GpmiContract:
    contract.request = request
    contract.starts_on = starts_on
    contract.ends_on = ends_on
    contract.goals = goals.strip()
    contract.client_commitments = client_commitments.strip()
    contract.ocmw_commitments = ocmw_commitments.strip()
    contract.signed_by_client_on = signed_by_client_on
    contract.signed_by_ocmw_on = signed_by_ocmw_on
    contract.signed_for_ocmw_by = signed_for_ocmw_by
    contract.full_clean(exclude=["client", "created_by"])
    if contract.pk is None:
        contract.save()
    else:
        contract.version = F("version") + 1  # an expression, read back
        contract.save()
        contract.refresh_from_db(fields=["version"])
    if contract.is_signed:
        _schedule_sync(contract)
    signed_now = contract.is_signed and not was_signed
    access_log_record(
        client=contract.client,
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOG_GPMI_SIGNED if signed_now else LOG_GPMI_SAVED,
    )
    return contract


@transaction.atomic
def gpmi_contract_create(
    *,
    actor: User,
    client: Client,
    request: Request | None,
    starts_on: dt.date,
    ends_on: dt.date | None,
    goals: str,
    client_commitments: str,
    ocmw_commitments: str,
    signed_by_client_on: dt.date | None,
    signed_by_ocmw_on: dt.date | None,
    signed_for_ocmw_by: User | None,
    today: dt.date,
) -> GpmiContract:
    """Draw up a GPMI contract for the client, signed or not yet; signed by both sides, its
    evaluations are scheduled at once."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    client_require_editor(actor, client)
    client_require_open(client)
    errors = _contract_errors(
        client=client,
        contract=None,
        request=request,
        starts_on=starts_on,
        ends_on=ends_on,
        signed_by_client_on=signed_by_client_on,
        signed_by_ocmw_on=signed_by_ocmw_on,
        signed_for_ocmw_by=signed_for_ocmw_by,
        today=today,
    )
    if errors:
        raise ValidationError(errors)
    return _contract_write(
        GpmiContract(client=client, created_by=actor),
        actor=actor,
        was_signed=False,
        request=request,
        starts_on=starts_on,
        ends_on=ends_on,
        goals=goals,
        client_commitments=client_commitments,
        ocmw_commitments=ocmw_commitments,
        signed_by_client_on=signed_by_client_on,
        signed_by_ocmw_on=signed_by_ocmw_on,
        signed_for_ocmw_by=signed_for_ocmw_by,
    )


@transaction.atomic
def gpmi_contract_save(
    *,
    actor: User,
    contract_id: int,
    expected_version: int,
    request: Request | None,
    starts_on: dt.date,
    ends_on: dt.date | None,
    goals: str,
    client_commitments: str,
    ocmw_commitments: str,
    signed_by_client_on: dt.date | None,
    signed_by_ocmw_on: dt.date | None,
    signed_for_ocmw_by: User | None,
    today: dt.date,
) -> GpmiContract:
    """Change a contract as its editor loaded it (`expected_version`; EditConflictError when
    someone saved it meanwhile). Adding the last signature schedules the evaluations; a signed
    contract keeps its start and signatures, and a changed end schedules them again."""
    current = row_for_change(
        GpmiContract.objects.all(), contract_id, actor=actor, expected_version=expected_version
    )
    errors = _contract_errors(
        client=current.client,
        contract=current,
        request=request,
        starts_on=starts_on,
        ends_on=ends_on,
        signed_by_client_on=signed_by_client_on,
        signed_by_ocmw_on=signed_by_ocmw_on,
        signed_for_ocmw_by=signed_for_ocmw_by,
        today=today,
    )
    if errors:
        raise ValidationError(errors)
    return _contract_write(
        current,
        actor=actor,
        was_signed=current.is_signed,
        request=request,
        starts_on=starts_on,
        ends_on=ends_on,
        goals=goals,
        client_commitments=client_commitments,
        ocmw_commitments=ocmw_commitments,
        signed_by_client_on=signed_by_client_on,
        signed_by_ocmw_on=signed_by_ocmw_on,
        signed_for_ocmw_by=signed_for_ocmw_by,
    )


# --- an evaluation --------------------------------------------------------------------------------


@transaction.atomic
def gpmi_evaluation_record(
    *,
    actor: User,
    evaluation_id: int,
    expected_version: int,
    held_on: dt.date,
    in_person: bool,
    report: str,
    note: str = "",
    today: dt.date,
) -> GpmiEvaluation:
    """Record that an evaluation was held: the day (not before the contract's start, not in the
    future), whether in a personal meeting, and the report. A contract without an end gets its
    next year's evaluations once none is left open."""
    evaluation = row_for_change(
        GpmiEvaluation.objects.all(),
        evaluation_id,
        actor=actor,
        expected_version=expected_version,
        client_path="contract__client",
    )
    contract = evaluation.contract
    if evaluation.held_on is not None:
        raise ValidationError(_("This evaluation was already recorded."))
    errors = date_range_errors(held_on=held_on)
    if not errors:
        if held_on < contract.starts_on:
            errors["held_on"] = _(
                "An evaluation cannot be before the contract starts (%(day)s)."
            ) % {"day": date_text(contract.starts_on)}
        elif held_on > today:
            errors["held_on"] = _("An evaluation cannot be recorded before it is held.")
    if not report.strip():
        errors["report"] = _("Write the report of the evaluation.")
    if errors:
        raise ValidationError(errors)
    evaluation.held_on = held_on
    evaluation.in_person = in_person
    evaluation.report = report.strip()
    evaluation.note = note.strip()
    evaluation.recorded_by = actor
    evaluation.full_clean(exclude=["contract"])
    evaluation.version = F("version") + 1  # an expression, read back
    evaluation.save()
    evaluation.refresh_from_db(fields=["version"])
    if contract.ends_on is None:
        _schedule_sync(contract)
    access_log_record(
        client=contract.client,
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOG_EVALUATION,
        params={"day": date_text(evaluation.due_on)},
    )
    return evaluation
