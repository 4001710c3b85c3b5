"""The client file's tab Access history: who opened or changed the file, for the lead of
the client's team only."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from clients import selectors
from clients.log_actions import SEEN_ACCESS
from clients.selectors import client_get
from clients.views.common import open_client_file, render_file_page
from core.http import HtmxHttpRequest
from wijkteams.permissions import acting_user, get_roles, role_required

ACCESS_PAGE_SIZE = 50

# What the access log records for this page (stored in English, translated when shown).


@role_required(team_lead=True)
@require_GET
def access(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Who opened or changed the file: for the lead of the client's team only."""
    roles = get_roles(request)
    # Checked before opening the file, so that a refused look is not logged as a view.
    client = client_get(user=acting_user(request), pk=pk, roles=roles)
    if not selectors.client_is_led_by(acting_user(request), client, roles=roles):
        raise PermissionDenied
    file = open_client_file(request, pk, what=SEEN_ACCESS)
    page = Paginator(selectors.access_history(client=file.client), ACCESS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render_file_page(
        request, file, "clients/file/access.html", what=SEEN_ACCESS, partial="entries", page=page
    )
