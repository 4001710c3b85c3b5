"""Closing a client file and reopening it: two POST-only actions whose forms sit on the
overview (templates/clients/file/closing.html); a refused form comes back on the overview with
the errors next to the fields and everything typed kept."""

import dataclasses

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clients import services
from clients.log_actions import SEEN_OVERVIEW
from clients.views.common import ClientFile, open_client_file
from clients.views.overview import overview_page
from core.fields import NOTE_MAX
from core.forms import DateField
from core.http import HtmxHttpRequest, form_errors_from
from wijkteams.permissions import acting_user, role_required


class FileCloseForm(forms.Form):
    """Shape only: the service checks the reason, the date and what is still open."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    closed_on = DateField(label=gettext_lazy("Closing date"), required=False)
    reason = forms.CharField(
        label=gettext_lazy("Reason for closing"), required=False, max_length=NOTE_MAX
    )


class FileReopenForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=gettext_lazy("Reason for reopening"), required=False, max_length=NOTE_MAX
    )


CONFLICT = gettext_lazy(
    "Someone else changed this file meanwhile. Check the file as it is now and send the form again."
)


def _after_conflict(file: ClientFile, conflict: services.EditConflictError) -> ClientFile:
    # The page shows the file as it is now, so the form carries the new version: sending it
    # again is a choice made knowing what changed.
    return dataclasses.replace(file, client=conflict.current)


@role_required(social_worker=True, team_lead=True)
@require_POST
def file_close(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Close the file, for its social worker and the team lead (others: 403)."""
    file = open_client_file(request, pk, what=SEEN_OVERVIEW, for_change=True)
    form = FileCloseForm(request.POST)
    if not form.is_valid():
        if "version" in form.errors:
            return HttpResponseBadRequest()
        return overview_page(request, file, close_form=form)
    try:
        services.client_close(
            actor=acting_user(request),
            client_id=pk,
            expected_version=form.cleaned_data["version"],
            on=form.cleaned_data["closed_on"] or timezone.localdate(),
            reason=form.cleaned_data["reason"],
        )
    except services.EditConflictError as conflict:
        form.add_error(None, str(CONFLICT))
        return overview_page(request, _after_conflict(file, conflict), close_form=form)
    except ValidationError as error:
        form_errors_from(form, error)
        return overview_page(request, file, close_form=form)
    messages.success(request, _("The client file is closed."))
    return redirect("clients:file", pk=pk)


@role_required(social_worker=True, team_lead=True)
@require_POST
def file_reopen(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Reopen a closed file, for its social worker and the team lead (others: 403)."""
    file = open_client_file(request, pk, what=SEEN_OVERVIEW, for_change=True)
    form = FileReopenForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()  # only the hidden version can be malformed
    try:
        services.client_reopen(
            actor=acting_user(request),
            client_id=pk,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except services.EditConflictError as conflict:
        form.add_error(None, str(CONFLICT))
        return overview_page(request, _after_conflict(file, conflict), reopen_form=form)
    except ValidationError as error:
        form_errors_from(form, error)
        return overview_page(request, file, reopen_form=form)
    messages.success(request, _("The client file is open again."))
    return redirect("clients:file", pk=pk)
