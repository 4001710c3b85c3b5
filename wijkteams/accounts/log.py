"""The account log: the one place that writes it, what a row says, and the reads of the
data-protection officer and the administrators.

A row keeps an action key and its facts (ids, keys, dates, a team's name as it was); its text is
made when shown, in the reader's language. Append-only: a PostgreSQL trigger refuses every
change and deletion (wijkteams/migrations/0006), and a test fails on any other module that
writes a row (tests/wijkteams/test_account_log.py).
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext

from wijkteams.models import AccountLog, Membership, User
from wijkteams.selectors import Roles

Action = AccountLog.Action

# The user fields whose change is logged as "details changed", with their old and new value
# where the value itself matters (a changed e-mail address receives the next enrolment link).
DETAIL_FIELDS = ("username", "first_name", "last_name", "email")
DETAIL_VALUES_KEPT = ("username", "email")
# Shown for a date or value that is not there (an open end date, an empty address).
NONE_SHOWN = "\u2013"  # an en dash, as the pages show it


def _json_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return value


# --- writing -----------------------------------------------------------------------------------


def account_log_record(
    *,
    actor: User | None,
    subject: User,
    action: AccountLog.Action,
    params: Mapping[str, object] | None = None,
) -> AccountLog:
    """One row of the account log. `actor` is None when nobody logged in acted (the holder of
    an enrolment link). Callers run it inside their own transaction."""
    return AccountLog.objects.create(
        actor=actor,
        subject=subject,
        action=action,
        params=_json_value(dict(params or {})),
    )


def membership_facts(membership: Membership) -> dict[str, object]:
    """What a role row records about a membership: the team by id and by its name then."""
    return {
        "membership_id": membership.pk,
        "team_id": membership.team_id,
        "team": membership.team.name,
        "role": membership.role,
        "starts_on": membership.starts_on,
        "ends_on": membership.ends_on,
    }


# --- what a row says ---------------------------------------------------------------------------


def _date(value: object) -> str:
    if not isinstance(value, str) or not value:
        return NONE_SHOWN
    try:
        return date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    except ValueError:
        return value


def _moment(value: object) -> str:
    if not isinstance(value, str) or not value:
        return NONE_SHOWN
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _field_label(model: type[User] | type[Membership], name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field renamed since the row was written
        return name
    return str(getattr(field, "verbose_name", name))


def _role_text(params: Mapping[str, Any]) -> str:
    role = params.get("role", "")
    label = Membership.Role(role).label if role in Membership.Role.values else str(role)
    text = gettext("%(role)s in %(team)s, from %(start)s until %(end)s") % {
        "role": capfirst(label),
        "team": params.get("team", "?"),
        "start": _date(params.get("starts_on")),
        "end": _date(params.get("ends_on")),
    }
    changed = params.get("changed") or []
    if changed:
        labels = [_field_label(Membership, name) for name in changed]
        text += " " + gettext("(changed: %(fields)s)") % {"fields": ", ".join(labels)}
    return text


def _changes_text(params: Mapping[str, Any]) -> str:
    parts = []
    for name in params.get("fields", []):
        values = params.get(name)
        if isinstance(values, list) and len(values) == 2:
            parts.append(
                f"{_field_label(User, name)}: {values[0] or NONE_SHOWN} → {values[1] or NONE_SHOWN}"
            )
        else:
            parts.append(_field_label(User, name))
    return "; ".join(parts)


def account_log_details(row: AccountLog) -> str:
    """The facts of a row as a sentence in the active language ('' when the action says all)."""
    params: Mapping[str, Any] = row.params or {}
    if row.action == Action.RESET:
        until = _moment(params.get("expires_at"))
        if params.get("delivery") == "mail":
            return gettext("Enrolment link valid until %(until)s, sent by e-mail to %(email)s.") % {
                "until": until,
                "email": params.get("email", ""),
            }
        return gettext("Enrolment link valid until %(until)s, shown once to the administrator.") % {
            "until": until
        }
    if row.action == Action.ENROLLED:
        return gettext("New password and authenticator app, from address %(address)s.") % {
            "address": params.get("address") or "?"
        }
    if row.action == Action.CREATED:
        return gettext("Without a password: an enrolment link sets it.")
    if row.action == Action.DETAILS_CHANGED:
        return _changes_text(params)
    if row.action in (Action.ROLE_ADDED, Action.ROLE_CHANGED, Action.ROLE_REMOVED):
        return _role_text(params)
    return ""


def account_log_actor(row: AccountLog) -> str:
    """Who did it: a staff member, or the holder of the enrolment link."""
    if row.actor is not None:
        return row.actor.get_full_name() or row.actor.username
    return gettext("the holder of the enrolment link")


# --- reads -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountLogQuery:
    """A reader's question: rows about or by one person, in a period [start, end)."""

    person_id: int | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    action: str = ""


def account_log_for(*, roles: Roles, query: AccountLogQuery) -> QuerySet[AccountLog]:
    """The rows a reader asked for, newest first, with both people's names in the same query.
    Only the data-protection officer and the administrators read the log."""
    if not (roles.is_data_protection_officer or roles.is_administrator):
        return AccountLog.objects.none()
    rows = AccountLog.objects.all()
    if query.person_id is not None:
        rows = rows.filter(Q(subject_id=query.person_id) | Q(actor_id=query.person_id))
    if query.start is not None:
        rows = rows.filter(at__gte=query.start)
    if query.end is not None:
        rows = rows.filter(at__lt=query.end)
    if query.action:
        rows = rows.filter(action=query.action)
    return rows.select_related("actor", "subject").order_by("-at", "-pk")


def account_log_people() -> QuerySet[User]:
    """Everyone who can appear in the log, for the readers' filter."""
    return User.objects.order_by("last_name", "first_name", "username").only(
        "username", "first_name", "last_name"
    )
