"""Caseloads: the social worker's home ("Mijn dossiers") and the team lead's team view."""

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from clients.access_log import access_log_listed, access_log_listed_together
from clients.filters import CaseloadFilter
from clients.log_actions import SEEN_CASES_LISTED, SEEN_WORKER_CLIENTS_LISTED
from clients.models import Client, JournalEntry, Trajectory
from clients.registry import caseload_panels_for
from clients.selectors import (
    caseload_worker,
    clients_visible_to,
    my_clients,
    open_follow_ups,
    open_trajectory_counts,
    worker_caseload_clients,
)
from clients.services import assignment_transfer
from clients.views.paging import OneQueryPaginator, link_rows
from core.fields import NOTE_MAX
from core.http import HtmxHttpRequest
from core.paging import PAGE_PARAM, page_param
from wijkteams.models import Membership, User, Wijkteam
from wijkteams.permissions import get_roles, role_required
from wijkteams.selectors import team_members

PER_PAGE = 25
FOLLOW_UPS_PREFIX = "follow-ups"  # the second list of "Mijn dossiers" pages with follow-ups-page


def _acting_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # role_required has already sent anonymous users away
        raise PermissionDenied
    return user


# --- the social worker's home ---


def _paginate(
    request: HttpRequest,
    objects: QuerySet[Any] | list[Any],
    prefix: str = "",
    paginator: type[Paginator[Any]] = Paginator,
) -> Page[Any]:
    """One page of a list; templates/pager.html links its neighbours."""
    return paginator(objects, PER_PAGE).get_page(request.GET.get(page_param(prefix)))


def _follow_up_texts(entries: Page[JournalEntry]) -> None:
    """Each row's day due (`due_shown`) and entry ("Home visit of 3-3-2026": `entry_shown`),
    made here for the page rather than per row in the template (a `blocktranslate` and two
    `date` filters a row): the same text, escaped as the template escaped it."""
    # The kind's label from one dict: get_kind_display hashes every (lazy) label, per row.
    kinds = dict(JournalEntry.Kind.choices)
    # The template's message, translated once for the page.
    entry_text = gettext("%(kind)s of %(date)s")
    for entry in entries:
        label = capfirst(kinds.get(entry.kind, entry.kind))
        on = date_format(entry.occurred_on, "SHORT_DATE_FORMAT")
        shown = entry_text % {"kind": conditional_escape(label), "date": conditional_escape(on)}
        # Always a date here (the list is of the follow-ups due); "" as the filter gave None.
        due = entry.follow_up_on
        due_shown = date_format(due, "SHORT_DATE_FORMAT") if due is not None else ""
        setattr(entry, "due_shown", due_shown)  # noqa: B010 (not a field)
        setattr(entry, "entry_shown", mark_safe(shown))  # noqa: B010, S308 (built escaped)


@role_required(social_worker=True)
def my_cases(request: HttpRequest) -> HttpResponse:
    """The worker's home: follow-ups due, own clients, open trajectories, non-take-up signals."""
    user = _acting_user(request)
    roles = get_roles(request)
    teams = roles.team_names(roles.worker_team_ids)  # read with the roles
    counts = open_trajectory_counts(user=user, roles=roles)
    # Only the columns the rows show: a journal text or a file's other fields are not read.
    follow_ups = open_follow_ups(user=user, roles=roles).only(
        "client_id",
        "follow_up_on",
        "kind",
        "occurred_on",
        "client__first_name",
        "client__last_name",
    )
    clients = my_clients(user=user, roles=roles).only(
        "first_name", "last_name", "national_number", "team__name"
    )
    # Each list's total comes with its page: one query per list, not two.
    follow_ups_page = _paginate(request, follow_ups, FOLLOW_UPS_PREFIX, OneQueryPaginator)
    link_rows(follow_ups_page, "journal_url", "clients:file_journal", pk_attr="client_id")
    _follow_up_texts(follow_ups_page)
    clients_page = _paginate(request, clients, paginator=OneQueryPaginator)
    link_rows(clients_page, "file_url", "clients:file")
    # The rows of the lists and of the panels in one insert, before anything is drawn.
    with access_log_listed_together(request):
        access_log_listed(
            actor=user,
            client_ids=[*(e.client_id for e in follow_ups_page), *(c.pk for c in clients_page)],
            what=SEEN_CASES_LISTED,
            request=request,
        )
        # What the apps above add to the side column (rights: the open non-take-up flags).
        panels = caseload_panels_for(request)
    return render(
        request,
        "clients/my_cases.html",
        {
            "teams": teams,
            "follow_ups": follow_ups_page,
            "follow_ups_prefix": FOLLOW_UPS_PREFIX,
            "clients": clients_page,
            "trajectory_counts": [(label, counts[kind]) for kind, label in Trajectory.Kind.choices],
            "caseload_panels": panels,
        },
    )


