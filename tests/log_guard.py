"""A pytest plugin: no log record of any test may carry a national register or BIS number.

While each phase of each test runs (setup, call, teardown), a handler put first on the root
logger, on every logger that does not propagate and on every logger with handlers of its own
sees every record of every thread (the live server of the browser tests included) down to
DEBUG: the root logger and every logger with a higher level are lowered to DEBUG for the phase,
and the handlers already there are raised to the lowest level that reached them before, so
what they print or capture does not change. Each record's message, its arguments, its extra
fields and its exception text are searched for 11 digits (also written with separators,
85.07.30-033.28 or 850730 033 28) that pass `national_number_clean`; a hit fails the test with
the logger's name, and the number is masked in the report and in the record itself.
"""

import logging
import re
import threading
from collections.abc import Generator, Mapping
from dataclasses import dataclass, field

import pytest
from django.core.exceptions import ValidationError

from clients.national_number import national_number_clean

# Records nobody writes out in production: Django logs SQL with its parameters only through
# the debug cursor (DEBUG on, as in the demo, or inside assertNumQueries), and factory_boy and
# Faker run only in tests (factory_boy logs the fields a test passes, numbers included).
EXEMPT_LOGGERS = ("django.db.backends", "factory", "faker")
_EXEMPT_PREFIXES = tuple(f"{name}." for name in EXEMPT_LOGGERS)

# A run of digit groups, each pair joined by up to three separators (space, no-break space,
# dot, dash, slash), so every way people write the number is one run.
_SEPARATORS = r"[ .\-/\u00a0\u202f]"
_DIGIT_RUN = re.compile(rf"\d+(?:{_SEPARATORS}{{1,3}}\d+)*")
_ELEVEN_DIGITS = re.compile(rf"\d(?:{_SEPARATORS}{{0,3}}\d){{10}}")
_DIGITS = re.compile(r"\d+")
_LENGTH = 11
# A UUID (Celery's task ids: "Task ...[4f076b85-0730-0332-8ba6-09a5c4fb5403] succeeded"): its
# hexadecimal groups can hold digits that join into 11 with a valid check, about once in a
# hundred ids with enough digits. Nobody writes a national number as part of one, so UUIDs are
# blanked (same length, no digits) before the search.
_UUID = re.compile(
    r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}"
    r"-[0-9A-Fa-f]{12}(?![0-9A-Fa-f])"
)

# Attributes every LogRecord has; anything else came in through `extra=` and a structured
# (JSON) formatter writes it out, so it is searched too.
_RECORD_ATTRIBUTES = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
_FORMATTER = logging.Formatter()
_CONTAINERS = (tuple, list, dict, set, frozenset)


def national_numbers_in(text: str) -> list[str]:
    """The pieces of `text` that spell a valid national register or BIS number."""
    found: list[str] = []
    text = _UUID.sub(lambda uuid: "u" * len(uuid.group()), text)
    for run in _DIGIT_RUN.finditer(text):
        if run.end() - run.start() < _LENGTH:
            continue  # fewer characters than 11 digits: the common case, decided at once
        groups = list(_DIGITS.finditer(text, run.start(), run.end()))
        # Every stretch of whole consecutive groups with 11 digits in all: the number may sit
        # between other digit groups ("tel 056 12 34 56 850730 033 28").
        for first in range(len(groups)):
            digits = ""
            for group in groups[first:]:
                digits += group.group()
                if len(digits) >= _LENGTH:
                    break
            if len(digits) == _LENGTH and _is_national_number(digits):
                found.append(text[groups[first].start() : group.end()])
    return found


def _is_national_number(digits: str) -> bool:
    try:
        national_number_clean(digits)
    except ValidationError:
        return False
    return True


def mask(text: str) -> str:
    """`text` with the digits of every national number in it replaced by stars."""
    for number in national_numbers_in(text):
        text = text.replace(number, re.sub(r"\d", "*", number))
    return text


