"""Structured logs: one JSON line per record, each carrying the id of the request it belongs to.

`RequestLogMiddleware` gives every request an id (a safe incoming `X-Request-ID`, else a fresh
one), keeps it and the user's primary key in context variables, so that records logged deeper
down (services, selectors) carry them too, answers with the id in the `X-Request-ID` header and
writes one access line per request (logger `ocmw.request`).

No personal data: the user is a primary key, never a name; the path is logged without its query
string, and never the POST body; extra values that are objects (a request, a model instance) are
left out, because their text can hold a query string or a client's name. No secret either: a path
that carries one (a one-time enrolment link, registered with `secret_path_register`) is logged
with its secret replaced, by this middleware and by both formatters (Django's own "Not Found:
/path" records included).
"""

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse
from pythonjsonlogger.json import JsonFormatter
from stdnum.be import bis, nn

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
user_id_var: ContextVar[int | None] = ContextVar("user_id", default=None)

# An id from a proxy or load balancer is kept only when it cannot inject anything into a log
# line or a header: letters, digits, dot, dash and underscore, at most 128 of them.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
REQUEST_ID_HEADER = "X-Request-ID"

access_logger = logging.getLogger("ocmw.request")

# Values an extra field may have; anything else is dropped (see the module docstring).
_PLAIN = (str, int, float, bool, type(None))


def request_id_from(request: HttpRequest) -> str:
    """The caller's request id when it is a safe token, else a new random one."""
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if SAFE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    pk: int = user.pk
    return pk


class RequestLogMiddleware:
    """Sets the request id and user id for every log record of the request, then logs it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request)
        started = time.perf_counter()
        # Set, not reset on the way out: Django logs a 4xx/5xx answer (django.request) after the
        # middleware has returned. They are cleared when the response is closed (below).
        request_id_var.set(request_id)
        user_id_var.set(_user_id(request))
        response = self.get_response(request)
        # A login or logout changes the user mid-request; the line names whoever acted.
        user_id_var.set(_user_id(request) or user_id_var.get())
        response[REQUEST_ID_HEADER] = request_id
        path = mask_secret_paths(request.path)  # never get_full_path(): no query string
        fields: dict[str, object] = {
            "method": request.method,
            "path": path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        incident_id = getattr(request, "incident_id", None)  # the 500 page's, see errors.py
        if incident_id:
            fields["incident_id"] = incident_id
        access_logger.info("%s %s %s", request.method, path, response.status_code, extra=fields)
        return response


def _forget_request(**kwargs: object) -> None:
    """Records logged after the response has gone out belong to no request."""
    request_id_var.set(None)
    user_id_var.set(None)


request_finished.connect(_forget_request, dispatch_uid="core.request_log")


# Eleven digits, alone or written 85.07.30-033.28 / 850730 033 28: a national register number
# or BIS number when the check digits agree.
_ELEVEN_DIGITS = re.compile(
    r"(?<![\d])\d{2}[.\s-]?\d{2}[.\s-]?\d{2}[.\s-]?\d{3}[.\s-]?\d{2}(?![\d])"
)
NATIONAL_NUMBER_MASK = "**.**.**-***.**"


def mask_national_numbers(text: str) -> str:
    """`text` with every valid national register or BIS number replaced by a mask.

    The last line of defence: code never logs a number on purpose (the test suite fails on any
    record that holds one), but a database error quoting a unique value could still carry one.
    """

    def mask(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        return NATIONAL_NUMBER_MASK if nn.is_valid(digits) or bis.is_valid(digits) else match[0]

    return _ELEVEN_DIGITS.sub(mask, text)


# Path prefixes whose next segment is a secret (registered by the apps that serve such links).
_secret_paths: dict[str, re.Pattern[str]] = {}
SECRET_MASK = "\u2026"  # noqa: S105  # an ellipsis, not a password


def secret_path_register(prefix: str) -> None:
    """Paths that start with `prefix` ("/inschrijven/") carry a secret in their next segment:
    every log line shows `prefix…` instead. Called from an app's AppConfig.ready()."""
    if not (prefix.startswith("/") and prefix.endswith("/")):
        raise ValueError(f"a secret path prefix starts and ends with a slash: {prefix!r}")
    _secret_paths[prefix] = re.compile(re.escape(prefix) + r"[^/\s?#'\"]+")


def mask_secret_paths(text: str) -> str:
    """`text` with the secret segment of every registered path replaced by a mask."""
    for prefix, pattern in _secret_paths.items():
        if prefix in text:
            text = pattern.sub(prefix + SECRET_MASK, text)
    return text


def _masked(text: str) -> str:
    return mask_secret_paths(mask_national_numbers(text))


class MaskingFormatter(logging.Formatter):
    """The plain format, with national numbers and secret paths masked in the message and the
    traceback."""

    def format(self, record: logging.LogRecord) -> str:
        return _masked(super().format(record))


# A query string in a logged request line: everything from "?" to the next space or quote.
_QUERY_STRING = re.compile(r"\?[^\s'\"]*")


class QueryStringFilter(logging.Filter):
    """Strips query strings from the message of a server's own records (gunicorn's "Invalid
    request ..." with the raw request line, runserver's errors): a search or a link may carry a
    name or a number there. The path stays, followed by "?…"."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "?" in message:
            record.msg, record.args = _QUERY_STRING.sub("?…", message), ()
        return True


class ServerRequestLineFilter(QueryStringFilter):
    """runserver's records: its request lines are dropped (`ocmw.request` logs every request,
    without the query string); anything else it says is kept, without query strings."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "status_code"):
            return False
        return super().filter(record)


class RequestContextFilter(logging.Filter):
    """Puts the request id and user id on each record (for the plain format's `%(request_id)s`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get() or "-"
        if not hasattr(record, "user_id"):
            record.user_id = user_id_var.get()
        return True


class JsonLogFormatter(JsonFormatter):
    """One JSON object per line: timestamp (UTC, ISO 8601), level, logger, message, request_id,
    user_id, then the record's plain extra fields (method, path, status, duration_ms, ...)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            ["levelname", "name", "message"],
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="timestamp",
            **kwargs,
        )

    def format(self, record: logging.LogRecord) -> str:
        return _masked(super().format(record))

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        fields: dict[str, Any] = {}
        super().add_fields(fields, record, message_dict)
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        log_data["timestamp"] = fields.pop("timestamp")
        log_data["level"] = fields.pop("level")
        log_data["logger"] = fields.pop("logger")
        log_data["message"] = fields.pop("message")
        log_data["request_id"] = None if request_id == "-" else request_id
        log_data["user_id"] = getattr(record, "user_id", None) or user_id_var.get()
        for key, value in fields.items():
            if isinstance(value, _PLAIN) or key in {"exc_info", "stack_info"}:
                log_data.setdefault(key, value)
