"""The same request changed in two browsers at the same moment (PostgreSQL row locks): one
withdraws it, the other forwards it, both from version 1. Exactly one wins; the other is a
conflict, and nothing of it is saved."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from clients.services import EditConflictError
from procedure.models import Decision, Delegation, Forwarding, Request
from procedure.services import decisions
from procedure.services import requests as services
from tests.factories import HelpRequestFactory, client_of, request_kind, team_lead
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it there)"
)


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_and_a_forwarding_at_once_exactly_one_wins(worker: User, lead: User) -> None:
    received = HelpRequestFactory.create(
        client=client_of(worker), kind=request_kind(), received_on=timezone.localdate()
    )
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def withdraw() -> None:
        services.request_withdraw(actor=lead, request=received, expected_version=1, reason="dubbel")

    def forward() -> None:
        services.request_forward(
            actor=worker,
            request=received,
            expected_version=1,
            reason="Woont in Gent",
            forwarded_to="OCMW Gent",
            forwarded_on=timezone.localdate(),
        )

    def run(change: object) -> None:
        try:
            start.wait(timeout=10)
            change()  # type: ignore[operator]
            outcomes.append("ok")
        except EditConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()  # each thread has its own connection: a second session

    threads = [threading.Thread(target=run, args=(c,)) for c in (withdraw, forward)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["conflict", "ok"]
    received.refresh_from_db()
    assert received.version == 2
    if received.state == Request.State.WITHDRAWN:
        assert not Forwarding.objects.exists()
    else:
        assert received.state == Request.State.FORWARDED
        assert received.withdrawal_reason == ""


@pytest.mark.django_db(transaction=True)
def test_two_leads_deciding_the_same_request_at_once_make_one_decision(
    worker: User, lead: User, team: Wijkteam
) -> None:
    kind = request_kind("medical_card")
    Delegation.objects.create(kind=kind)
    proposed = HelpRequestFactory.create(
        client=client_of(worker), kind=kind, received_on=timezone.localdate()
    )
    decisions.inquiry_save(
        actor=worker, request=proposed, expected_version=1, findings={}, home_visit_on=None
    )
    decisions.proposal_submit(
        actor=worker, request=proposed, expected_version=2, outcome="grant", motivation="Nodig."
    )
    other_lead = team_lead(team)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(actor: User, outcome: str) -> None:
        try:
            start.wait(timeout=10)
            decisions.decision_record_delegated(
                actor=actor,
                request=proposed,
                expected_version=3,
                outcome=outcome,
                motivation="Beslist.",
                decided_on=timezone.localdate(),
            )
            outcomes.append("ok")
        except EditConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(lead, "granted")),
        threading.Thread(target=decide, args=(other_lead, "refused")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["conflict", "ok"]
    assert Decision.objects.filter(request=proposed).count() == 1
    proposed.refresh_from_db()
    assert (proposed.state, proposed.version) == (Request.State.DECIDED, 4)
