"""Caseloads: the social worker's home ("Mijn dossiers") and the team lead's team view."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wijkteams.models import Wijkteam
from wijkteams.permissions import get_roles, role_required


@role_required(social_worker=True)
def my_cases(request: HttpRequest) -> HttpResponse:
    roles = get_roles(request)
    teams = list(Wijkteam.objects.filter(pk__in=roles.worker_team_ids).order_by("name"))
    return render(request, "clients/my_cases.html", {"teams": teams})
