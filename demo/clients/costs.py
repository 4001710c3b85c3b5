"""Actual monthly costs on a demo client file, for the budget calculation: child care for some
young children, school costs for some pupils, illness-related costs now and then, and rarely a
car the household cannot do without. (Rent is drawn with the housing, in people.py.)

Drawn from a generator of their own, seeded by the client's national number, so adding them
changed no other field of any demo file: the files' main random stream is left untouched.
"""

import datetime as dt
import random
from decimal import Decimal

from clients.models import HouseholdMember
from demo.clients.plans import ClientFile, age_on, money

_School = HouseholdMember.SchoolLevel
# Per pupil and month, within the Flemish maximum invoice for nursery and primary school;
# secondary school (books, trips, materials) costs more.
SCHOOL_COSTS: dict[str, tuple[int, int]] = {
    _School.NURSERY: (4, 10),
    _School.PRIMARY: (8, 25),
    _School.SECONDARY: (30, 85),
}


def draw_actual_costs(plan: ClientFile, today: dt.date) -> None:
    rng = random.Random(f"costs:{plan.client.national_number}")  # noqa: S311  # demo data
    client = plan.client
    children = [m for m in plan.members if m.relation == HouseholdMember.Relation.CHILD]
    # Income-related child-care fees (a low-income tariff) for some children under three.
    in_care = [c for c in children if age_on(c.birth_date, today) < 3 and rng.random() < 0.5]
    if in_care:
        client.childcare_costs = sum((money(rng, 60, 220) for _ in in_care), Decimal("0.00"))
    pupils = [c for c in children if c.school_level in SCHOOL_COSTS]
    if pupils and rng.random() < 0.4:
        client.school_costs = sum(
            (money(rng, *SCHOOL_COSTS[c.school_level]) for c in pupils), Decimal("0.00")
        )
    ill = client.disability_percent is not None or any(m.disability_percent for m in plan.members)
    if rng.random() < (0.4 if ill else 0.1):
        client.illness_costs = money(rng, 20, 150)
    if rng.random() < 0.03:  # shift work without public transport, a disabled child, ...
        client.car_necessary = True
        client.car_costs = money(rng, 150, 320)
