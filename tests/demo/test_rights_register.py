"""The demo's rights registers: rights that come automatically mostly arrive, so a demo file
does not show a client on leefloon for years without the increased reimbursement."""

import dataclasses
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.rights_register import EVIDENCE, RECEIVED_SHARE, seed_rights_register
from rights.models import ClientRight, NonTakeUpFlag, Right
from rights.scan.reads import _batch_facts, rights_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> None:
    call_command("seed_demo", "--clients", "300", stdout=StringIO())


def test_the_register_records_only_rights_the_rules_find(seeded: None) -> None:
    today = timezone.localdate()
    lines = list(ClientRight.objects.select_related("client", "right"))
    assert lines
    assert {line.status for line in lines} == {ClientRight.Status.RECEIVES}
    assert {line.evidence for line in lines} == {EVIDENCE}
    rights = {checked.right.code: checked for checked in rights_in_force(today)}
    clients = sorted({line.client for line in lines}, key=lambda c: c.pk)
    facts = _batch_facts(clients, on=today).facts
    for line in lines:
        checked = rights[line.right.code]
        # What the rule says without the register (with it, the right is "received").
        without = dataclasses.replace(facts[line.client_id], rights={})
        finding = checked.rule(without, checked.params)
        assert finding is not None, (line.client_id, line.right.code)
        assert finding.eligible, (line.client_id, line.right.code)


def test_automatic_rights_are_received_more_often_than_those_on_application(
    seeded: None,
) -> None:
    received = Counter(ClientRight.objects.values_list("right__automatic", flat=True).iterator())
    flagged = Counter(NonTakeUpFlag.objects.values_list("right__automatic", flat=True).iterator())

    def share(kind: str) -> float:
        return received[kind] / max(received[kind] + flagged[kind], 1)

    assert RECEIVED_SHARE[Right.Automatic.YES] > RECEIVED_SHARE[Right.Automatic.NO]
    assert share(Right.Automatic.PARTLY) > share(Right.Automatic.NO)
    assert share(Right.Automatic.NO) > 0


def test_running_it_again_adds_nothing(seeded: None) -> None:
    before = ClientRight.objects.count()
    assert seed_rights_register(seed=8500, today=timezone.localdate()) == 0
    assert ClientRight.objects.count() == before
