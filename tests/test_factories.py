"""The test factories' own promises."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db.models import Model
from factory.django import DjangoModelFactory

from clients.models import Sex
from clients.national_number import national_number_check_match
from tests import factories
from tests.factories import STAFF_FIRST_NAMES, STAFF_LAST_NAMES, ClientFactory, UserFactory

TESTS = Path(__file__).resolve().parent


def test_staff_names_hold_no_name_another_test_looks_for() -> None:
    """A test that asserts a client's name is absent from a page must not find it inside the
    name of the staff member the page shows (and pages show names HTML-escaped: no apostrophe)."""
    strings = {
        match
        for path in TESTS.rglob("*.py")
        if path.name != "factories.py"
        for match in re.findall(r'"([A-ZÀ-Ý][^"\n]{1,60})"', path.read_text(encoding="utf-8"))
    }
    names = [f"{first} {last}" for first in STAFF_FIRST_NAMES for last in STAFF_LAST_NAMES]
    clashes = {name: [s for s in strings if s in name] for name in names}
    assert {name: found for name, found in clashes.items() if found} == {}
    assert not any("'" in name for name in names)


def test_staff_names_go_through_every_combination() -> None:
    built = {
        (u.first_name, u.last_name) for u in UserFactory.build_batch(len(STAFF_FIRST_NAMES) ** 2)
    }
    assert len(built) == len(STAFF_FIRST_NAMES) ** 2


@pytest.mark.parametrize("sex", [Sex.FEMALE, Sex.MALE, Sex.X])
def test_a_client_agrees_with_its_national_number(sex: Sex) -> None:
    """The services refuse a birth date or sex the number contradicts: a factory's client must
    pass them, whatever its sex and however many were built before."""
    for client in ClientFactory.build_batch(3, sex=sex):
        national_number_check_match(
            client.national_number, birth_date=client.birth_date, sex=client.sex
        )


PROJECT_APPS = ("wijkteams", "clients", "documents", "procedure", "budgets", "rights")


def _factories() -> dict[type[Model], type[DjangoModelFactory[Any]]]:
    return {
        value._meta.model: value
        for value in vars(factories).values()
        if isinstance(value, type)
        and issubclass(value, DjangoModelFactory)
        and value._meta.model is not None
    }


def test_every_model_of_the_project_has_a_factory() -> None:
    models = {
        model
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy
    }
    assert sorted(m.__name__ for m in models - set(_factories())) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "factory",
    sorted(_factories().values(), key=str),
    ids=lambda f: str(getattr(f, "__name__", f)),
)
def test_a_factory_makes_a_row_the_database_accepts(factory: type[DjangoModelFactory[Any]]) -> None:
    row = factory.create()
    assert type(row).objects.filter(pk=row.pk).exists()
