"""Issue 15, finding 1, through the services and the scan: a client on leefloon for less than
three months, household and incomes confirmed, nothing taxable last year. Leefloon is
tax-exempt, so last year's gross taxable income is 0,00 whatever the household lives on: the
increased reimbursement (VT) is not flagged on it, a note says from when the leefloon gives it,
and from that day the scan flags it on the leefloon ground."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from clients.models import Client, Income
from clients.services import household_confirm, income_save
from rights.facts import lines_from_json
from rights.models import DataMissingNote, NonTakeUpFlag, Right
from rights.scan import scan_clients, scan_run_start
from tests.factories import client_of
from wijkteams.models import User

pytestmark = pytest.mark.django_db

VT = "verhoogde_tegemoetkoming"
STARTED = dt.date(2026, 1, 20)


def _scan(client: Client) -> None:
    on = timezone.localdate()
    scan_clients(run=scan_run_start(kind="nightly", on=on), client_ids=[client.pk], on=on)


def _vt_flags(client: Client) -> list[NonTakeUpFlag]:
    return list(
        NonTakeUpFlag.objects.filter(
            client=client, right__code=VT, status__in=NonTakeUpFlag.OPEN_STATUSES
        )
    )


def test_a_leefloon_of_two_months_gives_a_note_then_the_flag_from_the_third(
    worker: User, time_machine: Any
) -> None:
    Right.objects.exclude(code=VT).update(is_active=False)
    time_machine.move_to(dt.datetime(2026, 3, 16, 10, 0, tzinfo=dt.UTC), tick=False)
    client = client_of(worker, pensioner=False, widowed=False, leefloon_since=STARTED)
    income_save(
        actor=worker,
        client=client,
        income=Income(
            kind=Income.Kind.LEEFLOON,
            leefloon_category="single",
            net_monthly=Decimal("1300.00"),
            starts_on=STARTED,
        ),
    )
    household_confirm(actor=worker, client=client, complete=True)

    _scan(client)

    assert _vt_flags(client) == []
    note = DataMissingNote.objects.get(client=client, right__code=VT)
    with translation.override("nl-be"):
        text = " ".join(line.render() for line in lines_from_json(note.explanation["missing"]))
    assert "vanaf 20/04/2026 (3 maanden op rij)" in text

    time_machine.move_to(dt.datetime(2026, 4, 20, 10, 0, tzinfo=dt.UTC), tick=False)
    _scan(client)

    (flag,) = _vt_flags(client)
    assert flag.explanation["facts"] == {"grounds": "leefloon"}
    assert not DataMissingNote.objects.filter(client=client, right__code=VT).exists()
