"""The same GPMI contract signed, or the same evaluation recorded, in two browsers at the same
moment (PostgreSQL row locks), both from the version they loaded: exactly one wins, the other
is a conflict, and the evaluations are scheduled once."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import timezone

from integration.models import GpmiContract, GpmiEvaluation
from integration.services.gpmi import gpmi_contract_save, gpmi_evaluation_record
from tests.factories import client_of
from tests.integration.concurrency import at_once
from tests.integration.test_gpmi import _contract
from wijkteams.models import User

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it there)"
)


@pytest.mark.django_db(transaction=True)
def test_two_signings_at_once_schedule_the_evaluations_once(worker: User, lead: User) -> None:
    today = timezone.localdate()
    contract = _contract(client_of(worker), worker, starts_on=today, signed=False)

    def sign(actor: User, goals: str) -> Callable[[], object]:
        return lambda: gpmi_contract_save(
            actor=actor,
            contract_id=contract.pk,
            expected_version=1,
            request=None,
            starts_on=today,
            ends_on=None,
            goals=goals,
            client_commitments="x",
            ocmw_commitments="x",
            signed_by_client_on=today,
            signed_by_ocmw_on=today,
            signed_for_ocmw_by=lead,
            today=today,
        )

    assert at_once(sign(worker, "van de werker"), sign(lead, "van de leider")) == [
        "conflict",
        "ok",
    ]
    saved = GpmiContract.objects.get()
    assert saved.version == 2
    assert saved.goals in {"van de werker", "van de leider"}
    assert GpmiEvaluation.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_one_evaluation_recorded_twice_at_once_keeps_one_report(worker: User, lead: User) -> None:
    contract = _contract(client_of(worker), worker, starts_on=dt.date(2020, 1, 1))
    evaluation = contract.evaluations.order_by("due_on").first()
    assert evaluation is not None

    def record(actor: User, report: str) -> Callable[[], object]:
        return lambda: gpmi_evaluation_record(
            actor=actor,
            evaluation_id=evaluation.pk,
            expected_version=1,
            held_on=dt.date(2020, 5, 1),
            in_person=True,
            report=report,
            today=timezone.localdate(),
        )

    assert at_once(record(worker, "verslag A"), record(lead, "verslag B")) == ["conflict", "ok"]
    evaluation.refresh_from_db()
    assert (evaluation.version, evaluation.report in {"verslag A", "verslag B"}) == (2, True)
