"""The lead's team page, the configuration overview, the lockouts and the address lookup. (The
home page, which sends each role to its page in the apps above, is the project's:
ocmw/views.py.)"""

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.http import HtmxHttpRequest
from core.lockout import current_lockouts
from wijkteams.forms import AddressLookupForm
from wijkteams.permissions import get_roles, role_required
from wijkteams.registry import page_sections_for
from wijkteams.selectors import team_members, teams_overview
from wijkteams.services import TeamRoute, team_for_address


@role_required(team_lead=True)
def my_team(request: HttpRequest) -> HttpResponse:
    roles = get_roles(request)
    members = list(team_members(team_ids=roles.lead_team_ids))
    # The apps above add their links (clients: the caseload per social worker).
    return render(
        request,
        "wijkteams/my_team.html",
        {"members": members, "team_sections": page_sections_for("my_team", request)},
    )


@role_required(administrator=True)
def configuration(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "wijkteams/configuration.html",
        {
            "teams": list(teams_overview()),
            "lookup_form": AddressLookupForm(),
            # The apps above add their links (budgets: reference budgets and policies).
            "configuration_sections": page_sections_for("configuration", request),
        },
    )


@role_required(administrator=True, data_protection_officer=True)
@require_http_methods(["GET"])
def lockouts(request: HttpRequest) -> HttpResponse:
    """The login lockouts in force now (read only): administrators lift them in the admin, the
    data-protection officer sees who is locked, from where, since and until when."""
    context = {
        "lockouts": current_lockouts(),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "spray_limit": settings.AXES_SPRAY_USERNAME_LIMIT,
        "cool_off_minutes": math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60),
    }
    return render(request, "wijkteams/lockouts.html", context)


@role_required(administrator=True, social_worker=True, team_lead=True)
@require_http_methods(["GET", "POST"])
def address_lookup(request: HtmxHttpRequest) -> HttpResponse:
    """Which team serves this address? POST, so that an address never lands in a URL or log."""
    route: TeamRoute | None = None
    if request.method == "POST":
        form = AddressLookupForm(request.POST)
        if form.is_valid():
            route = team_for_address(**form.cleaned_data)
    else:
        form = AddressLookupForm()
    template = "wijkteams/address_lookup.html"
    if request.htmx:
        template += "#lookup"
    return render(request, template, {"lookup_form": form, "route": route})
