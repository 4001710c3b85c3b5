"""The expiry lists on pages of other apps: the worker's home (clients/my_cases.html) and the
lead's team page (wijkteams/my_team.html) include a panel documents registers there
(documents/hooks.py); the panel asks here."""

from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
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

register = template.Library()


@dataclass(frozen=True)
class ExpiryList:
    rows: list[ExpiringDocument]
    more: bool  # there are more than the rows shown
    warning_days: int


@register.simple_tag(takes_context=True)
def expiring_documents(context: dict[str, Any], scope: ExpiryScope) -> ExpiryList:
    """The documents that expire soon or have expired of the user's own clients ("assigned")
    or of the teams the user leads ("led"). The rows name clients: one access-log row per
    client shown, written in one query (two queries in all)."""
    days = settings.DOCUMENTS_EXPIRY_WARNING_DAYS
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not isinstance(user, User):
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
        actor=user, client_ids=[row.client_id for row in shown], what=SEEN_EXPIRING_LISTED
    )
    return ExpiryList(rows=shown, more=len(rows) > len(shown), warning_days=days)
