"""Services of reference budget versions, aid policies and aid calculations.

Plain tests: CI runs them on SQLite and on PostgreSQL, where the database guards of migration
0002 stand behind the same rules (tests/budgets/test_postgres_guards.py tests those directly).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model

from budgets.calculation import Costs
from budgets.models import AidCalculation, AidPolicy, BudgetAmount, BudgetVersion, VersionStatus
from budgets.services.calculations import (
    aid_calculation_run,
    aid_calculation_save,
    calculation_household,
)
from budgets.services.versions import (
    Cell,
    aid_policy_create,
    aid_policy_delete,
    aid_policy_publish,
    aid_policy_update,
    all_cells,
    budget_version_create,
    budget_version_delete,
    budget_version_index,
    budget_version_publish,
    budget_version_update,
    household_cell,
    person_cell,
    version_amounts,
)
from clients.models import AccessLog, Client, HouseholdMember, Income
from tests.factories import (
    HouseholdMemberFactory,
    IncomeFactory,
    aid_policy,
    budget_version,
    client_of,
    social_worker,
    team_lead,
)
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.django_db

D = Decimal
JAN_2024 = dt.date(2024, 1, 1)
JAN_2025 = dt.date(2025, 1, 1)
ON = dt.date(2025, 3, 1)


def amounts(person: str = "10.00", household: str = "100.00") -> dict[Cell, Decimal]:
    return {cell: D(household if cell[3] is not None else person) for cell in all_cells()}


def draft(actor: User, valid_from: dt.date = JAN_2025, **kwargs: Any) -> BudgetVersion:
    return budget_version_create(
        actor=actor,
        name=kwargs.pop("name", f"Ontwerp {valid_from}"),
        valid_from=valid_from,
        amounts=kwargs.pop("amounts", amounts()),
        **kwargs,
    )


def policy_fields(**changes: Any) -> dict[str, Any]:
    return {
        "name": "Beleid 2025",
        "valid_from": JAN_2025,
        "coverage_percent": D("100.00"),
        "monthly_cap": None,
        "minimum_amount": D("0.00"),
        "rounding": AidPolicy.Rounding.CENT,
        "max_months": 6,
        "activation_required": True,
        "excluded_income_kinds": [],
        "spi_exemption": D("309.48"),
        "spi_exemption_source": "Testbron",
        **changes,
    }


def fresh(obj: Model) -> Any:
    return type(obj)._default_manager.get(pk=obj.pk)


# --- budget versions ------------------------------------------------------------------------


def test_publish_refuses_an_overlap_with_a_dutch_message(admin_user: User) -> None:
    budget_version(
        name="Budget 2024",
        valid_from=JAN_2024,
        valid_to=dt.date(2024, 12, 31),
        actor=admin_user,
    )
    overlapping = draft(admin_user, valid_from=dt.date(2024, 7, 1))

    with pytest.raises(ValidationError) as error:
        budget_version_publish(actor=admin_user, version=overlapping)

    assert error.value.message_dict == {
        "valid_from": [
            "Deze periode overlapt de gepubliceerde versie Budget 2024 (01/01/2024 tot 31/12/2024)."
        ]
    }
    assert fresh(overlapping).status == VersionStatus.DRAFT


def test_publish_refuses_to_start_on_the_same_day_as_an_open_predecessor(
    admin_user: User,
) -> None:
    budget_version(valid_from=JAN_2025, actor=admin_user)

    with pytest.raises(ValidationError):
        budget_version_publish(actor=admin_user, version=draft(admin_user, valid_from=JAN_2025))


def test_publish_refuses_an_open_version_that_would_run_into_a_later_one(
    admin_user: User,
) -> None:
    budget_version(valid_from=JAN_2025, actor=admin_user)

    with pytest.raises(ValidationError):
        budget_version_publish(actor=admin_user, version=draft(admin_user, valid_from=JAN_2024))


def test_publishing_closes_an_open_ended_predecessor_the_day_before(admin_user: User) -> None:
    old = budget_version(valid_from=JAN_2024, actor=admin_user)
    new = budget_version_publish(actor=admin_user, version=draft(admin_user, valid_from=JAN_2025))

    assert fresh(old).valid_to == dt.date(2024, 12, 31)
    assert new.status == VersionStatus.PUBLISHED
    assert (new.published_by, new.valid_to) == (admin_user, None)
    assert new.published_at is not None


def test_a_published_version_cannot_be_changed_through_the_services(admin_user: User) -> None:
    version = budget_version(valid_from=JAN_2025, actor=admin_user, name="Budget 2025")
    cell = person_cell("food", "18-64", "F")

    with pytest.raises(ValidationError, match="Een gepubliceerde versie verandert nooit"):
        budget_version_update(actor=admin_user, version=version, fields={"name": "Anders"})
    with pytest.raises(ValidationError):
        budget_version_update(actor=admin_user, version=version, amounts={cell: D("99.00")})
    with pytest.raises(ValidationError):
        budget_version_delete(actor=admin_user, version=version)
    with pytest.raises(ValidationError):
        budget_version_publish(actor=admin_user, version=version)

    assert fresh(version).name == "Budget 2025"
    assert version_amounts(version)[cell] == D("10.00")


def test_a_stale_copy_of_a_since_published_version_cannot_be_deleted(admin_user: User) -> None:
    stale = draft(admin_user)
    budget_version_publish(actor=admin_user, version=fresh(stale))

    with pytest.raises(ValidationError):
        budget_version_delete(actor=admin_user, version=stale)
    assert BudgetVersion.objects.filter(pk=stale.pk).exists()


def test_a_draft_changes_and_is_deleted_with_its_amounts(admin_user: User) -> None:
    version = draft(admin_user)
    cell = household_cell("energy_water", 3)

    budget_version_update(
        actor=admin_user, version=version, fields={"name": "Nieuw"}, amounts={cell: D("210.50")}
    )
    assert fresh(version).name == "Nieuw"
    assert version_amounts(version)[cell] == D("210.50")

    budget_version_delete(actor=admin_user, version=version)
    assert not BudgetAmount.objects.filter(version_id=version.pk).exists()


def test_indexing_rounds_half_up_per_cell_and_records_where_it_came_from(
    admin_user: User,
) -> None:
    cells = {
        person_cell("food", "18-64", "F"): D("0.25"),  # x 1.06 = 0.265: half up 0.27
        person_cell("food", "18-64", "M"): D("12.50"),  # 13.25 exactly
        household_cell("safety", 1): D("33.30"),  # 35.298: 35.30
        household_cell("housing", 2): D("0.75"),  # 0.795: half up 0.80
    }
    source = budget_version(
        amounts={**amounts(), **cells}, valid_from=JAN_2024, actor=admin_user, name="Basis"
    )

    indexed = budget_version_index(
        actor=admin_user, source=source, percent=D("6.00"), valid_from=JAN_2025
    )

    new = version_amounts(indexed)
    assert [new[cell] for cell in cells] == [D("0.27"), D("13.25"), D("35.30"), D("0.80")]
    assert new[person_cell("clothing", "0-2", "F")] == D("10.60")
    assert len(new) == len(all_cells())
    assert indexed.status == VersionStatus.DRAFT
    assert (indexed.based_on, indexed.index_percent, indexed.indexed_by) == (
        source,
        D("6.00"),
        admin_user,
    )
    assert indexed.valid_from == JAN_2025
    assert indexed.name == "Basis geïndexeerd met +6,00%"


def test_only_a_published_version_is_indexed_and_from_a_later_date(admin_user: User) -> None:
    published = budget_version(valid_from=JAN_2024, actor=admin_user)

    with pytest.raises(ValidationError, match="Alleen een gepubliceerde versie"):
        budget_version_index(
            actor=admin_user, source=draft(admin_user), percent=D("2"), valid_from=ON
        )
    with pytest.raises(ValidationError) as error:
        budget_version_index(
            actor=admin_user, source=published, percent=D("2"), valid_from=JAN_2024
        )
    assert "valid_from" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        budget_version_index(actor=admin_user, source=published, percent=D("-100"), valid_from=ON)
    assert "percent" in error.value.message_dict


def test_an_incomplete_version_cannot_be_published(admin_user: User) -> None:
    everything = amounts()
    del everything[person_cell("food", "65+", "M")]
    del everything[household_cell("unforeseen", 6)]
    version = draft(admin_user, amounts=everything)

    with pytest.raises(ValidationError) as error:
        budget_version_publish(actor=admin_user, version=version)

    assert error.value.messages == [
        "De versie is onvolledig: er ontbreken 2 bedragen, zoals food / 65+ / M."
    ]
    assert fresh(version).status == VersionStatus.DRAFT


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (D("-0.01"), "food / 18-64 / F: een bedrag kan niet negatief zijn."),
        (D("1.005"), "food / 18-64 / F: een bedrag heeft hoogstens twee decimalen."),
        (D("100000000.00"), "food / 18-64 / F: geef een bedrag tot 99.999.999,99."),
        (D("NaN"), "food / 18-64 / F: geef een bedrag tot 99.999.999,99."),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_written(
    admin_user: User, amount: Decimal, message: str
) -> None:
    version = draft(admin_user)
    cell = person_cell("food", "18-64", "F")

    with pytest.raises(ValidationError) as error:
        budget_version_update(actor=admin_user, version=version, amounts={cell: amount})

    assert error.value.messages == [message]
    assert version_amounts(version)[cell] == D("10.00")


def test_a_cell_that_does_not_exist_is_refused(admin_user: User) -> None:
    with pytest.raises(ValidationError, match="is geen cel van een referentiebudget"):
        draft(admin_user, amounts={person_cell("food", "18-64", "X"): D("1.00")})
    with pytest.raises(ValidationError):
        draft(admin_user, amounts={household_cell("food", 2): D("1.00")})
    assert not BudgetVersion.objects.exists()


def test_an_end_before_the_start_is_refused(admin_user: User) -> None:
    with pytest.raises(ValidationError) as error:
        draft(admin_user, valid_to=dt.date(2024, 12, 31))

    assert error.value.message_dict == {
        "valid_to": ["De einddatum kan niet voor de begindatum liggen."]
    }


def test_only_administrators_manage_versions(team: Wijkteam, admin_user: User) -> None:
    published = budget_version(valid_from=JAN_2024, actor=admin_user)
    version = draft(admin_user)
    for actor in (social_worker(team), team_lead(team)):
        with pytest.raises(PermissionDenied):
            draft(actor)
        with pytest.raises(PermissionDenied):
            budget_version_update(actor=actor, version=version, fields={"name": "x"})
        with pytest.raises(PermissionDenied):
            budget_version_publish(actor=actor, version=version)
        with pytest.raises(PermissionDenied):
            budget_version_index(actor=actor, source=published, percent=D("2"), valid_from=ON)
        with pytest.raises(PermissionDenied):
            budget_version_delete(actor=actor, version=version)
    assert BudgetVersion.objects.count() == 2


# --- aid policies ---------------------------------------------------------------------------


def test_policy_publish_refuses_an_overlap(admin_user: User) -> None:
    aid_policy(
        name="Beleid 2024",
        valid_from=JAN_2024,
        valid_to=dt.date(2024, 12, 31),
        actor=admin_user,
    )
    overlapping = aid_policy_create(
        actor=admin_user, fields=policy_fields(valid_from=dt.date(2024, 12, 31))
    )

    with pytest.raises(ValidationError) as error:
        aid_policy_publish(actor=admin_user, policy=overlapping)

    assert error.value.message_dict == {
        "valid_from": [
            "Deze periode overlapt de gepubliceerde versie Beleid 2024 (01/01/2024 tot 31/12/2024)."
        ]
    }


def test_policy_publish_closes_an_open_ended_predecessor(admin_user: User) -> None:
    old = aid_policy(valid_from=JAN_2024, actor=admin_user)
    aid_policy_publish(
        actor=admin_user, policy=aid_policy_create(actor=admin_user, fields=policy_fields())
    )

    assert fresh(old).valid_to == dt.date(2024, 12, 31)


def test_a_published_policy_cannot_be_changed_or_deleted(admin_user: User) -> None:
    policy = aid_policy(valid_from=JAN_2025, actor=admin_user, coverage_percent=D("80.00"))

    with pytest.raises(ValidationError):
        aid_policy_update(actor=admin_user, policy=policy, fields={"coverage_percent": D("90")})
    with pytest.raises(ValidationError):
        aid_policy_delete(actor=admin_user, policy=policy)

    assert fresh(policy).coverage_percent == D("80.00")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"coverage_percent": D("100.01")}, "coverage_percent"),
        ({"coverage_percent": D("-1")}, "coverage_percent"),
        ({"monthly_cap": D("-5.00")}, "monthly_cap"),
        ({"minimum_amount": D("-0.01")}, "minimum_amount"),
        ({"monthly_cap": D("20.00"), "minimum_amount": D("25.00")}, "minimum_amount"),
        ({"max_months": 0}, "max_months"),
        ({"rounding": "euro_up"}, "rounding"),
        ({"excluded_income_kinds": ["wages"]}, "excluded_income_kinds"),
        ({"excluded_income_kinds": "leefloon"}, "excluded_income_kinds"),
        ({"spi_exemption": D("-0.01")}, "spi_exemption"),
        ({"spi_exemption": None}, "spi_exemption"),
        ({"spi_exemption_source": ""}, "spi_exemption_source"),
        ({"valid_to": dt.date(2024, 1, 1)}, "valid_to"),
    ],
)
def test_bad_policy_values_are_refused_next_to_their_field(
    admin_user: User, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        aid_policy_create(actor=admin_user, fields=policy_fields(**changes))

    assert field in error.value.message_dict
    assert not AidPolicy.objects.exists()


def test_a_policy_without_a_start_gets_a_message_not_a_crash(admin_user: User) -> None:
    with pytest.raises(ValidationError) as error:
        aid_policy_create(
            actor=admin_user, fields=policy_fields(valid_from=None, valid_to=dt.date(2025, 6, 30))
        )

    assert "valid_from" in error.value.message_dict


def test_only_administrators_manage_policies(team: Wijkteam, admin_user: User) -> None:
    policy = aid_policy_create(actor=admin_user, fields=policy_fields())
    for actor in (social_worker(team), team_lead(team)):
        with pytest.raises(PermissionDenied):
            aid_policy_create(actor=actor, fields=policy_fields())
        with pytest.raises(PermissionDenied):
            aid_policy_update(actor=actor, policy=policy, fields={"max_months": 3})
        with pytest.raises(PermissionDenied):
            aid_policy_publish(actor=actor, policy=policy)
        with pytest.raises(PermissionDenied):
            aid_policy_delete(actor=actor, policy=policy)
    assert fresh(policy).status == VersionStatus.DRAFT


# --- calculations ---------------------------------------------------------------------------


@pytest.fixture
def budgets(admin_user: User) -> BudgetVersion:
    """A published version from 2024 (person cells 10.00, household cells 100.00) and a policy
    covering the whole shortfall."""
    aid_policy(valid_from=JAN_2024, actor=admin_user)
    return budget_version(valid_from=JAN_2024, actor=admin_user, name="Budget 2024")


def renter(worker: User, **fields: Any) -> Client:
    """A woman of 40 paying 600.00 rent, on the single leefloon (1,314.20)."""
    client = client_of(
        worker, birth_date=dt.date(1985, 1, 1), rent=D("600.00"), complete=True, **fields
    )
    IncomeFactory.create(client=client, kind=Income.Kind.LEEFLOON, net_monthly=D("1314.20"))
    return client


def test_no_budget_on_the_date_is_a_dutch_error_and_nothing_is_saved(
    worker: User, admin_user: User
) -> None:
    aid_policy(valid_from=JAN_2024, actor=admin_user)
    budget_version(valid_from=JAN_2025, actor=admin_user)
    client = renter(worker)
    logged = AccessLog.objects.count()

    with pytest.raises(ValidationError) as error:
        aid_calculation_save(actor=worker, client=client, on=dt.date(2024, 6, 30))

    assert error.value.messages == [
        "Er is geen gepubliceerd referentiebudget geldig op 30/06/2024."
    ]
    assert error.value.code == "no_budget"
    assert not AidCalculation.objects.exists()
    assert AccessLog.objects.count() == logged


def test_no_policy_on_the_date_is_a_dutch_error(worker: User, admin_user: User) -> None:
    budget_version(valid_from=JAN_2024, actor=admin_user)

    with pytest.raises(ValidationError) as error:
        aid_calculation_save(actor=worker, client=renter(worker), on=ON)

    assert error.value.messages == ["Er is geen gepubliceerd steunbeleid geldig op 01/03/2025."]
    assert not AidCalculation.objects.exists()


def test_costs_that_differ_from_the_file_need_a_reason(worker: User) -> None:
    client = renter(worker, illness_costs=D("40.00"))
    costs = Costs(rent=D("650.00"), illness=D("40.00"), childcare=D("0.00"))

    with pytest.raises(ValidationError) as error:
        calculation_household(client=client, on=ON, costs=costs, reasons={"rent": "  "})

    assert error.value.message_dict == {
        "rent": ["Geef aan waarom dit afwijkt van het cliëntdossier."],
        "childcare": ["Geef aan waarom dit afwijkt van het cliëntdossier."],
    }


def test_reasons_are_kept_only_for_costs_that_differ(worker: User) -> None:
    client = renter(worker)
    household = calculation_household(
        client=client,
        on=ON,
        costs=Costs(rent=D("650.00")),
        reasons={"rent": " nieuwe huurprijs sinds maart ", "illness": "niets veranderd"},
    )

    assert household.costs.rent == D("650.00")
    assert household.reasons == {"rent": "nieuwe huurprijs sinds maart"}


def test_saving_writes_one_calculation_and_one_access_log_row(
    worker: User, budgets: BudgetVersion
) -> None:
    client = renter(worker)
    logged = AccessLog.objects.filter(client=client).count()

    calculation = aid_calculation_save(actor=worker, client=client, on=ON, note="eerste berekening")

    # One person: 8 x 10.00 + 5 x 100.00 + rent 600.00 = 1,180.00 against 1,314.20.
    assert AidCalculation.objects.get() == calculation
    assert (calculation.reference_budget, calculation.saldo, calculation.proposed_aid) == (
        D("1180.00"),
        D("134.20"),
        D("0.00"),
    )
    assert (calculation.budget_version, calculation.calculated_on) == (budgets, ON)
    log = AccessLog.objects.filter(client=client).order_by("-pk").first()
    assert AccessLog.objects.filter(client=client).count() == logged + 1
    assert log is not None
    assert (log.actor, log.action) == (worker, AccessLog.Action.CREATE)


def test_only_the_clients_worker_or_team_lead_saves_a_calculation(
    worker: User, team: Wijkteam, admin_user: User, budgets: BudgetVersion
) -> None:
    client = renter(worker)

    for outsider in (social_worker(team), admin_user):
        with pytest.raises(PermissionDenied):
            aid_calculation_save(actor=outsider, client=client, on=ON)
    aid_calculation_save(actor=team_lead(team), client=client, on=ON)
    assert AidCalculation.objects.count() == 1


def test_a_saved_calculation_never_changes_afterwards(
    worker: User, admin_user: User, budgets: BudgetVersion
) -> None:
    client = renter(worker)
    child = HouseholdMemberFactory.create(
        client=client,
        first_name="Lina",
        last_name="Peeters",
        birth_date=dt.date(2016, 5, 1),
        sex="F",
        relation=HouseholdMember.Relation.CHILD,
    )
    saved = aid_calculation_save(actor=worker, client=client, on=ON)
    inputs, breakdown = saved.inputs, saved.breakdown
    totals = (saved.reference_budget, saved.available_income, saved.saldo, saved.proposed_aid)

    # The file changes in every way the calculation read it ...
    Client.objects.filter(pk=client.pk).update(
        rent=D("900.00"), illness_costs=D("55.00"), car_necessary=True, car_costs=D("120.00")
    )
    child.delete()
    HouseholdMemberFactory.create(
        client=client,
        first_name="Bram",
        last_name="Peeters",
        birth_date=dt.date(2024, 2, 1),
        sex="M",
        relation=HouseholdMember.Relation.CHILD,
    )
    Income.objects.filter(client=client).update(net_monthly=D("100.00"))
    # ... and a new reference budget and policy are published, closing the old ones.
    budget_version(person=D("20.00"), valid_from=dt.date(2025, 2, 1), actor=admin_user)
    aid_policy(valid_from=dt.date(2025, 2, 1), coverage_percent=D("50.00"), actor=admin_user)

    again = AidCalculation.objects.get(pk=saved.pk)
    assert (again.inputs, again.breakdown) == (inputs, breakdown)
    assert (again.reference_budget, again.available_income, again.saldo, again.proposed_aid) == (
        totals
    )
    assert again.budget_version_id == budgets.pk
    # And a new calculation on the same day does see the changes.
    later = aid_calculation_run(household=calculation_household(client=client, on=ON))
    assert later.reference_budget != again.reference_budget


def test_ages_are_counted_on_the_calculation_date(worker: User, budgets: BudgetVersion) -> None:
    client = client_of(worker, birth_date=dt.date(1985, 1, 1), complete=True)
    HouseholdMemberFactory.create(
        client=client,
        first_name="Noor",
        last_name="Claes",
        birth_date=dt.date(2007, 3, 2),
        sex="F",
        relation=HouseholdMember.Relation.CHILD,
    )

    day_before = calculation_household(client=client, on=dt.date(2025, 3, 1))
    birthday = calculation_household(client=client, on=dt.date(2025, 3, 2))

    assert [p.age_band for p in day_before.persons] == ["18-64", "12-17"]
    assert [p.age_band for p in birthday.persons] == ["18-64", "18-64"]


# --- queries --------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 6, 7])
def test_a_calculation_issues_the_same_queries_whatever_the_household_size(
    worker: User, budgets: BudgetVersion, size: int, django_assert_num_queries: Any
) -> None:
    client = renter(worker)
    for i in range(size - 1):
        member = HouseholdMemberFactory.create(
            client=client,
            first_name=f"Kind {i}",
            last_name="Peeters",
            birth_date=dt.date(2010 + i, 1, 1),
            sex="M",
            relation=HouseholdMember.Relation.CHILD,
        )
        IncomeFactory.create(
            client=client, member=member, kind=Income.Kind.GROEIPAKKET, net_monthly=D("190.00")
        )
    costs = Costs(rent=D("600.00"), illness=D("25.00"))

    # 1 household members, 2 incomes (calculation_household);
    # 3 the budget version valid on the day, 4 the aid policy valid on the day,
    # 5 all amounts of that version (aid_calculation_run).
    with django_assert_num_queries(5):
        household = calculation_household(
            client=client, on=ON, costs=costs, reasons={"illness": "ziekenhuisfactuur"}
        )
        result = aid_calculation_run(household=household)

    assert result.household.size == size
