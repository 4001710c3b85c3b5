"""A document can belong to a trajectory or to one of its debts (issue 18 point 1: upload on a
trajectory or a debt): chosen in the upload form, reached from the trajectory's card on the
Trajectories tab, and listed there; another client's trajectory or debt is refused."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.models import AccessLog, Client, Trajectory
from documents.log_actions import LOG_UPLOAD_REFUSED
from documents.models import Document
from tests.conftest import login
from tests.documents.helpers import pdf, seeded_type
from tests.factories import (
    DebtFactory,
    DocumentFactory,
    TrajectoryFactory,
    client_of,
)
from wijkteams.models import User


@pytest.fixture
def file(worker: User) -> Client:
    return client_of(worker, first_name="Mira", last_name="Peeters")


def _debt_help(file: Client, worker: User) -> Trajectory:
    return TrajectoryFactory.create(client=file, kind=Trajectory.Kind.DEBT_HELP, created_by=worker)


def _post(http: HttpClient, file: Client, today: dt.date, **fields: Any) -> Any:
    data = {
        "uploads": [pdf("aanmaning.pdf")],
        "document_type": seeded_type("other").pk,
        "document_date": today.isoformat(),
    } | fields
    return http.post(reverse("documents:upload", args=[file.pk]), data)


def test_a_document_about_a_debt_belongs_to_the_debt_and_its_trajectory(
    client: HttpClient, worker: User, file: Client, today: dt.date
) -> None:
    trajectory = _debt_help(file, worker)
    debt = DebtFactory.create(trajectory=trajectory, creditor="Fluvius")
    login(client, worker)

    response = _post(client, file, today, debt=debt.pk)

    assert response.status_code == 302
    document = Document.objects.get(client=file)
    assert (document.debt, document.trajectory) == (debt, trajectory)


def test_another_clients_trajectory_or_debt_is_refused_and_nothing_is_stored(
    client: HttpClient, worker: User, file: Client, today: dt.date
) -> None:
    other = client_of(worker)
    foreign_debt = DebtFactory.create(trajectory=_debt_help(other, worker))
    own = _debt_help(file, worker)
    own_debt = DebtFactory.create(trajectory=own)
    login(client, worker)

    for fields in ({"trajectory": foreign_debt.trajectory.pk}, {"debt": foreign_debt.pk}):
        response = _post(client, file, today, **fields)
        assert response.status_code == 200
        (field,) = fields
        assert response.context["upload_form"].errors[field]
    # A debt of another trajectory of the same client than the one chosen.
    other_line = _debt_help(file, worker)
    response = _post(client, file, today, trajectory=other_line.pk, debt=own_debt.pk)
    assert "Deze schuld hoort bij een ander traject." in response.content.decode()

    assert not Document.objects.exists()
    refusals = AccessLog.objects.filter(client=file, what_key=LOG_UPLOAD_REFUSED)
    reasons = sorted(row.what_params["reasons"] for row in refusals)
    assert reasons == ["debt", "debt", "trajectory"]


def test_the_trajectories_tab_lists_each_trajectorys_documents_and_links_to_add_one(
    client: HttpClient, worker: User, file: Client
) -> None:
    trajectory = _debt_help(file, worker)
    debt = DebtFactory.create(trajectory=trajectory, creditor="Fluvius")
    DocumentFactory.create(
        client=file, trajectory=trajectory, debt=debt, original_name="afbetalingsplan.pdf"
    )
    DocumentFactory.create(client=file, original_name="niet-van-het-traject.pdf")
    login(client, worker)

    html = client.get(reverse("clients:file_trajectories", args=[file.pk])).content.decode()

    card = html[html.index(f'id="traject-{trajectory.pk}"') :]
    assert "afbetalingsplan.pdf" in card
    assert "(schuld: Fluvius)" in card
    assert "niet-van-het-traject.pdf" not in html
    tab = reverse("documents:file_documents", args=[file.pk])
    assert f"{tab}?traject={trajectory.pk}#toevoegen-titel" in card
    assert f"{tab}?schuld={debt.pk}#toevoegen-titel" in card
    # The link chooses the debt in the upload form.
    form = client.get(f"{tab}?schuld={debt.pk}").context["upload_form"]
    assert str(form["debt"].value()) == str(debt.pk)


def test_the_trajectories_tab_reads_the_documents_in_one_query_whatever_their_number(
    client: HttpClient, worker: User, file: Client
) -> None:
    login(client, worker)
    url = reverse("clients:file_trajectories", args=[file.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    first = _debt_help(file, worker)
    DocumentFactory.create(client=file, trajectory=first)
    few = queries()
    for _n in range(3):
        trajectory = _debt_help(file, worker)
        DocumentFactory.create_batch(3, client=file, trajectory=trajectory)
        debt = DebtFactory.create(trajectory=trajectory, creditor=f"Schuldeiser {_n}")
        DocumentFactory.create(client=file, trajectory=trajectory, debt=debt)
    # The tab's own per-trajectory prefetches are constant too; the documents add none per row
    # (what their lines show, their types' names and their debts' creditors, came with them).
    assert queries() == few
    html = client.get(url).content.decode()
    assert "(schuld: Schuldeiser 2)" in html


def test_a_closed_file_shows_its_trajectory_documents_without_add_links(
    client: HttpClient, worker: User, lead: User, file: Client
) -> None:
    trajectory = _debt_help(file, worker)
    Client.objects.filter(pk=file.pk).update(closed_on=dt.date(2025, 1, 1))
    login(client, lead)
    html = client.get(reverse("clients:file_trajectories", args=[file.pk])).content.decode()
    assert f"traject={trajectory.pk}" not in html
    assert "Nog geen documenten voor dit traject." in html
