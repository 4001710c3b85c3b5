"""The access log as a whole: the one place that writes it, what a row shows, the
data-protection officer's reads and the retention purge.

The log is append-only (a PostgreSQL trigger, clients/migrations/0006; the app's database role
may only read it and insert: core/db_roles.py) and kept ACCESS_LOG_RETENTION_YEARS years, at
least 10; the purge deletes through the owner's function (clients/migrations/0016). Every row
is written here, one at a time (`access_log_record`) or many at once (`access_log_record_many`);
a test fails on any other module that writes one (tests/clients/test_access_log_writers.py).

A row stores what was looked at or done as a key and its parameters, translated only when
shown, in the language of whoever reads the log (`access_log_what`). Each app declares its keys
in its `log_actions` module (`access_log_key`), which clients' AppConfig.ready() imports. Rows
written before the keys keep their text and are shown as written.
"""

import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from django_stubs_ext import StrOrPromise
from stdnum.be import bis, nn

from clients.models import AccessLog, Client
from core.bulk import insert_values
from wijkteams.models import User
from wijkteams.selectors import Roles

logger = logging.getLogger(__name__)

# --- what a row says ---------------------------------------------------------------------------

# key -> its text, lazily translated, with %(name)s placeholders for the row's parameters.
_MESSAGES: dict[str, StrOrPromise] = {}
KEY_LENGTH = 60  # AccessLog.what_key's max_length
Params = Mapping[str, str | int]


def access_log_key(key: str, message: StrOrPromise) -> str:
    """Declare a key rows may store and the text it shows (gettext_lazy, placeholders named as
    the parameters the writer passes); returns the key. Called in an app's `log_actions`."""
    if not key or len(key) > KEY_LENGTH:
        raise ValueError(f"an access-log key has 1 to {KEY_LENGTH} characters: {key!r}")
    known = _MESSAGES.get(key)
    if known is not None and str(known) != str(message):
        raise ValueError(f"access-log key {key!r} is declared twice with different texts")
    _MESSAGES[key] = message
    return key


def access_log_what(row: AccessLog) -> str:
    """What `row` says, in the active language. A row written before the keys shows its text as
    written (translated when it was stored as an English msgid, as these rows always were); an
    unknown key shows as itself rather than failing the page."""
    if not row.what_key:
        return gettext(row.what) if row.what else ""
    message = _MESSAGES.get(row.what_key)
    if message is None:
        return row.what_key
    text = str(message)
    if not row.what_params:
        return text
    try:
        return str(text % row.what_params)
    except (KeyError, TypeError, ValueError):
        return text  # parameters that do not fit the text: the text without them


