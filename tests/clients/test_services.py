"""Client-file services: intake, scoping, one social worker per client, optimistic locking."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from clients.models import AccessLog, Assignment, Client, Debt, JournalEntry, Trajectory
from clients.national_number import national_number_for
from clients.selectors import (
    client_editable_by,
    clients_visible_to,
    debt_totals,
    journal_for,
    my_clients,
    open_follow_ups,
)
from clients.services import (
    EditConflictError,
    assignment_transfer,
    client_register,
    client_set_team,
    client_update,
    debt_save,
    journal_add,
    trajectory_close,
    trajectory_open,
)
from tests.factories import (
    AreaFactory,
    WijkteamFactory,
    administrator,
    client_of,
    social_worker,
    team_lead,
)
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.django_db


def _intake(**overrides: Any) -> dict[str, Any]:
    fields = {
        "national_number": national_number_for(dt.date(1985, 7, 30), 34),
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "birth_date": dt.date(1985, 7, 30),
        "sex": "F",
        "street": "Budastraat",
        "house_number": "12",
        "postcode": "8500",
        "municipality": "Kortrijk",
    }
    return fields | overrides


@pytest.fixture
def routed(team: Wijkteam) -> Wijkteam:
    AreaFactory.create(team=team, postcode="8500")
    return team


def test_register_assigns_the_intake_worker_and_opens_an_intake(
    worker: User, routed: Wijkteam
) -> None:
    client = client_register(actor=worker, fields=_intake())
    assert client.team == routed
    assignment = Assignment.objects.get(client=client)
    assert assignment.worker == worker
    assert assignment.ended_at is None
    intake = Trajectory.objects.get(client=client)
    assert intake.kind == Trajectory.Kind.INTAKE
    assert intake.status == Trajectory.Status.OPEN
    log = AccessLog.objects.get(client=client)
    assert (log.actor, log.action) == (worker, AccessLog.Action.CREATE)


def test_register_refuses_a_second_file_for_one_national_number(
    worker: User, routed: Wijkteam
) -> None:
    client_register(actor=worker, fields=_intake())
    with pytest.raises(ValidationError) as error:
        client_register(actor=worker, fields=_intake(first_name="Other"))
    assert "national_number" in error.value.message_dict
    assert Client.objects.count() == 1


def test_register_refuses_uncovered_address_and_saves_nothing(
    worker: User, routed: Wijkteam
) -> None:
    with pytest.raises(ValidationError) as error:
        client_register(actor=worker, fields=_intake(postcode="9000", municipality="Gent"))
    assert "Geen enkel wijkteam dekt dit adres" in error.value.message_dict["postcode"][0]
    assert Client.objects.count() == 0
    assert Assignment.objects.count() == 0
    assert AccessLog.objects.count() == 0


BIRTH_DATE_MISMATCH = "De geboortedatum komt niet overeen met het rijksregisternummer."
SEX_MISMATCH = "Het geslacht komt niet overeen met het rijksregisternummer."


@pytest.mark.parametrize(
    ("typed", "errors"),
    [
        ({"birth_date": dt.date(1985, 7, 31)}, {"birth_date": [BIRTH_DATE_MISMATCH]}),
        # The same day a century earlier: refused as out of range (core.dates) before the
        # number is compared.
        (
            {"birth_date": dt.date(1895, 7, 30)},
            {"birth_date": ["Vul een datum in tussen 01/01/1900 en 31/12/2099."]},
        ),
        ({"sex": "M"}, {"sex": [SEX_MISMATCH]}),
        (
            {"birth_date": dt.date(1986, 7, 30), "sex": "M"},
            {"birth_date": [BIRTH_DATE_MISMATCH], "sex": [SEX_MISMATCH]},
        ),
    ],
)
def test_register_refuses_what_the_national_number_contradicts_and_saves_nothing(
    worker: User, routed: Wijkteam, typed: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    with pytest.raises(ValidationError) as error:
        client_register(actor=worker, fields=_intake(**typed))
    assert error.value.message_dict == errors
    assert Client.objects.count() == 0
    assert Assignment.objects.count() == 0
    assert AccessLog.objects.count() == 0


def test_register_takes_sex_x_whatever_the_national_number_says(
    worker: User, routed: Wijkteam
) -> None:
    assert client_register(actor=worker, fields=_intake(sex="X")).sex == "X"


def test_register_says_a_birth_date_in_the_future_is_one_not_that_it_disagrees(
    worker: User, routed: Wijkteam
) -> None:
    future = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        client_register(actor=worker, fields=_intake(birth_date=future))
    assert error.value.message_dict == {
        "birth_date": ["Deze datum kan niet in de toekomst liggen."]
    }


def test_register_uncovered_address_with_chosen_team_and_reason(
    worker: User, team: Wijkteam
) -> None:
    with pytest.raises(ValidationError) as error:
        client_register(actor=worker, fields=_intake(postcode="9000"), team=team)
    assert "team_reason" in error.value.message_dict
    client = client_register(
        actor=worker, fields=_intake(postcode="9000"), team=team, team_reason="verhuist binnenkort"
    )
    assert client.team == team
    assert client.team_override_reason == "verhuist binnenkort"


def test_register_birth_date_in_the_future_is_refused(worker: User, routed: Wijkteam) -> None:
    future = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        client_register(actor=worker, fields=_intake(birth_date=future))
    assert "birth_date" in error.value.message_dict
    assert Client.objects.count() == 0


def test_only_social_workers_register(lead: User, admin_user: User, routed: Wijkteam) -> None:
    for user in (lead, admin_user):
        with pytest.raises(PermissionDenied):
            client_register(actor=user, fields=_intake())


def test_visibility_follows_teams_and_roles(worker: User, lead: User, team: Wijkteam) -> None:
    mine = client_of(worker)
    colleague = social_worker(team)
    theirs = client_of(colleague)
    other_team = WijkteamFactory.create(name="Heule")
    elsewhere = client_of(social_worker(other_team))
    assert set(clients_visible_to(worker)) == {mine, theirs}
    assert set(clients_visible_to(lead)) == {mine, theirs}
    assert set(clients_visible_to(team_lead(other_team))) == {elsewhere}
    assert list(clients_visible_to(administrator())) == []


def test_own_client_stays_visible_after_moving_to_an_uncovered_team(worker: User) -> None:
    client = client_of(worker, team=WijkteamFactory.create(name="Elders"))
    assert client in clients_visible_to(worker)


def test_ended_membership_hides_the_team_clients(worker: User, team: Wijkteam) -> None:
    other = client_of(social_worker(team))
    membership = worker.memberships.get()
    membership.ends_on = timezone.localdate() - dt.timedelta(days=1)
    membership.save()
    assert other not in clients_visible_to(worker)


def test_colleague_reads_but_does_not_edit(worker: User, lead: User, team: Wijkteam) -> None:
    client = client_of(worker)
    colleague = social_worker(team)
    assert client_editable_by(user=worker, client=client)
    assert client_editable_by(user=lead, client=client)
    assert not client_editable_by(user=colleague, client=client)


def test_database_allows_one_open_assignment_per_client(worker: User, team: Wijkteam) -> None:
    client = client_of(worker)
    # Written directly, not by a factory: the test is that the database refuses the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            client=client, worker=social_worker(team), started_at=timezone.now(), assigned_by=worker
        )


def test_worker_transfers_to_a_colleague_with_history(worker: User, team: Wijkteam) -> None:
    client = client_of(worker)
    colleague = social_worker(team)
    assignment_transfer(
        actor=worker,
        client=client,
        to_worker=colleague,
        reason="verlof",
        expected_worker_id=worker.pk,
    )
    history = list(Assignment.objects.filter(client=client).order_by("started_at", "pk"))
    assert [a.worker for a in history] == [worker, colleague]
    assert history[0].ended_at is not None
    assert history[0].end_reason == "verlof"
    assert history[1].ended_at is None
    assert AccessLog.objects.filter(client=client, purpose="verlof").exists()


def test_worker_cannot_transfer_to_another_team(worker: User) -> None:
    client = client_of(worker)
    outsider = social_worker(WijkteamFactory.create(name="Heule"))
    with pytest.raises(ValidationError) as error:
        assignment_transfer(
            actor=worker,
            client=client,
            to_worker=outsider,
            reason="x",
            expected_worker_id=worker.pk,
        )
    assert "to_worker" in error.value.message_dict
    assert Assignment.objects.get(client=client, ended_at__isnull=True).worker == worker


def test_colleague_cannot_take_a_client(worker: User, team: Wijkteam) -> None:
    client = client_of(worker)
    colleague = social_worker(team)
    with pytest.raises(PermissionDenied):
        assignment_transfer(
            actor=colleague,
            client=client,
            to_worker=colleague,
            reason="x",
            expected_worker_id=worker.pk,
        )


def test_lead_reassigns_and_stale_transfer_is_refused(
    worker: User, lead: User, team: Wijkteam
) -> None:
    client = client_of(worker)
    first, second = social_worker(team), social_worker(team)
    assignment_transfer(
        actor=lead, client=client, to_worker=first, reason="caseload", expected_worker_id=worker.pk
    )
    with pytest.raises(ValidationError, match="intussen"):
        assignment_transfer(
            actor=lead, client=client, to_worker=second, reason="x", expected_worker_id=worker.pk
        )
    assert Assignment.objects.get(client=client, ended_at__isnull=True).worker == first


def test_transfer_needs_a_reason(worker: User, team: Wijkteam) -> None:
    client = client_of(worker)
    with pytest.raises(ValidationError) as error:
        assignment_transfer(
            actor=worker,
            client=client,
            to_worker=social_worker(team),
            reason=" ",
            expected_worker_id=worker.pk,
        )
    assert "reason" in error.value.message_dict


def test_update_with_stale_version_is_a_conflict_and_saves_nothing(
    worker: User, routed: Wijkteam
) -> None:
    client = client_of(worker, team=routed)
    client_update(
        actor=worker, client_id=client.pk, expected_version=1, changes={"phone": "056 11 22 33"}
    )
    with pytest.raises(EditConflictError) as conflict:
        client_update(
            actor=worker, client_id=client.pk, expected_version=1, changes={"phone": "0470"}
        )
    assert conflict.value.current.phone == "056 11 22 33"
    client.refresh_from_db()
    assert (client.phone, client.version) == ("056 11 22 33", 2)


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"birth_date": dt.date(1985, 7, 31)}, {"birth_date": [BIRTH_DATE_MISMATCH]}),
        ({"sex": "M"}, {"sex": [SEX_MISMATCH]}),
        # A corrected number must agree with the birth date and sex already in the file.
        (
            {"national_number": national_number_for(dt.date(1985, 7, 31), 36)},
            {"birth_date": [BIRTH_DATE_MISMATCH]},
        ),
        (
            {"national_number": national_number_for(dt.date(1985, 7, 30), 35)},
            {"sex": [SEX_MISMATCH]},
        ),
    ],
)
def test_update_refuses_what_the_national_number_contradicts_and_saves_nothing(
    worker: User, routed: Wijkteam, changes: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    client = client_of(worker, team=routed, **_intake())
    with pytest.raises(ValidationError) as error:
        client_update(actor=worker, client_id=client.pk, expected_version=1, changes=changes)
    assert error.value.message_dict == errors
    saved = Client.objects.get(pk=client.pk)
    assert (saved.national_number, saved.birth_date, saved.sex, saved.version) == (
        client.national_number,
        client.birth_date,
        client.sex,
        1,
    )
    assert not AccessLog.objects.filter(client=client).exists()


def test_update_saves_a_birth_date_sex_and_number_that_agree(
    worker: User, routed: Wijkteam
) -> None:
    client = client_of(worker, team=routed, **_intake())
    corrected = national_number_for(dt.date(1985, 7, 31), 35)
    changes = {"national_number": corrected, "birth_date": dt.date(1985, 7, 31), "sex": "M"}
    client = client_update(actor=worker, client_id=client.pk, expected_version=1, changes=changes)
    assert (client.national_number, client.birth_date, client.sex) == (
        corrected,
        dt.date(1985, 7, 31),
        "M",
    )


def test_update_of_another_field_still_saves_a_file_that_disagrees_with_its_number(
    worker: User, routed: Wijkteam
) -> None:
    """A file saved before the check existed is not locked by it: only a change to the birth
    date, the sex or the number is checked."""
    client = client_of(worker, team=routed, **_intake())
    Client.objects.filter(pk=client.pk).update(sex="M")
    client = client_update(
        actor=worker, client_id=client.pk, expected_version=1, changes={"phone": "056 11 22 33"}
    )
    assert (client.phone, client.version) == ("056 11 22 33", 2)


def test_new_address_routes_to_the_new_team(worker: User, routed: Wijkteam) -> None:
    heule = WijkteamFactory.create(name="Heule")
    AreaFactory.create(team=heule, postcode="8501")
    client = client_of(worker, team=routed)
    client = client_update(
        actor=worker,
        client_id=client.pk,
        expected_version=1,
        changes={"postcode": "8501", "street": "Peperstraat", "municipality": "Heule"},
    )
    assert client.team == heule


def test_lead_overrides_team_with_reason(lead: User, worker: User, team: Wijkteam) -> None:
    client = client_of(worker)
    heule = WijkteamFactory.create(name="Heule")
    with pytest.raises(ValidationError):
        client_set_team(actor=lead, client=client, team=heule, reason="")
    client_set_team(actor=lead, client=client, team=heule, reason="familie woont in Heule")
    client.refresh_from_db()
    assert client.team == heule
    with pytest.raises(PermissionDenied):
        client_set_team(actor=worker, client=client, team=team, reason="terug")


def test_confidential_journal_only_for_worker_and_lead(
    worker: User, lead: User, team: Wijkteam
) -> None:
    client = client_of(worker)
    journal_add(
        actor=worker,
        client=client,
        entry=JournalEntry(
            occurred_on=timezone.localdate(), kind="note", text="diagnose", confidential=True
        ),
    )
    colleague = social_worker(team)
    assert journal_for(user=worker, client=client).count() == 1
    assert journal_for(user=lead, client=client).count() == 1
    assert journal_for(user=colleague, client=client).count() == 0


def test_journal_date_in_future_is_refused(worker: User) -> None:
    client = client_of(worker)
    with pytest.raises(ValidationError) as error:
        journal_add(
            actor=worker,
            client=client,
            entry=JournalEntry(
                occurred_on=timezone.localdate() + dt.timedelta(days=2), kind="note", text="x"
            ),
        )
    assert "occurred_on" in error.value.message_dict
    assert JournalEntry.objects.count() == 0


def test_follow_up_shows_until_done(worker: User) -> None:
    client = client_of(worker)
    today = timezone.localdate()
    entry = journal_add(
        actor=worker,
        client=client,
        entry=JournalEntry(occurred_on=today, kind="phone", text="bellen", follow_up_on=today),
    )
    assert list(open_follow_ups(user=worker)) == [entry]
    from clients.services import journal_follow_up_done

    journal_follow_up_done(actor=worker, entry=entry)
    assert list(open_follow_ups(user=worker)) == []


def test_debt_help_totals_and_closing(worker: User) -> None:
    client = client_of(worker)
    trajectory = trajectory_open(
        actor=worker,
        client=client,
        trajectory=Trajectory(kind=Trajectory.Kind.DEBT_HELP, debt_help_type="debt_mediation"),
    )
    for creditor, original, outstanding, monthly in [
        ("Fluvius", "820.50", "410.25", "50.00"),
        ("Proximus", "199.99", "199.99", "0.00"),
    ]:
        debt_save(
            actor=worker,
            trajectory=trajectory,
            debt=Debt(
                creditor=creditor,
                original_amount=Decimal(original),
                outstanding_amount=Decimal(outstanding),
                monthly_repayment=Decimal(monthly),
            ),
        )
    totals = debt_totals(trajectory=trajectory)
    assert (totals.original, totals.outstanding, totals.monthly_repayment, totals.count) == (
        Decimal("1020.49"),
        Decimal("610.24"),
        Decimal("50.00"),
        2,
    )
    with pytest.raises(ValidationError):
        debt_save(
            actor=worker,
            trajectory=trajectory,
            debt=Debt(creditor="X", original_amount=Decimal("-1"), outstanding_amount=Decimal("0")),
        )
    trajectory_close(actor=worker, trajectory=trajectory, outcome="achieved")
    assert trajectory.status == Trajectory.Status.CLOSED
    counts = [c.open_trajectories for c in my_clients(user=worker)]  # type: ignore[attr-defined]  # an annotation
    assert counts == [0]


def test_activation_end_before_start_is_refused(worker: User) -> None:
    client = client_of(worker)
    with pytest.raises(ValidationError):
        trajectory_open(
            actor=worker,
            client=client,
            trajectory=Trajectory(
                kind=Trajectory.Kind.ACTIVATION,
                activation_type="art60",
                starts_on=dt.date(2026, 3, 1),
                ends_on=dt.date(2026, 2, 1),
            ),
        )
    assert Trajectory.objects.filter(client=client).count() == 0


def test_leefloon_category_belongs_to_a_leefloon_only(worker: User) -> None:
    from clients.models import Income
    from clients.services import income_save

    client = client_of(worker)
    with pytest.raises(ValidationError) as error:
        income_save(
            actor=worker,
            client=client,
            income=Income(kind="wage", leefloon_category="single", net_monthly=Decimal("1500")),
        )
    assert "leefloon_category" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        income_save(
            actor=worker,
            client=client,
            income=Income(kind="leefloon", net_monthly=Decimal("1314.20")),
        )
    assert "leefloon_category" in error.value.message_dict
    assert client.incomes.count() == 0


def test_a_step_as_long_as_allowed_gets_a_timeline_line_that_fits(worker: User) -> None:
    """The line quotes the step; a 300-character step made it longer than its column, which
    PostgreSQL refused (a fuzz test found it)."""
    from clients.models import TrajectoryStep
    from clients.services import step_done, step_save

    trajectory = trajectory_open(
        actor=worker,
        client=client_of(worker),
        trajectory=Trajectory(kind=Trajectory.Kind.ACTIVATION),
    )
    step = step_save(
        actor=worker, trajectory=trajectory, step=TrajectoryStep(description="x" * 300)
    )
    step_done(actor=worker, step=step)

    lines = list(trajectory.events.order_by("pk").values_list("description", flat=True))
    assert [line[:15] for line in lines[-2:]] == ["Stap toegevoegd", "Stap afgerond: "]
    assert [len(line) for line in lines[-2:]] == [300, 300]
    assert all(line.endswith("x…") for line in lines[-2:])


def test_closed_trajectory_takes_no_new_steps_or_debts(worker: User) -> None:
    from clients.models import TrajectoryStep
    from clients.services import step_save

    client = client_of(worker)
    trajectory = trajectory_open(
        actor=worker, client=client, trajectory=Trajectory(kind=Trajectory.Kind.DEBT_HELP)
    )
    trajectory_close(actor=worker, trajectory=trajectory, outcome="achieved")
    with pytest.raises(ValidationError, match="afgesloten traject"):
        step_save(actor=worker, trajectory=trajectory, step=TrajectoryStep(description="x"))
    with pytest.raises(ValidationError, match="afgesloten traject"):
        debt_save(
            actor=worker,
            trajectory=trajectory,
            debt=Debt(creditor="X", original_amount=Decimal("1"), outstanding_amount=Decimal("1")),
        )
    assert not trajectory.steps.exists()
    assert not trajectory.debts.exists()


def test_household_member_born_in_the_future_is_refused(worker: User) -> None:
    from clients.models import HouseholdMember
    from clients.services import household_member_save

    client = client_of(worker)
    with pytest.raises(ValidationError) as error:
        household_member_save(
            actor=worker,
            client=client,
            member=HouseholdMember(
                first_name="A",
                last_name="B",
                birth_date=timezone.localdate() + dt.timedelta(days=1),
                sex="F",
                relation="child",
            ),
        )
    assert "birth_date" in error.value.message_dict
    assert client.members.count() == 0


def test_transfer_to_a_deactivated_account_is_refused(worker: User, team: Wijkteam) -> None:
    client = client_of(worker)
    gone = social_worker(team, is_active=False)
    with pytest.raises(ValidationError) as error:
        assignment_transfer(
            actor=worker, client=client, to_worker=gone, reason="x", expected_worker_id=worker.pk
        )
    assert "to_worker" in error.value.message_dict


def test_administrator_with_a_membership_still_sees_no_client(worker: User, team: Wijkteam) -> None:
    from tests.factories import MembershipFactory

    client_of(worker)
    admin = administrator()
    MembershipFactory.create(user=admin, team=team, role="team_lead")
    assert list(clients_visible_to(admin)) == []


def test_a_lost_race_on_the_national_number_is_a_form_error_not_a_500(worker: User) -> None:
    """Two saves of one number pass the uniqueness check at once: the second save's database
    error (whose text quotes the number) becomes the field's message."""
    from clients.services.record import _save_unique

    existing = client_of(worker)
    twin = Client(
        national_number=existing.national_number,
        first_name="Twee",
        last_name="Ling",
        birth_date=existing.birth_date,
        sex=existing.sex,
        team=existing.team,
    )
    with pytest.raises(ValidationError) as raised:
        _save_unique(twin)
    assert raised.value.message_dict == {
        "national_number": ["Er bestaat al een cliëntdossier met dit rijksregisternummer."]
    }
    assert Client.objects.filter(national_number=existing.national_number).count() == 1
