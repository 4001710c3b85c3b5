"""The client file's tab Access history: who opened or changed the file, for the lead of
the client's team only."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from clients import selectors
from clients.access_log import access_log_record
from clients.log_actions import SEEN_ACCESS
from clients.models import AccessLog
from clients.views.common import client_file_load, render_file_page
from core.http import HtmxHttpRequest
from wijkteams.permissions import acting_user, role_required

ACCESS_PAGE_SIZE = 50

# What the access log records for this page (stored in English, translated when shown).


@role_required(team_lead=True)
@require_GET
def access(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Who opened or changed the file: for the lead of the client's team only."""
    # Checked before the view is logged, so that a refused look is not logged as a view (the
    # file is read once: client_file_load is open_client_file without its log row).
    file = client_file_load(request, pk)
    if not file.is_lead:
        raise PermissionDenied
    access_log_record(
        client=file.client,
        actor=acting_user(request),
        action=AccessLog.Action.VIEW,
        what=SEEN_ACCESS,
    )
    # Only the columns the rows show (an actor's password or a client's other fields are not
    # read: model instances built for display cost per field).
    lines = selectors.access_history(client=file.client).only(
        "at",
        "actor_label",
        "action",
        "what",
        "what_key",
        "what_params",
        "purpose",
        "actor__first_name",
        "actor__last_name",
        "actor__username",
    )
    page = Paginator(lines, ACCESS_PAGE_SIZE).get_page(request.GET.get("page"))
    # The action's label from one dict: get_action_display hashes every (lazy) label, per row.
    actions = dict(AccessLog.Action.choices)
    for line in page:
        setattr(line, "action_label", actions.get(line.action, line.action))  # noqa: B010 (not a field)
    return render_file_page(
        request, file, "clients/file/access.html", what=SEEN_ACCESS, partial="entries", page=page
    )
