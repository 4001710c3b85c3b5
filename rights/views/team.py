"""The team lead's side: the runs of the non-take-up scan (and starting one), and the team's
non-take-up figures with a chart and a CSV export. Numbers only: no client appears here."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.csv_writing import Cell, csv_download
from core.paging import PAGE_PARAM
from rights import selectors
from rights.forms import FiguresForm
from rights.models import NonTakeUpType
from rights.selectors import FigureRow
from rights.services import scan_run_start_by_hand
from rights.tasks import scan_all_enqueue
from wijkteams.models import Wijkteam
from wijkteams.permissions import acting_user, get_roles, role_required

PER_PAGE = 25


# --- scan runs ----------------------------------------------------------------------------


@role_required(team_lead=True)
@require_GET
def scan_runs(request: HttpRequest) -> HttpResponse:
    """Every run of the scan, newest first: when, how many clients, flags opened and closed,
    errors. Runs cover all teams and hold no client data."""
    page = Paginator(selectors.scan_runs(), PER_PAGE).get_page(request.GET.get(PAGE_PARAM))
    return render(
        request,
        "rights/scan_runs.html",
        {"page": page, "running": selectors.scan_in_progress()},
    )


@role_required(team_lead=True)
@require_POST
def scan_start(request: HttpRequest) -> HttpResponse:
    """Start a full scan now, unless one is running."""
    try:
        # The run's row commits first; then the task is queued (or, without a broker, runs
        # here and now).
        with transaction.atomic():
            scan_all_enqueue(scan_run_start_by_hand(actor=acting_user(request)))
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(
            request, _("The scan has been started. Its run appears in the list below.")
        )
    return redirect("rights:scan_runs")


# --- team figures ---------------------------------------------------------------------------


def _figures(request: HttpRequest) -> tuple[FiguresForm, list[FigureRow]]:
    user, roles = acting_user(request), get_roles(request)
    teams = list(
        Wijkteam.objects.filter(pk__in=roles.lead_team_ids)
        .order_by("name")
        .values_list("pk", "name")
    )
    form = FiguresForm(request.GET or None, teams=teams)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.team_figures(
        user=user,
        roles=roles,
        team_id=data.get("team") or None,
        opened_from=data.get("opened_from"),
        opened_to=data.get("opened_to"),
    )
    return form, rows


def _days(value: Any) -> str:
    return "" if value is None else formats.number_format(value, decimal_pos=1)


def _amount(value: Any) -> str:
    """Euro with a decimal comma, as a Belgian spreadsheet reads it."""
    return formats.number_format(value, decimal_pos=2)


@role_required(team_lead=True)
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """Per team and per right: detected, acted on, granted, dismissed, median days to act and
    the types of non-take-up; a chart of the totals per right. Three queries for the data."""
    form, rows = _figures(request)
    totals = selectors.figures_per_right(rows)
    chart = {
        "labels": [row.right_name for row in totals],
        "datasets": [
            {"label": capfirst(_("detected")), "data": [r.detected for r in totals]},
            {"label": capfirst(_("acted on")), "data": [r.acted_on for r in totals]},
            {"label": capfirst(_("granted")), "data": [r.granted for r in totals]},
            {"label": capfirst(_("dismissed")), "data": [r.dismissed for r in totals]},
        ],
    }
    return render(
        request,
        "rights/figures.html",
        {
            "form": form,
            "rows": rows,
            "chart": chart,
            "types": NonTakeUpType.choices,
            "query": request.GET.urlencode(),
        },
    )


@role_required(team_lead=True)
@require_GET
def figures_csv(request: HttpRequest) -> HttpResponse:
    """The same figures as a CSV file for a spreadsheet: semicolons and a byte order mark, so
    that Excel in Belgium opens it in columns and with the accents right."""
    _form, rows = _figures(request)
    header: list[Cell] = [
        capfirst(_("wijkteam")),
        capfirst(_("right")),
        capfirst(_("detected")),
        capfirst(_("acted on")),
        capfirst(_("granted")),
        capfirst(_("dismissed")),
        _("Value found"),
        _("Value applied for"),
        _("Value granted"),
        _("Median days to act"),
        *(capfirst(str(label)) for _value, label in NonTakeUpType.choices),
    ]
    lines: list[list[Cell]] = [
        [
            row.team_name,
            row.right_name,
            row.detected,
            row.acted_on,
            row.granted,
            row.dismissed,
            _amount(row.value_detected),
            _amount(row.value_applied),
            _amount(row.value_granted),
            _days(row.median_days),
            *(count for _label, count in row.type_counts),
        ]
        for row in rows
    ]
    filename = f"niet-opgenomen-rechten-{timezone.localdate().isoformat()}.csv"
    return csv_download([header, *lines], filename=filename)
