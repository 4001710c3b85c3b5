"""The GDPR export of a client file: a page with the choice of format (GET) and the download
(POST). For the lead of the client's team only (see clients/gdpr.py)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from clients.gdpr import ExportFormat, client_export, client_export_allowed
from clients.log_actions import SEEN_EXPORT
from clients.selectors import client_get
from clients.views.common import open_client_file, render_file_page
from core.http import HtmxHttpRequest
from wijkteams.permissions import acting_user, get_roles, role_required

# What the access log records for the page itself (the download logs an `export` row).


class ExportForm(forms.Form):
    export_format = forms.ChoiceField(
        label=_("Format"),
        choices=ExportFormat.choices,
        initial=ExportFormat.JSON,
        widget=forms.RadioSelect,
    )


@role_required(team_lead=True)
@require_http_methods(["GET", "POST"])
def export(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """GET: what the export holds and the choice of format. POST: the download, logged as an
    export in the same transaction. The file name holds no personal data."""
    user = acting_user(request)
    roles = get_roles(request)
    # Checked before opening the file, so that a refused look is not logged as a view.
    client = client_get(user=user, pk=pk, roles=roles)
    if not client_export_allowed(user=user, client=client, roles=roles):
        raise PermissionDenied
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        export_file = client_export(
            actor=user, client=client, export_format=form.cleaned_data["export_format"]
        )
        # Streamed from the file the export was built in (with the client's files it may be
        # large); FileResponse closes it once sent.
        response = FileResponse(export_file.stream, content_type=export_file.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export_file.filename}"'
        response["Cache-Control"] = "no-store"  # personal data: never in a cache
        # role_required types its views as returning HttpResponse; Django serves a
        # FileResponse (a StreamingHttpResponse) all the same.
        return response  # type: ignore[return-value]
    file = open_client_file(request, pk, what=SEEN_EXPORT)
    return render_file_page(request, file, "clients/file/gdpr.html", what=SEEN_EXPORT, form=form)
