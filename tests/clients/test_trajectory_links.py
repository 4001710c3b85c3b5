"""The trajectories tab's links, reversed once for the page (clients.views.paging.ids_url):
each one the URL `{% url %}` gave, for every step, debt and document of every card."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from clients.models import Client, Trajectory
from tests.conftest import TODAY, login
from tests.factories import (
    DebtFactory,
    DocumentFactory,
    TrajectoryFactory,
    TrajectoryStepFactory,
    client_of,
)
from wijkteams.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


def test_every_link_of_the_cards_is_the_reversed_url(worker: User) -> None:
    file: Client = client_of(worker)
    cards = []
    for kind in (Trajectory.Kind.DEBT_HELP, Trajectory.Kind.ACTIVATION):
        t = TrajectoryFactory.create(client=file, kind=kind, created_by=worker, opened_on=TODAY)
        steps = TrajectoryStepFactory.create_batch(2, trajectory=t, due_on=TODAY)
        debts = (
            DebtFactory.create_batch(2, trajectory=t) if kind == Trajectory.Kind.DEBT_HELP else []
        )
        documents = DocumentFactory.create_batch(2, client=file, trajectory=t)
        cards.append((t, steps, debts, documents))
    html = login(HttpClient(), worker).get(reverse("clients:file_trajectories", args=[file.pk]))
    page = html.content.decode()

    expected = [
        reverse("clients:trajectory_open", args=[file.pk, kind])
        for kind in (Trajectory.Kind.DEBT_HELP, Trajectory.Kind.ACTIVATION)
    ]
    for t, steps, debts, documents in cards:
        names = ["trajectory_edit", "trajectory_activate", "step_add", "trajectory_close"]
        if debts:
            names.append("debt_add")
        expected += [reverse(f"clients:{name}", args=[file.pk, t.pk]) for name in names]
        expected += [reverse("clients:step_done", args=[file.pk, t.pk, s.pk]) for s in steps]
        expected += [reverse("clients:debt_edit", args=[file.pk, t.pk, d.pk]) for d in debts]
        tab = reverse("documents:file_documents", args=[file.pk])
        expected += [f"{tab}#document-{d.pk}" for d in documents]
    for url in expected:
        assert f'"{url}"' in page, url
    # No link the page does not draw: a debt-help card's own, not the activation card's.
    assert page.count("/schulden/") == 2 + 2  # each debt's edit link, the debt-help card's form
