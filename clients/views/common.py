"""What every page of a client file needs: the scoped client, the viewer's rights, the log row."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from clients.access_log import Params, access_log_record
from clients.models import AccessLog, Assignment, Client
from clients.selectors import client_editable_by, client_file_get, client_is_led_by
from core.http import HtmxHttpRequest
from wijkteams.models import User
from wijkteams.permissions import acting_user, get_roles


@dataclass(frozen=True)
class ClientFile:
    client: Client
    assignment: Assignment | None
    # The assigned social worker or the team's lead (clients.selectors.client_editable_by);
    # the same people read health notes (confidential_readable_by).
    can_edit: bool
    is_lead: bool

    def context(self, **extra: Any) -> dict[str, Any]:
        return {"client": self.client, "file": self, **extra}


def open_client_file(
    request: HttpRequest,
    pk: int,
    *,
    what: str,
    for_change: bool = False,
    params: Params | None = None,
) -> ClientFile:
    """Load a client the user may see (404 otherwise) and log the view of `what`.

    With `for_change`, a user who may see but not edit the file gets 403 before anything is
    logged: a refused look is not a view. Views that only change something (POST) log the
    change in the service instead; call this for every page that shows client data. `params`
    fill the placeholders of `what`'s text (which letter, which language).
    """
    file = client_file_load(request, pk, for_change=for_change)
    if request.method == "GET":
        access_log_record(
            client=file.client,
            actor=acting_user(request),
            action=AccessLog.Action.VIEW,
            what=what,
            params=params,
        )
    return file


def client_file_load(request: HttpRequest, pk: int, *, for_change: bool = False) -> ClientFile:
    """open_client_file without the log row, for a page that logs itself once it has found what
    it shows (a page of one document names that document, and a document out of reach is a 404
    that must not be logged as seen). The caller writes the row before rendering."""
    user = request.user
    if not isinstance(user, User):  # role_required has already sent anonymous users away
        raise PermissionDenied
    roles = get_roles(request)
    client, assignment = client_file_get(user=user, pk=pk, roles=roles)
    can_edit = client_editable_by(user=user, client=client, roles=roles, open_assignment=assignment)
    if for_change and not can_edit:
        raise PermissionDenied
    return ClientFile(
        client=client,
        assignment=assignment,
        can_edit=can_edit,
        is_lead=client_is_led_by(user, client, roles=roles),
    )


def render_file_page(
    request: HtmxHttpRequest,
    file: ClientFile,
    template: str,
    *,
    what: str,
    partial: str | None = None,
    **context: Any,
) -> HttpResponse:
    """Render a page of the file, or one partial of it for htmx."""
    if request.method != "GET":
        # A refused form shows the file again, and that is a view (GETs log it on opening).
        access_log_record(
            client=file.client, actor=acting_user(request), action=AccessLog.Action.VIEW, what=what
        )
    # A history restore (back button after hx-push-url) needs the whole page again.
    if partial and request.htmx and not request.htmx.history_restore_request:
        template = f"{template}#{partial}"
    response = render(request, template, file.context(**context))
    patch_vary_headers(response, ["HX-Request"])
    return response
