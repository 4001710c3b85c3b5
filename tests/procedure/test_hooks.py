"""What procedure adds to a client file through clients' registries: an open request keeps the
file from closing, and anonymisation blanks the applicant's words and the reasons."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from clients.gdpr import Anonymisation
from clients.models import Client
from clients.services import client_close
from procedure.hooks import _anonymise
from procedure.models import Forwarding, Request
from tests.factories import ForwardingFactory, HelpRequestFactory, client_of, request_kind
from wijkteams.models import User


@pytest.fixture
def file(worker: User) -> Client:
    return client_of(worker)


def _close(worker: User, file: Client, today: dt.date) -> None:
    file.refresh_from_db()
    client_close(
        actor=worker, client_id=file.pk, expected_version=file.version, on=today, reason="klaar"
    )


def test_an_open_request_keeps_the_file_from_closing(
    today: dt.date, worker: User, file: Client
) -> None:
    HelpRequestFactory.create(
        client=file, kind=request_kind("medical_card"), received_on=dt.date(2026, 3, 2)
    )
    with pytest.raises(ValidationError) as refused:
        _close(worker, file, today)
    assert "de aanvraag voor medische kaart, ontvangen op 02/03/2026" in str(refused.value)


def test_a_decision_not_notified_keeps_the_file_from_closing(
    today: dt.date, worker: User, file: Client
) -> None:
    HelpRequestFactory.create(
        client=file,
        kind=request_kind("medical_card"),
        received_on=dt.date(2026, 3, 2),
        state=Request.State.DECIDED,
    )
    with pytest.raises(ValidationError) as refused:
        _close(worker, file, today)
    assert "de beslissing over de aanvraag voor medische kaart" in str(refused.value)
    assert "nog niet meegedeeld" in str(refused.value)


@pytest.mark.parametrize("state", [Request.State.FORWARDED, Request.State.NOTIFIED])
def test_a_request_no_longer_open_lets_the_file_close(
    today: dt.date, worker: User, file: Client, state: str
) -> None:
    HelpRequestFactory.create(client=file, state=state)
    _close(worker, file, today)
    file.refresh_from_db()
    assert file.closed_on == today


def test_anonymisation_blanks_the_words_and_reasons(db: None, worker: User, file: Client) -> None:
    request = HelpRequestFactory.create(
        client=file, own_words="Zenobia zegt dit", state="forwarded"
    )
    ForwardingFactory.create(request=request, reason="Zenobia woont in Gent")
    empty = HelpRequestFactory.create(client=file, own_words="")
    _anonymise(Anonymisation(client=file, names={}, pattern=None, placeholder="[verwijderd]"))
    request.refresh_from_db()
    empty.refresh_from_db()
    assert request.own_words == "[verwijderd]"
    assert empty.own_words == ""
    assert Forwarding.objects.get().reason == "[verwijderd]"
