"""Migration 0005 on a database that already has a published policy: the policy gets the known
exemption for socio-professional integration with its source, although a published policy
never changes (on PostgreSQL a trigger refuses every UPDATE of it: the column's default fills
it, no UPDATE is written). Runs on both databases."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from budgets.models import AidPolicy
from wijkteams.models import User

BEFORE = [("budgets", "0004_anonymisation")]


def _migrate(targets: list[tuple[str, str]] | None = None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_a_published_policy_gets_the_known_exemption_and_a_source_saying_so(
    admin_user: User,
) -> None:
    executor = _migrate(BEFORE)
    old_policy = executor.loader.project_state(BEFORE).apps.get_model("budgets", "AidPolicy")
    # The model as it was before the migration: no factory knows its fields.
    published = old_policy.objects.create(
        name="Beleid van vroeger",
        valid_from=dt.date(2024, 1, 1),
        status="published",
        created_by_id=admin_user.pk,
        published_by_id=admin_user.pk,
        published_at=timezone.now(),
        coverage_percent=Decimal("100.00"),
        rounding="euro_nearest",
        max_months=6,
    )

    _migrate()

    policy = AidPolicy.objects.get(pk=published.pk)
    assert policy.spi_exemption == Decimal("309.48")
    assert policy.spi_exemption_source.startswith("309,48 euro per maand vanaf 1 februari 2025")
    assert "vóór 1 februari 2025 gold een lager bedrag" in policy.spi_exemption_source
    assert policy.rounding == AidPolicy.Rounding.EURO_NEAREST
    assert policy.status == "published"
