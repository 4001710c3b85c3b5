"""The documents tab costs the same queries for 2 documents as for 200 (issue 18, "numbers to
reach"), for the social worker and for the team lead, whatever the rows hold: a person of the
household, a trajectory or one of its debts, a confidential type, a withdrawal, another
uploader."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.models import Client, Trajectory
from tests.conftest import login
from tests.documents.helpers import seeded_type
from tests.factories import (
    DebtFactory,
    DocumentFactory,
    HouseholdMemberFactory,
    TrajectoryFactory,
    client_of,
    social_worker,
)
from wijkteams.models import User, Wijkteam


def _add_documents(file: Client, uploaders: list[User], first: int, count: int) -> None:
    types = [seeded_type(code) for code in ("payslip", "identity_card", "medical_certificate")]
    members = [
        HouseholdMemberFactory.create(client=file, first_name=f"Lid {first + i}", relation="child")
        for i in range(2)
    ]
    trajectory = TrajectoryFactory.create(
        client=file, kind=Trajectory.Kind.DEBT_HELP, created_by=uploaders[0]
    )
    debt = DebtFactory.create(trajectory=trajectory)
    for n in range(first, first + count):
        withdrawn = n % 7 == 3
        DocumentFactory.create(
            client=file,
            uploaded_by=uploaders[n % len(uploaders)],
            document_type=types[n % len(types)],
            member=members[n % 2] if n % 4 else None,
            trajectory=trajectory if n % 5 in (1, 2) else None,
            debt=debt if n % 5 == 2 else None,
            note=f"nota {n}",
            withdrawn_at=timezone.now() if withdrawn else None,
            withdrawn_by=uploaders[0] if withdrawn else None,
            withdrawal_reason="Verkeerde cliënt" if withdrawn else "",
        )


@pytest.mark.parametrize("viewer", ["worker", "lead"])
def test_the_tab_costs_the_same_queries_for_2_and_200_documents(
    client: HttpClient,
    worker: User,
    lead: User,
    team: Wijkteam,
    viewer: str,
    django_assert_num_queries: Any,
) -> None:
    file = client_of(worker)
    uploaders = [worker, lead, social_worker(team)]
    _add_documents(file, uploaders, 0, 2)
    login(client, worker if viewer == "worker" else lead)
    url = reverse("documents:file_documents", args=[file.pk])
    client.get(url)  # the session's first request writes its clocks
    with CaptureQueriesContext(connection) as two:
        response = client.get(url)
    assert response.status_code == 200
    _add_documents(file, uploaders, 2, 198)
    with django_assert_num_queries(len(two.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("nota ") == 200
