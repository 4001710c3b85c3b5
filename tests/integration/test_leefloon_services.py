"""The eligibility check and the leefloon calculation of a request (integration.services):
the household and incomes as recorded on a day, the category proposed and changed only with a
motivation, every choice recorded in the snapshot, bad input refused at its field with nothing
saved, stale copies and other teams refused."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clients.models import AccessLog, Client, HouseholdMember, Income
from clients.services import EditConflictError
from integration.calculation import Exemption
from integration.log_actions import LOG_CALCULATED, LOG_ELIGIBILITY
from integration.models import Eligibility, LeefloonCalculation
from integration.services.calculations import (
    CalculationChoices,
    LineChoice,
    household_on,
    leefloon_calculation_save,
    line_field,
)
from integration.services.eligibility import eligibility_save
from procedure.models import Request
from tests.factories import (
    HelpRequestFactory,
    HouseholdMemberFactory,
    IncomeFactory,
    client_of,
    request_kind,
    social_worker,
)
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.django_db
D = dt.date
M = Decimal


@pytest.fixture
def worker() -> User:
    return social_worker(Wijkteam.objects.create(name="Kortrijk-Centrum"))


@pytest.fixture
def client(worker: User) -> Client:
    return client_of(worker, birth_date=D(1990, 4, 1))


@pytest.fixture
def leefloon(client: Client, worker: User) -> Request:
    return HelpRequestFactory.create(
        client=client, kind=request_kind("leefloon"), received_on=D(2025, 3, 10), received_by=worker
    )


def choices(**fields: object) -> CalculationChoices:
    values: dict[str, object] = {
        "calculated_on": D(2025, 3, 10),
        "starts_on": D(2025, 3, 10),
        "category": "single",
    }
    values.update(fields)
    return CalculationChoices(**values)  # type: ignore[arg-type]


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- eligibility ------------------------------------------------------------------------------


def test_eligibility_saved_then_changed_with_its_version(worker: User, leefloon: Request) -> None:
    saved = eligibility_save(
        actor=worker,
        request=leefloon,
        data={"actual_residence": "met", "unemployment": "to_apply"},
        expected_version=0,
    )
    assert (saved.version, saved.actual_residence, saved.unemployment) == (1, "met", "to_apply")

    changed = eligibility_save(
        actor=worker, request=leefloon, data={"work_willingness": "willing"}, expected_version=1
    )

    assert changed.version == 2
    assert changed.actual_residence == "met"  # kept
    assert changed.checked_by == worker
    logged = AccessLog.objects.filter(client=leefloon.client, what_key=LOG_ELIGIBILITY)
    assert logged.count() == 2


def test_eligibility_stale_copy_refused(worker: User, leefloon: Request) -> None:
    eligibility_save(actor=worker, request=leefloon, data={}, expected_version=0)

    with pytest.raises(EditConflictError):
        eligibility_save(
            actor=worker, request=leefloon, data={"sickness": "received"}, expected_version=0
        )
    assert Eligibility.objects.get().sickness == "unknown"


def test_eligibility_exemption_needs_its_reason(worker: User, leefloon: Request) -> None:
    with pytest.raises(ValidationError) as excinfo:
        eligibility_save(
            actor=worker,
            request=leefloon,
            data={"work_willingness": "exempt_health", "work_willingness_note": "  "},
            expected_version=0,
        )

    assert "work_willingness_note" in errors_of(excinfo)
    assert not Eligibility.objects.exists()


def test_eligibility_bad_choice_refused_at_the_field(worker: User, leefloon: Request) -> None:
    with pytest.raises(ValidationError) as excinfo:
        eligibility_save(
            actor=worker, request=leefloon, data={"pension": "maybe"}, expected_version=0
        )

    assert "pension" in errors_of(excinfo)


def test_eligibility_other_teams_worker_refused(leefloon: Request) -> None:
    elsewhere = social_worker(Wijkteam.objects.create(name="Heule"))

    with pytest.raises(PermissionDenied):
        eligibility_save(actor=elsewhere, request=leefloon, data={}, expected_version=0)
    assert not Eligibility.objects.exists()


def test_eligibility_only_on_a_leefloon_request(worker: User, client: Client) -> None:
    card = HelpRequestFactory.create(client=client, kind=request_kind("medical_card"))

    with pytest.raises(ValidationError):
        eligibility_save(actor=worker, request=card, data={}, expected_version=0)


def test_eligibility_closed_file_refused(worker: User, leefloon: Request) -> None:
    Client.objects.filter(pk=leefloon.client_id).update(closed_on=D(2025, 4, 1))

    with pytest.raises(ValidationError):
        eligibility_save(actor=worker, request=leefloon, data={}, expected_version=0)


# --- the household on a day -------------------------------------------------------------------


def test_household_as_recorded_on_the_day(client: Client) -> None:
    child = HouseholdMemberFactory.create(client=client, birth_date=D(2015, 1, 1))
    gone = HouseholdMemberFactory.create(
        client=client, relation="partner", birth_date=D(1988, 1, 1), left_on=D(2025, 3, 1)
    )
    later = HouseholdMemberFactory.create(
        client=client, relation="parent", birth_date=D(1960, 1, 1), joined_on=D(2025, 4, 1)
    )
    old = IncomeFactory.create(client=client, net_monthly=M("900"), ends_on=D(2025, 2, 28))
    running = IncomeFactory.create(client=client, net_monthly=M("950"), starts_on=D(2025, 3, 1))

    household = household_on(client, D(2025, 3, 10))

    assert household.members == (child,)
    assert household.own == (running,)
    assert household.partner is None
    assert household.proposed == "family"
    assert str(child) in household.reason
    # A month later the parent lives there too; before March, the partner and the old income.
    assert later in household_on(client, D(2025, 4, 2)).members
    february = household_on(client, D(2025, 2, 20))
    assert (february.partner, february.own) == (gone, (old,))


@pytest.mark.parametrize(
    ("relation", "birth", "proposed"),
    [
        ("partner", D(1988, 1, 1), "cohabitant"),
        ("parent", D(1960, 1, 1), "cohabitant"),
        ("child", D(2000, 1, 1), "cohabitant"),  # an adult child
        ("child", D(2010, 1, 1), "family"),
        (None, None, "single"),
    ],
)
def test_category_proposed_from_the_household(
    client: Client, relation: str | None, birth: dt.date | None, proposed: str
) -> None:
    if relation is not None:
        HouseholdMemberFactory.create(client=client, relation=relation, birth_date=birth)

    assert household_on(client, D(2025, 3, 10)).proposed == proposed


# --- the calculation --------------------------------------------------------------------------


def test_single_with_a_benefit_saved_as_a_snapshot(
    worker: User, client: Client, leefloon: Request
) -> None:
    income = IncomeFactory.create(client=client, kind="unemployment", net_monthly=M("500"))

    calculation = leefloon_calculation_save(actor=worker, request=leefloon, choices=choices())

    # 6,000 - 250 = 5,750 counted; 15,770.41 - 5,750 = 10,020.41; / 12 = 835.03; from 10 March:
    # 22 of 31 days: 835.03 x 22 / 31 = 592.6019.. -> 592.60 (scale of 1-2-2025, migration 0002).
    assert calculation.scale.valid_from == D(2025, 2, 1)
    assert calculation.proposed_category == "single"
    assert (calculation.resources_yearly, calculation.monthly_amount) == (M("5750"), M("835.03"))
    assert calculation.first_month_amount == M("592.60")
    assert calculation.inputs["applicant"][0]["key"] == f"income-{income.pk}"
    assert calculation.inputs["scale"]["valid_from"] == "2025-02-01"
    assert calculation.inputs["result"]["general_exemption_yearly"] == "250.00"
    assert AccessLog.objects.filter(client=client, what_key=LOG_CALCULATED).count() == 1


def test_category_changed_only_with_a_motivation(
    worker: User, client: Client, leefloon: Request
) -> None:
    HouseholdMemberFactory.create(client=client, relation="partner", birth_date=D(1988, 1, 1))

    with pytest.raises(ValidationError) as excinfo:
        leefloon_calculation_save(
            actor=worker, request=leefloon, choices=choices(category="single")
        )
    assert "category_motivation" in errors_of(excinfo)
    assert not LeefloonCalculation.objects.exists()

    calculation = leefloon_calculation_save(
        actor=worker,
        request=leefloon,
        choices=choices(category="single", category_motivation="Partner moved out, not recorded"),
    )
    assert (calculation.proposed_category, calculation.category) == ("cohabitant", "single")


def test_family_with_the_partners_income_and_a_line_not_counted(
    worker: User, client: Client, leefloon: Request
) -> None:
    partner = HouseholdMemberFactory.create(
        client=client, relation="partner", birth_date=D(1988, 1, 1)
    )
    HouseholdMemberFactory.create(client=client, birth_date=D(2015, 1, 1))
    IncomeFactory.create(client=client, member=partner, net_monthly=M("1000"))
    benefit = IncomeFactory.create(client=client, kind="groeipakket", net_monthly=M("180"))

    with pytest.raises(ValidationError) as excinfo:
        leefloon_calculation_save(
            actor=worker,
            request=leefloon,
            choices=choices(category="family", lines={benefit.pk: LineChoice(counted=False)}),
        )
    assert line_field(benefit.pk, "reason") in errors_of(excinfo)

    calculation = leefloon_calculation_save(
        actor=worker,
        request=leefloon,
        choices=choices(
            category="family",
            lines={benefit.pk: LineChoice(counted=False, reason="KB art. 22 §1 b")},
        ),
    )
    # 12,000 - 310 = 11,690; 21,312.84 - 11,690 = 9,622.84; / 12 = 801.90.
    assert calculation.monthly_amount == M("801.90")
    assert calculation.inputs["applicant"][0]["reason"] == "KB art. 22 §1 b"


def test_spi_exemption_needs_its_start_and_ends_after_36_months(
    worker: User, client: Client, leefloon: Request
) -> None:
    wage = IncomeFactory.create(client=client, kind="wage", net_monthly=M("800"))
    field = line_field(wage.pk, "exemption_since")

    with pytest.raises(ValidationError) as excinfo:
        leefloon_calculation_save(
            actor=worker,
            request=leefloon,
            choices=choices(lines={wage.pk: LineChoice(exemption=Exemption.SPI)}),
        )
    assert field in errors_of(excinfo)

    with pytest.raises(ValidationError) as excinfo:
        leefloon_calculation_save(
            actor=worker,
            request=leefloon,
            choices=choices(
                lines={wage.pk: LineChoice(exemption=Exemption.SPI, exemption_since=D(2022, 3, 10))}
            ),
        )
    # Started 10-3-2022: 36 months end on 10-3-2025, the day the leefloon starts.
    assert "10/03/2025" in errors_of(excinfo)[field][0]

    calculation = leefloon_calculation_save(
        actor=worker,
        request=leefloon,
        choices=choices(
            lines={wage.pk: LineChoice(exemption=Exemption.SPI, exemption_since=D(2022, 3, 11))}
        ),
    )
    # 9,600 - 3,713.76 = 5,886.24; 15,770.41 - 5,886.24 = 9,884.17; / 12 = 823.68.
    assert calculation.monthly_amount == M("823.68")
    assert calculation.inputs["exemption_since"] == {f"income-{wage.pk}": "2022-03-11"}


def test_no_exemption_on_a_household_members_income(
    worker: User, client: Client, leefloon: Request
) -> None:
    parent = HouseholdMemberFactory.create(
        client=client, relation="parent", birth_date=D(1960, 1, 1)
    )
    wage = IncomeFactory.create(client=client, member=parent, net_monthly=M("2000"))

    with pytest.raises(ValidationError) as excinfo:
        leefloon_calculation_save(
            actor=worker,
            request=leefloon,
            choices=choices(
                category="cohabitant",
                relatives_motivation="Not counted: the parent pays the rent.",
                lines={wage.pk: LineChoice(exemption=Exemption.SPI, exemption_since=D(2025, 1, 1))},
            ),
        )
    assert line_field(wage.pk, "exemption") in errors_of(excinfo)


def test_relatives_counted_or_not_as_a_motivated_choice(
    worker: User, client: Client, leefloon: Request
) -> None:
    parent = HouseholdMemberFactory.create(
        client=client, relation="parent", birth_date=D(1960, 1, 1)
    )
    IncomeFactory.create(client=client, member=parent, net_monthly=M("2000"))

    with pytest.raises(ValidationError) as excinfo:
        leefloon_calculation_save(
            actor=worker, request=leefloon, choices=choices(category="cohabitant")
        )
    assert "relatives_motivation" in errors_of(excinfo)

    not_counted = leefloon_calculation_save(
        actor=worker,
        request=leefloon,
        choices=choices(category="cohabitant", relatives_motivation="The parent pays the rent."),
    )
    counted = leefloon_calculation_save(
        actor=worker,
        request=leefloon,
        choices=choices(
            category="cohabitant",
            relatives_counted=frozenset({parent.pk}),
            relatives_share=M("0.5"),
            relatives_motivation="Art. 34 §2: half of the part above the cohabitant amount.",
        ),
    )
    # Not counted: 10,513.60 / 12 = 876.13. Counted by half: 24,000 - 10,513.60 = 13,486.40;
    # half 6,743.20; - 155 = 6,588.20; 10,513.60 - 6,588.20 = 3,925.40; / 12 = 327.12.
    assert not_counted.monthly_amount == M("876.13")
    assert counted.monthly_amount == M("327.12")
    assert counted.inputs["relatives"][0]["counted"] is True
    assert counted.inputs["relatives_motivation"].startswith("Art. 34")


def test_starts_before_the_request_or_without_a_published_scale_refused(
    worker: User, leefloon: Request
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        leefloon_calculation_save(
            actor=worker, request=leefloon, choices=choices(starts_on=D(2025, 3, 1))
        )
    assert "starts_on" in errors_of(excinfo)

    # The scale of 1-3-2026 is a draft: the published one of 1-2-2025 still holds then.
    later = leefloon_calculation_save(
        actor=worker, request=leefloon, choices=choices(starts_on=D(2026, 3, 1))
    )
    assert later.scale.valid_from == D(2025, 2, 1)

    early = HelpRequestFactory.create(
        client=leefloon.client, kind=request_kind("leefloon"), received_on=D(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        leefloon_calculation_save(
            actor=worker, request=early, choices=choices(starts_on=D(2020, 1, 1))
        )
    assert "starts_on" in errors_of(excinfo)


def test_calculation_other_teams_worker_refused(leefloon: Request) -> None:
    elsewhere = social_worker(Wijkteam.objects.create(name="Heule"))

    with pytest.raises(PermissionDenied):
        leefloon_calculation_save(actor=elsewhere, request=leefloon, choices=choices())
    assert not LeefloonCalculation.objects.exists()


def test_unknown_member_relation_not_counted_but_listed(
    worker: User, client: Client, leefloon: Request
) -> None:
    friend = HouseholdMemberFactory.create(
        client=client, relation=HouseholdMember.Relation.OTHER, birth_date=D(1980, 1, 1)
    )
    income = IncomeFactory.create(client=client, member=friend, net_monthly=M("1500"))

    calculation = leefloon_calculation_save(
        actor=worker, request=leefloon, choices=choices(category="cohabitant")
    )

    assert calculation.monthly_amount == M("876.13")
    assert calculation.inputs["others"] == [f"income-{income.pk}"]
    assert Income.objects.count() == 1
