"""One document of a client file: its page in the file (the details, the document shown inline,
the download), the file itself (shown in the browser or downloaded) and its thumbnail.

Every view checks scope the same way: the client through clients' scoping (404 for another
team's client), a confidential type only for the client's social worker and the team lead, a
withdrawn document not at all (404). Every look is in the access log, once: the viewer page and
the download always write a row; the file shown inline and the thumbnails write one unless the
log already holds, from the same user in the last LOOK_WINDOW, the look they are part of (the
viewer page that embeds the file, the tab that shows the thumbnails). The log itself is asked
(clients.access_log.access_log_has_recent), so a request is spared a row only when a row that
covers it is there. Nothing is cached.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, cast

from csp.constants import NONE, SELF
from csp.decorators import csp
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from clients.access_log import access_log_has_recent, access_log_record
from clients.models import AccessLog, Client
from clients.selectors import client_get, confidential_readable_by
from clients.views.common import client_file_load, render_file_page
from core.http import HtmxHttpRequest
from documents import selectors, thumbnails
from documents.log_actions import (
    DOWNLOADED_DOCUMENT,
    SEEN_DOCUMENT,
    SEEN_DOCUMENTS,
    SEEN_THUMBNAILS,
)
from documents.models import Document
from documents.storage import DocumentUnreadableError, file_read
from documents.views.common import document_of
from wijkteams.models import User
from wijkteams.permissions import acting_user, get_roles, role_required

# How long a look lasts: the file a viewer page embeds (a PDF viewer may fetch it again) and the
# thumbnails a tab shows (fetched as the list scrolls into view), asked for by the same user
# within this time after the page's row, are part of that look.
LOOK_WINDOW = dt.timedelta(minutes=10)

P = ParamSpec("P")

# The policy of the file shown inline, instead of the pages' one: it may be framed by this
# origin only (the viewer page; X-Frame-Options SAMEORIGIN says the same to older browsers),
# loads nothing, runs nothing. Chromium before its out-of-process PDF viewer, and browsers built
# on it, show a PDF through a plugin the PDF's own policy must allow: object-src 'none' showed
# "blocked" instead (crbug.com/271452). So this response, and only this one, allows 'self';
# Chromium 156 shows the PDF either way. The pages keep object-src 'none' and frame the file
# through frame-src, which default-src 'self' already allows.
FILE_POLICY = {
    "default-src": [NONE],
    "object-src": [SELF],
    "frame-ancestors": [SELF],
    "base-uri": [NONE],
    "form-action": [NONE],
}


def _readable_document(request: HttpRequest, pk: int, document_pk: int) -> tuple[User, Document]:
    """The document if the user may read it, with its client; 404 otherwise. Nothing logged."""
    user = acting_user(request)
    roles = get_roles(request)
    client = client_get(user=user, pk=pk, roles=roles)
    health_data = confidential_readable_by(user=user, client=client, roles=roles)
    try:
        document = selectors.client_document_get(
            client=client, pk=document_pk, health_data=health_data
        )
    except Document.DoesNotExist:
        raise Http404 from None
    if document.is_withdrawn:
        raise Http404
    document.client = client
    return user, document


def _read(name: str) -> bytes:
    try:
        return file_read(name)
    except DocumentUnreadableError:
        raise Http404 from None


def _private(response: HttpResponse) -> HttpResponse:
    """A file of a client: never stored by a cache, never sniffed, never embedded elsewhere."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    add_never_cache_headers(response)
    return response


def _log_view(user: User, client: Client, *, what: str, document: Document | None) -> None:
    access_log_record(
        client=client,
        actor=user,
        action=AccessLog.Action.VIEW,
        what=what,
        params={"document": document.pk} if document is not None else None,
    )


@role_required(social_worker=True, team_lead=True)
@require_GET
def document_viewer(request: HtmxHttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """The document's page in the file: its details and the document itself (an image, or the
    PDF in a frame of this origin), with its download. The page writes the row of the look
    (SEEN_DOCUMENT, naming the document); the file it embeds is fetched within that look."""
    file = client_file_load(request, pk)
    document = document_of(file, document_pk)
    if document.is_withdrawn:
        raise Http404
    _log_view(acting_user(request), file.client, what=SEEN_DOCUMENT, document=document)
    return render_file_page(
        request, file, "documents/document_viewer.html", what=SEEN_DOCUMENT, document=document
    )


def _framed_by_this_origin(
    view: Callable[Concatenate[HttpRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """The view's response gets FILE_POLICY instead of the pages' policy, and X-Frame-Options
    SAMEORIGIN instead of DENY. (django-csp types its decorators for views that take the request
    alone, hence the casts: the decorator itself passes any arguments on.)"""
    framed = csp(FILE_POLICY)(cast(Any, xframe_options_sameorigin(view)))
    return cast(Callable[Concatenate[HttpRequest, P], HttpResponse], framed)


@role_required(social_worker=True, team_lead=True)
@require_GET
@_framed_by_this_origin
def document_view(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """The file shown in the browser (PDF or image), framed by the viewer page or opened on its
    own. Framed, the viewer page has just written the row of the look (SEEN_DOCUMENT, naming
    the document); opened on its own, or more than LOOK_WINDOW later, this writes it itself."""
    user, document = _readable_document(request, pk, document_pk)
    plain = _read(document.storage_name)
    if not access_log_has_recent(
        client=document.client,
        actor=user,
        what=[SEEN_DOCUMENT],
        params={"document": document.pk},
        within=LOOK_WINDOW,
    ):
        _log_view(user, document.client, what=SEEN_DOCUMENT, document=document)
    return _private(_file_response(document, plain, as_attachment=False))


@role_required(social_worker=True, team_lead=True)
@require_GET
def document_download(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """The file as a download, under the name it was uploaded with: always its own row (an
    export: the file leaves the application)."""
    user, document = _readable_document(request, pk, document_pk)
    plain = _read(document.storage_name)
    access_log_record(
        client=document.client,
        actor=user,
        action=AccessLog.Action.EXPORT,
        what=DOWNLOADED_DOCUMENT,
        params={"document": document.pk},
    )
    return _private(_file_response(document, plain, as_attachment=True))


def _file_response(document: Document, plain: bytes, *, as_attachment: bool) -> HttpResponse:
    response = HttpResponse(plain, content_type=document.content_type)
    # Never None: the file name is encoded whatever characters it has.
    response["Content-Disposition"] = content_disposition_header(
        as_attachment, document.original_name
    ) or ("attachment" if as_attachment else "inline")
    return response


@role_required(social_worker=True, team_lead=True)
@require_GET
def document_thumbnail(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """The document's thumbnail (a small JPEG of the first page or of the image; 404 when it has
    none). Not one row per thumbnail: the tab that shows them has written its row
    (SEEN_DOCUMENTS), and that row covers every thumbnail it shows. A thumbnail asked for
    without such a row of the same user in the last LOOK_WINDOW (opened on its own, or long
    after the tab) writes one row for the client's thumbnails (SEEN_THUMBNAILS), which covers
    the next ones in turn: a page of 200 documents costs one row, not 200."""
    user, document = _readable_document(request, pk, document_pk)
    if not document.thumbnail_name:
        raise Http404
    image = _read(document.thumbnail_name)
    if not access_log_has_recent(
        client=document.client,
        actor=user,
        what=[SEEN_DOCUMENTS, SEEN_THUMBNAILS],
        within=LOOK_WINDOW,
    ):
        _log_view(user, document.client, what=SEEN_THUMBNAILS, document=None)
    return _private(HttpResponse(image, content_type=thumbnails.CONTENT_TYPE))
