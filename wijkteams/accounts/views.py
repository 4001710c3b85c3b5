"""The enrolment page (public: the link is the key) and the account log with its export."""

import logging
from collections.abc import Iterator
from urllib.parse import urlencode

from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.csv_writing import Cell, csv_download
from core.paging import PAGE_PARAM
from core.sessions import client_ip_address
from wijkteams.accounts.forms import AccountLogFilterForm, EnrolmentForm
from wijkteams.accounts.log import account_log_actor, account_log_details, account_log_for
from wijkteams.accounts.services import (
    LinkState,
    enrolment_complete,
    enrolment_link_find,
    enrolment_link_state,
)
from wijkteams.models import AccountLog
from wijkteams.permissions import acting_user, get_roles, role_required
from wijkteams.two_factor.services import two_factor_device_pending
from wijkteams.two_factor.views import app_qr_code, app_secret_groups

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
CLOSED = "wijkteams/accounts/enrolment_closed.html"


def _private(response: HttpResponse) -> HttpResponse:
    # The link is in this page's URL: a page opened from here learns the origin only, never the
    # path. (Not "no-referrer": the browser would then send "Origin: null" with the form, which
    # Django's CSRF check refuses.)
    response["Referrer-Policy"] = "strict-origin"
    return response


def _enrolment_errors(form: EnrolmentForm, error: ValidationError) -> None:
    """The service names its arguments; the form calls them new_password1 and otp_token."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    fields = {"password": "new_password1", "token": "otp_token"}
    for argument, errors in error.error_dict.items():
        field = fields.get(argument)
        form.add_error(field if field in form.fields else None, errors)


@never_cache
@require_http_methods(["GET", "POST"])
def enrolment(request: HttpRequest, token: str) -> HttpResponse:
    """Choose a password and set up a new authenticator app with a one-time link. A link that
    is unknown answers 404; used, replaced or expired, 410 with what happened to it."""
    link = enrolment_link_find(token=token)
    state = enrolment_link_state(link)
    if link is None or state is not LinkState.OPEN:
        status = 404 if state is LinkState.UNKNOWN else 410
        context: dict[str, object] = {"state": state.value, "link": link}
        return _private(render(request, CLOSED, context, status=status))
    person = link.user
    device = two_factor_device_pending(actor=person)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = enrolment_complete(
                token=token,
                password=form.cleaned_data["new_password1"],
                otp_token=form.cleaned_data["otp_token"],
                address=client_ip_address(request) or "",
            )
        except ValidationError as error:
            if getattr(error, "code", None) in {s.value for s in LinkState}:
                # Used or replaced while the form was open.
                context = {"state": error.code, "link": enrolment_link_find(token=token)}
                return _private(render(request, CLOSED, context, status=410))
            _enrolment_errors(form, error)
        else:
            # Whoever was logged in here, the person now logs in with the new password.
            logout(request)
            context = {"codes": codes, "username": person.username}
            return _private(render(request, "wijkteams/accounts/enrolment_done.html", context))
    context = {
        "form": form,
        "person": person,
        "expires_at": link.expires_at,
        "qr_code": app_qr_code(device.config_url),
        "secret": app_secret_groups(device),
    }
    return _private(render(request, "wijkteams/accounts/enrolment.html", context))


# --- the account log ---------------------------------------------------------------------------


def _rows(request: HttpRequest, form: AccountLogFilterForm) -> QuerySet[AccountLog]:
    return account_log_for(roles=get_roles(request), query=form.query())


def _page(request: HttpRequest, form: AccountLogFilterForm) -> HttpResponse:
    page = None
    if form.is_valid():
        page = Paginator(_rows(request, form), PAGE_SIZE).get_page(request.GET.get(PAGE_PARAM))
    # The export link carries the page's filter, without its page number.
    export_query = urlencode({k: v for k, v in request.GET.items() if v and k != PAGE_PARAM})
    context = {"form": form, "page": page, "export_query": export_query}
    return render(
        request,
        "wijkteams/accounts/account_log.html",
        context,
        status=200 if form.is_valid() else 400,
    )


@role_required(data_protection_officer=True, administrator=True)
@require_GET
def account_log(request: HttpRequest) -> HttpResponse:
    """Every reset, enrolment, activation and role change of staff accounts, newest first, 50
    a page. Queries: session, user, the people of the filter, the count and the page (with
    both people's names joined)."""
    return _page(request, AccountLogFilterForm(request.GET))


def _csv_rows(rows: QuerySet[AccountLog]) -> Iterator[list[Cell]]:
    yield [
        gettext("Time"),
        gettext("Account"),
        gettext("User name"),
        gettext("Action"),
        gettext("By"),
        gettext("Details"),
    ]
    for row in rows:
        yield [
            timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M:%S"),
            row.subject.get_full_name() or row.subject.username,
            row.subject.username,
            capfirst(row.get_action_display()),
            account_log_actor(row),
            account_log_details(row),
        ]


@role_required(data_protection_officer=True, administrator=True)
@require_GET
def account_log_csv(request: HttpRequest) -> HttpResponse:
    """The rows of the page's filter (all pages) as CSV. A few rows per staff member a year:
    built in memory. The export itself is logged (who, how many rows)."""
    form = AccountLogFilterForm(request.GET)
    if not form.is_valid():
        return _page(request, form)
    rows = _rows(request, form)
    actor = acting_user(request)
    content = list(_csv_rows(rows))
    logger.info(
        "account log exported by user %s: %d rows",
        actor.pk,
        len(content) - 1,
        extra={"event": "account_log_export", "user_id": actor.pk, "rows": len(content) - 1},
    )
    return csv_download(content, filename=f"accountlogboek-{timezone.localdate().isoformat()}.csv")
