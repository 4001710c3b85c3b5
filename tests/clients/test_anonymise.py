"""Anonymisation of closed files past the retention period (clients/gdpr.py), its command, its
Celery task and, on PostgreSQL, the guard that still keeps saved calculations unchanged."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from stdnum.be import bis, nn

from budgets.models import AidCalculation
from clients.gdpr import (
    ANONYMISATION_ACTOR,
    client_anonymise,
    client_export_document,
)
from clients.log_actions import LOGGED_ANONYMISED
from clients.models import AccessLog, Client, HouseholdMember
from clients.tasks import anonymise_closed_files_task
from rights.models import FlagEvent
from tests.clients.test_gdpr import NATIONAL_NUMBER, OTHER_NUMBER, PERSONAL, full_file, staff
from tests.factories import WijkteamFactory
from wijkteams.models import User

pytestmark = pytest.mark.django_db


def years_ago(years: int) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=min(today.day, 28))


def close(client: Client, on: dt.date | None) -> Client:
    # The closing reason is free text, and free text can name people.
    reason = f"Verhuisd naar haar dochter {PERSONAL['member']}" if on else ""
    Client.objects.filter(pk=client.pk).update(closed_on=on, closed_reason=reason)
    client.refresh_from_db()
    return client


def export_text(client: Client) -> str:
    """Everything stored about the client, as the GDPR export writes it, lower case."""
    document = client_export_document(client_id=client.pk)
    del document["exported_at"]  # the moment of the export, not the file
    return json.dumps(document, ensure_ascii=False).lower()


@pytest.fixture
def users(db: None) -> dict[str, User]:
    return staff(WijkteamFactory.create(name="Centrum"))


@pytest.fixture
def old_file(users: dict[str, User]) -> Client:
    return close(full_file(users), years_ago(11))


def test_the_file_holds_the_personal_data_before(old_file: Client) -> None:
    # The check below means something only if the export finds every one of them first.
    text = export_text(old_file)
    for value in PERSONAL.values():
        assert value.lower() in text, value


def test_a_file_closed_eleven_years_ago_loses_every_trace_of_the_person(old_file: Client) -> None:
    assert client_anonymise(client=old_file, now=timezone.now()) is True

    text = export_text(old_file)
    for value in PERSONAL.values():
        assert value.lower() not in text, value
    assert "geanonimiseerd" in text


def test_the_explanations_a_flag_had_before_are_scrubbed_too(old_file: Client) -> None:
    # The scan keeps the explanation it replaced in the flag's history (FlagEvent).
    events = FlagEvent.objects.filter(flag__client=old_file, kind=FlagEvent.Kind.EXPLANATION)
    assert PERSONAL["member"] in json.dumps(events.get().previous_explanation)

    client_anonymise(client=old_file, now=timezone.now())

    earlier = events.get().previous_explanation
    assert earlier is not None
    text = json.dumps(earlier, ensure_ascii=False).lower()
    for value in PERSONAL.values():
        assert value.lower() not in text, value
    names, holder = (line["values"] for line in earlier["matched"])
    assert names == {"names": "[geanonimiseerd]", "threshold": "66"}  # the figures stay
    assert holder == {"holder": "[geanonimiseerd]"}
    assert earlier["right"] == "recht_0"
    assert not FlagEvent.objects.filter(
        flag__client=old_file, kind=FlagEvent.Kind.STATUS, previous_explanation__isnull=False
    ).exists()


def test_what_statistics_need_is_kept(old_file: Client) -> None:
    member_birth_years = [m.birth_date.year for m in old_file.members.all()]

    client_anonymise(client=old_file, now=timezone.now())

    old_file.refresh_from_db()
    assert old_file.anonymised_at is not None
    assert old_file.birth_date == dt.date(1961, 7, 1)  # the year, on 1 July
    assert old_file.team is not None
    assert (old_file.postcode, old_file.team.name, old_file.sex) == ("8500", "Centrum", "F")
    assert old_file.rent == Decimal("600.00")
    assert [m.birth_date for m in HouseholdMember.objects.filter(client=old_file)] == [
        dt.date(year, 7, 1) for year in member_birth_years
    ]
    debt = old_file.trajectories.get().debts.get()
    assert (debt.original_amount, debt.outstanding_amount) == (Decimal("1200.00"), Decimal("800"))
    calculation = AidCalculation.objects.get(client=old_file)
    assert calculation.proposed_aid > 0
    assert [p["relation"] for p in calculation.inputs["persons"]] == ["client", "child"]


def test_the_national_number_becomes_a_unique_number_that_is_never_valid(
    old_file: Client,
) -> None:
    client_anonymise(client=old_file, now=timezone.now())

    old_file.refresh_from_db()
    number = old_file.national_number
    assert number != NATIONAL_NUMBER
    assert len(number) == 11  # the column's check constraint: 11 digits
    assert number.isdigit()
    assert not nn.is_valid(number)
    assert not bis.is_valid(number)
    assert number == f"{old_file.pk:09d}00"


def test_the_anonymisation_writes_its_change_rows_in_the_access_log(old_file: Client) -> None:
    client_anonymise(client=old_file, now=timezone.now())

    row = AccessLog.objects.get(
        client=old_file, actor_label=ANONYMISATION_ACTOR, what_key=LOGGED_ANONYMISED
    )
    assert (row.actor, row.action) == (None, AccessLog.Action.CHANGE)
    # Besides it, only what the apps above deleted says so itself (the file's documents).
    others = AccessLog.objects.filter(client=old_file, actor_label=ANONYMISATION_ACTOR).exclude(
        pk=row.pk
    )
    assert [(r.action, r.what_key) for r in others] == [
        (AccessLog.Action.CHANGE, "documents.deleted_at_anonymisation")
    ]


@pytest.mark.parametrize("closed_years_ago", [9, None], ids=["closed-9-years-ago", "open"])
def test_a_file_within_the_retention_period_is_untouched(
    users: dict[str, User], closed_years_ago: int | None
) -> None:
    client = close(full_file(users), years_ago(closed_years_ago) if closed_years_ago else None)
    before = export_text(client)
    rows_before = AccessLog.objects.count()

    assert client_anonymise(client=client, now=timezone.now()) is False

    assert export_text(client) == before
    assert AccessLog.objects.count() == rows_before


def test_anonymising_twice_changes_nothing_the_second_time(old_file: Client) -> None:
    client_anonymise(client=old_file, now=timezone.now())
    after_first = export_text(old_file)
    rows = AccessLog.objects.count()

    assert client_anonymise(client=old_file, now=timezone.now() + dt.timedelta(days=40)) is False

    assert export_text(old_file) == after_first
    assert AccessLog.objects.count() == rows


def test_the_retention_period_is_the_setting(
    users: dict[str, User], settings: pytest.FixtureRequest
) -> None:
    settings.CLIENT_ANONYMISE_AFTER_YEARS = 12  # type: ignore[attr-defined]
    client = close(full_file(users), years_ago(11))

    assert client_anonymise(client=client, now=timezone.now()) is False


def test_the_dry_run_lists_the_due_files_and_changes_nothing(old_file: Client) -> None:
    before = export_text(old_file)
    out = StringIO()

    call_command("anonymise_closed_files", "--dry-run", stdout=out)

    assert f"ids: {old_file.pk}" in out.getvalue()
    assert PERSONAL["last_name"] not in out.getvalue()
    assert export_text(old_file) == before
    assert not AccessLog.objects.filter(actor_label=ANONYMISATION_ACTOR).exists()


def test_the_command_anonymises_only_the_due_files(old_file: Client) -> None:
    other_users = staff(WijkteamFactory.create(name="Noord"))
    recent = close(full_file(other_users, national_number=OTHER_NUMBER), years_ago(9))
    out = StringIO()

    call_command("anonymise_closed_files", stdout=out)

    assert "1 files" in out.getvalue()
    old_file.refresh_from_db()
    recent.refresh_from_db()
    assert old_file.anonymised_at is not None
    assert recent.anonymised_at is None
    assert recent.first_name == PERSONAL["first_name"]


def test_the_monthly_task_anonymises_the_due_files(old_file: Client) -> None:
    assert anonymise_closed_files_task.delay().get() == 1
    assert anonymise_closed_files_task.delay().get() == 0  # idempotent

    old_file.refresh_from_db()
    assert old_file.anonymised_at is not None
    schedule = settings.CELERY_BEAT_SCHEDULE["anonymise-closed-files-monthly"]
    assert schedule["task"] == "clients.tasks.anonymise_closed_files_task"


# --- PostgreSQL: the calculation guard of budgets migrations 0002 and 0004 --------------------


def _set_anonymising(value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('ocmw.anonymising', %s, true)", [value])


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL trigger")
def test_an_ordinary_update_of_a_calculation_is_still_refused(old_file: Client) -> None:
    calculations = AidCalculation.objects.filter(client=old_file)

    with pytest.raises(DatabaseError, match="never changes"), transaction.atomic():
        calculations.update(note="achteraf aangepast")
    with pytest.raises(DatabaseError, match="never changes"), transaction.atomic():
        calculations.update(inputs={})


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL trigger")
def test_while_anonymising_only_the_snapshot_and_note_may_change(old_file: Client) -> None:
    calculations = AidCalculation.objects.filter(client=old_file)
    saved = calculations.get()

    def delete() -> None:  # in SQL: the ORM would stop first at the decision's PROTECT
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM budgets_aidcalculation WHERE id = %s", [saved.pk])

    for change in (lambda: calculations.update(proposed_aid=Decimal("999.00")), delete):
        with transaction.atomic():
            _set_anonymising("on")
            with pytest.raises(DatabaseError, match="never changes"), transaction.atomic():
                change()
    with transaction.atomic():
        _set_anonymising("on")
        calculations.update(note="")
        _set_anonymising("off")

    assert calculations.get().proposed_aid == saved.proposed_aid
    assert calculations.get().note == ""


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL trigger")
def test_the_service_leaves_the_guard_on_after_anonymising(old_file: Client) -> None:
    client_anonymise(client=old_file, now=timezone.now())

    with pytest.raises(DatabaseError, match="never changes"), transaction.atomic():
        AidCalculation.objects.filter(client=old_file).update(note="x")
