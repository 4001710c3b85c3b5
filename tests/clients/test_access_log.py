"""The access log as a whole: retention purge (service, command, monthly task) and the
data-protection officer's page and CSV export. Runs on SQLite and PostgreSQL; the database
guards themselves are in test_access_log_postgres.py."""

import csv
import datetime as dt
import io
import logging
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client as HttpClient
from django.urls import reverse

from clients.access_log import access_log_purge, access_log_record, years_before
from clients.log_actions import (
    LOGGED_EXPORT_JSON,
    SEEN_HOUSEHOLD,
    SEEN_JOURNAL,
    SEEN_OVERVIEW,
    SEEN_TRAJECTORIES,
)
from clients.models import AccessLog, Client
from clients.tasks import access_log_purge_task
from tests.conftest import login
from tests.factories import client_of, data_protection_officer, social_worker
from tests.test_settings import _start
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 16, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def dpo(db: None) -> User:
    return data_protection_officer(username="dpo.test", first_name="Dora", last_name="Privé")


@pytest.fixture
def fatima(worker: User, team: Wijkteam) -> Client:
    return client_of(worker, team=team, first_name="Fatima", last_name="El Amrani")


def log_at(
    time_machine: Any,
    moment: dt.datetime,
    *,
    client: Client,
    actor: User | None,
    action: AccessLog.Action = AccessLog.Action.VIEW,
    what: str = SEEN_JOURNAL,
    purpose: str = "",
) -> AccessLog:
    """A row written at `moment` (the `at` column is set on insert, so travel there)."""
    time_machine.move_to(moment, tick=False)
    row = access_log_record(
        client=client,
        actor=actor,
        actor_label="" if actor else "scan",
        action=action,
        what=what,
        purpose=purpose,
    )
    time_machine.move_to(NOW, tick=False)
    return row


# --- retention ---------------------------------------------------------------------------------


def test_purge_removes_rows_past_ten_years_and_keeps_younger_ones(
    time_machine: Any, worker: User, fatima: Client, caplog: pytest.LogCaptureFixture
) -> None:
    nine = log_at(time_machine, NOW - dt.timedelta(days=9 * 365), client=fatima, actor=worker)
    eleven = log_at(time_machine, NOW - dt.timedelta(days=11 * 365), client=fatima, actor=worker)

    with caplog.at_level(logging.INFO, logger="clients.access_log"):
        assert access_log_purge() == 1

    assert list(AccessLog.objects.values_list("pk", flat=True)) == [nine.pk]
    assert not AccessLog.objects.filter(pk=eleven.pk).exists()
    # The log line gives the count, no name of a client or a staff member.
    assert "access log purge: 1 rows older than 10 years deleted" in caplog.messages
    assert "Fatima" not in caplog.text
    assert worker.username not in caplog.text


def test_a_longer_retention_setting_keeps_older_rows(
    time_machine: Any, settings: Any, worker: User, fatima: Client
) -> None:
    settings.ACCESS_LOG_RETENTION_YEARS = 12
    log_at(time_machine, NOW - dt.timedelta(days=11 * 365), client=fatima, actor=worker)

    assert access_log_purge() == 0
    assert AccessLog.objects.count() == 1


def test_purge_works_in_batches_until_nothing_is_left(
    time_machine: Any, worker: User, fatima: Client
) -> None:
    for days in range(5):
        log_at(time_machine, NOW - dt.timedelta(days=11 * 365 + days), client=fatima, actor=None)

    assert access_log_purge(batch_size=2) == 5
    assert access_log_purge(batch_size=2) == 0  # idempotent: a second run finds nothing
    assert not AccessLog.objects.exists()


def test_purge_command_dry_run_counts_and_deletes_nothing(
    time_machine: Any, worker: User, fatima: Client
) -> None:
    log_at(time_machine, NOW - dt.timedelta(days=11 * 365), client=fatima, actor=worker)
    log_at(time_machine, NOW - dt.timedelta(days=30), client=fatima, actor=worker)
    out = io.StringIO()

    call_command("purge_access_log", "--dry-run", stdout=out)

    assert "1 access-log rows older than 10 years would be deleted." in out.getvalue()
    assert AccessLog.objects.count() == 2


def test_purge_command_deletes(time_machine: Any, worker: User, fatima: Client) -> None:
    log_at(time_machine, NOW - dt.timedelta(days=11 * 365), client=fatima, actor=worker)
    log_at(time_machine, NOW - dt.timedelta(days=30), client=fatima, actor=worker)
    out = io.StringIO()

    call_command("purge_access_log", stdout=out)

    assert "1 access-log rows older than 10 years deleted." in out.getvalue()
    assert AccessLog.objects.count() == 1


