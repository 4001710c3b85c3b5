"""At the first login after a reset, the person reads who reset the account and when: someone
who used the enrolment link in their place cannot hide it from them for long.

"Shown" is itself a row of the account log (append-only, like the resets), so the notice comes
once: the resets after the last `notice_shown` row are the ones still to tell.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wijkteams.accounts.log import account_log_actor, account_log_record
from wijkteams.models import AccountLog, User


def reset_notices_pending(user: User) -> list[AccountLog]:
    """The resets of the account not yet told to its owner, oldest first. One query."""
    last_shown = (
        AccountLog.objects.filter(subject_id=user.pk, action=AccountLog.Action.NOTICE_SHOWN)
        .order_by("-pk")
        .values("pk")[:1]
    )
    return list(
        AccountLog.objects.filter(subject_id=user.pk, action=AccountLog.Action.RESET)
        .filter(pk__gt=Coalesce(Subquery(last_shown), 0))
        .select_related("actor")
        .order_by("pk")
    )


def reset_notice_text(row: AccountLog) -> str:
    return _("Your account was reset on %(date)s by %(name)s.") % {
        "date": date_format(timezone.localtime(row.at), "DATETIME_FORMAT"),
        "name": account_log_actor(row),
    }


def reset_notices_show(request: HttpRequest, user: User) -> None:
    """Tell the person, on the next page, of each reset not yet told, and log that they were.
    Called once a login is complete (both steps when two-factor login is on)."""
    if not hasattr(request, "_messages"):
        # No message storage (a test's client.login): nothing can be shown, so nothing is told.
        return
    pending = reset_notices_pending(user)
    if not pending:
        return
    for row in pending:
        messages.warning(request, reset_notice_text(row))
    account_log_record(
        actor=user,
        subject=user,
        action=AccountLog.Action.NOTICE_SHOWN,
        params={"resets": [row.pk for row in pending]},
    )


def on_password_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Django's user_logged_in: without two-factor login the password completes the login."""
    if request is not None and isinstance(user, User) and not settings.OTP_REQUIRED:
        reset_notices_show(request, user)
