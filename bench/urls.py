"""The bench's URL configuration: every URL of the app (ocmw.urls) plus two floors that
bench/pages.py measures beside the pages, in the same run on the same server:

- /bench/bare/: a logged-in view answering "ok" (the middleware, the session and the user);
- /bench/layout/: templates/base.html with an empty content block, logged in (the floor plus
  the menu, the roles and the page frame every page draws).

Only bench/settings.py points ROOT_URLCONF here; the app's own URLs (ocmw/urls.py) stay as
they are, so these views never exist in production.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path

from ocmw.urls import handler500 as handler500


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    """The cheapest logged-in page: what every request pays before a view does anything."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def layout(request: HttpRequest) -> HttpResponse:
    """The base layout with no data: what every page pays before its own content."""
    return render(request, "base.html")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/layout/", layout, name="bench_layout"),
    path("", include("ocmw.urls")),
]
