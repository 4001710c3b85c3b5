"""Sends a user who has not passed the second step in this session from every page to it
(enrolment or verification), except the pages they must still reach."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from wijkteams.models import User
from wijkteams.two_factor.services import (
    has_authenticator,
    is_verified,
)

SETUP = "wijkteams:two_factor_setup"
VERIFY = "wijkteams:two_factor_verify"
BACKUP_CODES = "wijkteams:two_factor_backup_codes"
REGENERATE = "wijkteams:two_factor_backup_codes_regenerate"
ENROLMENT = "wijkteams:enrolment"
# Pages an unverified user must still reach: the login itself, leaving, the language, the
# two-factor pages (each decides for itself what an unverified user may do there) and the
# enrolment link (public: the link is the key, whoever is logged in).
EXEMPT_VIEWS = frozenset(
    {"login", "logout", "set_language", SETUP, VERIFY, BACKUP_CODES, REGENERATE, ENROLMENT}
)
EXEMPT_PATHS = ("/healthz", "/readyz")


# --- middleware -------------------------------------------------------------------------------


def _with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def second_step_url(user: User, next_url: str = "") -> str:
    """Where a user who has not passed the second step goes: enrolment or verification."""
    return _with_next(VERIFY if has_authenticator(user) else SETUP, next_url)


def _current_page(request: HttpRequest) -> str:
    """The page to come back to after the second step (only a page a GET can show again)."""
    if request.headers.get("HX-Request") == "true":
        # An htmx request fetches a fragment; come back to the page it was made from.
        parts = urlsplit(request.headers.get("HX-Current-URL", ""))
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path() if request.method in ("GET", "HEAD") else ""


class TwoFactorRequiredMiddleware:
    """With OTP_REQUIRED on, a logged-in user who has not passed the second step sees no page
    but the second step. After django-otp's OTPMiddleware; a view hook, so the URL name is known.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not settings.OTP_REQUIRED:
            return None
        user = request.user
        if not isinstance(user, User) or not user.is_authenticated or is_verified(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEWS:
            return None
        if request.path_info.rstrip("/") in EXEMPT_PATHS or request.path_info.startswith(
            "/" + settings.STATIC_URL.lstrip("/")
        ):
            return None
        url = second_step_url(user, _current_page(request))
        if request.headers.get("HX-Request") == "true":
            return HttpResponseClientRedirect(url)
        return redirect(url)
