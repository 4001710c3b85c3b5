"""Home pages per role, the configuration overview and the address lookup."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.http import HtmxHttpRequest
from wijkteams.forms import AddressLookupForm
from wijkteams.permissions import get_roles, role_required
from wijkteams.registry import configuration_sections
from wijkteams.selectors import team_members, teams_overview
from wijkteams.services import TeamRoute, team_for_address


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each user to the page of their main role; a user without a role is told why."""
    roles = get_roles(request)
    if roles.is_team_lead:
        return redirect("clients:team_caseload")
    if roles.is_social_worker:
        return redirect("clients:my_cases")
    if roles.is_administrator:
        return redirect("wijkteams:configuration")
    if roles.is_data_protection_officer:
        return redirect("clients:access_log")
    return render(request, "wijkteams/no_role.html")


@role_required(team_lead=True)
def my_team(request: HttpRequest) -> HttpResponse:
    roles = get_roles(request)
    members = list(team_members(team_ids=roles.lead_team_ids))
    return render(request, "wijkteams/my_team.html", {"members": members})


@role_required(administrator=True)
def configuration(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "wijkteams/configuration.html",
        {
            "teams": list(teams_overview()),
            "lookup_form": AddressLookupForm(),
            # The apps above add their links (budgets: reference budgets and policies).
            "configuration_sections": configuration_sections(),
        },
    )


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
