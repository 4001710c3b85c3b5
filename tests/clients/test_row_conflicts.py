"""Optimistic locking of the rows of a client file (household members, incomes, trajectories'
details, debts), as the record has it (test_overview_views): a second editor's save never
silently undoes the first's."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client as HttpClient
from django.urls import reverse

from clients import services
from clients.models import AccessLog, Client, Debt, HouseholdMember, Income, Trajectory
from tests.conftest import login
from tests.factories import (
    DebtFactory,
    HouseholdMemberFactory,
    IncomeFactory,
    TrajectoryFactory,
    client_of,
)
from tests.html_forms import posted
from wijkteams.models import User

pytestmark = pytest.mark.django_db

CONFLICT_TITLE = "Iemand anders heeft dit opgeslagen terwijl jij het bewerkte"


@pytest.fixture
def client_file(worker: User) -> Client:
    return client_of(worker, first_name="Fatima", last_name="El Amrani")


def make_member(client: Client, actor: User) -> HouseholdMember:
    return HouseholdMemberFactory.create(
        client=client,
        first_name="Amira",
        last_name="El Amrani",
        birth_date=dt.date(2014, 5, 2),
        sex="F",
        relation="child",
    )


def make_income(client: Client, actor: User) -> Income:
    return IncomeFactory.create(client=client, kind="wage", net_monthly=Decimal("1500.00"))


def make_activation(client: Client, actor: User) -> Trajectory:
    return TrajectoryFactory.create(
        client=client,
        kind=Trajectory.Kind.ACTIVATION,
        activation_type="vdab",
        partner="VDAB Brugge",
        opened_on=dt.date(2026, 1, 5),
        created_by=actor,
    )


def make_debt(client: Client, actor: User) -> Debt:
    debt_help = TrajectoryFactory.create(
        client=client,
        kind=Trajectory.Kind.DEBT_HELP,
        debt_help_type="debt_mediation",
        opened_on=dt.date(2026, 1, 5),
        created_by=actor,
    )
    return DebtFactory.create(
        trajectory=debt_help,
        creditor="Fluvius",
        original_amount=Decimal("850.00"),
        outstanding_amount=Decimal("850.00"),
    )


def save_member(actor: User, row: Any, version: int) -> object:
    return services.household_member_save(
        actor=actor, client=row.client, member=row, expected_version=version
    )


def save_income(actor: User, row: Any, version: int) -> object:
    return services.income_save(
        actor=actor, client=row.client, income=row, expected_version=version
    )


def save_trajectory(actor: User, row: Any, version: int) -> object:
    return services.trajectory_save(actor=actor, trajectory=row, expected_version=version)


def save_debt(actor: User, row: Any, version: int) -> object:
    return services.debt_save(
        actor=actor, trajectory=row.trajectory, debt=row, expected_version=version
    )


@dataclass(frozen=True)
class Row:
    """One kind of row, its edit page, and what two editors type into the same field."""

    name: str
    make: Callable[[Client, User], Model]
    url: Callable[[Client, Any], str]
    save: Callable[[User, Any, int], object]
    prefix: str
    field: str
    label: str  # the field's label on the page (Dutch)
    theirs: str  # what the first editor types (and the conflict shows as theirs)
    yours: str  # what the second editor types (and the conflict shows as theirs)
    theirs_saved: Any
    yours_saved: Any
    other: str  # a field only the second editor changes
    other_typed: str
    other_saved: Any


ROWS = [
    Row(
        name="member",
        make=make_member,
        url=lambda c, r: reverse("clients:member_edit", args=[c.pk, r.pk]),
        save=save_member,
        prefix="member",
        field="first_name",
        label="Voornaam",
        theirs="Amina",
        yours="Amila",
        theirs_saved="Amina",
        yours_saved="Amila",
        other="school_level",
        other_typed="primary",
        other_saved="primary",
    ),
    Row(
        name="income",
        make=make_income,
        url=lambda c, r: reverse("clients:income_edit", args=[c.pk, r.pk]),
        save=save_income,
        prefix="income",
        field="net_monthly",
        label="Netto per maand",
        theirs="1.600,00",
        yours="1.450,50",
        theirs_saved=Decimal("1600.00"),
        yours_saved=Decimal("1450.50"),
        other="starts_on",
        other_typed="2026-01-01",
        other_saved=dt.date(2026, 1, 1),
    ),
    Row(
        name="trajectory",
        make=make_activation,
        url=lambda c, r: reverse("clients:trajectory_edit", args=[c.pk, r.pk]),
        save=save_trajectory,
        prefix="details",
        field="partner",
        label="Partner of werkgever",
        theirs="Syntra West",
        yours="VDAB Kortrijk",
        theirs_saved="Syntra West",
        yours_saved="VDAB Kortrijk",
        other="hours_per_week",
        other_typed="19,5",
        other_saved=Decimal("19.5"),
    ),
    Row(
        name="debt",
        make=make_debt,
        url=lambda c, r: reverse("clients:debt_edit", args=[c.pk, r.trajectory.pk, r.pk]),
        save=save_debt,
        prefix="debt",
        field="outstanding_amount",
        label="Openstaand bedrag",
        theirs="400,00",
        yours="350,00",
        theirs_saved=Decimal("400.00"),
        yours_saved=Decimal("350.00"),
        other="reference",
        other_typed="REF-9",
        other_saved="REF-9",
    ),
]


def as_user(user: User) -> HttpClient:
    return login(HttpClient(), user)


def changes_logged(client: Client) -> int:
    return AccessLog.objects.filter(client=client, action=AccessLog.Action.CHANGE).count()


def two_editors_load(
    row: Row, worker: User, lead: User, client_file: Client
) -> tuple[Model, str, HttpClient, dict[str, str], HttpClient, dict[str, str]]:
    """Sofie (the worker) and Pieter (the lead) both open the edit page of version 1."""
    instance = row.make(client_file, worker)
    edit = row.url(client_file, instance)
    sofie, pieter = as_user(worker), as_user(lead)
    sofie_loaded = posted(sofie.get(edit).content.decode(), edit)
    pieter_loaded = posted(pieter.get(edit).content.decode(), edit)
    assert sofie_loaded["loaded-version"] == pieter_loaded["loaded-version"] == "1"
    return instance, edit, sofie, sofie_loaded, pieter, pieter_loaded


def sofies_edit(row: Row, loaded: dict[str, str]) -> dict[str, str]:
    return {
        **loaded,
        f"{row.prefix}-{row.field}": row.yours,
        f"{row.prefix}-{row.other}": row.other_typed,
    }


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_second_save_of_two_editors_gets_a_conflict_showing_what_changed(
    row: Row, worker: User, lead: User, client_file: Client
) -> None:
    instance, edit, sofie, sofie_loaded, pieter, pieter_loaded = two_editors_load(
        row, worker, lead, client_file
    )
    changes_before = changes_logged(client_file)

    first = pieter.post(edit, {**pieter_loaded, f"{row.prefix}-{row.field}": row.theirs})
    assert first.status_code == 302

    second = sofie.post(edit, sofies_edit(row, sofie_loaded))
    assert second.status_code == 200
    page = second.content.decode()
    assert CONFLICT_TITLE in page
    assert f"Opgeslagen door {lead.get_full_name()}" in page
    conflicts = {c.label: c for c in second.context["conflicts"]}
    assert set(conflicts) == {row.label}
    assert (conflicts[row.label].theirs, conflicts[row.label].yours) == (row.theirs, row.yours)
    assert conflicts[row.label].you_changed
    for shown_text in [row.label, row.theirs, row.yours]:
        assert shown_text in page
    # Nothing of Sofie's is saved, nothing she typed is lost, and the form has the new version.
    shown = posted(page, edit)
    assert shown[f"{row.prefix}-{row.field}"] == row.yours
    assert shown[f"{row.prefix}-{row.other}"] == row.other_typed
    assert shown["loaded-version"] == "2"
    instance.refresh_from_db()
    assert getattr(instance, row.field) == row.theirs_saved
    assert getattr(instance, row.other) != row.other_saved
    assert getattr(instance, "version") == 2  # noqa: B009  # every row has one
    assert changes_logged(client_file) == changes_before + 1


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_saving_again_after_a_conflict_stores_the_second_editors_values(
    row: Row, worker: User, lead: User, client_file: Client
) -> None:
    instance, edit, sofie, sofie_loaded, pieter, pieter_loaded = two_editors_load(
        row, worker, lead, client_file
    )
    changes_before = changes_logged(client_file)
    pieter.post(edit, {**pieter_loaded, f"{row.prefix}-{row.field}": row.theirs})
    conflict = sofie.post(edit, sofies_edit(row, sofie_loaded))
    assert conflict.status_code == 200
    # Sofie saves the form as it came back (the browser posts what it shows).
    again = sofie.post(edit, posted(conflict.content.decode(), edit))
    assert again.status_code == 302
    instance.refresh_from_db()
    assert getattr(instance, row.field) == row.yours_saved
    assert getattr(instance, row.other) == row.other_saved
    assert getattr(instance, "version") == 3  # noqa: B009  # every row has one
    assert changes_logged(client_file) == changes_before + 2


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_saving_a_row_unchanged_saves_and_logs_nothing(
    row: Row, worker: User, client_file: Client
) -> None:
    instance = row.make(client_file, worker)
    edit = row.url(client_file, instance)
    sofie = as_user(worker)
    changes_before = changes_logged(client_file)

    response = sofie.post(edit, posted(sofie.get(edit).content.decode(), edit), follow=True)

    assert "Er is niets gewijzigd." in response.content.decode()
    instance.refresh_from_db()
    assert getattr(instance, "version") == 1  # noqa: B009  # every row has one
    assert changes_logged(client_file) == changes_before


def test_a_field_only_the_other_changed_keeps_their_value_when_saving_again(
    worker: User, lead: User, client_file: Client
) -> None:
    row = ROWS[0]
    instance, edit, sofie, sofie_loaded, pieter, pieter_loaded = two_editors_load(
        row, worker, lead, client_file
    )
    pieter.post(edit, {**pieter_loaded, "member-last_name": "Benali"})
    conflict = sofie.post(edit, {**sofie_loaded, "member-school_level": "primary"})
    conflicts = conflict.context["conflicts"]
    assert [(c.label, c.theirs, c.you_changed) for c in conflicts] == [
        ("Familienaam", "Benali", False)
    ]
    sofie.post(edit, posted(conflict.content.decode(), edit))
    instance.refresh_from_db()
    assert isinstance(instance, HouseholdMember)
    assert (instance.last_name, instance.school_level) == ("Benali", "primary")


@pytest.mark.parametrize("row", ROWS[:2], ids=lambda row: row.name)
def test_saving_a_row_removed_meanwhile_says_so(
    row: Row, worker: User, lead: User, client_file: Client
) -> None:
    instance, edit, sofie, sofie_loaded, _pieter, _loaded = two_editors_load(
        row, worker, lead, client_file
    )
    instance.delete()
    response = sofie.post(edit, sofies_edit(row, sofie_loaded), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "clients:file_household", args=[client_file.pk]
    )
    assert "intussen verwijderd" in response.content.decode()


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_a_save_with_a_stale_version_is_refused_and_changes_nothing(
    row: Row, worker: User, client_file: Client
) -> None:
    instance = row.make(client_file, worker)
    model = type(instance)
    first = model._default_manager.get(pk=instance.pk)
    stale = model._default_manager.get(pk=instance.pk)
    setattr(first, row.field, row.theirs_saved)
    row.save(worker, first, 1)
    assert getattr(first, "version") == 2  # noqa: B009  # every row has one
    changes_before = changes_logged(client_file)

    setattr(stale, row.field, row.yours_saved)
    with pytest.raises(services.EditConflictError) as conflict:
        row.save(worker, stale, 1)
    assert getattr(conflict.value.current, row.field) == row.theirs_saved
    instance.refresh_from_db()
    assert getattr(instance, row.field) == row.theirs_saved
    assert getattr(instance, "version") == 2  # noqa: B009  # every row has one
    assert changes_logged(client_file) == changes_before


def test_an_existing_row_is_not_saved_without_the_version_its_editor_loaded(
    worker: User, client_file: Client
) -> None:
    member = make_member(client_file, worker)
    member.first_name = "Amina"
    with pytest.raises(TypeError):
        services.household_member_save(actor=worker, client=client_file, member=member)
    member.refresh_from_db()
    assert member.first_name == "Amira"


def test_a_status_change_raises_the_version_and_undoes_no_ones_details(
    worker: User, client_file: Client
) -> None:
    loaded = make_activation(client_file, worker)
    edited = Trajectory.objects.get(pk=loaded.pk)
    edited.partner = "Syntra West"
    services.trajectory_save(actor=worker, trajectory=edited, expected_version=1)
    # `loaded` still holds the old partner: activating it writes the status only.
    services.trajectory_activate(actor=worker, trajectory=loaded)
    assert loaded.version == 3
    loaded.refresh_from_db()
    assert (loaded.status, loaded.partner) == (Trajectory.Status.ACTIVE, "Syntra West")
    # An editor who loaded version 2 (before the activation) gets a conflict.
    edited.hours_per_week = Decimal("19.5")
    with pytest.raises(services.EditConflictError):
        services.trajectory_save(actor=worker, trajectory=edited, expected_version=2)
