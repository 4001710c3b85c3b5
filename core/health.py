"""Health endpoints for container orchestration: no login, no cache, no personal data.

`/healthz` (liveness) answers without touching the database: the process serves requests.
`/readyz` (readiness) checks what a request needs: the database answers `SELECT 1` and the
Celery broker accepts a connection. A failing check answers 503 with the check marked "error";
the cause goes to the log, not to the (unauthenticated) caller.
"""

import logging

from celery import current_app
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Seconds to wait for the broker: a probe must answer well within the orchestrator's timeout.
BROKER_TIMEOUT = 1

OK = "ok"
EMBEDDED = "embedded"  # no broker configured: tasks run in-process
ERROR = "error"


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_status(), "broker": _broker_status()}
    ready = ERROR not in checks.values()
    return JsonResponse(checks, status=200 if ready else 503)


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("readiness: database unreachable: %s", type(error).__name__)
        return ERROR
    return OK


def _broker_status() -> str:
    url: str = settings.CELERY_BROKER_URL
    if settings.CELERY_TASK_ALWAYS_EAGER or url.startswith("memory://"):
        return EMBEDDED
    options = {"socket_connect_timeout": BROKER_TIMEOUT, "socket_timeout": BROKER_TIMEOUT}
    try:
        with current_app.connection_for_read(
            url, connect_timeout=BROKER_TIMEOUT, transport_options=options
        ) as broker:
            broker.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT)
    # Whatever stops the connection (refused, timed out, bad credentials) means "not ready".
    except Exception as error:
        logger.warning("readiness: broker unreachable: %s", type(error).__name__)
        return ERROR
    return OK
