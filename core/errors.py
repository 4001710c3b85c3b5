"""The error page of an unhandled exception: a generic page with an incident id, the same id in the
log record that carries the traceback, so a user's call to the helpdesk finds the cause."""

import logging
import uuid

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader

# Django's own logger for failed requests, so whatever listens to it (mail to ADMINS, a log
# shipper) gets this record instead of Django's, now with the incident id.
logger = logging.getLogger("django.request")

INCIDENT_ID_LENGTH = 12  # 48 random bits: unique enough to find one record, short to read out


def incident_id_new() -> str:
    return uuid.uuid4().hex[:INCIDENT_ID_LENGTH]


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: log the exception being handled with a new incident id, render 500.html.

    Django calls this inside its `except` block, so the exception is still current. The template
    is rendered without the request: no context processors, no session, no database, so the page
    also comes up when the failure is the database itself. Neither the exception's text nor the
    request's data reaches the page or the log message (the traceback goes in the record's
    exc_info, as Django's own record would have it).
    """
    incident = incident_id_new()
    # Other middleware (the request log) can pick the id up from the request.
    request.incident_id = incident  # type: ignore[attr-defined]  # an attribute of our own
    logger.error(
        "Internal Server Error: %s %s (incident %s)",
        request.method,
        request.path,
        incident,
        exc_info=True,
        extra={"status_code": 500, "incident_id": incident},
    )
    response = HttpResponseServerError(
        loader.get_template("500.html").render({"incident_id": incident})
    )
    # Django logs the exception again after this handler returns unless the response says it has
    # been logged (django.utils.log.log_response); one record per incident is enough.
    response._has_been_logged = True  # type: ignore[attr-defined]  # Django's private flag
    return response
