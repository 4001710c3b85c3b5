"""The PostgreSQL guards of migration 0002, written to directly with the ORM (no services): they
hold even against code that forgets the rules, a shell session or a bad data migration."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from budgets.models import AidCalculation, AidPolicy, BudgetAmount, BudgetVersion, VersionStatus
from budgets.services.calculations import aid_calculation_save
from tests.factories import BudgetVersionFactory, aid_policy, budget_version, client_of
from wijkteams.models import User

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="exclusion constraints and triggers are PostgreSQL's (CI runs it there)",
    ),
    pytest.mark.django_db,
]

JAN_2025 = dt.date(2025, 1, 1)


def published_version(actor: User, valid_from: dt.date, valid_to: dt.date | None) -> BudgetVersion:
    return BudgetVersionFactory.create(
        name="Rechtstreeks",
        valid_from=valid_from,
        valid_to=valid_to,
        status=VersionStatus.PUBLISHED,
        created_by=actor,
        published_by=actor,
        published_at=timezone.now(),
    )


def test_two_overlapping_published_versions_cannot_be_written(admin_user: User) -> None:
    budget_version(valid_from=JAN_2025, valid_to=dt.date(2025, 12, 31), actor=admin_user)

    with pytest.raises(IntegrityError, match="no_overlap"), transaction.atomic():
        published_version(admin_user, dt.date(2025, 12, 31), None)


def test_a_draft_cannot_be_switched_to_published_over_another(admin_user: User) -> None:
    budget_version(valid_from=JAN_2025, actor=admin_user)
    draft = budget_version(valid_from=dt.date(2026, 1, 1), published=False, actor=admin_user)

    with pytest.raises(IntegrityError, match="no_overlap"), transaction.atomic():
        BudgetVersion.objects.filter(pk=draft.pk).update(
            status=VersionStatus.PUBLISHED, published_by=admin_user, published_at=timezone.now()
        )


def test_adjacent_published_versions_and_overlapping_drafts_are_allowed(admin_user: User) -> None:
    budget_version(valid_from=JAN_2025, valid_to=dt.date(2025, 12, 31), actor=admin_user)

    published_version(admin_user, dt.date(2026, 1, 1), None)
    budget_version(valid_from=JAN_2025, published=False, actor=admin_user)

    assert BudgetVersion.objects.count() == 3


def test_two_overlapping_published_policies_cannot_be_written(admin_user: User) -> None:
    policy = aid_policy(valid_from=JAN_2025, actor=admin_user)

    # Written directly, not by a factory: the test is that the database refuses the row.
    with pytest.raises(IntegrityError, match="no_overlap"), transaction.atomic():
        AidPolicy.objects.create(
            name="Rechtstreeks",
            valid_from=dt.date(2025, 6, 1),
            status=VersionStatus.PUBLISHED,
            created_by=admin_user,
            published_by=admin_user,
            published_at=timezone.now(),
            coverage_percent=policy.coverage_percent,
            max_months=6,
            spi_exemption=policy.spi_exemption,
            spi_exemption_source=policy.spi_exemption_source,
        )


def test_an_amount_of_a_published_version_cannot_be_changed(admin_user: User) -> None:
    version = budget_version(valid_from=JAN_2025, actor=admin_user)
    amounts = BudgetAmount.objects.filter(version=version)

    with pytest.raises(DatabaseError, match="never change"), transaction.atomic():
        amounts.filter(component="food").update(amount=Decimal("1.00"))
    with pytest.raises(DatabaseError, match="never change"), transaction.atomic():
        amounts.filter(component="food").delete()
    assert set(amounts.filter(component="food").values_list("amount", flat=True)) == {
        Decimal("10.00")
    }


def test_no_amount_can_be_added_to_a_published_version(admin_user: User) -> None:
    # Published without amounts (the service would refuse that): every insert is refused.
    version = published_version(admin_user, JAN_2025, None)

    # Written directly, not by a factory: the test is that the database refuses the row.
    with pytest.raises(DatabaseError, match="never change"), transaction.atomic():
        BudgetAmount.objects.create(
            version=version, component="food", age_band="18-64", sex="F", amount=Decimal("1.00")
        )
    assert not BudgetAmount.objects.filter(version=version).exists()


def test_an_amount_cannot_be_moved_into_a_published_version(admin_user: User) -> None:
    published = published_version(admin_user, JAN_2025, None)
    draft = budget_version(valid_from=dt.date(2026, 1, 1), published=False, actor=admin_user)
    amount = BudgetAmount.objects.filter(version=draft).first()
    assert amount is not None

    with pytest.raises(DatabaseError, match="never change"), transaction.atomic():
        BudgetAmount.objects.filter(pk=amount.pk).update(version=published)
    assert not BudgetAmount.objects.filter(version=published).exists()


def test_the_amounts_of_a_draft_change_freely(admin_user: User) -> None:
    draft = budget_version(valid_from=JAN_2025, published=False, actor=admin_user)

    BudgetAmount.objects.filter(version=draft, component="food").update(amount=Decimal("11.00"))

    assert BudgetAmount.objects.filter(version=draft, amount=Decimal("11.00")).count() == 12


def test_the_name_of_a_published_version_cannot_be_changed(admin_user: User) -> None:
    version = budget_version(valid_from=JAN_2025, actor=admin_user, name="Budget 2025")

    with pytest.raises(DatabaseError, match="never changes"), transaction.atomic():
        BudgetVersion.objects.filter(pk=version.pk).update(name="Anders")
    with pytest.raises(DatabaseError, match="never changes"), transaction.atomic():
        BudgetVersion.objects.filter(pk=version.pk).update(status=VersionStatus.DRAFT)
    assert BudgetVersion.objects.get(pk=version.pk).name == "Budget 2025"


def test_the_open_end_of_a_published_version_can_be_closed_once(admin_user: User) -> None:
    version = budget_version(valid_from=JAN_2025, actor=admin_user)
    versions = BudgetVersion.objects.filter(pk=version.pk)

    versions.update(valid_to=dt.date(2025, 12, 31))

    assert versions.get().valid_to == dt.date(2025, 12, 31)
    with pytest.raises(DatabaseError, match="never changes"), transaction.atomic():
        versions.update(valid_to=dt.date(2026, 6, 30))


def test_a_published_version_or_policy_cannot_be_deleted(admin_user: User) -> None:
    version = budget_version(valid_from=JAN_2025, actor=admin_user)
    policy = aid_policy(valid_from=JAN_2025, actor=admin_user)

    # Django deletes the amounts first (on_delete=CASCADE): their guard is the first to refuse.
    with pytest.raises(DatabaseError, match="never change"), transaction.atomic():
        BudgetVersion.objects.filter(pk=version.pk).delete()
    with (
        pytest.raises(DatabaseError, match="cannot be deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM budgets_budgetversion WHERE id = %s", [version.pk])
    with pytest.raises(DatabaseError, match="cannot be deleted"), transaction.atomic():
        AidPolicy.objects.filter(pk=policy.pk).delete()
    assert BudgetVersion.objects.filter(pk=version.pk).exists()


def test_a_published_policy_cannot_be_changed(admin_user: User) -> None:
    policy = aid_policy(valid_from=JAN_2025, actor=admin_user)

    with pytest.raises(DatabaseError, match="never changes"), transaction.atomic():
        AidPolicy.objects.filter(pk=policy.pk).update(coverage_percent=Decimal("50.00"))


def test_a_saved_calculation_cannot_be_changed_or_deleted(worker: User, admin_user: User) -> None:
    budget_version(valid_from=JAN_2025, actor=admin_user)
    aid_policy(valid_from=JAN_2025, actor=admin_user)
    file = client_of(worker, complete=True)
    saved = aid_calculation_save(actor=worker, client=file, on=dt.date(2025, 3, 1))
    calculations = AidCalculation.objects.filter(pk=saved.pk)

    with pytest.raises(DatabaseError, match="never changes"), transaction.atomic():
        calculations.update(proposed_aid=Decimal("999.00"))
    with pytest.raises(DatabaseError, match="never changes"), transaction.atomic():
        calculations.update(note="achteraf aangepast")
    with pytest.raises(DatabaseError, match="never changes"), transaction.atomic():
        calculations.delete()
    assert calculations.get().proposed_aid == saved.proposed_aid