def test_monthly_task_purges_and_is_on_the_beat_schedule(
    time_machine: Any, worker: User, fatima: Client
) -> None:
    log_at(time_machine, NOW - dt.timedelta(days=11 * 365), client=fatima, actor=worker)
    entry: dict[str, Any] = settings.CELERY_BEAT_SCHEDULE["access-log-monthly-purge"]
    assert entry["task"] == access_log_purge_task.name
    assert entry["schedule"].day_of_month == {1}

    assert access_log_purge_task.apply().get() == 1
    assert not AccessLog.objects.exists()


def test_years_before_matches_postgresql_on_29_february() -> None:
    leap = dt.datetime(2028, 2, 29, 12, 0, tzinfo=dt.UTC)
    assert years_before(leap, 10) == dt.datetime(2018, 2, 28, 12, 0, tzinfo=dt.UTC)


def test_settings_refuse_a_retention_under_the_legal_ten_years() -> None:
    result = _start({"DEBUG": "true", "ACCESS_LOG_RETENTION_YEARS": "9"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ACCESS_LOG_RETENTION_YEARS=9" in result.stderr
    assert _start({"DEBUG": "true", "ACCESS_LOG_RETENTION_YEARS": "12"}).returncode == 0


# --- the data-protection officer's page --------------------------------------------------------

PAGE = reverse("clients:access_log")
CSV = reverse("clients:access_log_csv")


@pytest.fixture
def _now(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


@pytest.mark.usefixtures("_now")
def test_officer_lands_on_the_access_log_with_its_menu_item(client: HttpClient, dpo: User) -> None:
    response = login(client, dpo).get(reverse("home"))
    assert response["Location"] == PAGE

    page = client.get(PAGE).content.decode()
    assert "Toegangslogboek" in page
    # No page of the other roles in the officer's menu (they would answer 403).
    assert reverse("wijkteams:address_lookup") not in page
    assert reverse("clients:search") not in page


@pytest.mark.usefixtures("_now")
def test_officer_filters_by_period_staff_client_and_action(
    client: HttpClient, time_machine: Any, dpo: User, worker: User, team: Wijkteam, fatima: Client
) -> None:
    colleague = social_worker(team, username="ma.collega", first_name="Jonas", last_name="Maes")
    karel = client_of(worker, team=team, first_name="Karel", last_name="Peeters")
    log_at(
        time_machine, NOW - dt.timedelta(days=3), client=fatima, actor=worker, what=SEEN_HOUSEHOLD
    )
    log_at(
        time_machine,
        NOW - dt.timedelta(days=3),
        client=karel,
        actor=colleague,
        what=SEEN_TRAJECTORIES,
    )
    log_at(
        time_machine,
        NOW - dt.timedelta(days=4),
        client=karel,
        actor=worker,
        action=AccessLog.Action.EXPORT,
        what=LOGGED_EXPORT_JSON,
    )
    log_at(
        time_machine, NOW - dt.timedelta(days=60), client=fatima, actor=worker, what=SEEN_OVERVIEW
    )
    login(client, dpo)

    def whats(**query: str | int) -> list[str]:
        response = client.get(PAGE, query)
        assert response.status_code == 200
        return [row.what_key for row in response.context["page"]]

    # Without dates: the last 30 days.
    assert whats() == [SEEN_TRAJECTORIES, SEEN_HOUSEHOLD, LOGGED_EXPORT_JSON]
    assert whats(start="2026-01-01", end="2026-01-31") == [SEEN_OVERVIEW]
    assert whats(staff=colleague.pk) == [SEEN_TRAJECTORIES]
    assert whats(client=fatima.pk) == [SEEN_HOUSEHOLD]
    assert whats(action="export") == [LOGGED_EXPORT_JSON]
    assert whats(staff=worker.pk, client=karel.pk) == [LOGGED_EXPORT_JSON]


@pytest.mark.usefixtures("_now")
def test_page_shows_names_and_client_number_but_never_the_national_number(
    client: HttpClient, time_machine: Any, dpo: User, worker: User, fatima: Client
) -> None:
    log_at(time_machine, NOW - dt.timedelta(hours=1), client=fatima, actor=worker)
    page = login(client, dpo).get(PAGE).content.decode()

    assert "Fatima El Amrani" in page
    assert f"<td>{fatima.pk}</td>" in page
    assert worker.get_full_name() in page
    assert fatima.national_number not in page
    assert fatima.masked_national_number not in page


@pytest.mark.usefixtures("_now")
@pytest.mark.parametrize(
    ("query", "error"),
    [
        ({"start": "2025-01-01", "end": "2026-01-02"}, "Kies een periode van hoogstens één jaar."),
        ({"start": "2026-02-01", "end": "2026-01-01"}, "Het einde van de periode ligt voor"),
        ({"client": "abc"}, "Geef een geheel getal in."),
    ],
)
def test_a_bad_filter_is_explained_and_lists_nothing(
    client: HttpClient, dpo: User, query: dict[str, str], error: str
) -> None:
    login(client, dpo)
    for url in (PAGE, CSV):
        response = client.get(url, query)
        assert response.status_code == 400
        assert error in response.content.decode()
        assert response.context["page"] is None


@pytest.mark.usefixtures("_now")
def test_a_period_of_exactly_one_year_is_accepted(client: HttpClient, dpo: User) -> None:
    response = login(client, dpo).get(PAGE, {"start": "2025-01-01", "end": "2025-12-31"})
    assert response.status_code == 200


def _many(time_machine: Any, *, count: int, client: Client, actors: list[User]) -> None:
    time_machine.move_to(NOW - dt.timedelta(days=1), tick=False)
    AccessLog.objects.bulk_create(
        AccessLog(client=client, actor=actors[i % len(actors)], action="view", what="journal")
        for i in range(count)
    )
    time_machine.move_to(NOW, tick=False)


@pytest.mark.usefixtures("_now")
@pytest.mark.parametrize(("rows", "page", "shown"), [(3, 1, 2), (120, 2, 10)])
def test_page_queries_do_not_grow_with_the_log(
    client: HttpClient,
    time_machine: Any,
    django_assert_num_queries: Any,
    dpo: User,
    worker: User,
    team: Wijkteam,
    fatima: Client,
    rows: int,
    page: int,
    shown: int,
) -> None:
    others = [social_worker(team) for _ in range(3)]
    karel = client_of(worker, team=team)
    # Per client, every fourth row is the worker's: 1 of 3 rows, 30 of 120.
    _many(time_machine, count=rows, client=fatima, actors=[worker, *others])
    _many(time_machine, count=rows, client=karel, actors=[worker, *others])
    login(client, dpo)
    # The first request after a login stores the session's activity clock (a session write,
    # then at most once a minute): done before counting, as on any working day.
    client.get(PAGE)
    # 1 session, 2 user, 3 the staff member of the filter, 4 the staff for the select,
    # 5 count, 6 the page's rows with staff and client names joined. The officer's role is a
    # field of the user: no membership query.
    with django_assert_num_queries(6):
        response = client.get(PAGE, {"staff": worker.pk, "page": page})
    assert response.status_code == 200
    assert len(response.context["page"]) == shown


def test_pages_hold_fifty_rows_and_keep_the_filter(
    client: HttpClient, time_machine: Any, dpo: User, worker: User, fatima: Client
) -> None:
    time_machine.move_to(NOW, tick=False)
    _many(time_machine, count=60, client=fatima, actors=[worker])
    login(client, dpo)

    first = client.get(PAGE, {"client": fatima.pk})
    second = client.get(PAGE, {"client": fatima.pk, "page": 2})

    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 10
    assert f"client={fatima.pk}&amp;page=2" in first.content.decode()


# --- the CSV export ----------------------------------------------------------------------------


def _csv(response: Any) -> tuple[bytes, list[list[str]]]:
    data = b"".join(response.streaming_content)
    return data, list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.usefixtures("_now")
def test_export_is_a_dutch_semicolon_csv_with_a_byte_order_mark(
    client: HttpClient, time_machine: Any, dpo: User, worker: User, fatima: Client
) -> None:
    log_at(
        time_machine,
        dt.datetime(2026, 3, 10, 13, 5, tzinfo=dt.UTC),
        client=fatima,
        actor=worker,
        action=AccessLog.Action.CHANGE,
        what=SEEN_JOURNAL,
    )
    log_at(time_machine, dt.datetime(2026, 3, 9, 8, 0, tzinfo=dt.UTC), client=fatima, actor=None)
    response = login(client, dpo).get(CSV, {"start": "2026-03-01", "end": "2026-03-16"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="toegangslogboek-2026-03-01-2026-03-16.csv"'
    )
    data, rows = _csv(response)
    assert data.startswith("\ufeff".encode())
    assert rows == [
        ["Tijdstip", "Medewerker", "Cliëntnummer", "Cliënt", "Handeling", "Wat", "Waarom"],
        [
            "2026-03-10 14:05:00",  # Brussels time
            worker.get_full_name(),
            str(fatima.pk),
            "Fatima El Amrani",
            "Gewijzigd",
            "dagboek",
            "",
        ],
        [
            "2026-03-09 09:00:00",
            "scan",
            str(fatima.pk),
            "Fatima El Amrani",
            "Bekeken",
            "dagboek",
            "",
        ],
    ]
    assert fatima.national_number not in data.decode("utf-8-sig")


@pytest.mark.usefixtures("_now")
def test_export_keeps_the_filter_and_is_itself_logged_without_names(
    client: HttpClient,
    time_machine: Any,
    dpo: User,
    worker: User,
    team: Wijkteam,
    fatima: Client,
    caplog: pytest.LogCaptureFixture,
) -> None:
    karel = client_of(worker, team=team, first_name="Karel", last_name="Peeters")
    log_at(time_machine, NOW - dt.timedelta(days=2), client=fatima, actor=worker)
    log_at(time_machine, NOW - dt.timedelta(days=2), client=karel, actor=worker)
    log_at(time_machine, NOW - dt.timedelta(days=1), client=karel, actor=worker)
    login(client, dpo)

    with caplog.at_level(logging.INFO, logger="clients.access_log"):
        response = client.get(CSV, {"client": karel.pk})
        _data, rows = _csv(response)

    assert [row[3] for row in rows[1:]] == ["Karel Peeters", "Karel Peeters"]
    [record] = [r for r in caplog.records if getattr(r, "event", "") == "access_log_export"]
    assert record.levelno == logging.INFO
    assert record.getMessage().startswith(f"access log exported by user {dpo.pk}: 2 rows from ")
    assert (record.user_id, record.rows) == (dpo.pk, 2)  # type: ignore[attr-defined]
    for name in ("Karel", "Peeters", dpo.username, worker.username):
        assert name not in caplog.text
    # The export is of the log, not of a client file: no new row in the log itself.
    assert AccessLog.objects.count() == 3


@pytest.mark.usefixtures("_now")
def test_cells_a_spreadsheet_would_run_as_formulas_are_quoted(
    client: HttpClient, time_machine: Any, dpo: User, worker: User, team: Wijkteam
) -> None:
    evil = client_of(worker, team=team, first_name="=HYPERLINK(1)", last_name="X")
    log_at(time_machine, NOW - dt.timedelta(hours=1), client=evil, actor=worker)
    _data, rows = _csv(login(client, dpo).get(CSV))
    assert rows[1][3] == "'=HYPERLINK(1) X"


def test_officer_page_and_export_are_for_the_officer_only(
    client: HttpClient, worker: User, lead: User, admin_user: User
) -> None:
    for user in (worker, lead, admin_user):
        login(client, user)
        assert client.get(PAGE).status_code == 403
        assert client.get(CSV).status_code == 403
        client.logout()


# --- the user admin ----------------------------------------------------------------------------


def _user_change(user: User, **fields: object) -> dict[str, object]:
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": "",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        **fields,
    }


def test_admin_refuses_an_administrator_who_is_also_the_officer_in_dutch(
    client: HttpClient, admin_user: User, dpo: User
) -> None:
    url = reverse("admin:wijkteams_user_change", args=[dpo.pk])
    response = login(client, admin_user).post(
        url, _user_change(dpo, is_staff="on", is_data_protection_officer="on")
    )
    assert response.status_code == 200
    assert (
        "Een beheerder (staff) kan niet ook de functionaris voor gegevensbescherming zijn."
        in response.content.decode()
    )
    dpo.refresh_from_db()
    assert not dpo.is_staff

    response = client.post(
        url, _user_change(dpo, is_data_protection_officer="on", last_name="Nieuw")
    )
    assert response.status_code == 302
    dpo.refresh_from_db()
    assert (dpo.is_data_protection_officer, dpo.last_name) == (True, "Nieuw")


def test_admin_user_list_shows_the_officer_column(client: HttpClient, admin_user: User) -> None:
    page = login(client, admin_user).get(reverse("admin:wijkteams_user_changelist"))
    assert "column-is_data_protection_officer" in page.content.decode()
