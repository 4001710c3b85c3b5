"""The person, the household, the housing and the incomes of a demo client file."""

import datetime as dt
import random
import unicodedata
from decimal import Decimal

from clients.models import Client, HouseholdMember, Income, Sex
from clients.national_number import national_number_for
from demo.clients.costs import draw_actual_costs
from demo.clients.data import (
    AGES,
    ELDERLY_ORIGINS,
    FLEMISH,
    FLEMISH_OLD_FEMALE,
    FLEMISH_OLD_MALE,
    HOUSE_SUFFIXES,
    HOUSEHOLDS,
    IGO_AGE,
    IGO_ALONE,
    IGO_COHABITING,
    LEEFLOON,
    MOBILE_PREFIXES,
    NO_LEEFLOON,
    ORIGINS,
    RURAL_TEAMS,
    Origin,
    Weighted,
)
from demo.clients.plans import (
    ClientFile,
    Team,
    age_on,
    birth_date,
    build,
    days_ago,
    money,
    since_age,
    years_before,
)

_Rel = HouseholdMember.Relation
_School = HouseholdMember.SchoolLevel
_Tenure = Client.Tenure
_Fuel = Client.HeatingFuel
_Inc = Income.Kind
_Cat = Income.LeefloonCategory

SITUATIONS = Weighted(
    ("leefloon", 38),
    ("unemployment", 18),
    ("sickness", 14),
    ("wage", 17),
    ("ivt", 5),
    ("wage_topup", 3),
    ("none", 5),
)
SITUATIONS_WITHOUT_LEEFLOON = Weighted(
    ("unemployment", 18), ("sickness", 14), ("wage", 17), ("ivt", 5), ("none", 10)
)
PARTNER_INCOMES = Weighted((_Inc.WAGE, 45), (_Inc.UNEMPLOYMENT, 20), (_Inc.SICKNESS, 10), ("", 25))
# (lowest, highest net per month, gross taxable last year per euro net)
PAY: dict[str, tuple[int, int, float]] = {
    _Inc.WAGE: (1100, 2400, 1.45),
    _Inc.UNEMPLOYMENT: (1050, 1650, 1.1),
    _Inc.SICKNESS: (1150, 1800, 1.15),
}
ADULT_CHILD_INCOMES = Weighted(
    (_Inc.WAGE, 40), (_Inc.UNEMPLOYMENT, 20), (_Inc.LEEFLOON, 15), ("", 25)
)
TENURES = Weighted(
    (_Tenure.PRIVATE, 48),
    (_Tenure.SOCIAL, 25),
    (_Tenure.SVK, 9),
    (_Tenure.OWNER, 5),
    (_Tenure.HOMELESS, 5),
    (_Tenure.OTHER, 5),
    (_Tenure.UNKNOWN, 3),
)
RURAL_TENURES = Weighted(
    (_Tenure.PRIVATE, 45),
    (_Tenure.SOCIAL, 22),
    (_Tenure.SVK, 8),
    (_Tenure.OWNER, 12),
    (_Tenure.HOMELESS, 3),
    (_Tenure.OTHER, 6),
    (_Tenure.UNKNOWN, 4),
)
ELDERLY_TENURES = Weighted(
    (_Tenure.OWNER, 30), (_Tenure.SOCIAL, 30), (_Tenure.PRIVATE, 30), (_Tenure.OTHER, 10)
)
SOCIAL_FUELS = Weighted((_Fuel.GAS, 75), (_Fuel.ELECTRICITY, 25))
OWNER_FUELS = Weighted(
    (_Fuel.GAS, 50),
    (_Fuel.HEATING_OIL, 25),
    (_Fuel.WOOD, 8),
    (_Fuel.PROPANE, 5),
    (_Fuel.ELECTRICITY, 8),
)
RURAL_OWNER_FUELS = Weighted(
    (_Fuel.GAS, 35),
    (_Fuel.HEATING_OIL, 40),
    (_Fuel.WOOD, 8),
    (_Fuel.PROPANE, 5),
    (_Fuel.ELECTRICITY, 8),
)
RENTER_FUELS = Weighted(
    (_Fuel.GAS, 62),
    (_Fuel.ELECTRICITY, 18),
    (_Fuel.HEATING_OIL, 10),
    (_Fuel.PARAFFIN, 4),
    (_Fuel.WOOD, 2),
    (_Fuel.PROPANE, 1),
    (_Fuel.UNKNOWN, 3),
)
RURAL_RENTER_FUELS = Weighted(
    (_Fuel.GAS, 55),
    (_Fuel.ELECTRICITY, 18),
    (_Fuel.HEATING_OIL, 18),
    (_Fuel.PARAFFIN, 4),
    (_Fuel.WOOD, 2),
    (_Fuel.PROPANE, 1),
    (_Fuel.UNKNOWN, 2),
)
COUPLE_CHILDREN = Weighted((1, 30), (2, 35), (3, 20), (4, 10), (5, 5))
SINGLE_PARENT_CHILDREN = Weighted((1, 40), (2, 35), (3, 17), (4, 8))
SIBLINGS = Weighted((0, 50), (1, 35), (2, 15))
RELATIVES = Weighted(
    (_Rel.CHILD, 50), (_Rel.SIBLING, 25), (_Rel.PARENT, 15), (_Rel.OTHER_FAMILY, 10)
)
DISABILITY = (66, 70, 80, 100)


