"""The expiry lists on the worker's home and on the lead's team page: the rows, the link to
the documents tab, the access-log rows of the clients they name, and a query count that does
not grow with the documents."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.models import AccessLog, Client
from documents.log_actions import SEEN_EXPIRING_LISTED
from documents.models import DocumentType
from tests.conftest import login
from tests.factories import DocumentFactory, DocumentTypeFactory, client_of
from wijkteams.models import User

PAGES = [("worker", "clients:my_cases"), ("lead", "wijkteams:my_team")]


@pytest.fixture
def identity_card(db: None) -> DocumentType:
    return DocumentTypeFactory.create(code="identity_card", expires=True)


def _expiring(file: Client, kind: DocumentType, today: dt.date, days: int) -> None:
    valid_until = today + dt.timedelta(days=days)
    DocumentFactory.create(
        client=file,
        document_type=kind,
        document_date=valid_until - dt.timedelta(days=3650),
        valid_until=valid_until,
    )


@pytest.mark.parametrize(("role", "page"), PAGES)
def test_the_page_lists_the_documents_that_expire_and_logs_the_clients(
    client: HttpClient,
    request: pytest.FixtureRequest,
    worker: User,
    identity_card: DocumentType,
    today: dt.date,
    role: str,
    page: str,
) -> None:
    user: User = request.getfixturevalue(role)
    soon = client_of(worker, first_name="Ann", last_name="Quist")
    gone = client_of(worker, first_name="Bert", last_name="Verstraete")
    _expiring(soon, identity_card, today, 12)
    _expiring(gone, identity_card, today, -3)
    login(client, user)
    html = client.get(reverse(page)).content.decode()
    assert reverse("documents:file_documents", args=[soon.pk]) in html
    assert "Ann Quist" in html
    assert "verloopt over 12 dagen" in html
    assert "verlopen" in html
    panel = html[html.index('id="verlopende-documenten') :]
    assert panel.index("Bert Verstraete") < panel.index("Ann Quist")  # longest expired first
    logged = AccessLog.objects.filter(actor=user, what_key=SEEN_EXPIRING_LISTED)
    assert sorted(logged.values_list("client_id", flat=True)) == sorted([soon.pk, gone.pk])


@pytest.mark.parametrize(("role", "page"), PAGES)
def test_the_page_says_when_nothing_expires(
    client: HttpClient,
    request: pytest.FixtureRequest,
    worker: User,
    identity_card: DocumentType,
    today: dt.date,
    role: str,
    page: str,
) -> None:
    user: User = request.getfixturevalue(role)
    _expiring(client_of(worker), identity_card, today, 31)  # beyond the 30 days
    login(client, user)
    html = client.get(reverse(page)).content.decode()
    assert "Geen documenten verlopen of verlopen binnen 30 dagen." in html
    assert not AccessLog.objects.filter(actor=user, what_key=SEEN_EXPIRING_LISTED).exists()


@pytest.mark.parametrize(("role", "page"), PAGES)
def test_the_page_queries_do_not_grow_with_the_documents(
    client: HttpClient,
    request: pytest.FixtureRequest,
    worker: User,
    identity_card: DocumentType,
    today: dt.date,
    role: str,
    page: str,
    django_assert_num_queries: Any,
) -> None:
    user: User = request.getfixturevalue(role)
    _expiring(client_of(worker), identity_card, today, 5)
    login(client, user)
    url = reverse(page)
    client.get(url)  # warm: the first request may store what later ones read
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(9):
        _expiring(client_of(worker), identity_card, today, n)
    with django_assert_num_queries(len(one.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("verloopt over") + html.count("verloopt vandaag") == 10


@pytest.mark.parametrize(
    ("role", "page", "key"), [(*PAGES[0], "caseload_panels"), (*PAGES[1], "team_sections")]
)
def test_the_view_reads_the_list_before_the_template_renders(
    client: HttpClient,
    request: pytest.FixtureRequest,
    worker: User,
    identity_card: DocumentType,
    today: dt.date,
    role: str,
    page: str,
    key: str,
) -> None:
    """The panel's context comes from the view (clients/wijkteams registries call documents'
    context function), so the read and its access-log rows are not side effects of rendering."""
    user: User = request.getfixturevalue(role)
    shown = client_of(worker)
    _expiring(shown, identity_card, today, 4)
    login(client, user)
    response = client.get(reverse(page))
    contexts = dict(response.context[key])
    expiry = contexts[f"documents/{'my_cases' if role == 'worker' else 'my_team'}_expiring.html"]
    assert [row.client_id for row in expiry["expiry"].rows] == [shown.pk]
