"""The "Requests" tab: the list with its clocks in a fixed number of queries, registering a
request (bad input kept and explained in Dutch, nothing half-saved), withdrawing and forwarding
it (a stale form is a conflict), the printable receipt in Dutch and English, and the access
log of each step."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from clients.models import AccessLog, Client
from procedure.log_actions import (
    LOG_FORWARDED,
    LOG_REGISTERED,
    LOG_WITHDRAWN,
    SEEN_RECEIPT,
    SEEN_REQUESTS,
)
from procedure.models import Forwarding, Request, RequestKind
from tests.conftest import login
from tests.factories import HelpRequestFactory, client_of, request_kind, social_worker
from wijkteams.models import User, Wijkteam


@pytest.fixture
def file(worker: User) -> Client:
    return client_of(worker, first_name="Zenobia", last_name="Quist")


@pytest.fixture
def kind(db: None) -> RequestKind:
    return request_kind("leefloon")


@pytest.fixture
def received(today: dt.date, file: Client, worker: User, kind: RequestKind) -> Request:
    return HelpRequestFactory.create(
        client=file, kind=kind, received_by=worker, received_on=dt.date(2026, 3, 12)
    )


def _tab(file: Client) -> str:
    return reverse("procedure:file_requests", args=[file.pk])


def test_the_tab_is_in_the_file_bar(client: HttpClient, worker: User, file: Client) -> None:
    login(client, worker)
    page = client.get(reverse("clients:file", args=[file.pk])).content.decode()
    assert f'href="{_tab(file)}"' in page
    assert ">Aanvragen<" in page


def test_the_tab_lists_requests_with_their_clocks_and_logs(
    client: HttpClient, worker: User, received: Request
) -> None:
    login(client, worker)
    page = client.get(_tab(received.client)).content.decode()
    assert "Leefloon" in page
    assert "ontvangen" in page
    # Received Thursday 12 March 2026: 30 days end Saturday 11 April -> Monday 13 April.
    assert 'datetime="2026-04-13"' in page
    assert "Beslissing uiterlijk" in page
    # The forwarding form shows its 5-day clock: 17 March.
    assert "uiterlijk op 17/03/2026" in page
    assert AccessLog.objects.filter(
        client=received.client, actor=worker, what_key=SEEN_REQUESTS
    ).exists()


def test_a_request_without_decision_after_thirty_days_is_marked(
    client: HttpClient, worker: User, file: Client, kind: RequestKind, today: dt.date
) -> None:
    HelpRequestFactory.create(client=file, kind=kind, received_on=dt.date(2026, 2, 1))
    login(client, worker)
    page = client.get(_tab(file)).content.decode()
    assert "Geen beslissing binnen 30 dagen" in page


def test_the_tab_queries_do_not_grow_with_requests(
    client: HttpClient,
    worker: User,
    file: Client,
    kind: RequestKind,
    today: dt.date,
    django_assert_num_queries: Any,
) -> None:
    for n in range(3):
        HelpRequestFactory.create(client=file, kind=kind, received_on=today, location=f"loket {n}")
    login(client, worker)
    # session, user, roles, client with its current assignment (which also says who may edit),
    # access log, requests (with kind, receiver, withdrawer, forwarding, inquiry, proposal,
    # notification and who wrote each), their decisions, their appeals, their documents, the
    # document types of the upload forms (once for every row), kinds for the form
    with django_assert_num_queries(11) as few:
        client.get(_tab(file))
    for n in range(10):
        HelpRequestFactory.create(client=file, kind=kind, received_on=today, location=f"meer {n}")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(_tab(file))


def test_a_colleague_reads_the_tab_without_forms(
    client: HttpClient, team: Wijkteam, received: Request
) -> None:
    login(client, social_worker(team))
    page = client.get(_tab(received.client)).content.decode()
    assert "Leefloon" in page
    assert reverse("procedure:register", args=[received.client_id]) not in page
    assert reverse("procedure:withdraw", args=[received.client_id, received.pk]) not in page


# --- registering -------------------------------------------------------------------------------


def _post_register(client: HttpClient, file: Client, **data: str) -> Any:
    return client.post(reverse("procedure:register", args=[file.pk]), data)


def test_registering_answers_in_the_same_queries_whatever_the_register_holds(
    client: HttpClient,
    worker: User,
    file: Client,
    kind: RequestKind,
    today: dt.date,
    django_assert_num_queries: Any,
    django_assert_max_num_queries: Any,
) -> None:
    login(client, worker)
    data = {"kind": str(kind.pk), "received_on": "2026-03-16", "location": "Loket"}
    _post_register(client, file, **data)  # the session's first writes out of the way
    with django_assert_max_num_queries(40) as few:
        assert _post_register(client, file, **data).status_code == 302
    for n in range(15):
        HelpRequestFactory.create(client=file, kind=kind, received_on=today, location=f"oud {n}")
    with django_assert_num_queries(len(few.captured_queries)):
        assert _post_register(client, file, **data).status_code == 302
    assert Request.objects.filter(location="Loket").count() == 3


def test_registering_a_request(
    client: HttpClient, worker: User, file: Client, kind: RequestKind, today: dt.date
) -> None:
    login(client, worker)
    response = _post_register(
        client,
        file,
        kind=str(kind.pk),
        received_on="2026-03-16",
        location="Loket Centrum",
        own_words="Mijn uitkering is gestopt.",
    )
    request = Request.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#aanvraag-{request.pk}")
    assert (request.received_on, request.location, request.received_by) == (
        today,
        "Loket Centrum",
        worker,
    )
    assert AccessLog.objects.filter(what_key=LOG_REGISTERED, actor=worker).count() == 1


def test_bad_input_is_explained_in_dutch_and_kept(
    client: HttpClient, worker: User, file: Client, kind: RequestKind, today: dt.date
) -> None:
    login(client, worker)
    response = _post_register(
        client,
        file,
        kind=str(kind.pk),
        received_on="2026-03-20",
        location="Loket Centrum",
        own_words="Mijn woorden blijven staan",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Een aanvraag kan niet op een dag in de toekomst ontvangen zijn." in page
    assert "Mijn woorden blijven staan" in page
    assert 'value="Loket Centrum"' in page
    assert not Request.objects.exists()


def test_missing_fields_are_named(
    client: HttpClient, worker: User, file: Client, today: dt.date
) -> None:
    login(client, worker)
    page = _post_register(client, file, kind="", received_on="", location="").content.decode()
    for message in [
        "Kies de gevraagde hulp.",
        "Vul de dag in waarop de aanvraag ontvangen werd.",
        "Vul in waar de aanvraag ontvangen werd.",
    ]:
        assert message in page
    assert not Request.objects.exists()


def test_a_colleague_cannot_register(
    client: HttpClient, team: Wijkteam, file: Client, kind: RequestKind, today: dt.date
) -> None:
    login(client, social_worker(team))
    response = _post_register(
        client, file, kind=str(kind.pk), received_on="2026-03-16", location="Loket"
    )
    assert response.status_code == 403
    assert not Request.objects.exists()


# --- withdrawing and forwarding ------------------------------------------------------------------


def _post(client: HttpClient, name: str, request: Request, **data: str) -> Any:
    url = reverse(f"procedure:{name}", args=[request.client_id, request.pk])
    return client.post(url, {f"req{request.pk}-{key}": value for key, value in data.items()})


def test_withdrawing_a_request(client: HttpClient, worker: User, received: Request) -> None:
    login(client, worker)
    response = _post(client, "withdraw", received, version="1", reason="Werk gevonden")
    assert response.status_code == 302
    received.refresh_from_db()
    assert received.state == Request.State.WITHDRAWN
    assert AccessLog.objects.filter(what_key=LOG_WITHDRAWN, actor=worker).exists()


def test_forwarding_a_request(client: HttpClient, lead: User, received: Request) -> None:
    login(client, lead)
    response = _post(
        client,
        "forward",
        received,
        version="1",
        reason="Woont in Gent",
        forwarded_to="OCMW Gent",
        forwarded_on="2026-03-13",
    )
    assert response.status_code == 302
    received.refresh_from_db()
    assert received.state == Request.State.FORWARDED
    assert received.forwarding.forwarded_to == "OCMW Gent"
    assert AccessLog.objects.filter(what_key=LOG_FORWARDED, actor=lead).exists()
    page = client.get(_tab(received.client)).content.decode()
    assert "Doorgestuurd naar OCMW Gent op 13/03/2026." in page
    assert "Doorsturen uiterlijk" in page


def test_a_forwarding_before_the_receipt_is_refused_and_kept(
    client: HttpClient, worker: User, received: Request
) -> None:
    login(client, worker)
    response = _post(
        client,
        "forward",
        received,
        version="1",
        reason="Woont in Gent",
        forwarded_to="OCMW Gent",
        forwarded_on="2026-03-10",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Een aanvraag kan niet doorgestuurd worden vóór ze ontvangen werd (12/03/2026)." in page
    assert 'value="OCMW Gent"' in page
    assert "Woont in Gent" in page
    assert not Forwarding.objects.exists()
    received.refresh_from_db()
    assert (received.state, received.version) == (Request.State.RECEIVED, 1)


def test_a_stale_form_is_a_conflict_not_an_overwrite(
    client: HttpClient, worker: User, lead: User, received: Request
) -> None:
    """Two browsers: the lead withdraws the request; the worker's forwarding form still carries
    version 1 and is refused, with what they typed kept."""
    login(client, lead)
    _post(client, "withdraw", received, version="1", reason="Dubbele aanvraag")
    login(client, worker)
    response = _post(
        client,
        "forward",
        received,
        version="1",
        reason="Woont in Gent",
        forwarded_to="OCMW Gent",
        forwarded_on="2026-03-13",
    )
    assert response.status_code == 200
    assert "Iemand anders heeft deze aanvraag intussen gewijzigd." in response.content.decode()
    assert not Forwarding.objects.exists()
    received.refresh_from_db()
    assert received.withdrawal_reason == "Dubbele aanvraag"


def test_a_post_without_version_is_a_bad_request(
    client: HttpClient, worker: User, received: Request
) -> None:
    login(client, worker)
    assert _post(client, "withdraw", received, reason="x").status_code == 400


def test_another_clients_request_is_not_found(
    client: HttpClient, worker: User, received: Request, kind: RequestKind
) -> None:
    other = HelpRequestFactory.create(client=client_of(worker), kind=kind)
    login(client, worker)
    url = reverse("procedure:withdraw", args=[received.client_id, other.pk])
    assert (
        client.post(url, {f"req{other.pk}-version": "1", f"req{other.pk}-reason": "x"}).status_code
        == 404
    )
    url = reverse("procedure:receipt", args=[received.client_id, other.pk])
    assert client.get(url).status_code == 404
    other.refresh_from_db()
    assert other.state == Request.State.RECEIVED


# --- the receipt -------------------------------------------------------------------------------


def test_the_receipt_has_the_required_mentions_in_dutch(
    client: HttpClient, worker: User, received: Request
) -> None:
    login(client, worker)
    response = client.get(reverse("procedure:receipt", args=[received.client_id, received.pk]))
    page = response.content.decode()
    assert "Ontvangstbewijs van uw hulpaanvraag" in page
    assert "ontvangen op <strong>12 maart 2026</strong>" in page  # the date of receipt
    assert "<strong>Leefloon</strong>" in page  # the kind of help
    assert "uiterlijk op 13 april 2026" in page  # the decision within 30 days
    assert "Uw recht om gehoord te worden" in page
    assert "Uw plicht om elke wijziging te melden" in page
    assert "uw maatschappelijk assistent" in page  # who to contact
    assert worker.get_full_name() in page
    row = AccessLog.objects.get(what_key=SEEN_RECEIPT, actor=worker)
    assert row.what_params == {"request": received.pk, "language": "nl"}


def test_the_receipt_in_english_on_request(
    client: HttpClient, worker: User, received: Request
) -> None:
    login(client, worker)
    url = reverse("procedure:receipt", args=[received.client_id, received.pk])
    page = client.get(url, {"taal": "en"}).content.decode()
    assert "Receipt of your request for help" in page
    assert "on <strong>12 March 2026</strong>" in page
    assert "by 13 April 2026 at the latest" in page
    assert "Your duty to report every change" in page
    # The page around it stays in the staff member's language.
    assert "Afdrukken" in page
    assert AccessLog.objects.get(what_key=SEEN_RECEIPT).what_params["language"] == "en"


def test_an_unknown_receipt_language_falls_back_to_dutch(
    client: HttpClient, worker: User, received: Request
) -> None:
    login(client, worker)
    url = reverse("procedure:receipt", args=[received.client_id, received.pk])
    assert "Ontvangstbewijs van uw hulpaanvraag" in client.get(url, {"taal": "xx"}).content.decode()
