"""The rights added after the first ten, end to end: the catalogue after `migrate` holds them
with their shipped versions, and a scan of a real file opens their flags with the value and the
version in force on the scan date, or leaves a "data missing" note."""

import datetime as dt
from decimal import Decimal

import pytest

from clients.models import Client, Income
from rights.catalogue import CATALOGUE
from rights.models import DataMissingNote, NonTakeUpFlag, Right, RightParameters, ScanRun
from rights.scan import scan_clients, scan_run_start
from tests.factories import ClientFactory, IncomeFactory

pytestmark = pytest.mark.django_db

NEW_RIGHTS = [entry.code for entry in CATALOGUE if entry.order > 100]


def scan(client: Client, on: dt.date) -> None:
    run = scan_run_start(kind=ScanRun.Kind.NIGHTLY, on=on)
    scan_clients(run=run, client_ids=[client.pk], on=on)


def flag_of(client: Client, code: str) -> NonTakeUpFlag:
    return NonTakeUpFlag.objects.get(client=client, right__code=code)


def a_single_client(**fields: object) -> Client:
    """Belgian, 40, living alone, renting, with an unemployment benefit of 1.000,00 a month;
    household and income confirmed."""
    defaults: dict[str, object] = {
        "complete": True,
        "rent": Decimal("650.00"),
        "birth_date": dt.date(1985, 7, 30),
        "residence_status": Client.ResidenceStatus.BELGIAN,
    }
    client = ClientFactory.create(**{**defaults, **fields})
    IncomeFactory.create(
        client=client,
        kind=Income.Kind.UNEMPLOYMENT,
        net_monthly=Decimal("1000.00"),
        gross_taxable_last_year=Decimal("14000.00"),
    )
    return client


def test_the_new_rights_come_after_the_first_ten_with_their_versions() -> None:
    assert len(NEW_RIGHTS) == 9
    assert Right.objects.count() >= 18
    for code in NEW_RIGHTS:
        right = Right.objects.get(code=code)
        assert right.order > 100
        assert RightParameters.objects.filter(right=right).exists()
        assert min(
            RightParameters.objects.filter(right=right).values_list("valid_from", flat=True)
        ) >= dt.date(2024, 1, 1)


def test_a_scan_opens_the_leefloon_with_the_amounts_in_force_on_the_scan_date() -> None:
    client = a_single_client()
    scan(client, dt.date(2025, 3, 1))
    flag = flag_of(client, "leefloon")
    assert flag.estimated_yearly_value == Decimal("3770.40")  # (1.314,20 - 1.000,00) x 12
    assert flag.parameters.valid_from == dt.date(2025, 2, 1)

    other = a_single_client()
    scan(other, dt.date(2024, 6, 1))
    flag = flag_of(other, "leefloon")
    assert flag.estimated_yearly_value == Decimal("3461.52")  # (1.288,46 - 1.000,00) x 12
    assert flag.parameters.valid_from == dt.date(2024, 5, 1)


def test_a_scan_opens_the_installation_premium_once_the_move_is_recorded() -> None:
    client = a_single_client()
    scan(client, dt.date(2026, 3, 1))
    assert not NonTakeUpFlag.objects.filter(client=client, right__code="installatiepremie")
    client.left_homelessness_on = dt.date(2026, 2, 1)
    client.save()
    scan(client, dt.date(2026, 3, 1))
    flag = flag_of(client, "installatiepremie")
    assert flag.estimated_yearly_value == Decimal("1776.07")
    assert flag.explanation["value"]["basis"]["values"]["amount"] == "1.776,07"


def test_an_older_client_without_recorded_points_gets_a_note_then_a_flag() -> None:
    client = a_single_client(birth_date=dt.date(1950, 5, 5), pensioner=True)
    scan(client, dt.date(2026, 3, 1))
    note = DataMissingNote.objects.get(client=client, right__code="zorgbudget_ouderen")
    assert "self-reliance" in note.explanation["missing"][0]["text"]
    client.self_reliance_points = 8
    client.save()
    scan(client, dt.date(2026, 3, 1))
    assert not DataMissingNote.objects.filter(client=client, right__code="zorgbudget_ouderen")
    assert flag_of(client, "zorgbudget_ouderen").estimated_yearly_value == Decimal("3600.00")
