"""What integration adds to a client file through clients' registries: a leefloon not ended
keeps the file from closing, anonymisation blanks the worker's free text and keeps the figures,
and the leefloon's rows are in the GDPR export."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clients.gdpr import Anonymisation, client_export_document
from clients.models import Client
from clients.services import client_close
from integration.hooks import _anonymise
from integration.models import Eligibility, LeefloonCalculation, LeefloonGrant
from tests.factories import (
    EligibilityFactory,
    GrantAmountFactory,
    HelpRequestFactory,
    LeefloonCalculationFactory,
    LeefloonGrantFactory,
    client_of,
    request_kind,
)
from wijkteams.models import User


@pytest.fixture
def file(worker: User) -> Client:
    return client_of(worker)


def _close(worker: User, file: Client, today: dt.date) -> None:
    file.refresh_from_db()
    client_close(
        actor=worker, client_id=file.pk, expected_version=file.version, on=today, reason="klaar"
    )


def _grant(file: Client, **fields: object) -> LeefloonGrant:
    request = HelpRequestFactory.create(
        client=file,
        kind=request_kind("leefloon"),
        received_on=dt.date(2026, 1, 12),
        state="notified",
    )
    calculation = LeefloonCalculationFactory.create(request=request)
    return LeefloonGrantFactory.create(calculation=calculation, **fields)


def test_a_leefloon_not_ended_keeps_the_file_from_closing(
    today: dt.date, worker: User, file: Client
) -> None:
    _grant(file)
    with pytest.raises(ValidationError) as refused:
        _close(worker, file, today)
    assert "het leefloon toegekend vanaf 12/01/2026, niet beëindigd" in str(refused.value)


def test_an_ended_leefloon_lets_the_file_close(today: dt.date, worker: User, file: Client) -> None:
    _grant(file, ended_on=dt.date(2026, 2, 28), end_reason="Werk gevonden")
    _close(worker, file, today)
    file.refresh_from_db()
    assert file.closed_on == today


def test_anonymisation_blanks_the_free_text_and_keeps_the_amounts(
    db: None, worker: User, file: Client
) -> None:
    grant = _grant(file, ended_on=dt.date(2026, 2, 28), end_reason="Zenobia vond werk")
    LeefloonCalculation.objects.filter(pk=grant.calculation_id).update(
        category="cohabitant", category_motivation="Zenobia woont bij haar zus"
    )
    EligibilityFactory.create(
        request=grant.request,
        actual_residence="met",
        actual_residence_note="Huisbezoek bij Zenobia",
        work_willingness="exempt_health",
        work_willingness_note="Zenobia is ziek",
    )
    _anonymise(Anonymisation(client=file, names={}, pattern=None, placeholder="[verwijderd]"))

    eligibility = Eligibility.objects.get()
    calculation = LeefloonCalculation.objects.get()
    grant.refresh_from_db()
    assert eligibility.actual_residence_note == "[verwijderd]"
    assert eligibility.work_willingness_note == "[verwijderd]"
    assert eligibility.other_rights_note == ""  # empty stays empty
    assert calculation.category_motivation == "[verwijderd]"
    assert grant.end_reason == "[verwijderd]"
    # What the figures per month need stays.
    assert (calculation.category, calculation.monthly_amount) == ("cohabitant", Decimal("1314.20"))
    assert grant.starts_on == dt.date(2026, 1, 12)


def test_the_export_holds_the_leefloon_rows(db: None, worker: User, file: Client) -> None:
    grant = _grant(file)
    GrantAmountFactory.create(grant=grant)
    EligibilityFactory.create(request=grant.request)
    document = client_export_document(client_id=file.pk)
    for section in ("leefloon_eligibility", "leefloon_calculations", "leefloons"):
        assert len(document[section]) == 1, section
    assert document["leefloon_amounts"][0]["monthly_amount"] == "1314.20"
