"""The "Requests" tab of a client file: the register of the client's requests with their legal
clocks, the form to register one as received, its withdrawal and its forwarding to the
competent OCMW, and the printable receipt. Every view opens the file through clients' scoping
(404 for another team's client) and writes the access log."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from clients.services import EditConflictError
from clients.views.common import ClientFile, open_client_file, render_file_page
from core.http import HtmxHttpRequest, form_errors_from
from procedure import selectors
from procedure.forms import RequestForwardForm, RequestRegisterForm, RequestWithdrawForm
from procedure.log_actions import SEEN_RECEIPT, SEEN_REQUESTS
from procedure.models import Request
from procedure.services import requests as services
from wijkteams.permissions import acting_user, role_required

TEMPLATE = "procedure/file_requests.html"
CONFLICT = gettext_lazy(
    "Someone else changed this request meanwhile. Check it as it is now and send the form again."
)
# The receipt's languages: Dutch, and English on request (?taal=en).
RECEIPT_LANGUAGES = {"nl": "nl-be", "en": "en"}


def _register_form(data: Any = None) -> RequestRegisterForm:
    return RequestRegisterForm(
        data,
        kinds=selectors.request_kinds_active(),
        initial=None if data else {"received_on": timezone.localdate()},
    )


def _row(
    request: Request, *, today: Any, can_change: bool, bound: dict[str, Any]
) -> dict[str, Any]:
    prefix = f"req{request.pk}"
    row: dict[str, Any] = {
        "request": request,
        "clocks": selectors.request_clocks(request, today=today),
    }
    if can_change and request.is_open:
        row["withdraw_form"] = bound.get("withdraw") or RequestWithdrawForm(prefix=prefix)
        row["forward_form"] = bound.get("forward") or RequestForwardForm(
            prefix=prefix, initial={"forwarded_on": today}
        )
        row["forwarding_due"] = selectors.forwarding_due(request)
    return row


def _page(
    request: HtmxHttpRequest,
    file: ClientFile,
    *,
    register_form: RequestRegisterForm | None = None,
    bound_pk: int | None = None,
    bound: dict[str, Any] | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    # A closed file is read-only (client_require_open): no forms until it is reopened.
    can_change = file.can_edit and file.client.closed_on is None
    rows = [
        _row(
            help_request,
            today=today,
            can_change=can_change,
            bound=(bound or {}) if help_request.pk == bound_pk else {},
        )
        for help_request in selectors.client_requests(client=file.client)
    ]
    context: dict[str, Any] = {"rows": rows}
    if can_change:
        context["register_form"] = register_form or _register_form()
    return render_file_page(request, file, TEMPLATE, what=SEEN_REQUESTS, **context)


def _tab_url(pk: int, request_pk: int | None = None) -> str:
    url = reverse("procedure:file_requests", args=[pk])
    return f"{url}#aanvraag-{request_pk}" if request_pk else url


def _request_of(file: ClientFile, request_pk: int) -> Request:
    try:
        return selectors.client_request_get(client=file.client, pk=request_pk)
    except Request.DoesNotExist:
        raise Http404 from None


@role_required(social_worker=True, team_lead=True)
@require_GET
def file_requests(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The client's requests, newest received first, with their clocks, and the form to
    register one."""
    file = open_client_file(request, pk, what=SEEN_REQUESTS)
    return _page(request, file)


