"""The pure leefloon calculation (integration/calculation.py), computed by hand to the cent with
the amounts of 1 February 2025 as migration 0002 seeds them (law art. 14 §1; KB 11-7-2002 art.
22 §2, 34, 35):

    cohabitant 10,513.60 / single 15,770.41 / family 21,312.84 a year
    general exemption 155 / 250 / 310 a year (art. 22 §2, not indexed)
    SPI and student exemption 309.48 a month (art. 35 §1)

and properties over many inputs (hypothesis): more resources never give more leefloon, the
amount never exceeds the category amount and is never negative."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integration.calculation import (
    Category,
    Exemption,
    Inputs,
    Relative,
    Resource,
    ScaleValues,
    first_month,
    inputs_from_json,
    inputs_to_json,
    leefloon_calculate,
)

D = dt.date
M = Decimal

SCALE = ScaleValues(
    valid_from=D(2025, 2, 1),
    yearly={
        Category.COHABITANT: M("10513.60"),
        Category.SINGLE: M("15770.41"),
        Category.FAMILY: M("21312.84"),
    },
    general_exemption={
        Category.COHABITANT: M("155.00"),
        Category.SINGLE: M("250.00"),
        Category.FAMILY: M("310.00"),
    },
    spi_monthly=M("309.48"),
    spi_student_grant_monthly=M("309.48"),
    spi_student_monthly=M("309.48"),
    spi_max_months=36,
)
MARCH = D(2025, 3, 1)


def income(
    monthly: str,
    *,
    key: str = "income-1",
    kind: str = "other",
    counted: bool = True,
    reason: str = "",
    exemption: Exemption = Exemption.NONE,
) -> Resource:
    return Resource(
        key=key, kind=kind, monthly=M(monthly), counted=counted, reason=reason, exemption=exemption
    )


# --- each category without resources -----------------------------------------------------


@pytest.mark.parametrize(
    ("category", "yearly", "monthly"),
    [
        # 10,513.60 / 12 = 876.1333.. -> 876.13
        (Category.COHABITANT, "10513.60", "876.13"),
        # 15,770.41 / 12 = 1,314.2008.. -> 1,314.20
        (Category.SINGLE, "15770.41", "1314.20"),
        # 21,312.84 / 12 = 1,776.07 exactly
        (Category.FAMILY, "21312.84", "1776.07"),
    ],
)
def test_each_category_without_resources_gets_its_amount(
    category: Category, yearly: str, monthly: str
) -> None:
    result = leefloon_calculate(Inputs(category=category, starts_on=MARCH), SCALE)

    assert result.category_yearly == M(yearly)
    # Nothing counted, so no general exemption either (it is never more than the total).
    assert result.general_exemption_yearly == 0
    assert result.resources_yearly == 0
    assert result.yearly_amount == M(yearly)
    assert result.monthly_amount == M(monthly)
    assert result.first_month_amount == M(monthly)
    assert (result.first_month_days, result.first_month_length) == (31, 31)


def test_worked_example_of_the_brussels_social_services_cohabitant_with_a_gift() -> None:
    # docs/integration.md (bdas-wwsb.brussels/?p=3321): a gift of 3,600 a year (300 a month):
    # 3,600 - 155 = 3,445 counted; 10,513.60 - 3,445 = 7,068.60 a year; / 12 = 589.05.
    inputs = Inputs(category=Category.COHABITANT, starts_on=MARCH, applicant=(income("300"),))

    result = leefloon_calculate(inputs, SCALE)

    assert result.own_yearly == M("3600")
    assert result.general_exemption_yearly == M("155.00")
    assert result.resources_yearly == M("3445.00")
    assert result.yearly_amount == M("7068.60")
    assert result.monthly_amount == M("589.05")


def test_single_with_a_benefit() -> None:
    # 500 a month = 6,000 a year, below 15,770.41: general exemption 250 -> 5,750 counted;
    # 15,770.41 - 5,750 = 10,020.41 a year; / 12 = 835.0341.. -> 835.03.
    inputs = Inputs(
        category=Category.SINGLE, starts_on=MARCH, applicant=(income("500", kind="benefit"),)
    )

    result = leefloon_calculate(inputs, SCALE)

    assert result.general_exemption_yearly == M("250.00")
    assert result.resources_yearly == M("5750.00")
    assert result.yearly_amount == M("10020.41")
    assert result.monthly_amount == M("835.03")


def test_family_with_a_partners_income_counted_in_full() -> None:
    # KB art. 34 §1: with a dependent family the partner's 1,000 a month counts in full:
    # 12,000; general exemption 310 -> 11,690; 21,312.84 - 11,690 = 9,622.84; / 12 = 801.9033..
    inputs = Inputs(category=Category.FAMILY, starts_on=MARCH, partner=(income("1000"),))

    result = leefloon_calculate(inputs, SCALE)

    assert result.partner_yearly == M("12000")
    assert result.partner_part_yearly == M("12000")
    assert result.general_exemption_yearly == M("310.00")
    assert result.resources_yearly == M("11690.00")
    assert result.yearly_amount == M("9622.84")
    assert result.monthly_amount == M("801.90")


def test_cohabitant_with_a_partner_counts_only_the_part_above_the_cohabitant_amount() -> None:
    # Partner 1,200 a month = 14,400; above the cohabitant amount: 14,400 - 10,513.60 =
    # 3,886.40; general exemption 155 -> 3,731.40; 10,513.60 - 3,731.40 = 6,782.20;
    # / 12 = 565.1833.. -> 565.18.
    inputs = Inputs(category=Category.COHABITANT, starts_on=MARCH, partner=(income("1200"),))

    result = leefloon_calculate(inputs, SCALE)

    assert result.partner_part_yearly == M("3886.40")
    assert result.resources_yearly == M("3731.40")
    assert result.yearly_amount == M("6782.20")
    assert result.monthly_amount == M("565.18")


def test_cohabitant_partner_below_the_cohabitant_amount_counts_nothing() -> None:
    # 800 a month = 9,600, below 10,513.60: nothing of it counts.
    inputs = Inputs(category=Category.COHABITANT, starts_on=MARCH, partner=(income("800"),))

    result = leefloon_calculate(inputs, SCALE)

    assert result.partner_part_yearly == 0
    assert result.monthly_amount == M("876.13")


def test_family_with_own_income_and_a_partners_income() -> None:
    # Own 400 a month (4,800) + partner 700 a month (8,400) = 13,200; general 310 -> 12,890;
    # 21,312.84 - 12,890 = 8,422.84; / 12 = 701.9033.. -> 701.90.
    inputs = Inputs(
        category=Category.FAMILY,
        starts_on=MARCH,
        applicant=(income("400"),),
        partner=(income("700", key="income-2"),),
    )

    result = leefloon_calculate(inputs, SCALE)

    assert result.resources_yearly == M("12890.00")
    assert result.yearly_amount == M("8422.84")
    assert result.monthly_amount == M("701.90")


def test_spi_exemption_on_a_new_wage_and_no_general_exemption_on_top() -> None:
    # KB art. 35: wage 800 a month = 9,600; SPI exemption 309.48 x 12 = 3,713.76;
    # 9,600 - 3,713.76 = 5,886.24 counted, no general exemption on top (art. 22 §2);
    # 15,770.41 - 5,886.24 = 9,884.17; / 12 = 823.6808.. -> 823.68.
    inputs = Inputs(
        category=Category.SINGLE,
        starts_on=MARCH,
        applicant=(income("800", kind="wage", exemption=Exemption.SPI),),
    )

    result = leefloon_calculate(inputs, SCALE)

    assert result.art35_exempt_yearly == M("3713.76")
    assert result.general_exemption_yearly == 0
    assert result.resources_yearly == M("5886.24")
    assert result.yearly_amount == M("9884.17")
    assert result.monthly_amount == M("823.68")


def test_spi_exemption_is_one_amount_a_month_however_many_jobs() -> None:
    # Art. 35 §1 exempts 309.48 a month of the applicant's income from work, not 309.48 per
    # job: two SPI jobs of 200 a month each = 4,800 a year, exempt 3,713.76 (not 4,800);
    # 4,800 - 3,713.76 = 1,086.24 counted; 15,770.41 - 1,086.24 = 14,684.17; / 12 =
    # 1,223.6808.. -> 1,223.68.
    inputs = Inputs(
        category=Category.SINGLE,
        starts_on=MARCH,
        applicant=(
            income("200", key="income-1", kind="wage", exemption=Exemption.SPI),
            income("200", key="income-2", kind="wage", exemption=Exemption.SPI),
        ),
    )

    result = leefloon_calculate(inputs, SCALE)

    assert result.art35_exempt_yearly == M("3713.76")
    assert result.resources_yearly == M("1086.24")
    assert result.monthly_amount == M("1223.68")


def test_student_job_below_the_exemption_is_wholly_exempt() -> None:
    # A student's job of 200 a month (< 309.48): exempt 200 x 12 = 2,400, never more than the
    # income; nothing counted; the cohabitant amount whole: 876.13.
    inputs = Inputs(
        category=Category.COHABITANT,
        starts_on=MARCH,
        applicant=(income("200", kind="wage", exemption=Exemption.STUDENT),),
    )

    result = leefloon_calculate(inputs, SCALE)

    assert result.own_yearly == M("2400")
    assert result.art35_exempt_yearly == M("2400")
    assert result.resources_yearly == 0
    assert result.monthly_amount == M("876.13")


def test_student_job_with_a_study_grant_above_the_exemption() -> None:
    # 450 a month = 5,400; exempt 3,713.76; counted 1,686.24; 10,513.60 - 1,686.24 = 8,827.36;
    # / 12 = 735.6133.. -> 735.61.
    inputs = Inputs(
        category=Category.COHABITANT,
        starts_on=MARCH,
        applicant=(income("450", kind="wage", exemption=Exemption.STUDENT_GRANT),),
    )

    result = leefloon_calculate(inputs, SCALE)

    assert result.resources_yearly == M("1686.24")
    assert result.monthly_amount == M("735.61")


def test_a_line_not_counted_keeps_its_reason_and_changes_nothing() -> None:
    # KB art. 22 §1: child benefit does not count.
    benefit = income("300", kind="child_benefit", counted=False, reason="KB art. 22 §1 b")
    inputs = Inputs(category=Category.SINGLE, starts_on=MARCH, applicant=(benefit,))

    result = leefloon_calculate(inputs, SCALE)

    assert result.own_yearly == 0
    assert result.monthly_amount == M("1314.20")
    assert result.not_counted == (benefit,)


def test_first_incomplete_month_is_paid_pro_rata_from_the_request_date() -> None:
    # Single from 10 March 2025: 22 of 31 days; 1,314.20 x 22 / 31 = 932.6580.. -> 932.66.
    inputs = Inputs(category=Category.SINGLE, starts_on=D(2025, 3, 10))

    result = leefloon_calculate(inputs, SCALE)

    assert result.monthly_amount == M("1314.20")
    assert (result.first_month_days, result.first_month_length) == (22, 31)
    assert result.first_month_amount == M("932.66")


@pytest.mark.parametrize(
    ("starts_on", "days", "length", "amount"),
    [
        # February 2025 has 28 days: from the 15th, 14 days: 1,314.20 x 14 / 28 = 657.10.
        (D(2025, 2, 15), 14, 28, "657.10"),
        # A leap February: from the 29th 2028, 1 of 29 days: 1,314.20 / 29 = 45.3172.. -> 45.32.
        (D(2028, 2, 29), 1, 29, "45.32"),
        # The last day of a 30-day month: 1,314.20 / 30 = 43.8066.. -> 43.81.
        (D(2025, 4, 30), 1, 30, "43.81"),
        # The first day: the whole month.
        (D(2025, 4, 1), 30, 30, "1314.20"),
    ],
)
def test_first_month(starts_on: dt.date, days: int, length: int, amount: str) -> None:
    assert first_month(starts_on, M("1314.20")) == (days, length, M(amount))


def test_a_relative_counted_with_a_share() -> None:
    # KB art. 34 §2: a parent at home earning 2,000 a month = 24,000; minus the cohabitant
    # amount for the one relative counted: 24,000 - 10,513.60 = 13,486.40; half counted:
    # 6,743.20; general exemption 155 -> 6,588.20; 10,513.60 - 6,588.20 = 3,925.40;
    # / 12 = 327.1166.. -> 327.12.
    parent = Relative(key="member-3", resources=(income("2000", key="income-9"),), counted=True)
    inputs = Inputs(
        category=Category.COHABITANT,
        starts_on=MARCH,
        relatives=(parent,),
        relatives_share=M("0.5"),
    )

    result = leefloon_calculate(inputs, SCALE)

    assert result.relatives_yearly == M("24000")
    assert result.relatives_allowance_yearly == M("10513.60")
    assert result.relatives_part_yearly == M("6743.20")
    assert result.resources_yearly == M("6588.20")
    assert result.yearly_amount == M("3925.40")
    assert result.monthly_amount == M("327.12")


def test_a_relative_counted_wholly_can_bring_the_leefloon_to_zero() -> None:
    # Share 1: 13,486.40 counted, above 10,513.60: no general exemption, the leefloon is 0.
    parent = Relative(key="member-3", resources=(income("2000", key="income-9"),), counted=True)
    inputs = Inputs(
        category=Category.COHABITANT, starts_on=MARCH, relatives=(parent,), relatives_share=M("1")
    )

    result = leefloon_calculate(inputs, SCALE)

    assert result.relatives_part_yearly == M("13486.40")
    assert result.general_exemption_yearly == 0
    assert result.yearly_amount == 0
    assert result.monthly_amount == 0


def test_a_relative_not_counted_changes_nothing_even_with_a_share() -> None:
    parent = Relative(key="member-3", resources=(income("2000", key="income-9"),), counted=False)
    inputs = Inputs(
        category=Category.COHABITANT, starts_on=MARCH, relatives=(parent,), relatives_share=M("1")
    )

    result = leefloon_calculate(inputs, SCALE)

    assert result.relatives_yearly == 0
    assert result.relatives_allowance_yearly == 0
    assert result.monthly_amount == M("876.13")


def test_no_exemption_on_a_relatives_income() -> None:
    # A relative's wage marked SPI gets no art. 35 exemption: the same as test above with share 1.
    parent = Relative(
        key="member-3",
        resources=(income("2000", key="income-9", kind="wage", exemption=Exemption.SPI),),
        counted=True,
    )
    inputs = Inputs(
        category=Category.COHABITANT, starts_on=MARCH, relatives=(parent,), relatives_share=M("1")
    )

    result = leefloon_calculate(inputs, SCALE)

    assert result.art35_exempt_yearly == 0
    assert result.relatives_part_yearly == M("13486.40")


def test_inputs_round_trip_through_json() -> None:
    inputs = Inputs(
        category=Category.FAMILY,
        starts_on=D(2025, 3, 10),
        applicant=(income("450.10", exemption=Exemption.SPI), income("12", counted=False)),
        partner=(income("700", key="income-2"),),
        relatives=(Relative(key="member-3", resources=(income("2000"),), counted=True),),
        relatives_share=M("0.25"),
    )

    assert inputs_from_json(inputs_to_json(inputs)) == inputs
    assert inputs_from_json(inputs_to_json(Inputs(Category.SINGLE, MARCH))).partner is None


# --- properties -------------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False, allow_infinity=False)
exemptions = st.sampled_from(list(Exemption))


@st.composite
def resources(draw: st.DrawFn, prefix: str) -> tuple[Resource, ...]:
    count = draw(st.integers(min_value=0, max_value=3))
    return tuple(
        Resource(
            key=f"{prefix}-{n}",
            kind="other",
            monthly=draw(amounts),
            counted=draw(st.booleans()),
            exemption=draw(exemptions),
        )
        for n in range(count)
    )


@st.composite
def all_inputs(draw: st.DrawFn) -> Inputs:
    has_partner = draw(st.booleans())
    relatives = tuple(
        Relative(key=f"rel-{n}", resources=draw(resources(f"r{n}")), counted=draw(st.booleans()))
        for n in range(draw(st.integers(min_value=0, max_value=2)))
    )
    return Inputs(
        category=draw(st.sampled_from(list(Category))),
        starts_on=draw(st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31))),
        applicant=draw(resources("own")),
        partner=draw(resources("partner")) if has_partner else None,
        relatives=relatives,
        relatives_share=draw(
            st.decimals(min_value=0, max_value=1, places=2, allow_nan=False, allow_infinity=False)
        ),
    )


@settings(max_examples=300, deadline=None)
@given(all_inputs())
def test_never_negative_and_never_above_the_category_amount(inputs: Inputs) -> None:
    result = leefloon_calculate(inputs, SCALE)
    category = SCALE.yearly[inputs.category]

    assert 0 <= result.yearly_amount <= category
    assert 0 <= result.monthly_amount <= (category / 12).quantize(M("0.01"))
    assert 0 <= result.first_month_amount <= result.monthly_amount
    assert result.resources_yearly >= 0


@settings(max_examples=300, deadline=None)
@given(
    all_inputs(),
    st.sampled_from(["applicant", "partner", "relative"]),
    amounts,
    exemptions,
)
def test_more_resources_never_give_more_leefloon(
    inputs: Inputs, who: str, extra: Decimal, exemption: Exemption
) -> None:
    """One more counted resource (of the applicant, the partner or a counted relative), or a
    resource raised, never gives a higher leefloon."""
    before = leefloon_calculate(inputs, SCALE)
    added = Resource(key="extra", kind="other", monthly=extra, exemption=exemption)
    if who == "applicant":
        more = Inputs(**{**inputs.__dict__, "applicant": (*inputs.applicant, added)})
    elif who == "partner":
        more = Inputs(**{**inputs.__dict__, "partner": (*(inputs.partner or ()), added)})
    else:
        relatives = inputs.relatives or (Relative(key="rel-x", resources=(), counted=True),)
        first = relatives[0]
        raised = Relative(key=first.key, resources=(*first.resources, added), counted=first.counted)
        more = Inputs(**{**inputs.__dict__, "relatives": (raised, *relatives[1:])})

    after = leefloon_calculate(more, SCALE)

    assert after.yearly_amount <= before.yearly_amount
    assert after.monthly_amount <= before.monthly_amount


@settings(max_examples=200, deadline=None)
@given(all_inputs(), amounts)
def test_raising_an_existing_resource_never_gives_more_leefloon(
    inputs: Inputs, extra: Decimal
) -> None:
    if not inputs.applicant:
        return
    first = inputs.applicant[0]
    raised = Resource(
        key=first.key,
        kind=first.kind,
        monthly=first.monthly + extra,
        counted=first.counted,
        exemption=first.exemption,
    )
    more = Inputs(**{**inputs.__dict__, "applicant": (raised, *inputs.applicant[1:])})

    assert (
        leefloon_calculate(more, SCALE).yearly_amount
        <= leefloon_calculate(inputs, SCALE).yearly_amount
    )
