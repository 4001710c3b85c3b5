"""Login lockout rules on top of django-axes: who is locked, until when, and the current list.

axes locks a user name after AXES_FAILURE_LIMIT failures (AXES_LOCKOUT_PARAMETERS), from any
address, and does not record attempts during a lockout (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_
LOCKOUT off), so a lockout ends AXES_COOLOFF_TIME after the failure that began it. One thing
axes cannot count is different user names: an address from which AXES_SPRAY_USERNAME_LIMIT
different user names failed within the cool-off (password spraying, a few tries for each of
many accounts) is locked as a whole. LockoutHandler (AXES_HANDLER) adds that rule.

A failure counts until AXES_COOLOFF_TIME after its last attempt (axes' AccessAttempt keeps one
row per user name, address and browser, with its count and the time of its last failure): a
lock ends once the failures still counting fall below its limit.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone


@dataclass(frozen=True)
class Lockout:
    """One lock in force: on a user name, with the addresses its failures came from, or on one
    address (`username` None)."""

    username: str | None
    addresses: tuple[str, ...]
    failures: int
    since: dt.datetime
    until: dt.datetime

    @property
    def on_address(self) -> bool:
        return self.username is None


def _cool_off() -> dt.timedelta:
    cool_off = get_cool_off()
    assert isinstance(cool_off, dt.timedelta)  # noqa: S101  # settings.AXES_COOLOFF_TIME
    return cool_off


def _lock(
    counted: Iterable[tuple[dt.datetime, int]], limit: int, now: dt.datetime
) -> tuple[int, dt.datetime, dt.datetime] | None:
    """(failures, since, until) if the failures still counting reach the limit, else None.

    Newest first: the lock lasts until the failure that brings the count to the limit stops
    counting. `since` is the newest failure, the one that began the lock (none are recorded
    during it)."""
    cool_off = _cool_off()
    newest_first = sorted((pair for pair in counted if pair[0] + cool_off > now), reverse=True)
    total = 0
    for at, weight in newest_first:
        total += weight
        if total >= limit:
            return sum(w for _, w in newest_first), newest_first[0][0], at + cool_off
    return None


def _recent_attempts(now: dt.datetime) -> Any:
    return AccessAttempt.objects.filter(attempt_time__gt=now - _cool_off())


def username_lockout(username: str, now: dt.datetime) -> Lockout | None:
    rows = list(
        _recent_attempts(now)
        .filter(username=username)
        .values_list("attempt_time", "failures_since_start", "ip_address")
    )
    found = _lock(((at, failures) for at, failures, _ in rows), _limit(), now)
    if not found:
        return None
    addresses = tuple(sorted({address for _, _, address in rows if address}))
    return Lockout(username, addresses, *found)


def address_lockout(ip_address: str, now: dt.datetime) -> Lockout | None:
    """The spraying rule: each different user name that failed from the address counts once,
    from its last failure there."""
    names = (
        _recent_attempts(now)
        .filter(ip_address=ip_address, username__isnull=False)
        .values("username")
        .annotate(last=Max("attempt_time"))
    )
    found = _lock(((row["last"], 1) for row in names), settings.AXES_SPRAY_USERNAME_LIMIT, now)
    return Lockout(None, (ip_address,), *found) if found else None


def _limit() -> int:
    limit: int = settings.AXES_FAILURE_LIMIT
    return limit


def lockout_for_request(request: HttpRequest, credentials: dict[str, Any] | None) -> Lockout | None:
    """The lock that refuses this login, the one that lasts longest if both do."""
    now = timezone.now()
    username = get_client_username(request, credentials)
    ip_address: str | None = getattr(request, "axes_ip_address", None)
    found = [
        username_lockout(username, now) if username else None,
        address_lockout(ip_address, now) if ip_address else None,
    ]
    locks = [lock for lock in found if lock is not None]
    return max(locks, key=lambda lock: lock.until) if locks else None


def current_lockouts() -> list[Lockout]:
    """Every lock in force now, the newest first: for the administrators and the officer."""
    now = timezone.now()
    usernames: set[str] = set()
    addresses: set[str] = set()
    per_address: dict[str, set[str]] = defaultdict(set)
    for username, ip_address in _recent_attempts(now).values_list("username", "ip_address"):
        if username:
            usernames.add(username)
            if ip_address:
                per_address[ip_address].add(username)
    for ip_address, names in per_address.items():
        if len(names) >= settings.AXES_SPRAY_USERNAME_LIMIT:
            addresses.add(ip_address)
    found = [username_lockout(name, now) for name in sorted(usernames)] + [
        address_lockout(address, now) for address in sorted(addresses)
    ]
    return sorted((lock for lock in found if lock), key=lambda lock: lock.since, reverse=True)


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with the per-address spraying rule (settings.AXES_HANDLER)."""

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        ip_address: str | None = getattr(request, "axes_ip_address", None)
        return ip_address is not None and address_lockout(ip_address, timezone.now()) is not None

    def user_login_failed(
        self,
        sender: Any,
        credentials: dict[str, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        # The failure that completes a spray locks the address at once, as axes does for the
        # failure that reaches the limit of a user name.
        if request is None or getattr(request, "axes_locked_out", False):
            return
        ip_address: str | None = getattr(request, "axes_ip_address", None)
        if ip_address is not None and address_lockout(ip_address, timezone.now()) is not None:
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=ip_address,
            )
