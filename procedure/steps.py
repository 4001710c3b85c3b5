"""The steps after the receipt, each a form on the request's row of the "Requests" tab: the
social inquiry, the proposal, the decision of a delegated team lead and the urgent decision of
the chair, the notification (with the decision letter made into a PDF), the appeal and its
judgment, and documents added to the request.

Every view opens the file through clients' scoping (404 for another team's client, 403 for a
colleague who only reads it), checks the form's shape and leaves the rules to the services
(procedure/services/). A refusal shows the tab again with the message at the field and what was
typed; a stale form (the version it carries) is a conflict, said above the page."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from clients.services import EditConflictError
from clients.views.common import ClientFile, open_client_file
from core.http import HtmxHttpRequest, form_errors_from
from documents import services as documents_services
from documents.models import DocumentType
from documents.uploads import SizeLimitedUploadHandler
from procedure import selectors
from procedure.forms import AppealForm, JudgmentForm, NotificationForm
from procedure.log_actions import SEEN_REQUESTS
from procedure.models import Appeal, Request
from procedure.services import decisions, letters
from procedure.services.documents import request_documents_upload
from procedure.views import (
    CONFLICT,
    basis_choices,
    decision_form,
    document_type_choices,
    inquiry_form,
    proposal_form,
    request_of,
    tab_page,
    tab_url,
    upload_form,
)
from wijkteams.models import User
from wijkteams.permissions import acting_user, role_required

# A step's service call: (actor, the request, the form's cleaned data) -> the message of success.
Act = Callable[[User, Request, dict[str, Any]], str]


def _submit(
    request: HtmxHttpRequest,
    file: ClientFile,
    help_request: Request,
    *,
    key: str,
    form: forms.Form,
    act: Act,
) -> HttpResponse:
    """Run a step's form through its service; on success back to the request on the tab."""
    if form.is_valid():
        try:
            done = act(acting_user(request), help_request, form.cleaned_data)
        except EditConflictError:
            # The tab shows the request as it is now (with the forms its state allows, and the
            # form sent back where it still applies, carrying the current version).
            messages.error(request, str(CONFLICT))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form_errors_from(form, error)
            else:  # the request or the file no longer allows it: said above the page
                messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
            return redirect(tab_url(file.client.pk, help_request.pk))
    elif "version" in form.errors:
        return HttpResponseBadRequest()  # only a hand-made POST lacks the hidden version
    return tab_page(request, file, bound_pk=help_request.pk, bound={key: form})


def _open(request: HtmxHttpRequest, pk: int, request_pk: int) -> tuple[ClientFile, Request]:
    file = open_client_file(request, pk, what=SEEN_REQUESTS, for_change=True)
    return file, request_of(file, request_pk)


# --- the social inquiry and the proposal ---------------------------------------------------------


