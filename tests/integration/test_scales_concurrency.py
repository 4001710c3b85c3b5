"""The same draft of leefloon amounts published by two administrators at the same moment
(PostgreSQL row locks): exactly one publishes, the other is refused, and each running leefloon
is indexed once."""

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from clients.models import Income
from clients.services import EditConflictError
from integration.models import GrantAmount
from integration.services.scales import scale_publish
from tests.factories import administrator
from tests.integration.concurrency import at_once
from tests.integration.test_scales import DAY, _indexed, _running
from wijkteams.models import User

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it there)"
)


@pytest.mark.django_db(transaction=True)
def test_two_publishings_at_once_index_each_leefloon_once(admin_user: User) -> None:
    other_admin = administrator(username="beheer.twee")
    draft = _indexed(admin_user)
    grants = [_running(amount="1314.20") for _ in range(3)]

    def publish(actor: User) -> Callable[[], object]:
        return lambda: scale_publish(actor=actor, scale=draft, expected_version=draft.version)

    assert at_once(
        publish(admin_user),
        publish(other_admin),
        refusals=(EditConflictError, ValidationError),
        refused="refused",
    ) == ["ok", "refused"]
    for grant in grants:
        indexed = GrantAmount.objects.filter(grant=grant, reason="indexation")
        assert list(indexed.values_list("monthly_amount", flat=True)) == [Decimal("1340.49")]
        lines = Income.objects.filter(client=grant.client, kind="leefloon", starts_on=DAY)
        assert lines.count() == 1
