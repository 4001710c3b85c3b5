"""Registering, withdrawing and forwarding a request: the rules of the services, the access-log
row each writes, the database's own constraints, and the optimistic lock."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from clients.models import AccessLog, Client
from clients.services import EditConflictError
from procedure.log_actions import LOG_FORWARDED, LOG_REGISTERED, LOG_WITHDRAWN
from procedure.models import Forwarding, Request, RequestKind
from procedure.services import requests as services
from tests.factories import (
    HelpRequestFactory,
    WijkteamFactory,
    client_of,
    request_kind,
    social_worker,
)
from wijkteams.models import User, Wijkteam


@pytest.fixture
def file(worker: User) -> Client:
    return client_of(worker)


@pytest.fixture
def kind(db: None) -> RequestKind:
    return request_kind("leefloon")


def _register(actor: User, client: Client, kind: RequestKind, **changes: object) -> Request:
    arguments: dict[str, object] = {
        "received_on": dt.date(2026, 3, 12),
        "location": "Sociaal huis",
        "own_words": "Ik heb geen inkomen meer.",
    } | changes
    return services.request_register(actor=actor, client=client, kind=kind, **arguments)  # type: ignore[arg-type]


def test_the_seeded_kinds_are_there(db: None) -> None:
    codes = set(RequestKind.objects.values_list("code", flat=True))
    assert {"supplementary_aid", "leefloon", "equivalent_leefloon", "medical_card"} <= codes
    assert {"rent_guarantee", "installation_premium", "heating_allowance", "other"} <= codes
    assert {"food_material_aid", "budget_guidance"} <= codes


def test_a_registered_request_is_received_and_logged(
    today: dt.date, worker: User, file: Client, kind: RequestKind
) -> None:
    request = _register(worker, file, kind)
    assert request.state == Request.State.RECEIVED
    assert request.received_by == worker
    assert request.version == 1
    row = AccessLog.objects.get(client=file, what_key=LOG_REGISTERED)
    assert (row.actor, row.action, row.what_params) == (
        worker,
        AccessLog.Action.CHANGE,
        {"request": request.pk},
    )


def test_the_team_lead_registers_too(
    today: dt.date, lead: User, file: Client, kind: RequestKind
) -> None:
    assert _register(lead, file, kind).received_by == lead


def test_a_colleague_of_the_team_may_not_register(
    today: dt.date, team: Wijkteam, file: Client, kind: RequestKind
) -> None:
    with pytest.raises(PermissionDenied):
        _register(social_worker(team), file, kind)
    assert not Request.objects.exists()


@pytest.mark.parametrize(
    ("received_on", "message"),
    [
        (dt.date(2026, 3, 17), "toekomst"),  # tomorrow
        (dt.date(2025, 3, 15), "te lang geleden"),  # 366 days ago
        (dt.date(1899, 12, 31), "1900"),
    ],
)
def test_a_received_date_out_of_bounds_is_refused(
    today: dt.date,
    worker: User,
    file: Client,
    kind: RequestKind,
    received_on: dt.date,
    message: str,
) -> None:
    with pytest.raises(ValidationError) as refused:
        _register(worker, file, kind, received_on=received_on)
    assert message in " ".join(refused.value.message_dict["received_on"])
    assert not Request.objects.exists()


def test_the_edges_of_the_received_date_are_accepted(
    today: dt.date, worker: User, file: Client, kind: RequestKind
) -> None:
    assert _register(worker, file, kind, received_on=today).received_on == today
    year_ago = today - dt.timedelta(days=services.REGISTER_WINDOW_DAYS)
    assert _register(worker, file, kind, received_on=year_ago).received_on == year_ago


def test_an_inactive_kind_and_an_empty_location_are_refused(
    today: dt.date, worker: User, file: Client, kind: RequestKind
) -> None:
    kind.is_active = False
    kind.save()
    with pytest.raises(ValidationError) as refused:
        _register(worker, file, kind, location="  ")
    assert set(refused.value.message_dict) == {"kind", "location"}


def test_a_closed_file_takes_no_request(
    today: dt.date, worker: User, file: Client, kind: RequestKind
) -> None:
    Client.objects.filter(pk=file.pk).update(closed_on=today, closed_reason="verhuisd")
    file.refresh_from_db()
    with pytest.raises(ValidationError):
        _register(worker, file, kind)


@pytest.fixture
def received(today: dt.date, worker: User, file: Client, kind: RequestKind) -> Request:
    return _register(worker, file, kind, received_on=dt.date(2026, 3, 12))


def test_a_withdrawal_keeps_who_when_and_why(worker: User, received: Request) -> None:
    request = services.request_withdraw(
        actor=worker, request=received, expected_version=1, reason="Werk gevonden"
    )
    request.refresh_from_db()
    assert (request.state, request.withdrawn_by, request.withdrawal_reason) == (
        Request.State.WITHDRAWN,
        worker,
        "Werk gevonden",
    )
    assert request.version == 2
    assert AccessLog.objects.filter(what_key=LOG_WITHDRAWN, what_params__request=request.pk)


def test_a_withdrawal_without_reason_is_refused(worker: User, received: Request) -> None:
    with pytest.raises(ValidationError) as refused:
        services.request_withdraw(actor=worker, request=received, expected_version=1, reason=" ")
    assert "reason" in refused.value.message_dict
    received.refresh_from_db()
    assert received.state == Request.State.RECEIVED


def test_a_stale_version_is_a_conflict(worker: User, lead: User, received: Request) -> None:
    services.request_withdraw(actor=lead, request=received, expected_version=1, reason="dubbel")
    with pytest.raises(EditConflictError):
        services.request_forward(
            actor=worker,
            request=received,
            expected_version=1,
            reason="x",
            forwarded_to="OCMW Gent",
            forwarded_on=dt.date(2026, 3, 13),
        )
    assert not Forwarding.objects.exists()


def test_a_withdrawn_request_cannot_be_withdrawn_again(worker: User, received: Request) -> None:
    services.request_withdraw(actor=worker, request=received, expected_version=1, reason="x")
    with pytest.raises(ValidationError):
        services.request_withdraw(actor=worker, request=received, expected_version=2, reason="y")


def _forward(actor: User, request: Request, **changes: object) -> Forwarding:
    arguments: dict[str, object] = {
        "expected_version": request.version,
        "reason": "Woont in Gent",
        "forwarded_to": "OCMW Gent",
        "forwarded_on": dt.date(2026, 3, 13),
    } | changes
    return services.request_forward(actor=actor, request=request, **arguments)  # type: ignore[arg-type]


def test_a_forwarding_records_the_ocmw_and_logs(worker: User, received: Request) -> None:
    forwarding = _forward(worker, received)
    received.refresh_from_db()
    assert received.state == Request.State.FORWARDED
    assert (forwarding.forwarded_to, forwarding.forwarded_by) == ("OCMW Gent", worker)
    assert AccessLog.objects.filter(what_key=LOG_FORWARDED, what_params__request=received.pk)


@pytest.mark.parametrize(
    ("forwarded_on", "refused"),
    [
        (dt.date(2026, 3, 11), True),  # the day before the receipt
        (dt.date(2026, 3, 12), False),  # the day of the receipt
        (dt.date(2026, 3, 16), False),  # today
        (dt.date(2026, 3, 17), True),  # tomorrow
    ],
)
def test_the_forwarding_date_lies_between_receipt_and_today(
    worker: User, received: Request, forwarded_on: dt.date, refused: bool
) -> None:
    if refused:
        with pytest.raises(ValidationError) as error:
            _forward(worker, received, forwarded_on=forwarded_on)
        assert "forwarded_on" in error.value.message_dict
        assert not Forwarding.objects.exists()
        received.refresh_from_db()
        assert received.state == Request.State.RECEIVED
    else:
        assert _forward(worker, received, forwarded_on=forwarded_on).forwarded_on == forwarded_on


def test_a_forwarding_needs_its_reason_and_ocmw(worker: User, received: Request) -> None:
    with pytest.raises(ValidationError) as error:
        _forward(worker, received, reason="", forwarded_to=" ")
    assert set(error.value.message_dict) == {"reason", "forwarded_to"}


def test_another_teams_worker_may_not_forward(received: Request) -> None:
    outsider = social_worker(WijkteamFactory.create(name="Heule"))
    with pytest.raises(PermissionDenied):
        _forward(outsider, received)


# --- the database's own rules -------------------------------------------------------------------


def test_the_database_refuses_a_withdrawn_state_without_who_and_why(db: None) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpRequestFactory.create(state=Request.State.WITHDRAWN)


def test_the_database_refuses_an_unknown_state(db: None) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpRequestFactory.create(state="lost")


def test_the_database_refuses_a_request_without_location(db: None) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpRequestFactory.create(location="")


def test_a_request_is_forwarded_once(db: None) -> None:
    forwarding = Forwarding.objects.get(pk=_forwarding_row().pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Forwarding.objects.create(
            request=forwarding.request,
            reason="x",
            forwarded_to="OCMW Gent",
            forwarded_on=forwarding.forwarded_on,
            forwarded_by=forwarding.forwarded_by,
        )


def _forwarding_row() -> Forwarding:
    from tests.factories import ForwardingFactory

    return ForwardingFactory.create()