@role_required(social_worker=True, team_lead=True)
@require_POST
def request_register(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Register a request as received; a refusal shows the tab again with the messages at
    the fields and everything typed kept."""
    file = open_client_file(request, pk, what=SEEN_REQUESTS, for_change=True)
    form = _register_form(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            registered = services.request_register(
                actor=acting_user(request),
                client=file.client,
                kind=data["kind"],
                received_on=data["received_on"],
                location=data["location"],
                own_words=data["own_words"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request, _("The request is registered. Print the receipt for the applicant.")
            )
            return redirect(_tab_url(pk, registered.pk))
    return _page(request, file, register_form=form)


def _change(request: HtmxHttpRequest, pk: int, request_pk: int, *, kind: str) -> HttpResponse:
    """Withdraw (`kind` "withdraw") or forward ("forward") one request: the form sits on its
    row of the tab, and comes back there with the messages and what was typed."""
    file = open_client_file(request, pk, what=SEEN_REQUESTS, for_change=True)
    help_request = _request_of(file, request_pk)
    form_class = RequestWithdrawForm if kind == "withdraw" else RequestForwardForm
    form = form_class(request.POST, prefix=f"req{help_request.pk}")
    if not form.is_valid():
        if "version" in form.errors:
            return HttpResponseBadRequest()  # only a hand-made POST lacks the hidden version
        return _page(request, file, bound_pk=help_request.pk, bound={kind: form})
    data, actor = form.cleaned_data, acting_user(request)
    try:
        if kind == "withdraw":
            services.request_withdraw(
                actor=actor,
                request=help_request,
                expected_version=data["version"],
                reason=data["reason"],
            )
            done = _("The request is withdrawn.")
        else:
            services.request_forward(
                actor=actor,
                request=help_request,
                expected_version=data["version"],
                reason=data["reason"],
                forwarded_to=data["forwarded_to"],
                forwarded_on=data["forwarded_on"],
            )
            done = _("The request is recorded as forwarded.")
    except EditConflictError:
        # The page shows the request as it is now (each change so far ends its open state, so
        # its forms are gone): the message goes above the page, not inside a form.
        messages.error(request, str(CONFLICT))
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            form_errors_from(form, error)
        else:  # the request or the file no longer allows it: said above the page
            messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
        return redirect(_tab_url(pk, help_request.pk))
    return _page(request, file, bound_pk=help_request.pk, bound={kind: form})


@role_required(social_worker=True, team_lead=True)
@require_POST
def request_withdraw(request: HtmxHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """Withdraw an open request, with the reason."""
    return _change(request, pk, request_pk, kind="withdraw")


@role_required(social_worker=True, team_lead=True)
@require_POST
def request_forward(request: HtmxHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """The OCMW is not competent: the reasons, the OCMW it went to and the date."""
    return _change(request, pk, request_pk, kind="forward")


@role_required(social_worker=True, team_lead=True)
@require_GET
def request_receipt(request: HtmxHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """The dated receipt for the applicant, ready to print: in Dutch, in English with
    ?taal=en. Everybody of the team may print it (the applicant may ask anyone)."""
    code = request.GET.get("taal", "nl")
    language = RECEIPT_LANGUAGES.get(code)
    if language is None:
        code, language = "nl", RECEIPT_LANGUAGES["nl"]
    # Another client's request (or none) answers 404 before anything is logged.
    if not Request.objects.filter(pk=request_pk, client_id=pk).exists():
        raise Http404
    file = open_client_file(
        request, pk, what=SEEN_RECEIPT, params={"request": request_pk, "language": code}
    )
    help_request = _request_of(file, request_pk)
    return render(
        request,
        "procedure/receipt.html",
        file.context(
            help_request=help_request,
            receipt_language=language,
            receipt_code=code,
            decision_due=selectors.decision_due(help_request),
        ),
    )


@role_required(social_worker=True, team_lead=True)
@require_POST
def request_receipt_keep(request: HtmxHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """Render the receipt to PDF and keep it in the client's documents (the worker and the
    lead of the client; each press a new document)."""
    file = open_client_file(request, pk, what=SEEN_REQUESTS, for_change=True)
    help_request = _request_of(file, request_pk)
    code = request.POST.get("taal", "nl")
    language = RECEIPT_LANGUAGES.get(code, RECEIPT_LANGUAGES["nl"])
    try:
        document = services.request_receipt_keep(
            actor=acting_user(request), request=help_request, language=language
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("procedure:receipt", args=[pk, help_request.pk]) + f"?taal={code}")
    messages.success(request, _("The receipt is kept as a PDF in the client's documents."))
    return redirect(reverse("documents:file_documents", args=[pk]) + f"#document-{document.pk}")