class NationalNumbers:
    """Hands out unique national numbers: odd serials for men, even for women, as in the
    register; when a birth date's serials are all taken, the next day is used."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.next_step: dict[tuple[dt.date, int], int] = {}

    def issue(self, day: dt.date, sex: str) -> tuple[dt.date, str]:
        parity = 1 if sex == Sex.MALE else 0 if sex == Sex.FEMALE else day.day % 2
        while True:
            # Serials 2k+1 (men) or 2k+2 (women), k = 0..497 (997 is the highest serial).
            # Start at a step that depends on the date, so numbers do not all end alike.
            first = self.next_step.get((day, parity), (day.toordinal() * 37) % 498)
            for offset in range(498):
                step = (first + offset) % 498
                number = national_number_for(day, 2 * step + 2 - parity)
                if number not in self.taken:
                    self.taken.add(number)
                    self.next_step[(day, parity)] = (step + 1) % 498
                    return day, number
            day += dt.timedelta(days=1)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in folded if ch.isalnum() and ch.isascii())


def _first_name(rng: random.Random, origin: Origin, sex: str, birth: dt.date) -> str:
    if origin is FLEMISH and birth.year < 1960:
        return rng.choice(FLEMISH_OLD_MALE if sex == Sex.MALE else FLEMISH_OLD_FEMALE)
    return rng.choice(origin.male if sex == Sex.MALE else origin.female)


def _phone(rng: random.Random, elderly: bool) -> str:
    if rng.random() < 0.1:
        return ""
    digits = f"{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    if elderly and rng.random() < 0.5:
        return f"056 {digits}"  # a landline in the Kortrijk zone
    return f"04{rng.choice(MOBILE_PREFIXES)} {digits}"


def draw_client(
    rng: random.Random, *, today: dt.date, team: Team, numbers: NationalNumbers
) -> tuple[ClientFile, int]:
    """The person with household, housing, incomes and statuses; and the client's age."""
    kind = HOUSEHOLDS.pick(rng)
    elderly = kind.startswith("elderly")
    origin = (ELDERLY_ORIGINS if elderly else ORIGINS).pick(rng)
    female_per_mille = {"single_parent": 880, "elderly": 650}.get(kind, 550)
    roll = rng.randrange(1000)
    sex = Sex.X if roll < 3 else Sex.FEMALE if roll < female_per_mille else Sex.MALE
    birth, number = numbers.issue(birth_date(rng, today, *AGES[kind]), sex)
    first = _first_name(rng, origin, sex, birth)
    last = rng.choice(origin.last)
    postcode, municipality, street, low, high = rng.choice(team.streets)
    house = str(rng.randint(low, high))
    if rng.random() < 0.12:
        house += rng.choice(HOUSE_SUFFIXES)
    email = ""
    if rng.random() < (0.15 if elderly else 0.45):
        domain = rng.choice(("example.com", "example.net", "example.org"))
        email = f"{_ascii(first)}.{_ascii(last)}{rng.randint(1, 99)}@{domain}"
    client = build(
        Client,
        national_number=number,
        first_name=first,
        last_name=last,
        birth_date=birth,
        sex=sex,
        phone=_phone(rng, elderly),
        email=email,
        preferred_language=origin.languages.pick(rng),
        residence_status=origin.statuses.pick(rng),
        street=street,
        house_number=house,
        postcode=postcode,
        municipality=municipality,
        team_id=team.team_id,
        # What the intake asked; casework.py leaves some files with the intake unfinished.
        pensioner=elderly,
        widowed=False,
        debt_status=Client.DebtStatus.NONE,
        budget_management=False,
    )
    plan = ClientFile(client)
    age = age_on(birth, today)
    _household(rng, plan, today, kind, origin, age)
    _housing(rng, plan, today, kind, rural=team.name in RURAL_TEAMS)
    _incomes(rng, plan, today, kind, age)
    draw_actual_costs(plan, today)
    return plan, age


