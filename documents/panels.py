"""The expiry lists on pages of other apps: the worker's home (clients/my_cases.html) and the
lead's team page (wijkteams/my_team.html). documents/hooks.py registers a panel there with a
context function; the page's view calls it, so the read and the access-log rows for the clients
it names happen in the view, before the template renders."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from clients.access_log import access_log_listed
from documents.log_actions import SEEN_EXPIRING_LISTED
from documents.selectors import (
    EXPIRY_LIST_LIMIT,
    ExpiringDocument,
    ExpiryScope,
    documents_expiring,
)
from wijkteams.models import User
from wijkteams.permissions import get_roles


@dataclass(frozen=True)
class ExpiryList:
    rows: list[ExpiringDocument]
    more: bool  # there are more than the rows shown
    warning_days: int


def expiry_list(request: HttpRequest, scope: ExpiryScope) -> ExpiryList:
    """The documents that expire soon or have expired of the user's own clients ("assigned")
    or of the teams the user leads ("led"). The rows name clients: one access-log row per
    client shown, written in one query (two queries in all; on the worker's home the rows go
    in with the page's one insert, access_log_listed_together)."""
    days = settings.DOCUMENTS_EXPIRY_WARNING_DAYS
    user = request.user
    if not isinstance(user, User):
        return ExpiryList(rows=[], more=False, warning_days=days)
    # One row more than shown: whether there are more, without counting them.
    rows = documents_expiring(
        user=user,
        roles=get_roles(request),
        scope=scope,
        today=timezone.localdate(),
        days=days,
        limit=EXPIRY_LIST_LIMIT + 1,
    )
    shown = rows[:EXPIRY_LIST_LIMIT]
    access_log_listed(
        actor=user,
        client_ids=[row.client_id for row in shown],
        what=SEEN_EXPIRING_LISTED,
        request=request,
    )
    return ExpiryList(rows=shown, more=len(rows) > len(shown), warning_days=days)


def expiry_context(scope: ExpiryScope) -> Callable[[HttpRequest], dict[str, Any]]:
    """The context function of a panel: `expiry` for the request."""

    def context(request: HttpRequest) -> dict[str, Any]:
        return {"expiry": expiry_list(request, scope)}

    return context
