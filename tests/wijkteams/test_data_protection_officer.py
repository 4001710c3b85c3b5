"""The data-protection officer: a role of its own, never an administrator, never a team role."""

import pytest
from django.db import IntegrityError, transaction

from tests.factories import UserFactory, data_protection_officer, social_worker
from wijkteams.models import Wijkteam
from wijkteams.selectors import roles_for


def test_an_officer_has_only_that_role_even_with_a_team_membership(team: Wijkteam) -> None:
    officer = social_worker(team, is_data_protection_officer=True)

    roles = roles_for(officer)

    assert roles.is_data_protection_officer
    assert not roles.is_social_worker
    assert not roles.is_team_lead
    assert not roles.is_administrator
    assert roles.has_any


def test_the_database_refuses_an_administrator_who_is_also_the_officer(db: None) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory.create(is_staff=True, is_data_protection_officer=True)


def test_an_inactive_officer_has_no_role(db: None) -> None:
    officer = data_protection_officer(is_active=False)

    assert not roles_for(officer).has_any