# --- Household ------------------------------------------------------------------------------


def _member(
    rng: random.Random,
    plan: ClientFile,
    today: dt.date,
    *,
    relation: str,
    origin: Origin,
    last: str,
    birth: dt.date,
    sex: str = "",
) -> HouseholdMember:
    sex = sex or (Sex.FEMALE if rng.random() < 0.5 else Sex.MALE)
    age = age_on(birth, today)
    level = _School.NONE
    if relation == _Rel.CHILD:
        if 3 <= age <= 5 or (age == 2 and rng.random() < 0.5):
            level = _School.NURSERY
        elif 6 <= age <= 11:
            level = _School.PRIMARY
        elif 12 <= age <= 17 or (age == 18 and rng.random() < 0.5):
            level = _School.SECONDARY
        elif 18 <= age <= 24 and rng.random() < 0.35:
            level = _School.HIGHER
    at_school = level != _School.NONE
    member = build(
        HouseholdMember,
        first_name=_first_name(rng, origin, sex, birth),
        last_name=last,
        birth_date=birth,
        sex=sex,
        relation=relation,
        is_dependant=relation == _Rel.CHILD and (age < 18 or at_school),
        school_level=level,
        # Higher education is not a "school" for the school allowance.
        recognised_flemish_school=at_school and level != _School.HIGHER and rng.random() < 0.96,
    )
    if rng.random() < (0.03 if relation == _Rel.CHILD else 0.05):
        member.disability_percent = rng.choice(DISABILITY)
    plan.members.append(member)
    return member


