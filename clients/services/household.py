"""The household and its incomes: members with the dates they joined and left, incomes with a
start and an end (one line of a kind per person on any day; a change from a date keeps the old
line), and the statement that both are recorded completely."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.access_log import access_log_record
from clients.log_actions import (
    LOGGED_HOUSEHOLD_CONFIRMED,
    LOGGED_HOUSEHOLD_UNCONFIRMED,
    LOGGED_INCOME_ENDED,
    LOGGED_INCOME_REMOVED,
    LOGGED_INCOME_SAVED,
    LOGGED_MEMBER_REMOVED,
    LOGGED_MEMBER_SAVED,
)
from clients.models import (
    AccessLog,
    Client,
    HouseholdMember,
    Income,
    income_period_errors,
    leefloon_category_errors,
    member_period_errors,
)
from clients.services.base import (
    EditConflictError,
    RecordRemovedError,
    _day,
    _save_row,
    client_file_change_notify,
    client_require_editor,
    client_require_open,
)
from wijkteams.models import User


def _check_member_period(member: HouseholdMember) -> None:
    errors = member_period_errors(
        birth_date=member.birth_date, joined_on=member.joined_on, left_on=member.left_on
    )
    if errors:
        raise ValidationError(errors)


Period = tuple[dt.date | None, dt.date | None]  # open ends: None


def _overlaps(a: Period, b: Period) -> bool:
    """Two periods with open ends (None) share at least one day."""
    return (a[0] is None or b[1] is None or a[0] <= b[1]) and (
        b[0] is None or a[1] is None or b[0] <= a[1]
    )


def _check_income_period(income: Income) -> None:
    """An income ends on or after its start, and one person has at most one line of a kind on
    any day (a changed amount is a new line from a date: income_change_from)."""
    errors = income_period_errors(starts_on=income.starts_on, ends_on=income.ends_on)
    if errors:
        raise ValidationError(errors)
    same = Income.objects.filter(
        client_id=income.client_id, member_id=income.member_id, kind=income.kind
    ).exclude(pk=income.pk)
    period: Period = (income.starts_on, income.ends_on)
    for other in same.only("starts_on", "ends_on"):
        if _overlaps(period, (other.starts_on, other.ends_on)):
            raise ValidationError(
                {
                    "starts_on": _(
                        "This person already has an income of this kind in this period "
                        "(%(period)s): end that one first, or change it from a date."
                    )
                    % {"period": _period(other.starts_on, other.ends_on)}
                }
            )


def _period(start: dt.date | None, end: dt.date | None) -> str:
    if start is not None and end is not None:
        return _("%(start)s to %(end)s") % {"start": _day(start), "end": _day(end)}
    if start is not None:
        return _("since %(start)s") % {"start": _day(start)}
    if end is not None:
        return _("until %(end)s") % {"end": _day(end)}
    return _("no dates")


@transaction.atomic
def household_member_save(
    *,
    actor: User,
    client: Client,
    member: HouseholdMember,
    expected_version: int | None = None,
) -> HouseholdMember:
    """Add a member, or save one (`expected_version`: the version its editor loaded)."""
    client_require_open(client)
    _check_member_period(member)
    member.client = client
    _save_row(
        member,
        actor=actor,
        client=client,
        what=LOGGED_MEMBER_SAVED,
        expected_version=expected_version,
    )
    client_file_change_notify(client.pk)
    return member


@transaction.atomic
def household_confirm(*, actor: User, client: Client, complete: bool) -> Client:
    """Record, with today's date and the actor, that everyone living with the client and every
    income of the household since 1 January of last year are recorded (`complete`), or
    withdraw that statement. Until it is made the household's income is unknown, not 0: the
    rights rules ask for it instead of flagging (a file without income lines then has none).

    Not a change of the record the edit form holds: its version stays, so nobody's edit of
    the record conflicts with it."""
    client_require_editor(actor, client)
    client_require_open(client)
    on, by = (timezone.localdate(), actor) if complete else (None, None)
    Client.objects.filter(pk=client.pk).update(
        household_confirmed_on=on, household_confirmed_by=by, updated_at=timezone.now()
    )
    client.household_confirmed_on, client.household_confirmed_by = on, by
    access_log_record(
        client=client,
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOGGED_HOUSEHOLD_CONFIRMED if complete else LOGGED_HOUSEHOLD_UNCONFIRMED,
    )
    client_file_change_notify(client.pk)
    return client


@transaction.atomic
def household_member_remove(*, actor: User, member: HouseholdMember) -> None:
    client = member.client
    client_require_editor(actor, client)
    client_require_open(client)
    member.delete()
    access_log_record(
        client=client,
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOGGED_MEMBER_REMOVED,
    )
    client_file_change_notify(client.pk)


@transaction.atomic
def income_save(
    *, actor: User, client: Client, income: Income, expected_version: int | None = None
) -> Income:
    """Add an income, or save one (`expected_version`: the version its editor loaded)."""
    if income.member is not None and income.member.client_id != client.pk:
        raise ValidationError({"member": _("This person is not in the client's household.")})
    category_errors = leefloon_category_errors(kind=income.kind, category=income.leefloon_category)
    if category_errors:
        raise ValidationError(category_errors)
    client_require_open(client)
    income.client = client
    _check_income_period(income)
    _save_row(
        income,
        actor=actor,
        client=client,
        what=LOGGED_INCOME_SAVED,
        expected_version=expected_version,
    )
    client_file_change_notify(client.pk)
    return income


@transaction.atomic
def income_change_from(
    *, actor: User, client: Client, income: Income, expected_version: int, on: dt.date
) -> Income:
    """The income changed on `on`: the line as it was (in the database) ends the day before
    and stays, and a new line with the edited values starts on `on`. So a calculation of an
    earlier day can be made again from the file as it was. Returns the new line."""
    old = Income.objects.select_for_update().filter(pk=income.pk, client=client).first()
    if old is None:
        raise RecordRemovedError(f"Income {income.pk} was removed meanwhile")
    if old.version != expected_version:
        raise EditConflictError(current=old)
    if old.starts_on is not None and on <= old.starts_on:
        raise ValidationError(
            {
                "effective_from": _(
                    "A change applies after the income started (%(day)s): to change the start, "
                    "leave this empty."
                )
                % {"day": _day(old.starts_on)}
            }
        )
    if old.ends_on is not None and on > old.ends_on:
        raise ValidationError(
            {
                "effective_from": _("The income ended on %(day)s: a change cannot apply later.")
                % {"day": _day(old.ends_on)}
            }
        )
    new = Income(
        client=client,
        member=income.member,
        kind=income.kind,
        leefloon_category=income.leefloon_category,
        net_monthly=income.net_monthly,
        gross_taxable_last_year=income.gross_taxable_last_year,
        starts_on=on,
        ends_on=income.ends_on,
    )
    old.ends_on = on - dt.timedelta(days=1)
    _save_row(
        old,
        actor=actor,
        client=client,
        what=LOGGED_INCOME_ENDED,
        update_fields=["ends_on"],
    )
    income_save(actor=actor, client=client, income=new)
    return new


@transaction.atomic
def income_remove(*, actor: User, income: Income) -> None:
    client = income.client
    client_require_editor(actor, client)
    client_require_open(client)
    income.delete()
    access_log_record(
        client=client, actor=actor, action=AccessLog.Action.CHANGE, what=LOGGED_INCOME_REMOVED
    )
    client_file_change_notify(client.pk)