def _texts(record: logging.LogRecord) -> list[str]:
    """Everything of `record` a handler could write out."""
    texts: list[str] = []
    try:
        texts.append(record.getMessage())
    except Exception:  # a broken format string: handlers still write its parts out
        texts.append(str(record.msg))
    _plain_values(record.args, texts)
    for name in record.__dict__.keys() - _RECORD_ATTRIBUTES:  # what came in through extra=
        _plain_values(record.__dict__[name], texts)
    if record.exc_info and record.exc_info[1] is not None:
        if record.levelno >= logging.INFO and not record.exc_text:
            # The traceback exactly as a production handler (level INFO) writes it out.
            texts.append(_FORMATTER.formatException(record.exc_info))
        # And the texts the exceptions of the chain carry, without calling their str(): some
        # (a template's VariableDoesNotExist, logged at DEBUG for every missing variable)
        # render whole template contexts, which is slow and can run queries.
        error: BaseException | None = record.exc_info[1]
        seen: list[BaseException] = []
        while error is not None and error not in seen:
            seen.append(error)
            _plain_values(error.args, texts, depth=1)
            _plain_values(getattr(error, "params", None), texts, depth=1)  # ValidationError
            error = error.__cause__ or error.__context__
    if record.exc_text:
        texts.append(record.exc_text)
    if record.stack_info:
        texts.append(record.stack_info)
    return texts


def _plain_values(value: object, texts: list[str], depth: int = 3) -> None:
    """Add the strings and integers in `value` and in the containers in it to `texts`, without
    calling str() on any other object (which may run code, or queries)."""
    if value is None:
        return
    if isinstance(value, str):
        texts.append(value)
    elif depth > 0 and isinstance(value, _CONTAINERS):
        for item in value.values() if isinstance(value, dict) else value:
            if isinstance(item, str):  # the common case, without another call
                texts.append(item)
            else:
                _plain_values(item, texts, depth - 1)
    elif isinstance(value, int):
        texts.append(str(value))
    elif isinstance(value, bytes):
        texts.append(value.decode(errors="replace"))
    elif depth > 0 and isinstance(value, Mapping):
        for item in value.values():
            _plain_values(item, texts, depth - 1)


def leaks_in(record: logging.LogRecord) -> list[str]:
    """One line naming the logger of `record` if it carries a national number, with the first
    text that does (number masked); empty for a clean record or one of an exempt logger."""
    if record.name in EXEMPT_LOGGERS or record.name.startswith(_EXEMPT_PREFIXES):
        return []
    texts = _texts(record)
    # One scan of everything for 11 digits in a row (separators allowed) decides almost every
    # record; NUL joins the texts because it is no separator.
    if not _ELEVEN_DIGITS.search("\0".join(texts)):
        return []
    for text in texts:
        if national_numbers_in(text):
            excerpt = mask(text)
            if len(excerpt) > 300:
                excerpt = excerpt[:300] + "..."
            return [
                f"logger {record.name!r} ({record.levelname}, {record.pathname}:{record.lineno})"
                f" logged a national register number: {excerpt!r}"
            ]
    return []


@dataclass
class LogGuard:
    """The records of one test that carried a national number; tests of the guard itself may
    look at and clear `findings` (fixture `log_guard`)."""

    findings: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self, record: logging.LogRecord) -> None:
        lines = leaks_in(record)
        if lines:
            _mask_record(record)
            with self.lock:
                self.findings.extend(lines)


def _mask_record(record: logging.LogRecord) -> None:
    """Mask the number in `record` itself, so the handlers after the guard (pytest's captured
    log and the console in the failure report) do not print it either."""
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: its parts
        message = f"{record.msg} {record.args}"
    record.msg, record.args = mask(message), None
    if record.exc_info:
        record.exc_text = record.exc_text or _FORMATTER.formatException(record.exc_info)
        record.exc_info = None  # formatters that format it again would print the number
    if record.exc_text:
        record.exc_text = mask(record.exc_text)
    if record.stack_info:
        record.stack_info = mask(record.stack_info)
    for name in record.__dict__.keys() - _RECORD_ATTRIBUTES:
        value = record.__dict__[name]
        if not isinstance(value, str | int | None):
            value = "(masked by the log guard)"
        record.__dict__[name] = mask(str(value)) if value is not None else None


