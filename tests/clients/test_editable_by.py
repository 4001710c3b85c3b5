"""Who may edit a file, from the open assignment the caller already read (a page of the file
reads it with the client): the same answer as the selector's own query, without that query."""

from typing import Any

import pytest

from clients.selectors import client_editable_by, client_file_get
from tests.factories import client_of, social_worker, team_lead
from wijkteams.models import Wijkteam
from wijkteams.selectors import roles_for

pytestmark = pytest.mark.django_db


def test_the_open_assignment_read_with_the_client_decides_without_a_query(
    django_assert_num_queries: Any,
) -> None:
    team = Wijkteam.objects.create(name="Kortrijk-Centrum")
    worker, colleague, lead = social_worker(team), social_worker(team), team_lead(team)
    client = client_of(worker)
    answers = []
    for user in (worker, colleague, lead):
        roles = roles_for(user)
        seen, assignment = client_file_get(user=user, pk=client.pk, roles=roles)
        with django_assert_num_queries(0):
            answers.append(
                client_editable_by(user=user, client=seen, roles=roles, open_assignment=assignment)
            )

    assert answers == [True, False, True]
    assert answers == [client_editable_by(user=u, client=client) for u in (worker, colleague, lead)]
