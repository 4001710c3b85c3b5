"""The access log's one write path (clients.access_log): a row stores a key and its parameters,
shown in the language of whoever reads it; rows written before the keys keep their text; many
rows go in with a fixed number of queries. Runs on SQLite and PostgreSQL."""

from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import translation

from clients.access_log import (
    access_log_key,
    access_log_record,
    access_log_record_many,
    access_log_what,
)
from clients.log_actions import LOGGED_RECORD_CHANGED, LOGGED_TEAM_SET, SEEN_JOURNAL
from clients.models import AccessLog, Client
from clients.services import client_update
from tests.conftest import login
from tests.factories import client_of
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.django_db


@pytest.fixture
def fatima(worker: User, team: Wijkteam) -> Client:
    return client_of(worker, team=team, first_name="Fatima", last_name="El Amrani")


def _history(http: HttpClient, client: Client, *, language: str = "") -> str:
    if language:
        http.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = http.get(reverse("clients:file_access", args=[client.pk])).content.decode()
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_a_change_stores_a_key_and_its_parameters_not_the_actors_language(
    worker: User, fatima: Client
) -> None:
    with translation.override("en"):  # the worker works in English
        client_update(
            actor=worker, client_id=fatima.pk, expected_version=1, changes={"phone": "056 1"}
        )

    row = AccessLog.objects.get(client=fatima, action=AccessLog.Action.CHANGE)
    assert (row.what, row.what_key, row.what_params) == (
        "",
        LOGGED_RECORD_CHANGED,
        {"fields": "phone"},
    )


def test_the_same_row_shows_in_dutch_to_a_dutch_reader_and_in_english_to_an_english_one(
    worker: User, lead: User, fatima: Client
) -> None:
    with translation.override("en"):
        client_update(
            actor=worker, client_id=fatima.pk, expected_version=1, changes={"phone": "056 1"}
        )
    http = login(HttpClient(), lead)

    assert "cliëntgegevens: phone" in _history(http, fatima)
    english = _history(http, fatima, language="en")
    assert "client record: phone" in english
    assert "cliëntgegevens" not in english


def test_a_row_written_before_the_keys_is_shown_as_written(lead: User, fatima: Client) -> None:
    # Two rows as the log held them: a sentence in the actor's language, and an English msgid.
    AccessLog.objects.create(client=fatima, actor=lead, action="change", what="team gewijzigd")
    AccessLog.objects.create(client=fatima, actor=lead, action="view", what="journal")
    http = login(HttpClient(), lead)

    dutch = _history(http, fatima)
    assert "team gewijzigd" in dutch
    assert "dagboek" in dutch  # a msgid was always translated when shown, and still is
    english = _history(http, fatima, language="en")
    assert "team gewijzigd" in english
    assert "journal" in english


def test_an_unknown_key_shows_as_itself_and_parameters_that_do_not_fit_show_the_text(
    lead: User, fatima: Client
) -> None:
    gone = AccessLog(client=fatima, actor=lead, action="view", what_key="budgets.gone_away")
    misfit = AccessLog(
        client=fatima, actor=lead, action="change", what_key=LOGGED_TEAM_SET, what_params={"x": 1}
    )
    with translation.override("nl"):
        assert access_log_what(gone) == "budgets.gone_away"
        assert access_log_what(misfit) == "team ingesteld op %(team)s"
        misfit.what_params = {"team": "Heule"}
        assert access_log_what(misfit) == "team ingesteld op Heule"


def test_only_a_declared_key_is_written(worker: User, fatima: Client) -> None:
    with pytest.raises(ValueError, match="unknown access-log key"):
        access_log_record(
            client=fatima, actor=worker, action=AccessLog.Action.VIEW, what="dagboek bekeken"
        )
    with pytest.raises(ValueError, match="unknown access-log key"):
        access_log_record_many(
            client_ids=[fatima.pk], actor=worker, action=AccessLog.Action.VIEW, what="x"
        )
    with pytest.raises(ValueError, match="declared twice"):
        access_log_key(SEEN_JOURNAL, "something else")
    assert not AccessLog.objects.exists()


def test_a_national_number_never_goes_into_the_parameters(worker: User, fatima: Client) -> None:
    with pytest.raises(ValueError, match="national number"):
        access_log_record(
            client=fatima,
            actor=worker,
            action=AccessLog.Action.CHANGE,
            what=LOGGED_TEAM_SET,
            params={"team": fatima.national_number},
        )
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("count", [1, 40])
def test_many_rows_go_in_with_one_query_whatever_their_number(
    worker: User, team: Wijkteam, count: int, django_assert_num_queries: Any
) -> None:
    clients = [client_of(worker, team=team) for _ in range(count)]

    # One INSERT (bulk_create) on SQLite, one COPY on PostgreSQL: no ids are read back.
    with django_assert_num_queries(1):
        written = access_log_record_many(
            client_ids=[c.pk for c in clients],
            actor=worker,
            action=AccessLog.Action.VIEW,
            what=LOGGED_TEAM_SET,
            params={"team": "Heule"},
            purpose="a list page",
        )

    assert written == count
    rows = AccessLog.objects.order_by("client_id")
    assert [r.client_id for r in rows] == sorted(c.pk for c in clients)
    assert [
        (r.actor_id, r.actor_label, r.action, r.what, r.what_key, r.what_params, r.purpose)
        for r in rows
    ] == [(worker.pk, "", "view", "", LOGGED_TEAM_SET, {"team": "Heule"}, "a list page")] * count


class CallerError(Exception):
    pass


def _log_then_fail(worker: User, client: Client) -> None:
    with transaction.atomic():
        access_log_record_many(
            client_ids=[client.pk], actor=worker, action=AccessLog.Action.VIEW, what=SEEN_JOURNAL
        )
        assert AccessLog.objects.count() == 1
        raise CallerError


def test_many_rows_belong_to_the_callers_transaction(worker: User, fatima: Client) -> None:
    with pytest.raises(CallerError):
        _log_then_fail(worker, fatima)
    assert not AccessLog.objects.exists()


# --- the migration that added the keys ---------------------------------------------------------

BEFORE_KEYS = [("clients", "0013_client_homelessness_and_self_reliance")]


def _migrate(targets: list[tuple[str, str]] | None = None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_the_migration_leaves_existing_rows_as_they_were(worker: User, fatima: Client) -> None:
    executor = _migrate(BEFORE_KEYS)
    old_log = executor.loader.project_state(BEFORE_KEYS).apps.get_model("clients", "AccessLog")
    old = old_log.objects.create(
        client_id=fatima.pk, actor_id=worker.pk, action="change", what="gezin gewijzigd"
    )

    _migrate()  # on PostgreSQL an UPDATE of the row would be refused by the trigger

    row = AccessLog.objects.get(pk=old.pk)
    assert (row.what, row.what_key, row.what_params, row.at) == ("gezin gewijzigd", "", {}, old.at)
    with translation.override("en"):
        assert access_log_what(row) == "gezin gewijzigd"
