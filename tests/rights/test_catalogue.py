"""The rights catalogue: every rule's right is in the database after `migrate`, with a first
parameter version from the rules' defaults; syncing again adds what is missing and changes
nothing an administrator set."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.management.sql import emit_post_migrate_signal

from rights.catalogue import CATALOGUE, catalogue_sync
from rights.models import Right, RightParameters
from rights.rules import DEFAULTS, RULES, Seed, current_defaults
from tests.factories import RightParametersFactory
from wijkteams.models import User

pytestmark = pytest.mark.django_db

VT = "verhoogde_tegemoetkoming"


def _snapshot() -> tuple[list[Any], list[Any]]:
    return (
        list(Right.objects.order_by("pk").values()),
        list(RightParameters.objects.order_by("pk").values()),
    )


def test_the_catalogue_describes_exactly_the_rights_with_a_rule() -> None:
    codes = [entry.code for entry in CATALOGUE]
    assert len(codes) == len(set(codes))
    assert set(codes) == set(RULES) == set(DEFAULTS)
    assert len({entry.order for entry in CATALOGUE}) == len(CATALOGUE)
    for entry in CATALOGUE:
        assert entry.automatic in Right.Automatic.values, entry.code
        assert all(
            getattr(entry, name)
            for name in ("name_nl", "name_en", "gives_nl", "gives_en", "how_to_apply_nl")
        ), entry.code
        assert entry.how_to_apply_en, entry.code
        assert entry.documents_nl, entry.code
        assert entry.documents_en, entry.code


SHIPPED_VERSIONS = sum(len(seeds) for seeds in DEFAULTS.values())


def test_after_migrate_every_rule_has_its_right_and_every_shipped_version() -> None:
    assert set(Right.objects.values_list("code", flat=True)) == set(RULES)
    for right in Right.objects.all():
        versions = list(RightParameters.objects.filter(right=right).order_by("valid_from"))
        assert [(p.valid_from, p.values, p.source) for p in versions] == [
            (seed.valid_from, dict(seed.values), seed.source) for seed in DEFAULTS[right.code]
        ]
        assert all(p.created_by is None for p in versions)
    entry = next(e for e in CATALOGUE if e.code == VT)
    right = Right.objects.get(code=VT)
    assert (right.name_nl, right.how_to_apply_en, right.automatic, right.order) == (
        entry.name_nl,
        entry.how_to_apply_en,
        entry.automatic,
        entry.order,
    )


def test_syncing_a_migrated_database_changes_nothing() -> None:
    before = _snapshot()
    assert catalogue_sync() == (0, 0)
    assert catalogue_sync() == (0, 0)
    assert _snapshot() == before


def test_sync_on_an_empty_catalogue_creates_everything_once() -> None:
    RightParameters.objects.all().delete()
    Right.objects.all().delete()
    assert catalogue_sync() == (len(CATALOGUE), SHIPPED_VERSIONS)
    after = _snapshot()
    assert catalogue_sync() == (0, 0)
    assert _snapshot() == after


def test_an_administrators_texts_and_thresholds_are_kept(admin_user: User) -> None:
    right = Right.objects.get(code=VT)
    right.name_nl = "Verhoogde tegemoetkoming (eigen tekst)"
    right.documents_en = ""
    right.is_active = False
    right.order = 3
    right.save()
    first = RightParameters.objects.filter(right=right).order_by("valid_from").first()
    assert first is not None
    first.values = {**first.values, "gross_limit": "27550.86"}
    first.save()
    RightParametersFactory.create(
        right=right,
        valid_from=dt.date(2099, 1, 1),
        values={**first.values, "gross_per_dependant": "5100.42"},
        source="statut-bim.be (2026)",
        created_by=admin_user,
    )
    before = _snapshot()

    assert catalogue_sync() == (0, 0)

    assert _snapshot() == before
    right.refresh_from_db()
    assert right.name_nl == "Verhoogde tegemoetkoming (eigen tekst)"
    assert not right.is_active
    first.refresh_from_db()
    assert Decimal(first.values["gross_limit"]) == Decimal("27550.86")


def test_a_right_without_thresholds_gets_the_defaults_and_keeps_its_texts() -> None:
    right = Right.objects.get(code="igo")
    right.gives_en = "Edited by the administrator."
    right.save()
    RightParameters.objects.filter(right=right).delete()

    assert catalogue_sync() == (0, len(DEFAULTS["igo"]))

    right.refresh_from_db()
    assert right.gives_en == "Edited by the administrator."
    newest = RightParameters.objects.filter(right=right).order_by("valid_from").last()
    assert newest is not None
    assert newest.values == dict(current_defaults("igo"))


def test_a_release_adds_only_the_shipped_versions_newer_than_a_rights_newest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Newly indexed figures arrive with a release; no version is slipped under one that
    exists (an older shipped figure is not added after a newer version)."""
    right = Right.objects.get(code="igo")
    newest = RightParameters.objects.filter(right=right).order_by("valid_from").last()
    assert newest is not None
    older = Seed(dt.date(2000, 1, 1), {"pension_age": "65"}, "old")
    newer = Seed(dt.date(2099, 2, 1), {**newest.values, "pension_age": "67"}, "new")
    monkeypatch.setitem(DEFAULTS, "igo", (older, *DEFAULTS["igo"], newer))
    assert catalogue_sync() == (0, 1)
    versions = list(
        RightParameters.objects.filter(right=right).values_list("valid_from", flat=True)
    )
    assert dt.date(2099, 2, 1) in versions
    assert dt.date(2000, 1, 1) not in versions
    assert catalogue_sync() == (0, 0)


def test_migrate_signal_fills_the_catalogue() -> None:
    RightParameters.objects.all().delete()
    Right.objects.all().delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert Right.objects.count() == len(CATALOGUE)
    assert RightParameters.objects.count() == SHIPPED_VERSIONS
