"""access_log_listed_together: the rows of every list a page builds, in one insert at the end
of the block, the same rows as one insert per list; nothing written when the block fails, and
a failed insert leaves the block with its error. Runs on SQLite and PostgreSQL."""

from typing import Any

import pytest
from django.db import DatabaseError, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from clients import access_log
from clients.access_log import access_log_listed, access_log_listed_together
from clients.log_actions import SEEN_CASES_LISTED, SEEN_WORKER_CLIENTS_LISTED
from clients.models import AccessLog, Client
from tests.factories import client_of
from wijkteams.models import User

pytestmark = pytest.mark.django_db

COLUMNS = ("client_id", "actor_id", "actor_label", "action", "what_key", "what_params", "purpose")


def _rows() -> list[tuple[Any, ...]]:
    return list(AccessLog.objects.order_by("pk").values_list(*COLUMNS))


def _log_two_lists(worker: User, first: Client, second: Client, **request: Any) -> None:
    # A client twice in one list is one row; a client in two lists is a row in each.
    access_log_listed(
        actor=worker, client_ids=[first.pk, second.pk, first.pk], what=SEEN_CASES_LISTED, **request
    )
    access_log_listed(
        actor=worker, client_ids=[second.pk], what=SEEN_WORKER_CLIENTS_LISTED, **request
    )


def test_the_block_writes_the_rows_one_insert_per_list_writes_in_one_query(
    rf: RequestFactory, worker: User
) -> None:
    first, second = client_of(worker), client_of(worker)
    _log_two_lists(worker, first, second)  # one insert per list
    apart = _rows()
    # The same lists of two other clients, in the block (the log is append-only: new rows).
    third, fourth = client_of(worker), client_of(worker)
    request = rf.get("/")
    with CaptureQueriesContext(connection) as queries, access_log_listed_together(request):
        _log_two_lists(worker, third, fourth, request=request)
        assert len(_rows()) == len(apart)  # nothing yet: the rows wait for the end
    together = _rows()[len(apart) :]
    other = {first.pk: third.pk, second.pk: fourth.pk}
    assert len(apart) == 3
    assert together == [(other[row[0]], *row[1:]) for row in apart]
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("INSERT", "COPY"))]
    assert len(writes) == 1


def test_a_list_outside_the_block_writes_at_once(rf: RequestFactory, worker: User) -> None:
    first, second = client_of(worker), client_of(worker)
    _log_two_lists(worker, first, second, request=rf.get("/"))
    assert len(_rows()) == 3


def test_a_block_that_fails_writes_nothing(rf: RequestFactory, worker: User) -> None:
    first, second = client_of(worker), client_of(worker)
    request = rf.get("/")

    def page_that_fails() -> None:
        with access_log_listed_together(request):
            _log_two_lists(worker, first, second, request=request)
            raise RuntimeError("the page could not be built")

    with pytest.raises(RuntimeError):
        page_that_fails()
    assert _rows() == []
    # The request holds no rows any more: a later list writes at once.
    access_log_listed(actor=worker, client_ids=[first.pk], what=SEEN_CASES_LISTED, request=request)
    assert len(_rows()) == 1


def test_a_failed_insert_leaves_the_block_with_its_error(
    rf: RequestFactory, worker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = client_of(worker), client_of(worker)

    def refused(*args: Any, **kwargs: Any) -> list[int]:
        raise DatabaseError("the log refused the rows")

    monkeypatch.setattr(access_log, "insert_values", refused)
    request = rf.get("/")

    def page() -> str:
        with access_log_listed_together(request):
            _log_two_lists(worker, first, second, request=request)
        return "drawn"  # what a view does after the block; never reached here

    with pytest.raises(DatabaseError):
        page()
    assert _rows() == []


def test_an_inner_block_leaves_the_writing_to_the_outer_one(
    rf: RequestFactory, worker: User
) -> None:
    first, second = client_of(worker), client_of(worker)
    request = rf.get("/")
    with access_log_listed_together(request):
        with access_log_listed_together(request):
            _log_two_lists(worker, first, second, request=request)
        assert not AccessLog.objects.exists()
    assert len(_rows()) == 3
