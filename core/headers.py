"""Response headers that keep client data out of caches.

The security headers themselves (HSTS, nosniff, Referrer-Policy, COOP, X-Frame-Options, CSP) come
from Django's SecurityMiddleware, XFrameOptionsMiddleware and django-csp, configured in settings.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class PrivatePagesMiddleware:
    """`Cache-Control: no-store` on every response to a logged-in browser.

    Every page a staff member sees may hold client data (a file, a household, a journal, a list
    of names), and a shared workstation's disk cache or the back button after logging out must not
    show it again. Marking all of a logged-in user's responses is simpler and safer than listing
    the private URLs. Static files are served by WhiteNoise before this middleware runs, so they
    keep their long cache lifetimes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _is_private(request):
            # max-age=0, no-cache, no-store, must-revalidate, private, and an Expires in the past.
            add_never_cache_headers(response)
            response["Pragma"] = "no-cache"  # HTTP/1.0 caches and proxies
        return response


def _is_private(request: HttpRequest) -> bool:
    # A session cookie is decided on without loading the user, so the error page of a request
    # that failed because the database is down gets the header too (and no second failure).
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    # No session cookie yet: only a login in this very request can have made the user known
    # (without a session key, reading request.user makes no query).
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
