"""The team lead's register of requests: the requests of the teams they lead, filtered by
state, kind and date of receipt, a page at a time with their clocks, and the same list as a
CSV file. Every client a page or a file shows gets its access-log row."""

from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from clients.views.paging import OneQueryPaginator, pk_url
from core.csv_writing import Row, csv_streaming_download
from core.paging import PAGE_PARAM
from procedure import deadlines, figures, selectors
from procedure.filters import RequestRegisterFilter
from procedure.models import Request
from procedure.services import requests as services
from wijkteams.permissions import acting_user, get_roles, role_required

PER_PAGE = 25


def _filter(request: HttpRequest) -> RequestRegisterFilter:
    queryset = selectors.requests_of_led_teams(user=acting_user(request), roles=get_roles(request))
    return RequestRegisterFilter(request.GET, queryset=queryset)


@role_required(team_lead=True)
@require_GET
def register_page(request: HttpRequest) -> HttpResponse:
    """The requests of the led teams, newest received first, with their clocks."""
    filterset = _filter(request)
    page = OneQueryPaginator(filterset.qs, PER_PAGE).get_page(request.GET.get(PAGE_PARAM))
    today = timezone.localdate()
    # Each row links to its client's Requests tab, the URL reversed once for the page.
    requests_tab = pk_url("procedure:file_requests")
    rows = [
        (
            help_request,
            selectors.request_clocks(help_request, today=today),
            requests_tab(help_request.client_id),
        )
        for help_request in page
    ]
    # Names of these clients are on the page: each is a view of their file.
    services.requests_listed(
        actor=acting_user(request), client_ids=[help_request.client_id for help_request in page]
    )
    query = request.GET.copy()
    query.pop(PAGE_PARAM, None)
    return render(
        request,
        "procedure/register.html",
        {"filter": filterset, "page": page, "rows": rows, "query": query.urlencode()},
    )


def _date(day: object) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _lines(requests: Iterator[Request]) -> Iterator[Row]:
    today = timezone.localdate()
    yield [
        capfirst(_("client")),
        capfirst(_("Wijkteam")),
        _("Kind of help"),
        _("Received on"),
        capfirst(_("received by")),
        capfirst(_("where it was received")),
        capfirst(_("state")),
        _("Decision due"),
        _("Appeal open until"),
    ]
    for help_request in requests:
        clocks = selectors.request_clocks(help_request, today=today)
        yield [
            help_request.client.full_name,
            help_request.client.team.name if help_request.client.team else "",
            help_request.kind.name,
            _date(help_request.received_on),
            str(help_request.received_by),
            help_request.location,
            help_request.get_state_display(),
            _date(clocks.decision.due if clocks.decision else None),
            _date(clocks.appeal.due if clocks.appeal else None),
        ]


@role_required(team_lead=True)
@require_GET
def register_csv(request: HttpRequest) -> HttpResponse:
    """The filtered register as a CSV file (semicolons, a byte order mark), written while it
    is sent; the export of each client it names is logged first."""
    requests = _filter(request).qs
    services.requests_exported(
        actor=acting_user(request), client_ids=requests.values_list("client_id", flat=True)
    )
    response = csv_streaming_download(
        _lines(requests.iterator(chunk_size=2000)),
        filename=f"{_('requests')}-{timezone.localdate():%Y-%m-%d}.csv",
    )
    # Streamed: years of a large city's requests do not fit in memory. role_required types its
    # views as returning HttpResponse; Django serves a StreamingHttpResponse all the same.
    return response  # type: ignore[return-value]


@role_required(team_lead=True)
@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    """The figures per month of receipt of the led teams' requests, the last 12 months. They
    name no client, so they write no access-log row."""
    today = timezone.localdate()
    rows = selectors.request_figure_rows(
        user=acting_user(request), since=figures.first_month(today), roles=get_roles(request)
    )
    months, total = figures.figures_by_month(rows, today=today)
    return render(
        request,
        "procedure/figures.html",
        {"months": months, "total": total, "decision_days": deadlines.DECISION_DAYS},
    )
