"""The account log: one writer, what its rows say, and the page and CSV export of the
data-protection officer and the administrators."""

import csv
import datetime as dt
import io
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import NOW, login
from tests.factories import (
    WijkteamFactory,
    data_protection_officer,
    social_worker,
)
from wijkteams.accounts.log import account_log_record, membership_facts
from wijkteams.accounts.services import membership_save
from wijkteams.models import AccountLog, Membership, User, Wijkteam

pytestmark = pytest.mark.django_db

PAGE = reverse("wijkteams:account_log")
CSV = reverse("wijkteams:account_log_csv")
ROOT = Path(__file__).resolve().parents[2]
WRITE_PATH = Path("wijkteams/accounts/log.py")
SKIPPED_DIRECTORIES = {"tests", "migrations", ".venv", "node_modules", "static", "var"}
WRITES = [
    re.compile(r"(?<!class )\bAccountLog\s*\("),
    re.compile(r"\bAccountLog\s*\.\s*(objects|_default_manager)\s*\.\s*\w*create\b"),
    re.compile(r"\b(insert_values|insert_rows|insert_in_batches|build)\s*\(\s*AccountLog\b"),
    re.compile(r"\b(INSERT\s+INTO|COPY)\s+\W?wijkteams_accountlog\b", re.IGNORECASE),
    re.compile(r"\b(bulk_create|save)\s*\(.*\bAccountLog\b"),
]


@pytest.fixture
def dpo(db: None) -> User:
    return data_protection_officer(username="dpo.test")


def _at(time_machine: Any, moment: dt.datetime, **row: Any) -> AccountLog:
    """A row written at `moment` (the `at` column is set on insert, so travel there)."""
    time_machine.move_to(moment, tick=False)
    return account_log_record(**row)


def _csv(response: Any) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


# --- one writer --------------------------------------------------------------------------------


def _app_modules() -> list[Path]:
    return sorted(
        path.relative_to(ROOT)
        for path in ROOT.rglob("*.py")
        if not SKIPPED_DIRECTORIES & set(path.relative_to(ROOT).parts)
    )


def test_only_the_log_module_writes_account_log_rows() -> None:
    modules = _app_modules()
    assert WRITE_PATH in modules
    found = [
        f"{module}:{number}: {line.strip()}"
        for module in modules
        if module != WRITE_PATH
        for number, line in enumerate((ROOT / module).read_text().splitlines(), start=1)
        if any(pattern.search(line) for pattern in WRITES)
    ]
    assert found == []


def test_the_writer_guard_sees_each_way_of_writing_a_row() -> None:
    for line in (
        "AccountLog.objects.create(subject=u, action='x')",
        "AccountLog.objects.bulk_create(rows)",
        "rows = [AccountLog(subject=u) for u in users]",
        "insert_values(AccountLog, fields, rows)",
        'cursor.execute("INSERT INTO wijkteams_accountlog (action) VALUES (%s)", [a])',
    ):
        assert any(p.search(line) for p in WRITES), line
    for line in (
        "class AccountLog(models.Model):",
        "AccountLog.objects.filter(subject=user).select_related('actor')",
        "def account_log_for(*, roles: Roles) -> QuerySet[AccountLog]:",
    ):
        assert not any(p.search(line) for p in WRITES), line


# --- the page ----------------------------------------------------------------------------------


@pytest.fixture
def history(time_machine: Any, admin_user: User, worker: User) -> dict[str, AccountLog]:
    """A reset in February, a role added on 16 March (today) and the enrolment in between."""
    heule = WijkteamFactory.create(name="Heule")
    reset = _at(
        time_machine,
        dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC),
        actor=admin_user,
        subject=worker,
        action=AccountLog.Action.RESET,
        params={"expires_at": dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC), "delivery": "shown"},
    )
    enrolled = _at(
        time_machine,
        dt.datetime(2026, 2, 3, 8, 0, tzinfo=dt.UTC),
        actor=None,
        subject=worker,
        action=AccountLog.Action.ENROLLED,
        params={"address": "10.0.0.7"},
    )
    time_machine.move_to(NOW, tick=False)
    membership = membership_save(
        actor=admin_user,
        membership=Membership(
            user=worker,
            team=heule,
            role=Membership.Role.TEAM_LEAD,
            starts_on=dt.date(2026, 4, 1),
        ),
    )
    role = AccountLog.objects.get(action=AccountLog.Action.ROLE_ADDED)
    assert role.params == membership_facts(membership) | {"starts_on": "2026-04-01"}
    return {"reset": reset, "enrolled": enrolled, "role": role}


@pytest.mark.parametrize("reader", ["dpo", "admin_user"])
def test_the_officer_and_the_administrators_read_every_row_in_dutch(
    client: Client, request: pytest.FixtureRequest, history: dict[str, AccountLog], reader: str
) -> None:
    login(client, request.getfixturevalue(reader))
    response = client.get(PAGE)
    page = response.content.decode()
    assert response.status_code == 200
    assert "3 rijen." in page
    assert "Wachtwoord en tweestapsaanmelding hersteld" in page
    assert (
        "Inschrijvingslink geldig tot 05/02/2026 10:00, één keer getoond aan de beheerder." in page
    )
    assert "Inschrijvingslink gebruikt" in page
    assert "de houder van de inschrijvingslink" in page
    assert "Nieuw wachtwoord en nieuwe authenticator-app, vanaf adres 10.0.0.7." in page
    assert "Teamrol toegevoegd" in page
    assert "Teamverantwoordelijke in Heule, van 01/04/2026 tot \u2013" in page  # open end
    # Newest first (in the table: the filter lists the actions too).
    table = page[page.index("<tbody>") :]
    assert table.index("Teamrol toegevoegd") < table.index("Inschrijvingslink gebruikt")


