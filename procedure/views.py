"""The "Requests" tab of a client file: the register of the client's requests with their legal
clocks, history, documents and the forms of each step (the steps' POST views are in
procedure/steps.py), the form to register one as received, its withdrawal and its forwarding to
the competent OCMW, and the printable receipt and decision letter. Every view opens the file
through clients' scoping (404 for another team's client) and writes the access log."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
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
from documents.selectors import document_types_active
from procedure import registry, selectors
from procedure.deadlines import ClockStatus
from procedure.forms import (
    AppealForm,
    DecisionForm,
    InquiryForm,
    JudgmentForm,
    NotificationForm,
    ProposalForm,
    RequestDocumentsForm,
    RequestForwardForm,
    RequestRegisterForm,
    RequestWithdrawForm,
)
from procedure.log_actions import SEEN_DECISION_LETTER, SEEN_RECEIPT, SEEN_REQUESTS
from procedure.models import Appeal, Decider, DecisionOutcome, LifeDomain, Outcome, Request
from procedure.registry import BasisChoice
from procedure.services import letters
from procedure.services import requests as services
from wijkteams.models import User
from wijkteams.permissions import acting_user, role_required

State = Request.State
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


@dataclass
class Viewer:
    """Who looks at the tab and what they may do, with what the forms of every row share (read
    once per page, so the page's queries do not grow with its requests)."""

    file: ClientFile
    actor: User
    today: dt.date
    can_change: bool
    _types: list[tuple[int, str]] | None = None
    _bases: dict[str, list[BasisChoice]] = field(default_factory=dict)

    def document_types(self) -> list[tuple[int, str]]:
        if self._types is None:
            self._types = document_type_choices()
        return self._types

    def basis_choices(self, kind_code: str) -> list[BasisChoice]:
        if kind_code not in self._bases:
            self._bases[kind_code] = basis_choices(self.file, kind_code)
        return self._bases[kind_code]


def document_type_choices() -> list[tuple[int, str]]:
    return [(document_type.pk, document_type.name) for document_type in document_types_active()]


def basis_choices(file: ClientFile, kind_code: str) -> list[BasisChoice]:
    """The client's choices of what a proposal of this kind rests on (none without a basis)."""
    basis = registry.proposal_basis_for(kind_code)
    return basis.choices(file.client) if basis is not None else []


def upload_form(
    help_request: Request,
    *,
    types: list[tuple[int, str]],
    today: dt.date,
    data: Any = None,
    files: Any = None,
) -> RequestDocumentsForm:
    return RequestDocumentsForm(
        data,
        files,
        prefix=f"upl{help_request.pk}",
        types=types,
        max_mb=settings.DOCUMENTS_MAX_UPLOAD_MB,
        initial=None if data else {"document_date": today},
    )


def proposal_form(
    help_request: Request, *, choices: list[BasisChoice], data: Any = None
) -> ProposalForm:
    basis = registry.proposal_basis_for(help_request.kind.code)
    return ProposalForm(
        data,
        prefix=f"prop{help_request.pk}",
        has_amount=help_request.kind.has_amount,
        basis_label=str(basis.label) if basis else None,
        basis_choices=[(choice.id, choice.label) for choice in choices],
    )


def inquiry_form(help_request: Request, data: Any = None) -> InquiryForm:
    inquiry = getattr(help_request, "inquiry", None)
    initial: dict[str, Any] = {}
    if inquiry is not None:
        initial = {
            f"findings_{value}": getattr(inquiry, f"findings_{value}")
            for value in LifeDomain.values
        }
        initial["home_visit_on"] = inquiry.home_visit_on
    return InquiryForm(data, prefix=f"inq{help_request.pk}", initial=initial)


def decision_form(
    help_request: Request, *, urgent: bool, today: dt.date, data: Any = None
) -> DecisionForm:
    """The decision form, prefilled from the proposal (`urgent`: the chair's urgent decision)."""
    initial: dict[str, Any] = {"decided_on": today}
    proposal = getattr(help_request, "proposal", None)
    if proposal is not None:
        initial |= {
            "outcome": DecisionOutcome.REFUSED
            if proposal.outcome == Outcome.REFUSE
            else DecisionOutcome.GRANTED,
            "amount": proposal.amount,
            "starts_on": proposal.starts_on,
            "months": proposal.months,
            "motivation": proposal.motivation,
        }
    return DecisionForm(
        data,
        prefix=f"{'urg' if urgent else 'dec'}{help_request.pk}",
        has_amount=help_request.kind.has_amount,
        initial=initial,
    )


def notification_form(
    help_request: Request, *, today: dt.date, data: Any = None
) -> NotificationForm:
    return NotificationForm(
        data,
        prefix=f"not{help_request.pk}",
        initial={"notified_on": today, "language": "nl"},
    )


def appeal_form(help_request: Request, data: Any = None) -> AppealForm:
    return AppealForm(
        data,
        prefix=f"app{help_request.pk}",
        initial={"court": settings.OCMW_LABOUR_COURT_NAME},
    )


def judgment_form(appeal: Appeal, data: Any = None) -> JudgmentForm:
    return JudgmentForm(data, prefix=f"judg{appeal.pk}")


def _may_appeal(help_request: Request, clocks: selectors.RequestClocks) -> bool:
    """A decision can be appealed; so can the silence of the OCMW once the 30 days are past."""
    if help_request.state in (State.DECIDED, State.NOTIFIED):
        return True
    decision = clocks.decision
    return help_request.is_open and decision is not None and decision.status == ClockStatus.PAST


def _row(help_request: Request, *, viewer: Viewer, bound: dict[str, Any]) -> dict[str, Any]:
    """What one request shows: its clocks, history, steps and documents, and the forms of the
    steps the viewer may take now (`bound`: a form sent back with its messages)."""
    today = viewer.today
    clocks = selectors.request_clocks(help_request, today=today)
    decision = selectors.standing_decision_of(help_request)
    proposal = getattr(help_request, "proposal", None)
    inquiry = getattr(help_request, "inquiry", None)
    row: dict[str, Any] = {
        "request": help_request,
        "clocks": clocks,
        "history": selectors.request_history(help_request),
        "inquiry": inquiry,
        # Health findings only for the client's worker and lead (as the health documents).
        "findings": inquiry.findings(health=viewer.file.can_edit) if inquiry else [],
        "proposal": proposal,
        "decision": decision,
        "notification": selectors.standing_notification_of(help_request),
        "documents": getattr(help_request, "document_rows", []),
    }
    if proposal is not None and proposal.link_id is not None:
        basis = registry.proposal_basis_by_link(proposal.link_code)
        if basis is not None:
            row["basis_label"] = basis.label
            row["basis_url"] = basis.url(viewer.file.client, proposal.link_id)
    if decision is not None and decision.starts_on is not None and decision.months:
        row["ends_on"] = selectors.period_end(decision.starts_on, decision.months)
    appeals = getattr(help_request, "appeal_rows", [])
    can_change = viewer.can_change
    row["appeals"] = [
        {
            "appeal": appeal,
            "judgment_form": (bound.get(f"judgment{appeal.pk}") or judgment_form(appeal))
            if can_change and not appeal.result
            else None,
        }
        for appeal in appeals
    ]
    if not can_change:
        return row
    state = help_request.state
    if help_request.is_open:
        prefix = f"req{help_request.pk}"
        row["withdraw_form"] = bound.get("withdraw") or RequestWithdrawForm(
            prefix=prefix, auto_id="id_withdraw_%s"
        )
        row["forward_form"] = bound.get("forward") or RequestForwardForm(
            prefix=prefix, auto_id="id_forward_%s", initial={"forwarded_on": today}
        )
        row["forwarding_due"] = selectors.forwarding_due(help_request)
        row["upload_form"] = bound.get("upload") or upload_form(
            help_request, types=viewer.document_types(), today=today
        )
    if state in (State.RECEIVED, State.UNDER_INQUIRY):
        row["inquiry_form"] = bound.get("inquiry") or inquiry_form(help_request)
    if state == State.UNDER_INQUIRY:
        row["proposal_form"] = bound.get("proposal") or proposal_form(
            help_request, choices=viewer.basis_choices(help_request.kind.code)
        )
    if state == State.PROPOSED and proposal is not None:
        # Nobody decides their own proposal; only a team lead of the client's team records one.
        may_decide = viewer.file.is_lead and proposal.proposed_by_id != viewer.actor.pk
        if may_decide and proposal.decider == Decider.TEAM_LEAD:
            row["decision_form"] = bound.get("decision") or decision_form(
                help_request, urgent=False, today=today
            )
        if may_decide:
            row["urgent_form"] = bound.get("urgent") or decision_form(
                help_request, urgent=True, today=today
            )
    if state == State.DECIDED and decision is not None:
        row["notification_form"] = bound.get("notification") or notification_form(
            help_request, today=today
        )
    if _may_appeal(help_request, clocks):
        row["appeal_form"] = bound.get("appeal") or appeal_form(help_request)
    return row


def tab_page(
    request: HtmxHttpRequest,
    file: ClientFile,
    *,
    register_form: RequestRegisterForm | None = None,
    bound_pk: int | None = None,
    bound: dict[str, Any] | None = None,
) -> HttpResponse:
    """The tab, with `bound` forms (by their key on the row) on the request `bound_pk`."""
    viewer = Viewer(
        file=file,
        actor=acting_user(request),
        today=timezone.localdate(),
        # A closed file is read-only (client_require_open): no forms until it is reopened.
        can_change=file.can_edit and file.client.closed_on is None,
    )
    rows = [
        _row(
            help_request,
            viewer=viewer,
            bound=(bound or {}) if help_request.pk == bound_pk else {},
        )
        for help_request in selectors.client_requests(client=file.client, health_data=file.can_edit)
    ]
    context: dict[str, Any] = {"rows": rows}
    if viewer.can_change:
        context["register_form"] = register_form or _register_form()
    return render_file_page(request, file, TEMPLATE, what=SEEN_REQUESTS, **context)


def tab_url(pk: int, request_pk: int | None = None) -> str:
    url = reverse("procedure:file_requests", args=[pk])
    return f"{url}#aanvraag-{request_pk}" if request_pk else url


def request_of(file: ClientFile, request_pk: int) -> Request:
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
    return tab_page(request, file)


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
            return redirect(tab_url(pk, registered.pk))
    return tab_page(request, file, register_form=form)


def _change(request: HtmxHttpRequest, pk: int, request_pk: int, *, kind: str) -> HttpResponse:
    """Withdraw (`kind` "withdraw") or forward ("forward") one request: the form sits on its
    row of the tab, and comes back there with the messages and what was typed."""
    file = open_client_file(request, pk, what=SEEN_REQUESTS, for_change=True)
    help_request = request_of(file, request_pk)
    form_class = RequestWithdrawForm if kind == "withdraw" else RequestForwardForm
    form = form_class(request.POST, prefix=f"req{help_request.pk}", auto_id=f"id_{kind}_%s")
    if not form.is_valid():
        if "version" in form.errors:
            return HttpResponseBadRequest()  # only a hand-made POST lacks the hidden version
        return tab_page(request, file, bound_pk=help_request.pk, bound={kind: form})
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
        return redirect(tab_url(pk, help_request.pk))
    return tab_page(request, file, bound_pk=help_request.pk, bound={kind: form})


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
    help_request = request_of(file, request_pk)
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
    help_request = request_of(file, request_pk)
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


@role_required(social_worker=True, team_lead=True)
@require_GET
def decision_letter(request: HtmxHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """The letter that notifies the decision on a request, ready to print: in Dutch, in English
    with ?taal=en. Everybody of the team may print it, as the receipt; the client's worker and
    lead make it into a PDF with the notification (on the tab). 404 before a decision."""
    code = request.GET.get("taal", "nl")
    language = letters.LETTER_LANGUAGES.get(code)
    if language is None:
        code, language = "nl", letters.LETTER_LANGUAGES["nl"]
    # Another client's request, or one without a decision, answers 404 before anything is logged.
    help_request = (
        Request.objects.filter(pk=request_pk, client_id=pk).select_related("kind").first()
    )
    decision = selectors.standing_decision_of(help_request) if help_request else None
    if help_request is None or decision is None:
        raise Http404
    file = open_client_file(
        request, pk, what=SEEN_DECISION_LETTER, params={"request": request_pk, "language": code}
    )
    help_request.client = file.client
    notification = selectors.standing_notification_of(help_request)
    return render(
        request,
        "procedure/decision_letter.html",
        file.context(
            letter_code=code,
            **letters.decision_letter_context(
                request=help_request,
                decision=decision,
                language=language,
                notified_on=notification.notified_on if notification else None,
                assignment=file.assignment,
            ),
        ),
    )
