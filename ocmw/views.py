"""The project's own pages: the home page, which sends each user to the page of their main role
in whichever app holds it (here, on top, so no app names the apps above it)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wijkteams.permissions import get_roles


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
    if roles.is_committee_member:
        return redirect("procedure:session_list")
    return render(request, "wijkteams/no_role.html")