# --- the team lead's caseload page ---


@dataclass(frozen=True)
class SortHeader:
    """A sortable column heading: its link flips the direction when it is the current sort."""

    label: str
    query: str
    aria_sort: str  # "ascending", "descending" or "" when the table is not sorted on it
    numeric: bool


COLUMNS: list[tuple[str, Any, bool]] = [
    ("name", _("Social worker"), False),
    ("team", _("Wijkteam"), False),
    ("clients", _("Clients"), True),
    ("intake", _("Intake"), True),
    ("debt_help", _("Debt help"), True),
    ("activation", _("Activation"), True),
    ("overdue", _("Overdue follow-ups"), True),
]


def _sort_headers(request: HttpRequest, current: str) -> list[SortHeader]:
    headers = []
    for key, label, numeric in COLUMNS:
        if current == key or (not current and key == "name"):
            aria_sort, next_sort = "ascending", f"-{key}"
        elif current == f"-{key}":
            aria_sort, next_sort = "descending", key
        else:
            # Names read best A to Z, counts highest first.
            aria_sort, next_sort = "", f"-{key}" if numeric else key
        params = request.GET.copy()
        params["sort"] = next_sort
        params.pop(PAGE_PARAM, None)  # a new order starts on its first page
        headers.append(SortHeader(capfirst(str(label)), params.urlencode(), aria_sort, numeric))
    return headers


class TransferForm(forms.Form):
    """Hand one client of the shown social worker to a colleague. The service checks the rules."""

    # Not a ChoiceField: a client transferred by someone else since the page was loaded is no
    # longer among the choices, and must get the service's "meanwhile" message, not "invalid".
    client = forms.IntegerField(label=capfirst(_("Client")), widget=forms.Select)
    to_worker = forms.TypedChoiceField(label=_("New social worker"), coerce=int)
    reason = forms.CharField(
        max_length=NOTE_MAX,
        label=_("Reason for the transfer"),
        required=False,  # the service says why a reason is needed
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, clients: list[Client], members: list[Membership], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.Select, self.fields["client"].widget).choices = [("", "---------")] + [
            (c.pk, f"{c} ({c.masked_national_number})") for c in clients
        ]
        by_team: dict[str, list[tuple[int, str]]] = {}
        for membership in members:
            by_team.setdefault(membership.team.name, []).append(
                (membership.user_id, str(membership.user))
            )
        to_worker = cast(forms.TypedChoiceField, self.fields["to_worker"])
        to_worker.choices = [("", "---------"), *by_team.items()]


def _social_workers(team_ids: frozenset[int]) -> list[Membership]:
    """Who can take clients over: the active social workers of the led teams, by team."""
    return list(
        team_members(team_ids=team_ids)
        .filter(role=Membership.Role.SOCIAL_WORKER, user__is_active=True)
        .order_by("team__name", "user__last_name", "user__first_name", "user_id")
    )


def _caseload_context(request: HttpRequest) -> dict[str, Any]:
    """The filtered, sorted rows per social worker, their teams and the chart data."""
    user = _acting_user(request)
    roles = get_roles(request)
    teams = list(Wijkteam.objects.filter(pk__in=roles.lead_team_ids).order_by("name"))
    filterset = CaseloadFilter(request.GET, user=user, roles=roles, teams=teams)
    # Filtered and sorted over all rows; the table and the chart show one page of them.
    page = _paginate(request, filterset.rows)
    rows = list(page)
    # Each row's link to the worker's clients, reversed once for the page.
    link_rows(rows, "clients_url", "clients:team_worker_clients")
    chart = {
        "labels": [str(row) for row in rows],
        "datasets": [
            {
                "label": capfirst(gettext("Clients")),
                "stack": "clients",
                "data": [r.client_count for r in rows],
            }
        ]
        + [
            {
                "label": gettext("Open trajectories: %(kind)s") % {"kind": label},
                "stack": "trajectories",
                "data": [getattr(r, f"{kind}_count") for r in rows],
            }
            for kind, label in Trajectory.Kind.choices
        ],
    }
    return {
        "teams": teams,
        "filter": filterset,
        "rows": rows,
        "page": page,
        "headers": _sort_headers(request, filterset.sort_key),
        "chart": chart,
    }


