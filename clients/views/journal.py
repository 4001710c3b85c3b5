"""The client file's journal tab: the entries, newest first, a page at a time; adding an
entry and marking its follow-up done."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clients import selectors, services
from clients.log_actions import SEEN_JOURNAL
from clients.models import (
    Client,
    Trajectory,
)
from clients.views.common import ClientFile, open_client_file, render_file_page
from clients.views.editing import done_redirect, open_for_change
from clients.views.file_forms import (
    JournalEntryForm,
)
from core.http import HtmxHttpRequest, form_errors_from
from wijkteams.permissions import acting_user, get_roles, role_required

JOURNAL_PAGE_SIZE = 25

# What the access log records for this page (stored in English, translated when shown).


@role_required(social_worker=True, team_lead=True)
@require_GET
def journal(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The journal, newest first, a page at a time; htmx pages swap only the list."""
    file = open_client_file(request, pk, what=SEEN_JOURNAL)
    return _journal_page(request, file, partial="entries")


def _journal_page(
    request: HtmxHttpRequest,
    file: ClientFile,
    *,
    form: JournalEntryForm | None = None,
    partial: str | None = None,
) -> HttpResponse:
    entries = selectors.journal_for(
        user=acting_user(request),
        client=file.client,
        roles=get_roles(request),
        confidential_readable=file.can_edit,
    ).order_by("-occurred_on", "-pk")
    page = Paginator(entries, JOURNAL_PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {"page": page, "today": timezone.localdate()}
    if file.can_edit:
        context["form"] = form or JournalEntryForm(
            prefix="entry", trajectories=_open_trajectories(file.client)
        )
    return render_file_page(
        request, file, "clients/file/journal.html", what=SEEN_JOURNAL, partial=partial, **context
    )


def _open_trajectories(client: Client) -> QuerySet[Trajectory]:
    return Trajectory.objects.filter(client=client).exclude(status=Trajectory.Status.CLOSED)


@role_required(social_worker=True, team_lead=True)
@require_POST
def journal_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    file = open_for_change(request, pk, what=SEEN_JOURNAL)
    form = JournalEntryForm(
        request.POST, prefix="entry", trajectories=_open_trajectories(file.client)
    )
    if form.is_valid():
        try:
            services.journal_add(
                actor=acting_user(request), client=file.client, entry=form.save(commit=False)
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return done_redirect(
                request,
                reverse("clients:file_journal", args=[file.client.pk]),
                _("Journal entry added."),
            )
    return _journal_page(request, file, form=form, partial="entry-form")


@role_required(social_worker=True, team_lead=True)
@require_POST
def journal_follow_up_done(request: HtmxHttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    file = open_for_change(request, pk, what=SEEN_JOURNAL)
    entries = selectors.journal_for(
        user=acting_user(request),
        client=file.client,
        roles=get_roles(request),
        confidential_readable=file.can_edit,
    )
    entry = get_object_or_404(
        entries.filter(follow_up_on__isnull=False, follow_up_done_at__isnull=True), pk=entry_pk
    )
    url = reverse("clients:file_journal", args=[file.client.pk])
    page = request.POST.get("page", "")
    back = f"{url}?page={page}" if page.isdigit() else url
    try:
        services.journal_follow_up_done(actor=acting_user(request), entry=entry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    return done_redirect(request, back, _("Follow-up done."))
