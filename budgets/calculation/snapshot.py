"""What a saved calculation stores: the inputs and the result as JSON, and reading them back
into the same values, so a snapshot shows years later exactly what was calculated."""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from budgets.calculation.engine import (
    Adjustment,
    BudgetLine,
    Costs,
    Household,
    IncomeLine,
    IncomeResult,
    Person,
    PolicyValues,
    Result,
)

# --- snapshots ----------------------------------------------------------------------------
# Saved as JSON with amounts as strings: exact, and readable by a person.


def household_to_json(household: Household) -> dict[str, Any]:
    costs = household.costs
    return {
        "on": household.on.isoformat(),
        "persons": [
            {"key": p.key, "name": p.name, "relation": p.relation, "sex": p.sex, "age": p.age}
            for p in household.persons
        ],
        "incomes": [
            {
                "person": i.person_key,
                "kind": i.kind,
                "amount": str(i.amount),
                "hypothetical": i.hypothetical,
            }
            for i in household.incomes
        ],
        "costs": {
            "rent": str(costs.rent),
            "childcare": None if costs.childcare is None else str(costs.childcare),
            "school": None if costs.school is None else str(costs.school),
            "illness": str(costs.illness),
            "car_necessary": costs.car_necessary,
            "car": str(costs.car),
        },
        "reasons": dict(household.reasons),
        "confirmed_on": None
        if household.confirmed_on is None
        else household.confirmed_on.isoformat(),
    }


def household_from_json(data: Mapping[str, Any]) -> Household:
    costs = data["costs"]
    return Household(
        on=dt.date.fromisoformat(data["on"]),
        persons=tuple(
            Person(key=p["key"], name=p["name"], relation=p["relation"], sex=p["sex"], age=p["age"])
            for p in data["persons"]
        ),
        incomes=tuple(
            IncomeLine(
                person_key=i["person"],
                kind=i["kind"],
                amount=Decimal(i["amount"]),
                hypothetical=i.get("hypothetical", False),
            )
            for i in data["incomes"]
        ),
        costs=Costs(
            rent=Decimal(costs["rent"]),
            childcare=None if costs["childcare"] is None else Decimal(costs["childcare"]),
            school=None if costs["school"] is None else Decimal(costs["school"]),
            illness=Decimal(costs["illness"]),
            car_necessary=costs["car_necessary"],
            car=Decimal(costs["car"]),
        ),
        reasons=dict(data.get("reasons", {})),
        # Snapshots saved before the statement existed have no such key.
        confirmed_on=dt.date.fromisoformat(data["confirmed_on"])
        if data.get("confirmed_on")
        else None,
    )


def result_to_json(result: Result) -> dict[str, Any]:
    """The breakdown of a saved calculation (the inputs are saved apart)."""
    return {
        "version": {"id": result.version_id, "name": result.version_name},
        "policy": {
            "id": result.policy.policy_id,
            "name": result.policy.policy_name,
            "coverage_percent": str(result.policy.coverage_percent),
            "monthly_cap": None
            if result.policy.monthly_cap is None
            else str(result.policy.monthly_cap),
            "minimum_amount": str(result.policy.minimum_amount),
            "rounding": result.policy.rounding,
            "max_months": result.policy.max_months,
            "activation_required": result.policy.activation_required,
            "excluded_income_kinds": sorted(result.policy.excluded_income_kinds),
            "spi_exemption": None
            if result.policy.spi_exemption is None
            else str(result.policy.spi_exemption),
        },
        "lines": [
            {
                "component": line.component,
                "standard": str(line.standard),
                "amount": str(line.amount),
                "adjustments": [
                    {"kind": a.kind, "amount": str(a.amount)} for a in line.adjustments
                ],
                "replaced": line.replaced,
            }
            for line in result.lines
        ],
        "incomes": [i.counts for i in result.incomes],
        "reference_budget": str(result.reference_budget),
        "available_income": str(result.available_income),
        "saldo": str(result.saldo),
        "shortfall": str(result.shortfall),
        "covered": str(result.covered),
        "proposed_aid": str(result.proposed_aid),
        "capped": result.capped,
        "below_minimum": result.below_minimum,
        "not_rounded_up": result.not_rounded_up,
    }


def result_from_json(inputs: Mapping[str, Any], breakdown: Mapping[str, Any]) -> Result:
    """A saved calculation read back exactly as it was saved (nothing is recomputed)."""
    household = household_from_json(inputs)
    return Result(
        household=household,
        version_id=breakdown["version"]["id"],
        version_name=breakdown["version"]["name"],
        policy=policy_values_from_json(breakdown["policy"]),
        lines=tuple(
            BudgetLine(
                component=line["component"],
                standard=Decimal(line["standard"]),
                amount=Decimal(line["amount"]),
                adjustments=tuple(
                    Adjustment(a["kind"], Decimal(a["amount"])) for a in line["adjustments"]
                ),
                replaced=line["replaced"],
            )
            for line in breakdown["lines"]
        ),
        incomes=tuple(
            IncomeResult(line=line, counts=counts)
            for line, counts in zip(household.incomes, breakdown["incomes"], strict=True)
        ),
        reference_budget=Decimal(breakdown["reference_budget"]),
        available_income=Decimal(breakdown["available_income"]),
        saldo=Decimal(breakdown["saldo"]),
        shortfall=Decimal(breakdown["shortfall"]),
        covered=Decimal(breakdown["covered"]),
        proposed_aid=Decimal(breakdown["proposed_aid"]),
        capped=breakdown["capped"],
        below_minimum=breakdown["below_minimum"],
        # Snapshots saved before the aid was kept under the covered share have no such key:
        # they may hold a rounded-up amount, and are shown as saved.
        not_rounded_up=breakdown.get("not_rounded_up", False),
    )


def policy_values_from_json(p: Mapping[str, Any]) -> PolicyValues:
    """The policy as a snapshot saved it."""
    exemption = p.get("spi_exemption")  # absent in snapshots saved before migration 0005
    return PolicyValues(
        policy_id=p["id"],
        policy_name=p["name"],
        coverage_percent=Decimal(p["coverage_percent"]),
        monthly_cap=None if p["monthly_cap"] is None else Decimal(p["monthly_cap"]),
        minimum_amount=Decimal(p["minimum_amount"]),
        rounding=p["rounding"],
        max_months=p["max_months"],
        activation_required=p["activation_required"],
        excluded_income_kinds=frozenset(p["excluded_income_kinds"]),
        spi_exemption=None if exemption is None else Decimal(exemption),
    )
