"""The services of the rights app: the review of a non-take-up flag, the rights register, and
the catalogue's texts and parameter versions. One behaviour per test."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clients.models import AccessLog
from rights import services
from rights.log_actions import LOGGED_FLAG, LOGGED_REGISTER
from rights.models import ClientRight, FlagEvent, NonTakeUpFlag, RightParameters
from tests.conftest import TODAY
from tests.factories import (
    administrator,
    client_of,
    flag_for,
    right_of,
    right_parameters,
    social_worker,
)
from wijkteams.models import User, Wijkteam

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

Status = NonTakeUpFlag.Status


@pytest.fixture
def flag(worker: User) -> Any:
    return flag_for(client_of(worker))


def _reload(flag: Any) -> NonTakeUpFlag:
    return NonTakeUpFlag.objects.get(pk=flag.pk)


# --- steps on a flag ------------------------------------------------------------------------


def test_contacted_keeps_the_flag_open(worker: User, flag: Any) -> None:
    services.flag_contacted(actor=worker, flag=flag)
    flag = _reload(flag)
    assert flag.status == Status.CONTACTED
    assert flag.is_open
    assert flag.closed_at is None


def test_the_first_step_sets_first_action_at(worker: User, flag: Any) -> None:
    services.flag_contacted(actor=worker, flag=flag)
    assert _reload(flag).first_action_at is not None


def test_a_later_step_keeps_the_first_action_at(worker: User, flag: Any) -> None:
    services.flag_contacted(actor=worker, flag=flag)
    first = _reload(flag).first_action_at
    services.flag_applied(actor=worker, flag=flag)
    assert _reload(flag).first_action_at == first


def test_applied_keeps_the_flag_open(worker: User, flag: Any) -> None:
    services.flag_applied(actor=worker, flag=flag)
    assert _reload(flag).status == Status.APPLIED


def test_applied_records_the_application_in_the_register(worker: User, flag: Any) -> None:
    services.flag_applied(actor=worker, flag=flag)
    line = ClientRight.objects.get(client=flag.client, right=flag.right)
    assert (line.status, line.since, line.recorded_by) == (
        ClientRight.Status.APPLIED,
        TODAY,
        worker,
    )


def test_granted_closes_the_flag(worker: User, flag: Any) -> None:
    services.flag_granted(actor=worker, flag=flag)
    flag = _reload(flag)
    assert flag.status == Status.GRANTED
    assert flag.closed_at is not None


def test_granted_records_that_the_client_receives_the_right(worker: User, flag: Any) -> None:
    services.flag_granted(actor=worker, flag=flag, evidence="attest ziekenfonds")
    line = ClientRight.objects.get(client=flag.client, right=flag.right)
    assert (line.status, line.since, line.evidence) == (
        ClientRight.Status.RECEIVES,
        TODAY,
        "attest ziekenfonds",
    )


def test_granted_replaces_the_applied_line_of_the_register(worker: User, flag: Any) -> None:
    services.flag_applied(actor=worker, flag=flag)
    services.flag_granted(actor=worker, flag=flag)
    assert list(
        ClientRight.objects.filter(client=flag.client).values_list("status", flat=True)
    ) == [ClientRight.Status.RECEIVES]


def test_granted_refuses_a_date_in_the_future(worker: User, flag: Any) -> None:
    with pytest.raises(ValidationError):
        services.flag_granted(actor=worker, flag=flag, since=TODAY + dt.timedelta(days=1))
    assert _reload(flag).status == Status.OPEN


def test_dismiss_needs_a_reason(worker: User, flag: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.flag_dismiss(actor=worker, flag=flag, reason="  ")
    assert "reason" in error.value.message_dict
    assert _reload(flag).status == Status.OPEN


def test_dismiss_closes_the_flag_with_the_reason(worker: User, flag: Any) -> None:
    services.flag_dismiss(actor=worker, flag=flag, reason="Woont in het buitenland")
    flag = _reload(flag)
    assert (flag.status, flag.close_reason) == (Status.DISMISSED, "Woont in het buitenland")
    assert flag.closed_at is not None


def test_dismiss_does_not_touch_the_register(worker: User, flag: Any) -> None:
    services.flag_dismiss(actor=worker, flag=flag, reason="x")
    assert not ClientRight.objects.filter(client=flag.client).exists()


def test_a_step_can_be_skipped(worker: User, flag: Any) -> None:
    services.flag_granted(actor=worker, flag=flag)
    assert _reload(flag).status == Status.GRANTED


def test_a_step_cannot_go_back(worker: User, flag: Any) -> None:
    services.flag_applied(actor=worker, flag=flag)
    with pytest.raises(ValidationError):
        services.flag_contacted(actor=worker, flag=flag)
    assert _reload(flag).status == Status.APPLIED


def test_a_closed_flag_takes_no_more_steps(worker: User, flag: Any) -> None:
    services.flag_dismiss(actor=worker, flag=flag, reason="x")
    with pytest.raises(ValidationError):
        services.flag_granted(actor=worker, flag=flag)
    assert _reload(flag).status == Status.DISMISSED


def test_a_flag_closed_by_the_scan_takes_no_more_steps(worker: User) -> None:
    closed = flag_for(client_of(worker), status=Status.CLOSED)
    with pytest.raises(ValidationError):
        services.flag_contacted(actor=worker, flag=closed)


def test_a_step_uses_the_flag_as_it_is_now_not_as_loaded(worker: User, flag: Any) -> None:
    stale = _reload(flag)
    services.flag_dismiss(actor=worker, flag=flag, reason="x")
    with pytest.raises(ValidationError):
        services.flag_applied(actor=worker, flag=stale)


def test_each_step_writes_an_event_with_actor_and_note(worker: User, flag: Any) -> None:
    services.flag_contacted(actor=worker, flag=flag, note="Gebeld")
    services.flag_applied(actor=worker, flag=flag)
    events = list(FlagEvent.objects.filter(flag=flag).values_list("status", "actor", "note"))
    assert events == [
        (Status.CONTACTED, worker.pk, "Gebeld"),
        (Status.APPLIED, worker.pk, ""),
    ]


def test_the_dismissal_event_keeps_the_reason(worker: User, flag: Any) -> None:
    services.flag_dismiss(actor=worker, flag=flag, reason="Geen verblijfsrecht")
    assert FlagEvent.objects.get(flag=flag).note == "Geen verblijfsrecht"


def test_each_step_logs_a_change_of_the_client_file(worker: User, flag: Any) -> None:
    services.flag_contacted(actor=worker, flag=flag)
    log = AccessLog.objects.get(client=flag.client, action=AccessLog.Action.CHANGE)
    assert (log.actor, log.what_key) == (worker, LOGGED_FLAG)


def test_a_colleague_of_the_team_cannot_act_on_a_flag(team: Wijkteam, flag: Any) -> None:
    colleague = social_worker(team)
    with pytest.raises(PermissionDenied):
        services.flag_contacted(actor=colleague, flag=flag)
    assert _reload(flag).status == Status.OPEN


def test_the_team_lead_can_act_on_a_flag(lead: User, flag: Any) -> None:
    services.flag_applied(actor=lead, flag=flag)
    assert _reload(flag).status == Status.APPLIED


def test_a_refused_step_logs_nothing(team: Wijkteam, flag: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.flag_contacted(actor=social_worker(team), flag=flag)
    assert not AccessLog.objects.filter(client=flag.client).exists()


# --- the type of non-take-up ------------------------------------------------------------------


def test_review_records_the_type_of_non_take_up(worker: User, flag: Any) -> None:
    services.flag_review(actor=worker, flag=flag, non_take_up_type="not_requested")
    assert _reload(flag).non_take_up_type == "not_requested"


def test_review_refuses_an_unknown_type(worker: User, flag: Any) -> None:
    with pytest.raises(ValidationError):
        services.flag_review(actor=worker, flag=flag, non_take_up_type="lazy")


def test_review_is_possible_on_a_closed_flag(worker: User, flag: Any) -> None:
    services.flag_granted(actor=worker, flag=flag)
    services.flag_review(actor=worker, flag=flag, non_take_up_type="unknown")
    assert _reload(flag).non_take_up_type == "unknown"


def test_review_is_not_an_action_on_the_flag(worker: User, flag: Any) -> None:
    services.flag_review(actor=worker, flag=flag, non_take_up_type="unknown")
    flag = _reload(flag)
    assert (flag.status, flag.first_action_at) == (Status.OPEN, None)


def test_review_needs_an_editor_of_the_client(team: Wijkteam, flag: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.flag_review(actor=social_worker(team), flag=flag, non_take_up_type="unknown")


# --- the rights register ----------------------------------------------------------------------


def _record(actor: User, client: Any, status: str = "refused", **kwargs: Any) -> ClientRight:
    return services.client_right_record(
        actor=actor,
        client=client,
        right=kwargs.pop("right", None) or right_of(),
        status=status,
        since=kwargs.pop("since", TODAY),
        **kwargs,
    )


def test_register_records_a_line(worker: User) -> None:
    client = client_of(worker)
    line = _record(worker, client, evidence="brief 12/3")
    assert (line.status, line.evidence, line.recorded_by) == ("refused", "brief 12/3", worker)


def test_register_keeps_one_line_per_right(worker: User) -> None:
    client = client_of(worker)
    _record(worker, client, "applied")
    _record(worker, client, "refused")
    assert list(ClientRight.objects.filter(client=client).values_list("status", flat=True)) == [
        "refused"
    ]


def test_register_refuses_a_date_in_the_future(worker: User) -> None:
    with pytest.raises(ValidationError) as error:
        _record(worker, client_of(worker), since=TODAY + dt.timedelta(days=1))
    assert "since" in error.value.message_dict


def test_register_refuses_an_unknown_status(worker: User) -> None:
    with pytest.raises(ValidationError):
        _record(worker, client_of(worker), "maybe")


def test_register_needs_an_editor_of_the_client(team: Wijkteam, worker: User) -> None:
    with pytest.raises(PermissionDenied):
        _record(social_worker(team), client_of(worker))


def test_register_logs_a_change_of_the_client_file(worker: User) -> None:
    client = client_of(worker)
    _record(worker, client)
    log = AccessLog.objects.get(client=client, action=AccessLog.Action.CHANGE)
    assert log.what_key == LOGGED_REGISTER


def test_receives_closes_an_open_flag_as_closed_not_granted(worker: User, flag: Any) -> None:
    _record(worker, flag.client, "receives", right=flag.right)
    flag = _reload(flag)
    assert flag.status == Status.CLOSED
    assert flag.close_reason == services.CLOSED_RECEIVES
    assert flag.first_action_at is None  # the figures do not count it as acted on


def test_another_status_leaves_the_open_flag_alone(worker: User, flag: Any) -> None:
    _record(worker, flag.client, "refused", right=flag.right)
    assert _reload(flag).status == Status.OPEN


def test_receives_leaves_flags_of_other_rights_alone(worker: User, flag: Any) -> None:
    _record(worker, flag.client, "receives", right=right_of("schooltoeslag"))
    assert _reload(flag).status == Status.OPEN


# --- the catalogue's texts ------------------------------------------------------------------


def test_an_administrator_changes_the_texts_of_a_right(admin_user: User) -> None:
    right = right_of()
    services.right_update(actor=admin_user, right=right, texts={"how_to_apply_nl": " Loket 3 "})
    right.refresh_from_db()
    assert right.how_to_apply_nl == "Loket 3"


def test_only_an_administrator_changes_the_texts(worker: User) -> None:
    with pytest.raises(PermissionDenied):
        services.right_update(actor=worker, right=right_of(), texts={"name_nl": "x"})


def test_texts_do_not_change_the_code_of_a_right(admin_user: User) -> None:
    with pytest.raises(ValidationError):
        services.right_update(actor=admin_user, right=right_of(), texts={"code": "other"})


# --- parameter versions -----------------------------------------------------------------------

VALUES = {"limit": "1000.00", "months": "3"}


@pytest.fixture
def test_right(db: None) -> Any:
    """A right of its own (not in the catalogue), with one version in force since 2020."""
    right = right_of("test_recht")
    right_parameters(right, valid_from=dt.date(2020, 1, 1), values=VALUES)
    return right


def _create(actor: User, right: Any, **kwargs: Any) -> RightParameters:
    values = kwargs.pop("values", {"limit": "1100", "months": "4"})
    return services.right_parameters_create(
        actor=actor,
        right=right,
        valid_from=kwargs.pop("valid_from", TODAY + dt.timedelta(days=10)),
        values=values,
        source="test 2026",
    )


def test_an_administrator_adds_a_parameter_version(admin_user: User, test_right: Any) -> None:
    version = _create(admin_user, test_right)
    assert (version.values, version.source, version.created_by) == (
        {"limit": "1100.00", "months": "4"},
        "test 2026",
        admin_user,
    )


def test_only_an_administrator_adds_a_version(lead: User, test_right: Any) -> None:
    with pytest.raises(PermissionDenied):
        _create(lead, test_right)


def test_a_new_version_may_start_today(admin_user: User, test_right: Any) -> None:
    assert _create(admin_user, test_right, valid_from=TODAY).valid_from == TODAY


def test_a_new_version_cannot_start_in_the_past(admin_user: User, test_right: Any) -> None:
    with pytest.raises(ValidationError) as error:
        _create(admin_user, test_right, valid_from=TODAY - dt.timedelta(days=1))
    assert "valid_from" in error.value.message_dict


def test_a_right_has_one_version_per_start_date(admin_user: User, test_right: Any) -> None:
    _create(admin_user, test_right)
    with pytest.raises(ValidationError) as error:
        _create(admin_user, test_right)
    assert "valid_from" in error.value.message_dict


def test_a_new_version_needs_every_threshold(admin_user: User, test_right: Any) -> None:
    with pytest.raises(ValidationError):
        _create(admin_user, test_right, values={"limit": "1100"})


def test_a_new_version_takes_no_unknown_threshold(admin_user: User, test_right: Any) -> None:
    with pytest.raises(ValidationError):
        _create(admin_user, test_right, values={**VALUES, "bonus": "5"})


def test_a_threshold_cannot_be_negative(admin_user: User, test_right: Any) -> None:
    with pytest.raises(ValidationError) as error:
        _create(admin_user, test_right, values={"limit": "-1", "months": "3"})
    assert "limit" in error.value.message_dict


def test_a_threshold_must_be_a_number(admin_user: User, test_right: Any) -> None:
    with pytest.raises(ValidationError) as error:
        _create(admin_user, test_right, values={"limit": "veel", "months": "3"})
    assert "limit" in error.value.message_dict


def test_a_whole_threshold_stays_whole(admin_user: User, test_right: Any) -> None:
    with pytest.raises(ValidationError) as error:
        _create(admin_user, test_right, values={"limit": "1000", "months": "3.5"})
    assert "months" in error.value.message_dict


def test_a_planned_version_can_be_changed(admin_user: User, test_right: Any) -> None:
    version = _create(admin_user, test_right)
    later = TODAY + dt.timedelta(days=20)
    services.right_parameters_update(
        actor=admin_user, parameters=version, valid_from=later, values=VALUES, source="x"
    )
    version.refresh_from_db()
    assert (version.valid_from, version.values) == (later, VALUES)


def test_a_version_in_force_never_changes(admin_user: User, test_right: Any) -> None:
    in_force = test_right.parameters.get()
    with pytest.raises(ValidationError):
        services.right_parameters_update(
            actor=admin_user,
            parameters=in_force,
            valid_from=TODAY + dt.timedelta(days=5),
            values=VALUES,
        )


def test_a_planned_version_can_be_deleted(admin_user: User, test_right: Any) -> None:
    version = _create(admin_user, test_right)
    services.right_parameters_delete(actor=admin_user, parameters=version)
    assert not RightParameters.objects.filter(pk=version.pk).exists()


def test_a_version_in_force_cannot_be_deleted(admin_user: User, test_right: Any) -> None:
    with pytest.raises(ValidationError):
        services.right_parameters_delete(actor=admin_user, parameters=test_right.parameters.get())


def test_only_an_administrator_deletes_a_version(lead: User, test_right: Any) -> None:
    version = _create(administrator(), test_right)
    with pytest.raises(PermissionDenied):
        services.right_parameters_delete(actor=lead, parameters=version)