def _looks_like_national_number(value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    return len(digits) == 11 and (nn.is_valid(digits) or bis.is_valid(digits))


def _checked(what: str, params: Params | None) -> dict[str, str | int]:
    if what not in _MESSAGES:
        raise ValueError(f"unknown access-log key {what!r}: declare it with access_log_key")
    params = dict(params or {})
    # The log is read by whoever audits it: never a national number in it.
    if any(isinstance(v, str) and _looks_like_national_number(v) for v in params.values()):
        raise ValueError("a national number does not go into the access log")
    return params


# --- writing -----------------------------------------------------------------------------------


def access_log_record(
    *,
    client: Client,
    action: AccessLog.Action,
    what: str,
    params: Params | None = None,
    actor: User | None = None,
    actor_label: str = "",
    purpose: str = "",
) -> AccessLog:
    """One row in the client's access log: `what` is a key declared with access_log_key,
    `params` fill its text's placeholders. Callers run it inside their own transaction."""
    return AccessLog.objects.create(
        client=client,
        actor=actor,
        actor_label=actor_label,
        action=action,
        what_key=what,
        what_params=_checked(what, params),
        purpose=purpose[:200],
    )


_ROW_FIELDS = [
    "client_id",
    "actor_id",
    "actor_label",
    "action",
    "what_key",
    "what_params",
    "purpose",
]


def _rows_many(
    *,
    client_ids: Iterable[int],
    action: AccessLog.Action,
    what: str,
    params: Params | None = None,
    actor: User | None = None,
    actor_label: str = "",
    purpose: str = "",
) -> list[tuple[Any, ...]]:
    """The same row for each client, as the values of _ROW_FIELDS, its key and parameters
    checked."""
    checked = _checked(what, params)
    actor_id = actor.pk if actor is not None else None
    return [
        (client_id, actor_id, actor_label, action, what, checked, purpose[:200])
        for client_id in client_ids
    ]


def access_log_record_many(
    *,
    client_ids: Iterable[int],
    action: AccessLog.Action,
    what: str,
    params: Params | None = None,
    actor: User | None = None,
    actor_label: str = "",
    purpose: str = "",
) -> int:
    """The same row for each client, in a fixed number of queries whatever their number (a COPY
    on PostgreSQL, bulk_create elsewhere: core.bulk.insert_values). No transaction of its own:
    the caller's holds it, and a list page keeps its query count. Returns the rows written."""
    rows = _rows_many(
        client_ids=client_ids,
        action=action,
        what=what,
        params=params,
        actor=actor,
        actor_label=actor_label,
        purpose=purpose,
    )
    insert_values(AccessLog, _ROW_FIELDS, rows)
    return len(rows)


# The rows waiting for the end of access_log_listed_together, on the page's request.
_LISTED_ATTR = "_access_log_listed_rows"


def access_log_listed(
    *, actor: User, client_ids: Iterable[int], what: str, request: HttpRequest | None = None
) -> int:
    """A list page showed these clients (names and more) to `actor`: one view row each, in
    one query (none for an empty list). Inside `access_log_listed_together(request)` the rows
    wait for the end of the block and go in with those of the page's other lists."""
    rows = _rows_many(
        client_ids=list(dict.fromkeys(client_ids)),
        actor=actor,
        action=AccessLog.Action.VIEW,
        what=what,
    )
    waiting: list[tuple[Any, ...]] | None = getattr(request, _LISTED_ATTR, None)
    if waiting is not None:
        waiting.extend(rows)
    else:
        insert_values(AccessLog, _ROW_FIELDS, rows)
    return len(rows)


@contextmanager
def access_log_listed_together(request: HttpRequest) -> Iterator[None]:
    """The access-log rows of every list a page builds in the block (its own and its panels')
    in one insert at the end of the block: the rows one insert per list would write, in the
    same order, in one round trip. The page is drawn after the block, so what it shows is
    logged: a failed insert leaves the view with its error and nothing is shown; a block that
    fails has shown nothing and writes nothing. An inner block on the same request leaves the
    writing to the outer one."""
    if getattr(request, _LISTED_ATTR, None) is not None:
        yield
        return
    waiting: list[tuple[Any, ...]] = []
    setattr(request, _LISTED_ATTR, waiting)
    try:
        yield
    finally:
        delattr(request, _LISTED_ATTR)
    insert_values(AccessLog, _ROW_FIELDS, waiting)


def access_log_has_recent(
    *,
    client: Client,
    actor: User,
    what: Iterable[str],
    within: dt.timedelta,
    params: Params | None = None,
) -> bool:
    """Whether `actor` has a row for `client` with one of the keys `what` (and these parameters)
    written in the last `within`: a request that is part of a look already logged (the
    thumbnails a tab shows, the file its page embeds) needs no row of its own. One query, on the
    client's index; the answer is the log itself, so nothing goes unlogged on its word."""
    rows = AccessLog.objects.filter(
        client=client,
        actor=actor,
        what_key__in=list(what),
        at__gte=timezone.now() - within,
    )
    for name, value in (params or {}).items():
        rows = rows.filter(**{f"what_params__{name}": value})
    return rows.exists()


# The legal minimum, also written into the PostgreSQL trigger and purge function; the setting
# may only lengthen it.
LEGAL_MINIMUM_YEARS = 10
PURGE_BATCH_SIZE = 5000
# The owner's function that purges for the app's database role (clients/migrations/0016),
# which may execute it (registered with core.db_roles in ClientsConfig.ready()).
PURGE_FUNCTION = "clients_accesslog_purge(timestamp with time zone, integer)"


# --- retention ---------------------------------------------------------------------------------


def years_before(moment: dt.datetime, years: int) -> dt.datetime:
    """`moment` minus whole calendar years, computed in UTC as PostgreSQL's `now() - interval
    'N years'` is for Django's connections; 29 February becomes the 28th, as there."""
    moment = moment.astimezone(dt.UTC)
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def access_log_retention_years() -> int:
    """How many years rows are kept: the setting (the settings refuse less than the minimum)."""
    return max(settings.ACCESS_LOG_RETENTION_YEARS, LEGAL_MINIMUM_YEARS)


def access_log_expired(*, now: dt.datetime | None = None) -> QuerySet[AccessLog]:
    """The rows older than the retention period: what the purge removes (a count for
    `purge_access_log --dry-run`)."""
    cutoff = years_before(now or timezone.now(), access_log_retention_years())
    return AccessLog.objects.filter(at__lt=cutoff)


def _purge_batch(cutoff: dt.datetime, batch_size: int) -> int:
    """Delete up to `batch_size` rows older than `cutoff`; how many went. On PostgreSQL the
    app's database role may not delete from the log: the owner's function does it, and it never
    deletes a row younger than the legal minimum (clients/migrations/0016)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT clients_accesslog_purge(%s, %s)", [cutoff, batch_size])
            row = cursor.fetchone()
        return int(row[0]) if row else 0
    expired = AccessLog.objects.filter(at__lt=cutoff).order_by("pk")
    ids = list(expired.values_list("pk", flat=True)[:batch_size])
    return AccessLog.objects.filter(pk__in=ids).delete()[0] if ids else 0


def access_log_purge(*, now: dt.datetime | None = None, batch_size: int = PURGE_BATCH_SIZE) -> int:
    """Delete the rows older than the retention period, one transaction per batch (so the
    monthly run never holds a lock on millions of rows), and return how many went."""
    cutoff = years_before(now or timezone.now(), access_log_retention_years())
    deleted = 0
    while True:
        with transaction.atomic():
            batch = _purge_batch(cutoff, batch_size)
        deleted += batch
        if batch < batch_size:
            break
    # A count only: the log line holds no personal data.
    years = access_log_retention_years()
    logger.info(
        "access log purge: %d rows older than %d years deleted",
        deleted,
        years,
        extra={"event": "access_log_purge", "rows": deleted, "retention_years": years},
    )
    return deleted


# --- the data-protection officer's reads -------------------------------------------------------


@dataclass(frozen=True)
class AccessLogQuery:
    """What the officer asks for: a period [start, end) and optional narrowing."""

    start: dt.datetime
    end: dt.datetime
    actor_id: int | None = None
    client_id: int | None = None
    action: str = ""


def access_log_for_officer(*, roles: Roles, query: AccessLogQuery) -> QuerySet[AccessLog]:
    """The log rows of a period, newest first, with the staff member's and the client's names
    loaded in the same query (and no other client column: never the national number).
    Nothing for anyone but the data-protection officer."""
    if not roles.is_data_protection_officer:
        return AccessLog.objects.none()
    rows = AccessLog.objects.filter(at__gte=query.start, at__lt=query.end)
    if query.actor_id is not None:
        rows = rows.filter(actor_id=query.actor_id)
    if query.client_id is not None:
        rows = rows.filter(client_id=query.client_id)
    if query.action:
        rows = rows.filter(action=query.action)
    return (
        rows.select_related("actor", "client")
        .only(
            "at",
            "action",
            "what",
            "what_key",
            "what_params",
            "purpose",
            "actor_label",
            "actor",
            "client",
            "client__first_name",
            "client__last_name",
            "actor__username",
            "actor__first_name",
            "actor__last_name",
        )
        .order_by("-at", "-pk")
    )


def access_log_staff() -> QuerySet[User]:
    """Everyone who can appear in the log as a staff member, for the officer's filter."""
    return User.objects.order_by("last_name", "first_name", "username").only(
        "username", "first_name", "last_name"
    )


def access_log_export_record(*, actor: User, query: AccessLogQuery, rows: int) -> None:
    """An export of the log is itself recorded: who, how many rows, which period (ids and
    dates only, no names)."""
    start, end = query.start.isoformat(), query.end.isoformat()
    logger.info(
        "access log exported by user %s: %d rows from %s to %s",
        actor.pk,
        rows,
        start,
        end,
        extra={
            "event": "access_log_export",
            "user_id": actor.pk,
            "rows": rows,
            "period_start": start,
            "period_end": end,
        },
    )
