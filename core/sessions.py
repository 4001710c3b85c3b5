"""Login and session security: session lifetimes, the client's address, the lockout page.

A session ends after SESSION_IDLE_TIMEOUT without a request, and SESSION_COOKIE_AGE seconds
after the login however active the user is. Django's own session expiry cannot do either: every
request saves the session, which pushes its expiry date forward again.
"""

import ipaddress
import math
from collections.abc import Callable
from datetime import timedelta
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from axes.helpers import get_failure_limit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect

from core.lockout import lockout_for_request

# Both as seconds since the epoch (the session is stored as JSON).
LOGIN_TIME_KEY = "ocmw_login_time"
LAST_ACTIVITY_KEY = "ocmw_last_activity"
# Storing the last activity costs a session write; doing it at most once a minute saves a write
# on nearly every request, and the idle timeout may end at most that much early.
ACTIVITY_RESOLUTION = timedelta(minutes=1)


def start_session_clocks(session: SessionBase) -> None:
    """Both lifetimes count from now: called when someone logs in."""
    now = timezone.now().timestamp()
    session[LOGIN_TIME_KEY] = now
    session[LAST_ACTIVITY_KEY] = now


class SessionLifetimeMiddleware:
    """Ends a logged-in session that was idle too long or has reached its absolute lifetime.

    The user is logged out (the session flushed) and sent to the login page with a message;
    an htmx request gets HX-Redirect, so the whole page goes there instead of a fragment.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        key_before = session.session_key
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            ended = self._ended_because(
                session.get(LOGIN_TIME_KEY), session.get(LAST_ACTIVITY_KEY), now
            )
            if ended is not None:
                return self._end(request, ended)
            # A session logged in without passing here (before this middleware existed, or a
            # test's client.login) starts counting now.
            session.setdefault(LOGIN_TIME_KEY, now)
            last = session.get(LAST_ACTIVITY_KEY)
            if last is None or now - last >= ACTIVITY_RESOLUTION.total_seconds():
                session[LAST_ACTIVITY_KEY] = now

        response = self.get_response(request)

        # Django gives the session a new key at every login: this request logged someone in
        # (or in again), so both clocks start now.
        if request.user.is_authenticated and request.session.session_key != key_before:
            start_session_clocks(request.session)
        return response

    @staticmethod
    def _ended_because(
        login_time: float | None, last_activity: float | None, now: float
    ) -> str | None:
        idle = settings.SESSION_IDLE_TIMEOUT
        if last_activity is not None and now - last_activity > idle.total_seconds():
            minutes = math.ceil(idle.total_seconds() / 60)
            return ngettext(
                "Your session has expired after %(minutes)d minute without activity. "
                "Please log in again.",
                "Your session has expired after %(minutes)d minutes without activity. "
                "Please log in again.",
                minutes,
            ) % {"minutes": minutes}
        if login_time is not None and now - login_time > settings.SESSION_COOKIE_AGE:
            hours = math.ceil(settings.SESSION_COOKIE_AGE / 3600)
            return ngettext(
                "Your session has expired: a session lasts at most %(hours)d hour. "
                "Please log in again.",
                "Your session has expired: a session lasts at most %(hours)d hours. "
                "Please log in again.",
                hours,
            ) % {"hours": hours}
        return None

    @staticmethod
    def _end(request: HttpRequest, message: str) -> HttpResponse:
        next_path = _page_to_return_to(request)
        logout(request)
        login_url = (
            redirect_to_login(next_path)["Location"]
            if next_path
            else resolve_url(settings.LOGIN_URL)
        )
        response: HttpResponse
        if request.headers.get("HX-Request") == "true":
            response = HttpResponseClientRedirect(login_url)
        else:
            response = HttpResponseRedirect(login_url)
        # MessageMiddleware comes after this one and never sees this request: store the message
        # the way it would (a cookie, as the session was just emptied).
        storage = default_storage(request)
        storage.add(messages.WARNING, message)
        storage.update(response)
        return response


def _page_to_return_to(request: HttpRequest) -> str:
    """The page to show again after logging in: the current one, or for htmx the browser's."""
    if request.headers.get("HX-Request") == "true":
        current = request.headers.get("HX-Current-URL", "")
        if not url_has_allowed_host_and_scheme(
            current, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return ""
        parts = urlsplit(current)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    # A form sent after the session ended is lost anyway; its URL may only accept POST.
    if request.method != "GET" or request.path == resolve_url(settings.LOGIN_URL):
        return ""
    return request.get_full_path()


def client_ip_address(request: HttpRequest) -> str | None:
    """The address of the client, for the login lockout.

    Without proxies (TRUSTED_PROXY_COUNT=0) that is REMOTE_ADDR. Behind N reverse proxies that
    each append to X-Forwarded-For, it is the N-th address from the right: the one the
    outermost trusted proxy saw. Anything further left was written by the client and may be
    forged. A header that does not fit falls back to REMOTE_ADDR.
    """
    remote: str | None = request.META.get("REMOTE_ADDR")
    count: int = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The Dutch lockout page (django-axes' AXES_LOCKOUT_CALLABLE): when to try again, and why."""
    context: dict[str, Any] = {"failure_limit": get_failure_limit(request, credentials)}
    lock = lockout_for_request(request, credentials)
    wait: timedelta | None = None
    if lock is not None:
        # Attempts during the lockout are not counted: it ends when it would have anyway.
        wait = max(lock.until - timezone.now(), timedelta(0))
        context["minutes"] = math.ceil((lock.until - lock.since).total_seconds() / 60)
        context["retry_at"] = timezone.localtime(lock.until)
        context["on_address"] = lock.on_address
    response = render(
        request,
        "registration/locked_out.html",
        context,
        status=HTTPStatus.TOO_MANY_REQUESTS,
    )
    if wait is not None:
        response["Retry-After"] = str(math.ceil(wait.total_seconds()))
    return response