def _panel_context(
    request: HttpRequest, worker_id: int, members: list[Membership]
) -> dict[str, Any]:
    """One social worker's clients, with the form to hand one of them to a colleague."""
    user = _acting_user(request)
    roles = get_roles(request)
    # 404 for anyone who is not (or no longer) a social worker with clients in the led teams.
    worker = caseload_worker(user=user, worker_id=worker_id, roles=roles)
    clients = list(worker_caseload_clients(user=user, worker_id=worker.pk, roles=roles))
    access_log_listed(
        actor=user, client_ids=[c.pk for c in clients], what=SEEN_WORKER_CLIENTS_LISTED
    )
    return {
        "worker": worker,
        "worker_clients": clients,
        "form": TransferForm(clients=clients, members=members),
    }


def _team_page(request: HtmxHttpRequest, worker_id: int | None) -> HttpResponse:
    if worker_id is None:
        return render(request, "clients/team_caseload.html", _caseload_context(request))
    members = _social_workers(get_roles(request).lead_team_ids)
    panel = _panel_context(request, worker_id, members)
    if request.htmx:
        return render(request, "clients/team_caseload.html#worker_clients", panel)
    return render(request, "clients/team_caseload.html", _caseload_context(request) | panel)


@role_required(team_lead=True)
def team_caseload_page(request: HtmxHttpRequest) -> HttpResponse:
    return _team_page(request, None)


@role_required(team_lead=True)
def team_worker_clients(request: HtmxHttpRequest, worker_id: int) -> HttpResponse:
    """The team page with one worker's clients open; over htmx only that list."""
    return _team_page(request, worker_id)


@role_required(team_lead=True)
@require_POST
def team_transfer(request: HtmxHttpRequest, worker_id: int) -> HttpResponse:
    """Reassign one client of the shown worker; htmx gets the refreshed caseload back."""
    roles = get_roles(request)
    members = _social_workers(roles.lead_team_ids)
    panel = _panel_context(request, worker_id, members)
    worker: User = panel["worker"]
    form = TransferForm(request.POST, clients=panel["worker_clients"], members=members)
    transferred = _transfer(request, form, worker, members) if form.is_valid() else ""
    if transferred and not request.htmx:
        messages.success(request, transferred)
        url = reverse("clients:team_worker_clients", args=[worker.pk])
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url)
    context = _caseload_context(request)
    if transferred:
        # A fresh list and an empty form; the counts above have changed too.
        context |= _panel_context(request, worker_id, members)
        context["transferred"] = transferred
    else:
        context |= panel | {"form": form}
    template = "clients/team_caseload.html"
    return render(request, f"{template}#caseload" if request.htmx else template, context)


def _transfer(
    request: HttpRequest, form: TransferForm, worker: User, members: list[Membership]
) -> str:
    """Run the transfer of a valid form: the message to show, or "" with the errors on the form."""
    user = _acting_user(request)
    roles = get_roles(request)
    # Only clients of the teams the user leads: a lead who is also a social worker elsewhere
    # sees more clients, but does not reassign those from here.
    client = (
        clients_visible_to(user, roles=roles)
        .filter(pk=form.cleaned_data["client"], team_id__in=roles.lead_team_ids)
        .first()
    )
    if client is None:
        form.add_error("client", gettext("Choose a client of your team."))
        return ""
    to_worker = {m.user_id: m.user for m in members}[form.cleaned_data["to_worker"]]
    try:
        assignment_transfer(
            actor=user,
            client=client,
            to_worker=to_worker,
            reason=form.cleaned_data["reason"],
            expected_worker_id=worker.pk,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return ""
    return gettext("%(client)s is now a client of %(worker)s.") % {
        "client": client.full_name,
        "worker": to_worker,
    }