@role_required(social_worker=True, team_lead=True)
@require_POST
def inquiry_save(request: HtmxHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """Write or rewrite the social inquiry: the findings per life domain, the home visit."""
    file, help_request = _open(request, pk, request_pk)

    def act(actor: User, help_request: Request, data: dict[str, Any]) -> str:
        decisions.inquiry_save(
            actor=actor,
            request=help_request,
            expected_version=data["version"],
            findings={
                key.removeprefix("findings_"): v
                for key, v in data.items()
                if key.startswith("findings_")
            },
            home_visit_on=data["home_visit_on"],
        )
        return _("The social inquiry is saved.")

    form = inquiry_form(help_request, data=request.POST)
    return _submit(request, file, help_request, key="inquiry", form=form, act=act)


@role_required(social_worker=True, team_lead=True)
@require_POST
def proposal_submit(request: HtmxHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """Submit the motivated proposal; it goes to the committee or the delegated team lead."""
    file, help_request = _open(request, pk, request_pk)

    def act(actor: User, help_request: Request, data: dict[str, Any]) -> str:
        proposal = decisions.proposal_submit(
            actor=actor,
            request=help_request,
            expected_version=data["version"],
            outcome=data["outcome"],
            motivation=data["motivation"],
            amount=data.get("amount"),
            starts_on=data.get("starts_on"),
            months=data.get("months"),
            link_id=data.get("link_id"),
        )
        return _("The proposal is submitted. It is decided by %(decider)s.") % {
            "decider": proposal.get_decider_display()
        }

    choices = basis_choices(file, help_request.kind.code)
    form = proposal_form(help_request, choices=choices, data=request.POST)
    return _submit(request, file, help_request, key="proposal", form=form, act=act)


# --- the decision ---------------------------------------------------------------------------------


def _decide(request: HtmxHttpRequest, pk: int, request_pk: int, *, urgent: bool) -> HttpResponse:
    """A team lead records a decision: delegated to them, or the chair's urgent one. Who may is
    the service's rule (a team lead of the client's team, never on their own proposal): a
    refusal is a 403."""
    file, help_request = _open(request, pk, request_pk)
    record = decisions.decision_record_urgent if urgent else decisions.decision_record_delegated

    def act(actor: User, help_request: Request, data: dict[str, Any]) -> str:
        record(
            actor=actor,
            request=help_request,
            expected_version=data["version"],
            outcome=data["outcome"],
            motivation=data["motivation"],
            decided_on=data["decided_on"],
            amount=data.get("amount"),
            starts_on=data.get("starts_on"),
            months=data.get("months"),
        )
        if urgent:
            return _(
                "The urgent decision of the chair is recorded. The committee ratifies it at its "
                "next session. Notify it within 8 days."
            )
        return _("The decision is recorded. Notify it within 8 days.")

    form = decision_form(help_request, urgent=urgent, today=timezone.localdate(), data=request.POST)
    key = "urgent" if urgent else "decision"
    return _submit(request, file, help_request, key=key, form=form, act=act)


@role_required(team_lead=True)
@require_POST
def decision_record(request: HtmxHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """The delegated team lead decides a proposal the delegation table gives to team leads."""
    return _decide(request, pk, request_pk, urgent=False)


@role_required(team_lead=True)
@require_POST
def decision_record_urgent(request: HtmxHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """A team lead records the urgent decision the chair took alone, for ratification."""
    return _decide(request, pk, request_pk, urgent=True)


# --- notification, appeal and judgment -----------------------------------------------------------


@role_required(social_worker=True, team_lead=True)
@require_POST
def notification_record(request: HtmxHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """Record how and when the decision was notified; with the "make the decision letter"
    button, the letter is made into a PDF, kept in the file and linked to the notification."""
    file, help_request = _open(request, pk, request_pk)
    with_letter = "letter" in request.POST

    def act(actor: User, help_request: Request, data: dict[str, Any]) -> str:
        if with_letter:
            language = letters.LETTER_LANGUAGES.get(data["language"] or "nl", "nl-be")
            letters.notification_record_with_letter(
                actor=actor,
                request=help_request,
                expected_version=data["version"],
                notified_on=data["notified_on"],
                way=data["way"],
                language=language,
            )
            return _(
                "The notification is recorded, and the decision letter is kept as a PDF in the "
                "client's documents."
            )
        decisions.notification_record(
            actor=actor,
            request=help_request,
            expected_version=data["version"],
            notified_on=data["notified_on"],
            way=data["way"],
        )
        return _("The notification is recorded.")

    form = NotificationForm(request.POST, prefix=f"not{help_request.pk}")
    return _submit(request, file, help_request, key="notification", form=form, act=act)


@role_required(social_worker=True, team_lead=True)
@require_POST
def appeal_register(request: HtmxHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """Register an appeal to the labour court against the decision (or against its absence)."""
    file, help_request = _open(request, pk, request_pk)

    def act(actor: User, help_request: Request, data: dict[str, Any]) -> str:
        decisions.appeal_register(
            actor=actor,
            request=help_request,
            lodged_on=data["lodged_on"],
            court=data["court"],
            note=data["note"],
        )
        return _("The appeal is registered.")

    form = AppealForm(request.POST, prefix=f"app{help_request.pk}")
    return _submit(request, file, help_request, key="appeal", form=form, act=act)


@role_required(social_worker=True, team_lead=True)
@require_POST
def appeal_judgment(
    request: HtmxHttpRequest, pk: int, request_pk: int, appeal_pk: int
) -> HttpResponse:
    """Record the labour court's judgment on an appeal: its outcome and date."""
    file, help_request = _open(request, pk, request_pk)
    try:
        appeal = selectors.client_appeal_get(request=help_request, pk=appeal_pk)
    except Appeal.DoesNotExist:
        raise Http404 from None

    def act(actor: User, help_request: Request, data: dict[str, Any]) -> str:
        decisions.appeal_judgment_record(
            actor=actor,
            appeal=appeal,
            expected_version=data["version"],
            result=data["result"],
            judgment_on=data["judgment_on"],
        )
        return _("The judgment is recorded.")

    form = JudgmentForm(request.POST, prefix=f"judg{appeal.pk}")
    return _submit(request, file, help_request, key=f"judgment{appeal.pk}", form=form, act=act)


# --- documents of a request ----------------------------------------------------------------------


@csrf_exempt  # checked below, once the size limit's handler is in place
@role_required(social_worker=True, team_lead=True)
@require_POST
def documents_upload(request: HtmxHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """Add files to an open request: kept in the client's documents and linked to the request.
    A file over the size limit is dropped while it arrives, as on the documents tab."""
    limiter = SizeLimitedUploadHandler(request, limit=documents_services.max_upload_bytes())
    handlers = request.upload_handlers
    # A list until the body is read (an ImmutableList after): read here first.
    if isinstance(handlers, list):
        handlers.insert(0, limiter)
    return _documents_upload(request, pk, request_pk, limiter)


@csrf_protect
def _documents_upload(
    request: HtmxHttpRequest, pk: int, request_pk: int, limiter: SizeLimitedUploadHandler
) -> HttpResponse:
    file, help_request = _open(request, pk, request_pk)
    types = document_type_choices()
    form = upload_form(
        help_request,
        types=types,
        today=timezone.localdate(),
        data=request.POST,
        files=request.FILES,
    )
    valid = form.is_valid()
    if limiter.too_big:
        # Nothing of this upload is kept: the big files are named, the others wait with it.
        form.errors.pop("uploads", None)
        for name in limiter.too_big:
            form.add_error("uploads", f"{name}: {documents_services.too_big_message()}")
        valid = False
    if not valid:
        # Refused before the service: logged as the documents app logs its refusals.
        documents_services.upload_refusal_log(
            actor=acting_user(request),
            client=file.client,
            count=len(request.FILES.getlist(form.add_prefix("uploads"))) + len(limiter.too_big),
            codes=[
                "too_big" if name == "uploads" and limiter.too_big else name for name in form.errors
            ],
        )
        return tab_page(request, file, bound_pk=help_request.pk, bound={"upload": form})

    def act(actor: User, help_request: Request, data: dict[str, Any]) -> str:
        help_request.client = file.client
        documents = request_documents_upload(
            actor=actor,
            request=help_request,
            files=data["uploads"],
            document_type=DocumentType.objects.get(pk=data["document_type"]),
            document_date=data["document_date"],
            valid_until=data["valid_until"],
        )
        count = len(documents)
        return ngettext(
            "%(count)s document added to the request.",
            "%(count)s documents added to the request.",
            count,
        ) % {"count": count}

    return _submit(request, file, help_request, key="upload", form=form, act=act)