def _household(
    rng: random.Random, plan: ClientFile, today: dt.date, kind: str, origin: Origin, age: int
) -> None:
    client = plan.client
    if kind in ("couple", "couple_kids", "elderly_couple"):
        if client.sex == Sex.X or rng.random() < 0.03:
            partner_sex = rng.choice((Sex.FEMALE, Sex.MALE))
        else:
            partner_sex = Sex.MALE if client.sex == Sex.FEMALE else Sex.FEMALE
        partner_age = max(18, min(95, age + rng.randint(-6, 6)))
        partner_origin = origin if rng.random() < 0.85 else FLEMISH
        partner = _member(
            rng,
            plan,
            today,
            relation=_Rel.PARTNER,
            origin=partner_origin,
            last=rng.choice(partner_origin.last),
            birth=birth_date(rng, today, partner_age, partner_age),
            sex=partner_sex,
        )
        if kind == "couple_kids":
            # The children carry the father's name, or else the client's.
            family = partner.last_name if partner.sex == Sex.MALE else client.last_name
            youngest_parent = min(age, partner_age)
            for _ in range(COUPLE_CHILDREN.pick(rng)):
                _child(rng, plan, today, origin, family, youngest_parent)
    elif kind == "single_parent":
        family = client.last_name if rng.random() < 0.6 else rng.choice(origin.last)
        for _ in range(SINGLE_PARENT_CHILDREN.pick(rng)):
            _child(rng, plan, today, origin, family, age)
    elif kind == "young":
        # A young adult still living with a parent, and maybe brothers and sisters.
        parent_age = age + rng.randint(20, 32)
        birth = birth_date(rng, today, parent_age, parent_age)
        _member(
            rng,
            plan,
            today,
            relation=_Rel.PARENT,
            origin=origin,
            last=client.last_name,
            birth=birth,
        )
        for _ in range(SIBLINGS.pick(rng)):
            birth = birth_date(rng, today, max(0, age - 8), age + 6)
            _member(
                rng,
                plan,
                today,
                relation=_Rel.SIBLING,
                origin=origin,
                last=client.last_name,
                birth=birth,
            )
    elif kind == "with_relative":
        relation = RELATIVES.pick(rng)
        if relation == _Rel.CHILD and age < 18 + 18:
            relation = _Rel.SIBLING  # too young to have an adult child
        low, high = {
            _Rel.CHILD: (18, max(18, age - 18)),
            _Rel.SIBLING: (max(18, age - 10), age + 10),
            _Rel.PARENT: (age + 20, min(95, age + 35)),
        }.get(relation, (18, 80))
        birth = birth_date(rng, today, low, max(low, high))
        member = _member(
            rng, plan, today, relation=relation, origin=origin, last=client.last_name, birth=birth
        )
        # Often an adult who cannot live alone: a dependant with a recognised disability.
        if rng.random() < 0.5:
            member.is_dependant = True
            member.disability_percent = rng.choice(DISABILITY)


def _child(
    rng: random.Random, plan: ClientFile, today: dt.date, origin: Origin, last: str, parent_age: int
) -> None:
    birth = birth_date(rng, today, 0, max(0, min(24, parent_age - 18)))
    _member(rng, plan, today, relation=_Rel.CHILD, origin=origin, last=last, birth=birth)


# --- Housing --------------------------------------------------------------------------------


def _housing(
    rng: random.Random, plan: ClientFile, today: dt.date, kind: str, *, rural: bool
) -> None:
    client = plan.client
    if kind.startswith("elderly"):
        tenure = ELDERLY_TENURES.pick(rng)
    else:
        tenure = (RURAL_TENURES if rural else TENURES).pick(rng)
    client.tenure = tenure
    if tenure == _Tenure.PRIVATE:
        client.rent = money(rng, 450, 650 if not plan.members else 950)
    elif tenure == _Tenure.SVK:
        client.rent = money(rng, 420, 700)
    elif tenure == _Tenure.SOCIAL:
        client.rent = money(rng, 180, 560)  # social rents follow income
    elif tenure == _Tenure.OTHER and rng.random() < 0.5:
        client.rent = money(rng, 100, 300)  # a contribution to family or a shelter
    if (tenure in (_Tenure.PRIVATE, _Tenure.SVK) and rng.random() < 0.45) or (
        tenure == _Tenure.HOMELESS and rng.random() < 0.3
    ):
        client.social_housing_waiting_since = since_age(
            rng, today, client.birth_date, 18, 60, 9 * 365
        )
    if tenure == _Tenure.HOMELESS:
        client.heating_fuel = _Fuel.UNKNOWN
    elif tenure == _Tenure.SOCIAL:
        client.heating_fuel = SOCIAL_FUELS.pick(rng)
        client.collective_heating = client.heating_fuel == _Fuel.GAS and rng.random() < 0.35
    elif tenure == _Tenure.OWNER:
        client.heating_fuel = (RURAL_OWNER_FUELS if rural else OWNER_FUELS).pick(rng)
        client.collective_heating = False
    else:
        client.heating_fuel = (RURAL_RENTER_FUELS if rural else RENTER_FUELS).pick(rng)
        client.collective_heating = client.heating_fuel == _Fuel.GAS and rng.random() < 0.05


# --- Incomes and statuses -------------------------------------------------------------------


