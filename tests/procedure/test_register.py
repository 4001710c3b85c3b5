"""The team lead's request register: the requests of the led teams only, filtered by state,
kind and date, a page in a fixed number of queries, each client shown logged; the CSV export
of the same list, each client exported logged."""

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from clients.models import AccessLog, Client
from procedure.log_actions import EXPORTED_REGISTER, SEEN_REGISTER
from procedure.models import Request
from tests.conftest import login
from tests.factories import (
    HelpRequestFactory,
    WijkteamFactory,
    client_of,
    request_kind,
    social_worker,
)
from wijkteams.models import User, Wijkteam

URL = reverse("procedure:register_list")
CSV_URL = reverse("procedure:register_csv")


@pytest.fixture
def ours(today: dt.date, worker: User) -> Client:
    return client_of(worker, first_name="Zenobia", last_name="Quist")


@pytest.fixture
def theirs(db: None) -> Client:
    heule = WijkteamFactory.create(name="Heule")
    return client_of(social_worker(heule), team=heule, first_name="Xaverius", last_name="Ploeg")


@pytest.fixture
def requests(ours: Client, theirs: Client) -> list[Request]:
    return [
        HelpRequestFactory.create(
            client=ours, kind=request_kind("leefloon"), received_on=dt.date(2026, 3, 2)
        ),
        HelpRequestFactory.create(
            client=ours,
            kind=request_kind("medical_card"),
            received_on=dt.date(2026, 1, 5),
            state=Request.State.DECIDED,
        ),
        HelpRequestFactory.create(client=theirs, kind=request_kind("leefloon")),
    ]


def test_the_lead_sees_the_requests_of_the_led_teams_only(
    client: HttpClient, lead: User, requests: list[Request]
) -> None:
    login(client, lead)
    page = client.get(URL).content.decode()
    assert "Zenobia Quist" in page
    assert "Xaverius" not in page
    assert "2 aanvragen" in page
    assert 'datetime="2026-04-01"' in page  # received 2 March: decision due Wednesday 1 April
    for shown in requests[:2]:  # each row links to its request on the client's Requests tab
        tab = reverse("procedure:file_requests", args=[shown.client_id])
        assert f'href="{tab}#aanvraag-{shown.pk}"' in page
    assert set(
        AccessLog.objects.filter(actor=lead, what_key=SEEN_REGISTER).values_list(
            "client_id", flat=True
        )
    ) == {requests[0].client_id}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "decided"}, ["Medische kaart"]),
        ({"kind": "leefloon"}, ["Leefloon"]),
        ({"received_from": "2026-02-01"}, ["Leefloon"]),
        ({"received_to": "2026-02-01"}, ["Medische kaart"]),
    ],
)
def test_the_register_filters(
    client: HttpClient,
    lead: User,
    requests: list[Request],
    query: dict[str, str],
    expected: list[str],
) -> None:
    if "kind" in query:
        query = {"kind": str(request_kind(query["kind"]).pk)}
    login(client, lead)
    page = client.get(URL, query).content.decode()
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    for name in ("Leefloon", "Medische kaart"):
        assert (name in rows) == (name in expected), name


def test_a_bad_date_in_the_filter_is_said(
    client: HttpClient, lead: User, requests: list[Request]
) -> None:
    login(client, lead)
    response = client.get(URL, {"received_from": "gisteren"})
    assert response.status_code == 200
    assert "Voer een geldige datum in." in response.content.decode()


def test_the_page_queries_do_not_grow_with_requests(
    client: HttpClient,
    lead: User,
    ours: Client,
    team: Wijkteam,
    django_assert_num_queries: Any,
) -> None:
    for _n in range(3):
        HelpRequestFactory.create(client=ours, kind=request_kind())
    login(client, lead)
    # session, user, roles, the page with its total, the standing decisions of its requests,
    # the access-log rows, the kinds of the filter
    with django_assert_num_queries(7) as few:
        client.get(URL)
    for _n in range(15):
        HelpRequestFactory.create(client=client_of(social_worker(team)), kind=request_kind())
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(URL)


def test_the_csv_holds_the_filtered_requests_and_logs_the_export(
    client: HttpClient, lead: User, requests: list[Request]
) -> None:
    login(client, lead)
    response = client.get(CSV_URL, {"state": "received"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Cliënt", "Wijkteam", "Hulpvorm", "Ontvangen op"]
    assert [row[:4] for row in rows[1:]] == [["Zenobia Quist", "Centrum", "Leefloon", "02/03/2026"]]
    assert rows[1][7] == "01/04/2026"  # decision due
    assert list(
        AccessLog.objects.filter(actor=lead, what_key=EXPORTED_REGISTER).values_list(
            "client_id", "action"
        )
    ) == [(requests[0].client_id, AccessLog.Action.EXPORT)]


@pytest.mark.parametrize("url", [URL, CSV_URL])
def test_a_social_worker_has_no_register(
    client: HttpClient, worker: User, requests: list[Request], url: str
) -> None:
    login(client, worker)
    assert client.get(url).status_code == 403


def test_the_team_page_links_the_register(client: HttpClient, lead: User, team: Wijkteam) -> None:
    login(client, lead)
    assert URL in client.get(reverse("wijkteams:my_team")).content.decode()
