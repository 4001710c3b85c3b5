"""The leefloon figures (/leefloon/cijfers/): per wijkteam and per month, the leefloons running
per category, new and ended, the GPMI evaluations held in time or late, and the art. 60
contracts running (integration/selectors_figures.py), with the same table as a CSV file.
Team leads see their own teams, administrators every team; numbers only, no client is named,
so nothing is written in a client's access log."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.csv_writing import Cell, csv_download
from integration.forms_figures import FiguresForm, default_months
from integration.models.scales import Category
from integration.selectors_figures import FigureRow, leefloon_figures
from wijkteams.models import Wijkteam
from wijkteams.permissions import get_roles, role_required


def _figures(request: HttpRequest) -> tuple[FiguresForm, list[FigureRow], dt.date]:
    """The form and, when it is valid, the rows of the teams the user may see."""
    roles = get_roles(request)
    today = timezone.localdate()
    teams = Wijkteam.objects.order_by("name")
    if not roles.is_administrator:
        teams = teams.filter(pk__in=roles.lead_team_ids)
    team_choices = list(teams.values_list("pk", "name"))
    allowed = [team_id for team_id, _name in team_choices]
    bound = "first_month" in request.GET or "last_month" in request.GET
    form = FiguresForm(request.GET if bound else default_months(today), teams=team_choices)
    rows: list[FigureRow] = []
    if form.is_valid() and allowed:
        chosen = form.cleaned_data.get("team")
        rows = leefloon_figures(
            team_ids=[chosen] if chosen in allowed else allowed,
            first_month=form.cleaned_data["first_month"],
            last_month=form.cleaned_data["last_month"],
            today=today,
        )
    return form, rows, today


@role_required(team_lead=True, administrator=True)
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    form, rows, today = _figures(request)
    context: dict[str, Any] = {
        "form": form,
        "rows": rows,
        "today": today,
        "categories": Category.choices,
        "query": request.GET.urlencode(),
    }
    return render(request, "integration/figures.html", context)


def csv_header(today: dt.date) -> list[Cell]:
    return [
        _("Wijkteam"),
        _("Month"),
        _("First day"),
        _("Last day"),
        *(
            _("Leefloons running: %(category)s") % {"category": label}
            for _value, label in Category.choices
        ),
        _("Leefloons running: total"),
        _("Leefloons new"),
        _("Leefloons ended"),
        _("GPMI evaluations due, held in time"),
        _("GPMI evaluations due, held late"),
        _("GPMI evaluations due, not held and overdue on %(day)s") % {"day": f"{today:%d/%m/%Y}"},
        _("Art. 60 contracts running"),
    ]


@role_required(team_lead=True, administrator=True)
@require_GET
def figures_csv(request: HttpRequest) -> HttpResponse:
    """The same table for a spreadsheet (core.csv_writing: semicolons, a byte order mark,
    every text cell spreadsheet-safe)."""
    _form, rows, today = _figures(request)
    header = csv_header(today)
    lines: list[list[Cell]] = [
        [
            row.team_name,
            f"{row.month:%m/%Y}",
            f"{row.month:%d/%m/%Y}",
            f"{row.last_day:%d/%m/%Y}",
            *row.running_per_category,
            row.running_total,
            row.new,
            row.ended,
            row.evaluations_in_time,
            row.evaluations_late,
            row.evaluations_missed,
            row.art60_running,
        ]
        for row in rows
    ]
    return csv_download([header, *lines], filename=f"leefloon-cijfers-{today.isoformat()}.csv")


urlpatterns: list[URLPattern] = [
    path("leefloon/cijfers/", figures, name="figures"),
    path("leefloon/cijfers.csv", figures_csv, name="figures_csv"),
]