def _income(
    plan: ClientFile,
    kind: str,
    amount: Decimal,
    *,
    member: HouseholdMember | None = None,
    category: str = "",
    gross_per_euro: float = 0.0,
    since: dt.date | None = None,
    today: dt.date | None = None,
) -> None:
    gross = None
    # Only taxable incomes have a gross amount last year, and only if they ran last year.
    ran_last_year = since is None or today is None or since.year < today.year
    if gross_per_euro and ran_last_year:
        gross = (amount * 12 * Decimal(str(gross_per_euro))).quantize(Decimal("0.01"))
    income = build(
        Income,
        kind=kind,
        leefloon_category=category,
        net_monthly=amount,
        gross_taxable_last_year=gross,
        starts_on=since,
    )
    plan.incomes.append((income, member))


def _incomes(rng: random.Random, plan: ClientFile, today: dt.date, kind: str, age: int) -> None:
    client = plan.client
    partner = next((m for m in plan.members if m.relation == _Rel.PARTNER), None)
    if kind.startswith("elderly"):
        _elderly_incomes(rng, plan, today, partner)
    else:
        _working_age_incomes(rng, plan, today, kind, age, partner)
    for child in plan.members:
        if child.relation == _Rel.CHILD:
            _child_incomes(rng, plan, today, child)
    if kind == "single_parent" and rng.random() < 0.35:
        since = days_ago(rng, today, 90, 3000)
        _income(plan, _Inc.MAINTENANCE, money(rng, 100, 450), since=since, today=today)
    waiting = client.social_housing_waiting_since
    # Some who wait four years or more for social housing get the Flemish rent premium; the
    # others are what the non-take-up scan looks for.
    if (
        client.tenure == _Tenure.PRIVATE
        and waiting is not None
        and (today - waiting).days >= 4 * 365
        and rng.random() < 0.4
    ):
        since = waiting + dt.timedelta(days=4 * 365)
        _income(plan, _Inc.RENT_PREMIUM, money(rng, 150, 260), since=since)


def _elderly_incomes(
    rng: random.Random, plan: ClientFile, today: dt.date, partner: HouseholdMember | None
) -> None:
    client = plan.client
    pension = money(rng, 850, 1900)
    if rng.random() < 0.15:  # a career abroad or at home: a small pension or none
        pension = money(rng, 0, 400)
    if pension:
        _income(plan, _Inc.PENSION, pension, gross_per_euro=1.1)
    guarantee = IGO_COHABITING if partner else IGO_ALONE
    # Not everyone entitled to IGO receives it: the scan should find the others.
    if guarantee - pension >= 10 and rng.random() < 0.6:
        since = since_age(rng, today, client.birth_date, IGO_AGE, 90, 3000)
        _income(plan, _Inc.IGO, guarantee - pension, since=since, today=today)
    client.widowed = partner is None and rng.random() < 0.55
    if partner is not None:
        _income(plan, _Inc.PENSION, money(rng, 600, 1600), member=partner, gross_per_euro=1.1)
    if rng.random() < 0.12:
        client.disability_percent = rng.choice((50, 66, 80))


