"""Closing and reopening a client file: the services' rules, what a closed file refuses, the
actions on the overview (clients/views/closing.py) and the notice on every tab."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from budgets.models import AidDecision
from budgets.services.calculations import aid_calculation_save
from clients.models import (
    AccessLog,
    Assignment,
    Client,
    HouseholdMember,
    Income,
    JournalEntry,
    Trajectory,
)
from clients.selectors import my_clients
from clients.services import (
    LOGGED_CLOSED,
    LOGGED_REOPENED,
    EditConflictError,
    client_close,
    client_reopen,
    client_update,
    household_member_save,
    income_save,
    journal_add,
    trajectory_open,
)
from rights.scan import scan_one_client
from tests.conftest import login
from tests.factories import (
    AidDecisionFactory,
    TrajectoryFactory,
    aid_policy,
    budget_version,
    client_of,
    right_of,
    social_worker,
)
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.django_db

REASON = "Verhuisd naar Gent; dossier overgedragen aan OCMW Gent."


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def file(worker: User) -> Client:
    """A client of the worker with nothing open: it may close."""
    return client_of(worker, first_name="Fatima", last_name="El Amrani", complete=True)


def close(
    actor: User, client: Client, *, reason: str = REASON, on: dt.date | None = None
) -> Client:
    return client_close(
        actor=actor,
        client_id=client.pk,
        expected_version=client.version,
        on=on or today(),
        reason=reason,
    )


def messages_of(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


# --- closing -----------------------------------------------------------------------------


def test_the_social_worker_closes_a_file_with_a_date_and_a_reason(
    worker: User, file: Client
) -> None:
    closed = close(worker, file, on=today(), reason=f"  {REASON}  ")

    closed.refresh_from_db()
    assert closed.closed_on == today()
    assert closed.closed_reason == REASON
    assert closed.version == file.version + 1


def test_closing_keeps_the_assignment_and_the_file_leaves_my_cases(
    worker: User, file: Client
) -> None:
    assert list(my_clients(user=worker)) == [file]
    close(worker, file)

    assert Assignment.objects.filter(client=file, worker=worker, ended_at__isnull=True).exists()
    assert list(my_clients(user=worker)) == []


def test_closing_writes_one_change_row_without_the_reason(worker: User, file: Client) -> None:
    before = AccessLog.objects.filter(client=file).count()
    close(worker, file)

    rows = AccessLog.objects.filter(client=file)
    assert rows.count() == before + 1
    row = rows.first()
    assert row is not None
    assert (row.actor, row.action, row.what_key, row.purpose) == (
        worker,
        AccessLog.Action.CHANGE,
        LOGGED_CLOSED,
        "",
    )
    # Free text cannot be anonymised in the append-only log: the reason never goes there.
    assert not AccessLog.objects.filter(what__contains="Gent").exists()
    assert not AccessLog.objects.filter(purpose__contains="Gent").exists()


def test_the_team_lead_may_close_a_file(lead: User, file: Client) -> None:
    assert close(lead, file).closed_on == today()


def test_a_colleague_may_not_close_a_file(team: Wijkteam, file: Client) -> None:
    colleague = social_worker(team)
    with pytest.raises(PermissionDenied):
        close(colleague, file)
    file.refresh_from_db()
    assert file.closed_on is None


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_closing_without_a_reason_is_refused(worker: User, file: Client, reason: str) -> None:
    with pytest.raises(ValidationError) as error:
        close(worker, file, reason=reason)
    assert messages_of(error) == {"reason": ["Geef de reden waarom het dossier afgesloten wordt."]}
    file.refresh_from_db()
    assert file.closed_on is None


def test_closing_on_a_future_day_is_refused(worker: User, file: Client) -> None:
    with pytest.raises(ValidationError) as error:
        close(worker, file, on=today() + dt.timedelta(days=1))
    assert messages_of(error) == {
        "closed_on": ["Een dossier kan niet op een datum in de toekomst afgesloten worden."]
    }


def test_closing_before_the_file_was_created_is_refused(worker: User, file: Client) -> None:
    with pytest.raises(ValidationError) as error:
        close(worker, file, on=timezone.localdate(file.created_at) - dt.timedelta(days=1))
    assert list(messages_of(error)) == ["closed_on"]
    assert "vóór het geopend werd" in messages_of(error)["closed_on"][0]


def test_closing_is_refused_while_a_trajectory_is_open_or_active(
    worker: User, file: Client
) -> None:
    opened = trajectory_open(
        actor=worker,
        client=file,
        trajectory=Trajectory(kind=Trajectory.Kind.DEBT_HELP, opened_on=dt.date(2024, 3, 1)),
    )
    TrajectoryFactory.create(
        client=file,
        kind=Trajectory.Kind.ACTIVATION,
        status=Trajectory.Status.ACTIVE,
        opened_on=dt.date(2024, 5, 2),
        created_by=worker,
    )
    TrajectoryFactory.create(
        client=file,
        kind=Trajectory.Kind.INTAKE,
        status=Trajectory.Status.CLOSED,
        opened_on=dt.date(2024, 1, 1),
        closed_on=dt.date(2024, 2, 1),
        created_by=worker,
    )
    file.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        close(worker, file)

    (message,) = error.value.messages
    assert message == (
        "Het dossier kan niet afgesloten worden zolang er nog iets openstaat: "
        "het traject schuldhulpverlening (open, geopend op 01/03/2024); "
        "het traject activering (actief, geopend op 02/05/2024)."
    )
    assert opened.status == Trajectory.Status.OPEN
    file.refresh_from_db()
    assert file.closed_on is None


def test_closing_is_refused_while_an_aid_proposal_waits_for_a_decision(
    worker: User, file: Client
) -> None:
    budget_version()
    aid_policy()
    calculation = aid_calculation_save(actor=worker, client=file, on=today())
    decision = AidDecisionFactory.create(
        client=file,
        calculation=calculation,
        amount=Decimal("100.00"),
        starts_on=today().replace(day=1),
        months=3,
        motivation="x",
        activation_commitment="x",
        proposed_by=worker,
        proposed_at=timezone.now(),
    )
    file.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        close(worker, file)
    assert "het steunvoorstel van" in error.value.messages[0]
    assert "nog niet beslist" in error.value.messages[0]

    # Decided, it no longer keeps the file open.
    AidDecision.objects.filter(pk=decision.pk).update(status=AidDecision.Status.WITHDRAWN)
    assert close(worker, file).closed_on == today()


def test_closing_with_a_stale_version_is_an_edit_conflict(worker: User, file: Client) -> None:
    stale = file.version
    client_update(
        actor=worker, client_id=file.pk, expected_version=stale, changes={"phone": "056 11 22 33"}
    )
    with pytest.raises(EditConflictError) as conflict:
        client_close(
            actor=worker, client_id=file.pk, expected_version=stale, on=today(), reason=REASON
        )
    assert conflict.value.current.version == stale + 1
    file.refresh_from_db()
    assert file.closed_on is None


def test_closing_a_closed_file_again_is_refused(worker: User, file: Client) -> None:
    closed = close(worker, file)
    with pytest.raises(ValidationError, match="al afgesloten"):
        close(worker, closed)


# --- a closed file is read-only ------------------------------------------------------------


def test_a_closed_file_refuses_a_journal_entry(worker: User, file: Client) -> None:
    close(worker, file)
    file.refresh_from_db()
    entry = JournalEntry(occurred_on=today(), kind=JournalEntry.Kind.PHONE, text="Belde nog.")
    with pytest.raises(ValidationError) as error:
        journal_add(actor=worker, client=file, entry=entry)
    assert error.value.messages == [
        "Dit dossier is afgesloten: heropen het eerst om het te wijzigen."
    ]
    assert not JournalEntry.objects.filter(client=file).exists()


def test_a_closed_file_refuses_changes_to_the_record(worker: User, file: Client) -> None:
    closed = close(worker, file)
    with pytest.raises(ValidationError, match="heropen het eerst"):
        client_update(
            actor=worker,
            client_id=file.pk,
            expected_version=closed.version,
            changes={"phone": "056 11 22 33"},
        )
    file.refresh_from_db()
    assert file.phone == ""


def test_a_closed_file_refuses_a_new_trajectory_household_member_and_income(
    worker: User, file: Client
) -> None:
    close(worker, file)
    file.refresh_from_db()
    with pytest.raises(ValidationError, match="heropen het eerst"):
        trajectory_open(
            actor=worker, client=file, trajectory=Trajectory(kind=Trajectory.Kind.DEBT_HELP)
        )
    member = HouseholdMember(
        first_name="Noor", last_name="X", birth_date=dt.date(2015, 3, 1), sex="F", relation="child"
    )
    with pytest.raises(ValidationError, match="heropen het eerst"):
        household_member_save(actor=worker, client=file, member=member)
    with pytest.raises(ValidationError, match="heropen het eerst"):
        income_save(
            actor=worker, client=file, income=Income(kind="wage", net_monthly=Decimal("1500"))
        )
    assert not Trajectory.objects.filter(client=file).exists()
    assert not HouseholdMember.objects.filter(client=file).exists()
    assert not Income.objects.filter(client=file).exists()


def test_the_scan_skips_a_closed_file(worker: User, file: Client) -> None:
    right_of()  # a right with a rule and thresholds in force, so the scan reads clients
    assert scan_one_client(file.pk).clients == 1
    close(worker, file)

    run = scan_one_client(file.pk)

    assert run.clients == 0
    assert not AccessLog.objects.filter(
        client=file, action=AccessLog.Action.SCAN, at__gte=run.started_at
    ).exists()


# --- reopening -----------------------------------------------------------------------------


def test_reopening_clears_the_date_and_reason_and_logs_without_the_reason(
    lead: User, worker: User, file: Client
) -> None:
    closed = close(worker, file)

    reopened = client_reopen(
        actor=lead, client_id=file.pk, expected_version=closed.version, reason="Terug in Kortrijk."
    )

    assert (reopened.closed_on, reopened.closed_reason) == (None, "")
    assert reopened.version == closed.version + 1
    row = AccessLog.objects.filter(client=file).first()
    assert row is not None
    assert (row.actor, row.action, row.what_key, row.purpose) == (
        lead,
        AccessLog.Action.CHANGE,
        LOGGED_REOPENED,
        "",
    )
    assert list(my_clients(user=worker)) == [reopened]
    # Open again, the file takes a journal entry.
    journal_add(
        actor=worker,
        client=reopened,
        entry=JournalEntry(occurred_on=today(), kind=JournalEntry.Kind.NOTE, text="Terug."),
    )


def test_reopening_needs_a_reason(worker: User, file: Client) -> None:
    closed = close(worker, file)
    with pytest.raises(ValidationError) as error:
        client_reopen(actor=worker, client_id=file.pk, expected_version=closed.version, reason=" ")
    assert messages_of(error) == {"reason": ["Geef de reden waarom het dossier heropend wordt."]}
    file.refresh_from_db()
    assert file.closed_on == today()


def test_reopening_an_open_file_or_with_a_stale_version_is_refused(
    worker: User, file: Client
) -> None:
    with pytest.raises(ValidationError, match="niet afgesloten"):
        client_reopen(actor=worker, client_id=file.pk, expected_version=file.version, reason="x")
    close(worker, file)
    with pytest.raises(EditConflictError):
        client_reopen(actor=worker, client_id=file.pk, expected_version=file.version, reason="x")


def test_a_colleague_may_not_reopen(team: Wijkteam, worker: User, file: Client) -> None:
    closed = close(worker, file)
    with pytest.raises(PermissionDenied):
        client_reopen(
            actor=social_worker(team),
            client_id=file.pk,
            expected_version=closed.version,
            reason="x",
        )


# --- the views -----------------------------------------------------------------------------


def _text(response: object) -> str:
    html = response.content.decode()  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_overview_offers_the_close_form_to_the_social_worker(
    client: HttpClient, worker: User, file: Client
) -> None:
    page = login(client, worker).get(reverse("clients:file", args=[file.pk])).content.decode()
    assert f'action="{reverse("clients:file_close", args=[file.pk])}"' in page
    assert "Dossier afsluiten" in page
    assert "Dossier heropenen" not in page


def test_a_colleague_sees_no_close_form(client: HttpClient, team: Wijkteam, file: Client) -> None:
    page = login(client, social_worker(team)).get(reverse("clients:file", args=[file.pk]))
    assert page.status_code == 200
    assert reverse("clients:file_close", args=[file.pk]) not in page.content.decode()


@pytest.mark.parametrize("name", ["clients:file_close", "clients:file_reopen"])
def test_the_actions_answer_only_post(
    client: HttpClient, worker: User, file: Client, name: str
) -> None:
    assert login(client, worker).get(reverse(name, args=[file.pk])).status_code == 405


def test_closing_through_the_overview_shows_the_notice_on_every_tab(
    client: HttpClient, worker: User, file: Client
) -> None:
    login(client, worker)
    response = client.post(
        reverse("clients:file_close", args=[file.pk]),
        {"version": file.version, "closed_on": today().isoformat(), "reason": REASON},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("clients:file", args=[file.pk]), 302)]
    notice = f"Dossier afgesloten op {today():%d/%m/%Y} : {REASON}"
    assert "Het dossier is afgesloten." in _text(response)
    for name in ["clients:file", "clients:file_household", "clients:file_journal"]:
        assert notice in _text(client.get(reverse(name, args=[file.pk]))), name
    overview = client.get(reverse("clients:file", args=[file.pk]))
    assert "Dossier heropenen" in _text(overview)
    # No way into the record's edit form while the file is closed.
    assert reverse("clients:file_edit", args=[file.pk]) not in overview.content.decode()
    assert "Fatima El Amrani" not in _text(client.get(reverse("clients:my_cases")))


def test_a_refused_close_keeps_what_was_typed_with_the_error_next_to_the_field(
    client: HttpClient, worker: User, file: Client
) -> None:
    login(client, worker)
    future = today() + dt.timedelta(days=3)
    response = client.post(
        reverse("clients:file_close", args=[file.pk]),
        {"version": file.version, "closed_on": future.isoformat(), "reason": REASON},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="{future.isoformat()}"' in page
    assert REASON in page
    assert 'id="close-closed-on-error">Een dossier kan niet op een datum in de toekomst' in page
    file.refresh_from_db()
    assert file.closed_on is None


def test_a_close_without_reason_shows_the_error_next_to_the_reason(
    client: HttpClient, worker: User, file: Client
) -> None:
    response = login(client, worker).post(
        reverse("clients:file_close", args=[file.pk]),
        {"version": file.version, "closed_on": today().isoformat(), "reason": ""},
    )
    assert 'id="close-reason-error">Geef de reden waarom het dossier afgesloten wordt.' in (
        response.content.decode()
    )


def test_a_refused_close_lists_what_is_still_open(
    client: HttpClient, worker: User, file: Client
) -> None:
    trajectory_open(
        actor=worker, client=file, trajectory=Trajectory(kind=Trajectory.Kind.DEBT_HELP)
    )
    file.refresh_from_db()
    response = login(client, worker).post(
        reverse("clients:file_close", args=[file.pk]),
        {"version": file.version, "closed_on": today().isoformat(), "reason": REASON},
    )
    assert response.status_code == 200
    assert "zolang er nog iets openstaat: het traject schuldhulpverlening" in _text(response)
    assert REASON in response.content.decode()


def test_a_stale_close_form_shows_the_conflict_with_the_new_version(
    client: HttpClient, worker: User, file: Client
) -> None:
    stale = file.version
    client_update(actor=worker, client_id=file.pk, expected_version=stale, changes={"phone": "1"})
    response = login(client, worker).post(
        reverse("clients:file_close", args=[file.pk]),
        {"version": stale, "closed_on": today().isoformat(), "reason": REASON},
    )
    page = response.content.decode()
    assert "Iemand anders heeft dit dossier intussen gewijzigd." in page
    assert f'name="version" value="{stale + 1}"' in page
    assert REASON in page
    file.refresh_from_db()
    assert file.closed_on is None


def test_a_malformed_version_is_a_bad_request(
    client: HttpClient, worker: User, file: Client
) -> None:
    response = login(client, worker).post(
        reverse("clients:file_close", args=[file.pk]), {"version": "x", "reason": REASON}
    )
    assert response.status_code == 400


def test_a_journal_entry_on_a_closed_file_is_refused_on_the_journal_tab(
    client: HttpClient, worker: User, file: Client
) -> None:
    close(worker, file)
    response = login(client, worker).post(
        reverse("clients:journal_add", args=[file.pk]),
        {"entry-occurred_on": today().isoformat(), "entry-kind": "phone", "entry-text": "Belde."},
    )
    assert response.status_code == 200
    assert "Dit dossier is afgesloten: heropen het eerst om het te wijzigen." in _text(response)
    assert not JournalEntry.objects.filter(client=file).exists()


def test_the_team_lead_reopens_through_the_overview(
    client: HttpClient, lead: User, worker: User, file: Client
) -> None:
    closed = close(worker, file)
    login(client, lead)
    refused = client.post(
        reverse("clients:file_reopen", args=[file.pk]), {"version": closed.version, "reason": ""}
    )
    assert 'id="reopen-reason-error">Geef de reden waarom het dossier heropend wordt.' in (
        refused.content.decode()
    )
    response = client.post(
        reverse("clients:file_reopen", args=[file.pk]),
        {"version": closed.version, "reason": "Terug in Kortrijk."},
        follow=True,
    )
    assert "Het dossier is weer open." in _text(response)
    assert "Dossier afgesloten op" not in _text(response)
    file.refresh_from_db()
    assert file.closed_on is None


def test_a_colleague_posting_a_close_is_refused_and_nothing_changes(
    client: HttpClient, team: Wijkteam, file: Client
) -> None:
    response = login(client, social_worker(team)).post(
        reverse("clients:file_close", args=[file.pk]),
        {"version": file.version, "closed_on": today().isoformat(), "reason": REASON},
    )
    assert response.status_code == 403
    file.refresh_from_db()
    assert file.closed_on is None
