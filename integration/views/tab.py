"""The "Leefloon" tab of a client file: the client's leefloon requests with their eligibility
check and calculations, the granted leefloons with their amounts, the GPMI contracts with their
evaluations, and the art. 60 contracts. Each topic's views module gives its part of the page
(`tab_context`) and its template (templates/integration/tab_<topic>.html)."""

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from clients.views.common import ClientFile, open_client_file, render_file_page
from core.http import HtmxHttpRequest
from integration.log_actions import SEEN_LEEFLOON
from integration.views import eligibility, employment, gpmi, grants
from wijkteams.permissions import acting_user, role_required

TEMPLATE = "integration/file_leefloon.html"
TOPICS = (eligibility, grants, gpmi, employment)


def tab_page(request: HtmxHttpRequest, file: ClientFile, **bound: Any) -> HttpResponse:
    """The tab; `bound` are forms sent back with their messages (by their context name)."""
    actor = acting_user(request)
    today = timezone.localdate()
    # A closed file is read-only (client_require_open): no forms until it is reopened.
    can_change = file.can_edit and file.client.closed_on is None
    context: dict[str, Any] = {"can_change": can_change, "today": today}
    for topic in TOPICS:
        context.update(topic.tab_context(file, actor=actor, today=today, can_change=can_change))
    context.update(bound)
    return render_file_page(request, file, TEMPLATE, what=SEEN_LEEFLOON, **context)


@role_required(social_worker=True, team_lead=True)
@require_GET
def file_leefloon(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    file = open_client_file(request, pk, what=SEEN_LEEFLOON)
    return tab_page(request, file)
