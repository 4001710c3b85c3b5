"""The access log as a whole: the data-protection officer's reads and the retention purge.

The log is append-only (a PostgreSQL trigger, clients/migrations/0006) and kept
ACCESS_LOG_RETENTION_YEARS years, at least 10. Rows are written per client file by
`clients.services.access_log_record`; this module only reads them and removes the expired ones.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from clients.models import AccessLog
from wijkteams.models import User
from wijkteams.selectors import Roles

logger = logging.getLogger(__name__)

# The legal minimum, also written into the PostgreSQL trigger; the setting may only lengthen it.
LEGAL_MINIMUM_YEARS = 10
PURGE_BATCH_SIZE = 5000


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
    """The rows older than the retention period: what the purge removes."""
    cutoff = years_before(now or timezone.now(), access_log_retention_years())
    return AccessLog.objects.filter(at__lt=cutoff)


def access_log_purge(*, now: dt.datetime | None = None, batch_size: int = PURGE_BATCH_SIZE) -> int:
    """Delete the rows older than the retention period, one transaction per batch (so the
    monthly run never holds a lock on millions of rows), and return how many went."""
    expired = access_log_expired(now=now)
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(expired.order_by("pk").values_list("pk", flat=True)[:batch_size])
            if ids:
                deleted += AccessLog.objects.filter(pk__in=ids).delete()[0]
        if len(ids) < batch_size:
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
