"""The client file's overview tab: the client at a glance, editing the record (with
optimistic locking) and, for the lead of the client's team, choosing the team."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients import selectors, services
from clients.forms import (
    ClientEditForm,
    LoadedRecordForm,
    TeamOverrideForm,
)
from clients.log_actions import SEEN_OVERVIEW, SEEN_RECORD_EDIT
from clients.views.common import ClientFile, open_client_file, render_file_page
from core.http import HtmxHttpRequest, form_errors_from
from wijkteams.permissions import acting_user, role_required

# What the access log records for these pages (stored in English, translated when shown).


@role_required(social_worker=True, team_lead=True)
@require_GET
def overview(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The client at a glance: identity, contact, address and team, worker, housing, statuses,
    open trajectories. A constant number of queries, whatever the size of the file."""
    file = open_client_file(request, pk, what=SEEN_OVERVIEW)
    return overview_page(request, file)


def overview_page(
    request: HtmxHttpRequest,
    file: ClientFile,
    *,
    team_form: TeamOverrideForm | None = None,
    **forms: Any,
) -> HttpResponse:
    """The overview tab; `forms` replace its empty forms with refused ones (see closing.py)."""
    if team_form is None and file.is_lead:
        team_form = TeamOverrideForm(initial={"team": file.client.team_id})
    return render_file_page(
        request,
        file,
        "clients/file/overview.html",
        what=SEEN_OVERVIEW,
        overview=selectors.client_overview(client=file.client),
        age=file.client.age_on(timezone.localdate()),
        team_form=team_form,
        **forms,
    )


def _record_page(
    request: HtmxHttpRequest,
    file: ClientFile,
    form: ClientEditForm,
    loaded_form: LoadedRecordForm,
    **context: Any,
) -> HttpResponse:
    return render_file_page(
        request,
        file,
        "clients/file/overview_edit.html",
        what=SEEN_RECORD_EDIT,
        form=form,
        loaded_form=loaded_form,
        **context,
    )


@role_required(social_worker=True, team_lead=True)
@sensitive_post_parameters()  # error reports must not carry the client's data
@require_http_methods(["GET", "POST"])
def overview_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Edit the record, for the client's social worker and the team lead (others: 403).

    Optimistic locking: the form carries the version and the values the user loaded. If someone
    saved meanwhile, the form comes back with what they changed beside what this user typed,
    nothing typed lost, and the new version, so that saving again is a deliberate choice.
    """
    user = acting_user(request)
    file = open_client_file(request, pk, what=SEEN_RECORD_EDIT, for_change=True)
    client = file.client
    if request.method == "GET":
        return _record_page(
            request, file, ClientEditForm(instance=client), LoadedRecordForm.of(client)
        )
    form = ClientEditForm(request.POST)
    loaded_form = LoadedRecordForm(request.POST)
    if not loaded_form.is_valid():
        return HttpResponseBadRequest()
    if not form.is_valid():
        return _record_page(request, file, form, loaded_form)
    loaded = loaded_form.cleaned_data
    changes = form.changes_from(loaded)
    if not changes:
        messages.info(request, _("Nothing was changed."))
        return redirect("clients:file", pk=pk)
    try:
        services.client_update(
            actor=user, client_id=pk, expected_version=loaded["version"], changes=changes
        )
    except services.EditConflictError as conflict:
        conflicts, data = form.merge_conflict(loaded=loaded, current=conflict.current)
        return _record_page(
            request,
            file,
            ClientEditForm(data),
            LoadedRecordForm.of(conflict.current),
            conflicts=conflicts,
            last_change=selectors.client_last_change(client=client),
        )
    except ValidationError as error:
        services.national_number_lookup_log(actor=user, error=error)
        # The number is typed in "new national number": its errors belong there.
        form_errors_from(form, error, fields={"national_number": "new_national_number"})
        return _record_page(request, file, form, loaded_form)
    messages.success(request, _("The client file is saved."))
    return redirect("clients:file", pk=pk)


@role_required(team_lead=True)
@require_POST
def overview_team(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The lead of the client's team puts the client in another team, with a reason."""
    file = open_client_file(request, pk, what=SEEN_OVERVIEW)
    if not file.is_lead:
        raise PermissionDenied
    form = TeamOverrideForm(request.POST)
    if form.is_valid():
        team = form.cleaned_data["team"]
        try:
            services.client_set_team(
                actor=acting_user(request),
                client=file.client,
                team=team,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request, _("The client now belongs to wijkteam %(team)s.") % {"team": team.name}
            )
            if selectors.clients_visible_to(acting_user(request)).filter(pk=pk).exists():
                return redirect("clients:file", pk=pk)
            return redirect("home")  # moved to a team this lead does not lead
    return overview_page(request, file, team_form=form)
