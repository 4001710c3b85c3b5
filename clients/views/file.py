"""The client file, one page per tab. Stubs: each tab is being built (issue 3)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clients.views.common import open_client_file
from wijkteams.permissions import role_required


@role_required(social_worker=True, team_lead=True)
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    file = open_client_file(request, pk, what="overview")
    return render(request, "clients/file/base.html", file.context())


@role_required(social_worker=True, team_lead=True)
def household(request: HttpRequest, pk: int) -> HttpResponse:
    file = open_client_file(request, pk, what="household and income")
    return render(request, "clients/file/base.html", file.context())


@role_required(social_worker=True, team_lead=True)
def trajectories(request: HttpRequest, pk: int) -> HttpResponse:
    file = open_client_file(request, pk, what="trajectories")
    return render(request, "clients/file/base.html", file.context())


@role_required(social_worker=True, team_lead=True)
def journal(request: HttpRequest, pk: int) -> HttpResponse:
    file = open_client_file(request, pk, what="journal")
    return render(request, "clients/file/base.html", file.context())


@role_required(team_lead=True)
def access(request: HttpRequest, pk: int) -> HttpResponse:
    file = open_client_file(request, pk, what="access history")
    return render(request, "clients/file/base.html", file.context())
