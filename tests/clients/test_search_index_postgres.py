"""On PostgreSQL the client search reads a trigram index, not all clients: the index expression
(migration) and the search's expression (clients.selectors.search_text) must stay the same."""

import pytest
from django.db import connection

from clients.selectors import client_search
from tests.factories import client_of
from wijkteams.models import User

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's"
    ),
    pytest.mark.django_db,
]


def test_client_search_uses_the_trigram_index(worker: User) -> None:
    client_of(worker, last_name="Vandenberghe")
    results = client_search(user=worker, query="Vandenberghe")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table is read whole otherwise
        sql, params = results.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "client_search_trgm" in plan