def _working_age_incomes(
    rng: random.Random,
    plan: ClientFile,
    today: dt.date,
    kind: str,
    age: int,
    partner: HouseholdMember | None,
) -> None:
    client = plan.client
    can_leefloon = client.residence_status not in NO_LEEFLOON
    situation = (SITUATIONS if can_leefloon else SITUATIONS_WITHOUT_LEEFLOON).pick(rng)
    if kind == "young" and can_leefloon and rng.random() < 0.6:
        situation = "leefloon"
    if situation in ("leefloon", "wage_topup"):
        if any(m.is_dependant for m in plan.members if m.relation == _Rel.CHILD):
            category = _Cat.FAMILY
        elif kind in ("couple", "young", "with_relative"):
            category = _Cat.COHABITANT
        else:
            category = _Cat.SINGLE
        amount = LEEFLOON[category]
        if situation == "wage_topup":  # a part-time job, topped up to the leefloon
            wage = money(rng, 400, 800)
            _income(plan, _Inc.WAGE, wage, gross_per_euro=1.35)
            amount -= wage
        elif rng.random() < 0.1:
            amount -= money(rng, 50, 400)  # other means counted in
        client.leefloon_since = since_age(rng, today, client.birth_date, 18, 20, 8 * 365)
        _income(plan, _Inc.LEEFLOON, amount, category=category, since=client.leefloon_since)
        if age < 60 and rng.random() < 0.5:
            client.unemployed_since = client.leefloon_since
        if kind == "couple" and partner is not None and rng.random() < 0.7:
            cohabitant = LEEFLOON[_Cat.COHABITANT]
            _income(
                plan,
                _Inc.LEEFLOON,
                cohabitant,
                member=partner,
                category=_Cat.COHABITANT,
                since=max(client.leefloon_since, years_before(partner.birth_date, -18)),
            )
    elif situation == "unemployment":
        client.unemployed_since = since_age(rng, today, client.birth_date, 18, 60, 10 * 365)
        amount = money(rng, 1100, 1750)
        since = client.unemployed_since
        _income(plan, _Inc.UNEMPLOYMENT, amount, gross_per_euro=1.1, since=since, today=today)
    elif situation == "sickness":
        client.unfit_for_work_since = since_age(rng, today, client.birth_date, 18, 30, 12 * 365)
        amount = money(rng, 1200, 1850)
        since = client.unfit_for_work_since
        _income(plan, _Inc.SICKNESS, amount, gross_per_euro=1.15, since=since, today=today)
    elif situation == "wage":
        amount = money(rng, 1750, 2400) if rng.random() < 0.45 else money(rng, 900, 1450)
        since = since_age(rng, today, client.birth_date, 18, 30, 4000)
        _income(plan, _Inc.WAGE, amount, gross_per_euro=1.45, since=since, today=today)
    elif situation == "ivt":
        client.disability_percent = rng.choice(DISABILITY)
        client.unfit_for_work_since = since_age(rng, today, client.birth_date, 18, 365, 20 * 365)
        _income(plan, _Inc.IVT_IT, money(rng, 300, 1250), since=client.unfit_for_work_since)
    if client.disability_percent is None and rng.random() < 0.03:
        client.disability_percent = rng.choice((33, 50))

    if partner is not None and not any(m is partner for _i, m in plan.incomes):
        partner_kind = PARTNER_INCOMES.pick(rng)
        if not partner_kind:
            partner.is_dependant = rng.random() < 0.5
        else:
            low, high, gross = PAY[partner_kind]
            amount = money(rng, low, high)
            _income(plan, partner_kind, amount, member=partner, gross_per_euro=gross)


def _child_incomes(
    rng: random.Random, plan: ClientFile, today: dt.date, child: HouseholdMember
) -> None:
    child_age = age_on(child.birth_date, today)
    if child.is_dependant and child_age >= 18 and child.school_level == _School.NONE:
        # An adult child who cannot live alone: a disability allowance, not child benefit.
        _income(plan, _Inc.IVT_IT, money(rng, 300, 1250), member=child)
    elif child.is_dependant and child_age < 25:
        # Groeipakket: a basic amount and, for many of these families, a social supplement.
        amount = money(rng, 175, 200)
        if rng.random() < 0.6:
            amount += money(rng, 40, 90)
        _income(plan, _Inc.GROEIPAKKET, amount, member=child)
        if child.disability_percent and rng.random() < 0.7:
            _income(plan, _Inc.OTHER, money(rng, 90, 550), member=child)  # care supplement
    elif child_age >= 18:
        kind = ADULT_CHILD_INCOMES.pick(rng)
        if kind == _Inc.LEEFLOON:
            since = since_age(rng, today, child.birth_date, 18, 30, 1500)
            amount = LEEFLOON[_Cat.COHABITANT]
            _income(plan, kind, amount, member=child, category=_Cat.COHABITANT, since=since)
        elif kind:
            low, high, gross = PAY[kind]
            _income(
                plan, kind, money(rng, low, min(high, 2100)), member=child, gross_per_euro=gross
            )
