"""The client file's tab Assignment and transfer: handing the client to another social worker
of the team, and the history of who had them."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clients import selectors, services
from clients.log_actions import SEEN_TRANSFER
from clients.models import (
    Assignment,
    Client,
)
from clients.views.common import open_client_file, render_file_page
from clients.views.editing import done_redirect
from clients.views.file_forms import (
    TransferForm,
)
from core.http import HtmxHttpRequest, form_errors_from
from wijkteams.models import User
from wijkteams.permissions import acting_user, role_required

# What the access log records for this page (stored in English, translated when shown).


@dataclass(frozen=True)
class TransferLine:
    """One line of the assignment history: who handed the client from whom to whom, and why."""

    at: dt.datetime
    by: User
    from_worker: User | None
    to_worker: User
    reason: str


def _transfer_lines(client: Client) -> list[TransferLine]:
    lines: list[TransferLine] = []
    previous: Assignment | None = None
    for assignment in selectors.assignment_history(client=client):
        lines.append(
            TransferLine(
                at=assignment.started_at,
                by=assignment.assigned_by,
                from_worker=previous.worker if previous else None,
                to_worker=assignment.worker,
                reason=previous.end_reason if previous else "",
            )
        )
        previous = assignment
    lines.reverse()
    return lines


@role_required(social_worker=True, team_lead=True)
@require_http_methods(["GET", "POST"])
def transfer(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Hand the client to another social worker of the team; the history of who had them."""
    file = open_client_file(request, pk, what=SEEN_TRANSFER)
    current_id = file.assignment.worker_id if file.assignment else None
    candidates = selectors.transfer_candidates(client=file.client, exclude_worker_id=current_id)
    form = None
    if request.method == "POST":
        if not file.can_edit:
            raise PermissionDenied
        form = TransferForm(request.POST, candidates=candidates)
        if form.is_valid():
            to_worker = form.cleaned_data["to_worker"]
            try:
                services.assignment_transfer(
                    actor=acting_user(request),
                    client=file.client,
                    to_worker=to_worker,
                    reason=form.cleaned_data["reason"],
                    expected_worker_id=form.cleaned_data["expected_worker"],
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                return done_redirect(
                    request,
                    reverse("clients:file_transfer", args=[file.client.pk]),
                    _("%(client)s now has %(worker)s as social worker.")
                    % {"client": file.client.full_name, "worker": to_worker.get_full_name()},
                )
    elif file.can_edit and file.assignment:
        form = TransferForm(candidates=candidates)
    return render_file_page(
        request,
        file,
        "clients/file/transfer.html",
        what=SEEN_TRANSFER,
        form=form,
        lines=_transfer_lines(file.client),
    )