class _GuardHandler(logging.Handler):
    """Checks each record once, before the handlers already there see it (it is put first on
    every logger it is attached to, and a record passes them one after the other)."""

    def __init__(self, guard: LogGuard) -> None:
        super().__init__(logging.NOTSET)
        self.guard = guard
        self.last = threading.local()

    def handle(self, record: logging.LogRecord) -> bool:
        # No lock: checking needs none, and the handler's lock would serialise all threads.
        if getattr(self.last, "record", None) is not record:
            self.last.record = record
            self.guard.check(record)
        return True

    def emit(self, record: logging.LogRecord) -> None:  # pragma: no cover - handle() does it
        self.guard.check(record)


_guard_key = pytest.StashKey[LogGuard]()


def _phase(item: pytest.Item, when: str) -> Generator[None, object, object]:
    """Run one phase of `item` under the guard, then fail it if a record carried a number."""
    guard = item.stash.setdefault(_guard_key, LogGuard())
    handler = _GuardHandler(guard)
    root = logging.getLogger()
    loggers = [root] + [
        logger
        for logger in list(logging.Logger.manager.loggerDict.values())
        if isinstance(logger, logging.Logger)
    ]
    # The lowest level at which records reached each logger's handlers before: its own
    # effective level or that of any logger propagating to it.
    reaching = {id(logger): logger.getEffectiveLevel() for logger in loggers}
    for logger in loggers:
        level = reaching[id(logger)]
        parent: logging.Logger | None = logger
        while parent is not None and parent.propagate and parent.parent is not None:
            parent = parent.parent
            reaching[id(parent)] = min(reaching.get(id(parent), level), level)
    # A handler may sit on several loggers (pytest puts its own on the root logger and on
    # every logger that does not propagate): the lowest of them counts.
    handler_levels: dict[int, tuple[logging.Handler, int]] = {}
    for logger in loggers:
        for other in logger.handlers:
            level = reaching[id(logger)]
            if id(other) in handler_levels:
                level = min(level, handler_levels[id(other)][1])
            handler_levels[id(other)] = (other, level)
    raised: list[tuple[logging.Handler, int]] = []
    for other, level in handler_levels.values():
        if other.level < level:
            raised.append((other, other.level))
            other.setLevel(level)
    lowered: list[tuple[logging.Logger, int]] = []
    attached: list[logging.Logger] = []
    for logger in loggers:
        if logger.level > logging.DEBUG:
            lowered.append((logger, logger.level))
            logger.setLevel(logging.DEBUG)
        if logger is root or not logger.propagate or logger.handlers:
            logger.handlers.insert(0, handler)
            attached.append(logger)
    already = len(guard.findings)
    try:
        result = yield
    except BaseException:
        if len(guard.findings) > already:
            item.add_report_section(when, "national numbers in logs", _report(guard, already))
        raise
    finally:
        for logger in attached:
            logger.removeHandler(handler)
        for other, old in raised:
            other.setLevel(old)
        for logger, old in lowered:
            logger.setLevel(old)
    if len(guard.findings) > already:
        pytest.fail(_report(guard, already), pytrace=False)
    return result


def _report(guard: LogGuard, since: int) -> str:
    return "A national register number reached a log record (never log it):\n" + "\n".join(
        guard.findings[since:]
    )


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, object, object]:
    return (yield from _phase(item, "setup"))


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    return (yield from _phase(item, "call"))


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, object, object]:
    return (yield from _phase(item, "teardown"))


@pytest.fixture
def log_guard(request: pytest.FixtureRequest) -> LogGuard:
    """The guard of the running test: its findings so far."""
    guard: LogGuard = request.node.stash[_guard_key]
    return guard
