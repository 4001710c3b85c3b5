"""The data-protection officer's access log: every view, change, export and scan of every client
file, filtered by period, staff member, client number and action, and exported as CSV.

The period is at most one year (MAX_PERIOD): the page and the export then read one bounded
range of the `at` index, however many years the log holds. Without dates, the last 30 days.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from clients.access_log import (
    AccessLogQuery,
    access_log_export_record,
    access_log_for_officer,
    access_log_retention_years,
    access_log_staff,
    access_log_what,
)
from clients.models import AccessLog
from core.csv_writing import Cell, csv_streaming_download
from core.dates import add_days
from core.forms import DateField
from core.paging import PAGE_PARAM
from wijkteams.models import User
from wijkteams.permissions import acting_user, get_roles, role_required

PAGE_SIZE = 50
DEFAULT_PERIOD = dt.timedelta(days=30)
MAX_PERIOD = dt.timedelta(days=366)


class StaffChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.username})"


class AccessLogFilterForm(forms.Form):
    """The officer's question, from the query string. Only ids and dates: the client is asked
    for by its client number (never a name or a national number)."""

    start = DateField(label=_("From"))
    end = DateField(label=_("Until"))
    staff = StaffChoiceField(
        label=_("Staff member"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Everyone"),
    )
    client = forms.IntegerField(label=_("Client number"), required=False, min_value=1)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions"))]
        + [(value, capfirst(label)) for value, label in AccessLog.Action.choices],
    )

    def __init__(self, data: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        staff = self.fields["staff"]
        assert isinstance(staff, StaffChoiceField)  # noqa: S101  # declared above
        staff.queryset = access_log_staff()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                self.add_error("end", _("The end of the period lies before its start."))
            elif end - start >= MAX_PERIOD:
                self.add_error("end", _("Choose a period of one year at most."))
        return data

    def query(self) -> AccessLogQuery:
        """The period as [first moment of `start`, end of `end`), local time, and never past
        now: rows keep coming, and the export counts what it then writes."""
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(data["start"], dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(add_days(data["end"], 1), dt.time.min, tzinfo=zone)
        staff: User | None = data.get("staff")
        return AccessLogQuery(
            start=start,
            end=min(end, timezone.now()),
            actor_id=staff.pk if staff else None,
            client_id=data.get("client"),
            action=data.get("action") or "",
        )


def _filter_form(request: HttpRequest) -> AccessLogFilterForm:
    """The form bound to the query string, with the last 30 days where no dates were given, so
    that the page always shows the period it lists."""
    data: dict[str, Any] = request.GET.dict()
    if not data.get("end"):
        data["end"] = timezone.localdate().isoformat()
    if not data.get("start"):
        try:
            end = dt.date.fromisoformat(data["end"])
        except ValueError:
            end = timezone.localdate()  # the form reports the bad end date
        data["start"] = add_days(end, 1 - DEFAULT_PERIOD.days).isoformat()
    return AccessLogFilterForm(data)


def _render(request: HttpRequest, form: AccessLogFilterForm, **context: Any) -> HttpResponse:
    # The export link carries the page's filter, without its page number.
    export_query = urlencode({k: v for k, v in form.data.items() if v and k != PAGE_PARAM})
    return render(
        request,
        "clients/access_log/list.html",
        {
            "form": form,
            "export_query": export_query,
            "retention_years": access_log_retention_years(),
            **context,
        },
        status=200 if form.is_valid() else 400,
    )


@role_required(data_protection_officer=True)
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    """The log of a period, newest first, 50 rows a page. Queries: session, user, the staff of
    the filter, the count and the page (with the staff's and the client's names joined)."""
    form = _filter_form(request)
    if not form.is_valid():
        return _render(request, form, page=None)
    rows = access_log_for_officer(roles=get_roles(request), query=form.query())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get(PAGE_PARAM))
    return _render(request, form, page=page)


def _csv_rows(rows: Any) -> Iterator[list[Cell]]:
    yield [
        gettext("Time"),
        gettext("Staff member"),
        gettext("Client number"),
        gettext("Client"),
        gettext("Action"),
        gettext("What"),
        gettext("Why"),
    ]
    for row in rows.iterator(chunk_size=2000):
        actor = (row.actor.get_full_name() or row.actor.username) if row.actor else row.actor_label
        yield [
            timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M:%S"),
            actor,
            row.client_id,
            row.client.full_name,
            capfirst(row.get_action_display()),
            access_log_what(row),
            gettext(row.purpose) if row.purpose else "",
        ]


@role_required(data_protection_officer=True)
@require_GET
def access_log_csv(request: HttpRequest) -> HttpResponse:
    """The rows of the page's filter (all pages) as CSV: semicolons, UTF-8 with a byte order
    mark. The export itself is logged (who, how many rows, which period)."""
    form = _filter_form(request)
    if not form.is_valid():
        return _render(request, form, page=None)
    query = form.query()
    rows = access_log_for_officer(roles=get_roles(request), query=query)
    # Append-only and a period that ends before now: the count is what the file will hold.
    access_log_export_record(actor=acting_user(request), query=query, rows=rows.count())
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    filename = f"toegangslogboek-{start.isoformat()}-{end.isoformat()}.csv"
    response = csv_streaming_download(_csv_rows(rows), filename=filename)
    # Streamed: a year of a large city's log does not fit in memory. role_required types its
    # views as returning HttpResponse; Django serves a StreamingHttpResponse all the same.
    return response  # type: ignore[return-value]