def test_the_filter_takes_a_person_as_the_account_or_as_who_acted(
    client: Client, dpo: User, admin_user: User, worker: User, history: dict[str, AccountLog]
) -> None:
    other = social_worker(WijkteamFactory.create(name="Noord"))
    account_log_record(actor=admin_user, subject=other, action=AccountLog.Action.DEACTIVATED)
    login(client, dpo)

    about_worker = client.get(PAGE, {"person": worker.pk}).context["page"]
    assert {row.pk for row in about_worker} == {row.pk for row in history.values()}
    by_admin = client.get(PAGE, {"person": admin_user.pk}).context["page"]
    assert len(by_admin) == 3  # the reset, the role and the other's deactivation
    about_other = client.get(PAGE, {"person": other.pk}).context["page"]
    assert [row.action for row in about_other] == [AccountLog.Action.DEACTIVATED]


def test_the_filter_takes_a_period_and_an_action(
    client: Client, dpo: User, history: dict[str, AccountLog]
) -> None:
    login(client, dpo)
    february = client.get(PAGE, {"start": "2026-02-01", "end": "2026-02-02"}).context["page"]
    assert [row.pk for row in february] == [history["reset"].pk]
    march = client.get(PAGE, {"start": "2026-03-01"}).context["page"]
    assert [row.pk for row in march] == [history["role"].pk]
    enrolments = client.get(PAGE, {"action": "enrolled"}).context["page"]
    assert [row.pk for row in enrolments] == [history["enrolled"].pk]


def test_a_period_that_ends_before_it_starts_is_refused_next_to_the_field(
    client: Client, dpo: User
) -> None:
    login(client, dpo)
    response = client.get(PAGE, {"start": "2026-03-10", "end": "2026-03-01"})
    assert response.status_code == 400
    assert "Het einde van de periode ligt voor het begin." in response.content.decode()


def test_the_page_answers_in_a_fixed_number_of_queries(
    client: Client,
    dpo: User,
    admin_user: User,
    team: Wijkteam,
    history: dict[str, AccountLog],
    django_assert_num_queries: Any,
) -> None:
    for _ in range(5):
        account_log_record(
            actor=admin_user, subject=social_worker(team), action=AccountLog.Action.ACTIVATED
        )
    login(client, dpo)
    # Session, user, the people of the filter, the count, the page with both names joined.
    with django_assert_num_queries(5):
        response = client.get(PAGE)
    assert len(response.context["page"]) == 8


# --- the export --------------------------------------------------------------------------------


@pytest.mark.parametrize("reader", ["dpo", "admin_user"])
def test_the_export_holds_the_filtered_rows_in_dutch(
    client: Client,
    request: pytest.FixtureRequest,
    history: dict[str, AccountLog],
    worker: User,
    caplog: pytest.LogCaptureFixture,
    reader: str,
) -> None:
    user = request.getfixturevalue(reader)
    login(client, user)
    with caplog.at_level(logging.INFO):
        response = client.get(CSV, {"person": str(worker.pk), "end": "2026-02-28"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="accountlogboek-2026-03-16.csv"'
    rows = _csv(response)
    assert rows[0] == ["Tijdstip", "Account", "Gebruikersnaam", "Handeling", "Door", "Details"]
    assert rows[1] == [
        "2026-02-03 09:00:00",
        worker.get_full_name(),
        worker.username,
        "Inschrijvingslink gebruikt",
        "de houder van de inschrijvingslink",
        "Nieuw wachtwoord en nieuwe authenticator-app, vanaf adres 10.0.0.7.",
    ]
    assert rows[2][3] == "Wachtwoord en tweestapsaanmelding hersteld"
    assert len(rows) == 3
    # The export itself is logged, by ids.
    assert f"account log exported by user {user.pk}: 2 rows" in caplog.text


def test_the_export_is_spreadsheet_safe(
    client: Client, dpo: User, admin_user: User, worker: User
) -> None:
    account_log_record(
        actor=admin_user,
        subject=worker,
        action=AccountLog.Action.DETAILS_CHANGED,
        params={"fields": ["email"], "email": ["", "=HYPERLINK(1)"]},
    )
    login(client, dpo)
    [_header, row] = _csv(client.get(CSV))
    assert not row[5].startswith("=")
    assert "HYPERLINK" in row[5]


def test_rows_keep_their_facts_not_a_sentence(admin_user: User, worker: User) -> None:
    """Stored as a key and facts: the text follows the reader's language."""
    row = account_log_record(
        actor=admin_user,
        subject=worker,
        action=AccountLog.Action.RESET,
        params={"expires_at": timezone.now(), "delivery": "shown"},
    )
    stored = AccountLog.objects.values_list("action", "params").get(pk=row.pk)
    assert stored[0] == "reset"
    assert set(stored[1]) == {"expires_at", "delivery"}


def test_the_officer_finds_it_in_the_menu_and_administrators_on_the_configuration_page(
    client: Client, dpo: User, admin_user: User
) -> None:
    login(client, dpo)
    assert f'href="{PAGE}"' in client.get(PAGE).content.decode()
    login(client, admin_user)
    page = client.get(reverse("wijkteams:configuration")).content.decode()
    assert f'href="{PAGE}"' in page


def test_a_date_past_the_calendar_is_refused_not_a_server_error(client: Client, dpo: User) -> None:
    login(client, dpo)
    for query in ({"end": "9999-12-31"}, {"start": "0001-01-01"}):
        response = client.get(PAGE, query)
        assert response.status_code == 400
        assert "Vul een datum in tussen 01/01/1900 en 31/12/2099." in response.content.decode()
        assert client.get(CSV, query).status_code == 400
