"""The "Documents" tab of a client file: the list (with a thumbnail of each document), the upload
form and the withdrawal. Every view opens the file through clients' scoping (404 for another
team's client) and writes the access log; the files themselves are in documents/views/files.py."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from clients.views.common import ClientFile, open_client_file, render_file_page
from core.http import HtmxHttpRequest, form_errors_from
from documents import selectors, services, thumbnails
from documents.forms import DocumentUploadForm, DocumentWithdrawForm
from documents.log_actions import SEEN_DOCUMENTS
from documents.uploads import SizeLimitedUploadHandler
from documents.views.common import document_of
from wijkteams.permissions import acting_user, role_required

TEMPLATE = "documents/file_documents.html"


def _upload_form(
    file: ClientFile, data: Any = None, files: Any = None, *, initial: Any = None
) -> DocumentUploadForm:
    return DocumentUploadForm(
        data,
        files,
        initial=initial,
        types=selectors.document_types_active(),
        members=selectors.household_members(client=file.client),
        trajectories=selectors.client_trajectories(client=file.client),
        debts=selectors.client_debts(client=file.client),
        max_mb=settings.DOCUMENTS_MAX_UPLOAD_MB,
    )


def _initial_links(request: HttpRequest) -> dict[str, str]:
    """?traject=<pk> or ?schuld=<pk> (the links on the trajectories tab) choose the trajectory or
    debt in the upload form; the form's choices are the client's own, so another pk shows none."""
    return {
        field: request.GET[param]
        for field, param in (("trajectory", "traject"), ("debt", "schuld"))
        if request.GET.get(param, "").isdigit()
    }


def _page(
    request: HtmxHttpRequest,
    file: ClientFile,
    *,
    upload_form: DocumentUploadForm | None = None,
    initial: dict[str, str] | None = None,
    withdraw_forms: dict[int, DocumentWithdrawForm] | None = None,
) -> HttpResponse:
    actor = acting_user(request)
    # Whoever may edit the file may read its health data (clients' confidential_readable_by).
    documents = list(selectors.client_documents(client=file.client, health_data=file.can_edit))
    withdraw_forms = withdraw_forms or {}
    # A closed file is read-only (client_require_open): no forms until it is reopened.
    can_change = file.can_edit and file.client.closed_on is None
    rows = [
        {
            "document": document,
            "withdraw_form": (
                withdraw_forms.get(document.pk, DocumentWithdrawForm(prefix=f"doc{document.pk}"))
                if can_change
                and not document.is_withdrawn
                and (file.is_lead or document.uploaded_by_id == actor.pk)
                else None
            ),
        }
        for document in documents
    ]
    context: dict[str, Any] = {"rows": rows, "thumbnail_size": thumbnails.SHOWN}
    if can_change:
        context["upload_form"] = upload_form or _upload_form(file, initial=initial)
    # The tab's row (written on opening, or by render_file_page for a form shown again) covers
    # the thumbnails it shows: they are fetched without a row of their own (views/files.py).
    return render_file_page(request, file, TEMPLATE, what=SEEN_DOCUMENTS, **context)


def _tab_url(pk: int) -> str:
    return reverse("documents:file_documents", args=[pk])


@role_required(social_worker=True, team_lead=True)
@require_GET
def file_documents(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The client's documents, newest first, and the form to add some."""
    file = open_client_file(request, pk, what=SEEN_DOCUMENTS)
    return _page(request, file, initial=_initial_links(request))


@csrf_exempt  # checked below, once the size limit's handler is in place
@role_required(social_worker=True, team_lead=True)
@require_POST
def document_upload(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Add one or more files; a refusal shows the tab again with the message at the field. A
    file over the size limit is dropped while it arrives (documents/uploads.py)."""
    limiter = SizeLimitedUploadHandler(request, limit=services.max_upload_bytes())
    handlers = request.upload_handlers
    # A list until the body is read (an ImmutableList after): read here first. If something
    # read it before, the service's size check still refuses the big file, only later.
    if isinstance(handlers, list):
        handlers.insert(0, limiter)
    return _document_upload(request, pk, limiter)


@csrf_protect
def _document_upload(
    request: HtmxHttpRequest, pk: int, limiter: SizeLimitedUploadHandler
) -> HttpResponse:
    file = open_client_file(request, pk, what=SEEN_DOCUMENTS, for_change=True)
    form = _upload_form(file, request.POST, request.FILES)
    valid = form.is_valid()
    if limiter.too_big:
        # Nothing of this upload is kept: the big files are named, the others wait with it.
        form.errors.pop("uploads", None)
        for name in limiter.too_big:
            form.add_error("uploads", f"{name}: {services.too_big_message()}")
        valid = False
    if valid:
        data = form.cleaned_data
        try:
            documents = services.documents_upload(
                actor=acting_user(request),
                client=file.client,
                files=data["uploads"],
                document_type=data["document_type"],
                member=data["member"],
                document_date=data["document_date"],
                valid_until=data["valid_until"],
                note=data["note"],
                trajectory=data.get("trajectory"),
                debt=data.get("debt"),
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            count = len(documents)
            messages.success(
                request,
                ngettext("%(count)s document added.", "%(count)s documents added.", count)
                % {"count": count},
            )
            return redirect(_tab_url(pk))
    else:
        # Refused before the service (a file too big, a date that is not one, a choice not in
        # the list): logged as the service logs its refusals.
        services.upload_refusal_log(
            actor=acting_user(request),
            client=file.client,
            count=len(request.FILES.getlist("uploads")) + len(limiter.too_big),
            codes=[
                "too_big" if name == "uploads" and limiter.too_big else name for name in form.errors
            ],
        )
    return _page(request, file, upload_form=form)


@role_required(social_worker=True, team_lead=True)
@require_POST
def document_withdraw(request: HtmxHttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """Withdraw a document with a reason (the uploader or the team lead)."""
    file = open_client_file(request, pk, what=SEEN_DOCUMENTS, for_change=True)
    document = document_of(file, document_pk)
    form = DocumentWithdrawForm(request.POST, prefix=f"doc{document.pk}")
    if form.is_valid():
        try:
            services.document_withdraw(
                actor=acting_user(request), document=document, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
                return redirect(_tab_url(pk))
            form_errors_from(form, error)
        else:
            messages.success(request, _("The document was withdrawn and its file deleted."))
            return redirect(_tab_url(pk))
    return _page(request, file, withdraw_forms={document.pk: form})
