"""Reads of reference budget versions and aid policies, for administrators only.

Besides the querysets, two read models for the screens: the matrix of one version (person
components by age band and sex, household components by household size) and the cell-by-cell
difference of two versions. Both are built from `version_amounts` in one query per version.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from budgets.models import (
    HOUSEHOLD_COMPONENTS,
    MAX_HOUSEHOLD_SIZE,
    PERSON_COMPONENTS,
    AgeBand,
    AidPolicy,
    BudgetSex,
    BudgetVersion,
    Component,
    Versioned,
    VersionStatus,
)
from budgets.services.versions import Cell, all_cells, household_cell, person_cell
from wijkteams.models import User
from wijkteams.selectors import roles_for

HOUSEHOLD_SIZES = tuple(range(1, MAX_HOUSEHOLD_SIZE + 1))
ZERO = Decimal("0.00")
V = TypeVar("V", bound=Versioned)


def budget_versions_for(user: User) -> QuerySet[BudgetVersion]:
    """Every version, newest first, with the people of its audit trail. Administrators only:
    anyone else gets none (no query for staff, who are administrators by definition)."""
    if not roles_for(user).is_administrator:
        return BudgetVersion.objects.none()
    return BudgetVersion.objects.select_related(
        "created_by", "published_by", "indexed_by", "based_on"
    ).order_by("-valid_from", "-pk")


def budget_version_get(*, user: User, pk: int) -> BudgetVersion:
    return get_object_or_404(budget_versions_for(user), pk=pk)


def aid_policies_for(user: User) -> QuerySet[AidPolicy]:
    if not roles_for(user).is_administrator:
        return AidPolicy.objects.none()
    return AidPolicy.objects.select_related("created_by", "published_by").order_by(
        "-valid_from", "-pk"
    )


def aid_policy_get(*, user: User, pk: int) -> AidPolicy:
    return get_object_or_404(aid_policies_for(user), pk=pk)


def published_closed_by(version: V) -> list[V]:
    """The open-ended published versions (or policies) that publishing `version` would end the
    day before it starts (the service does so; the confirmation page says it first)."""
    return list(
        type(version)
        ._default_manager.filter(
            status=VersionStatus.PUBLISHED,
            valid_to__isnull=True,
            valid_from__lt=version.valid_from,
        )
        .exclude(pk=version.pk)
    )


# --- the matrix of one version --------------------------------------------------------------


@dataclass(frozen=True)
class SexPair:
    """A person cell for women and men of one age band."""

    female: Decimal | None
    male: Decimal | None


@dataclass(frozen=True)
class PersonRow:
    component: str
    label: str
    cells: tuple[SexPair, ...]  # in AgeBand order


@dataclass(frozen=True)
class HouseholdRow:
    component: str
    label: str
    cells: tuple[Decimal | None, ...]  # household size 1 .. MAX_HOUSEHOLD_SIZE


@dataclass(frozen=True)
class Matrix:
    person_rows: tuple[PersonRow, ...]
    household_rows: tuple[HouseholdRow, ...]
    # The budget of one person of this band and sex, and of the household part by size.
    person_totals: tuple[SexPair, ...]
    household_totals: tuple[Decimal, ...]
    missing: int  # cells a complete version has and this one lacks

    @property
    def bands(self) -> tuple[tuple[str, str], ...]:
        return tuple((band.value, str(band.label)) for band in AgeBand)

    @property
    def sizes(self) -> tuple[int, ...]:
        return HOUSEHOLD_SIZES


def _total(values: list[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), ZERO)


def version_matrix(amounts: Mapping[Cell, Decimal]) -> Matrix:
    """The amounts of a version laid out as the screens show them."""
    person_rows = tuple(
        PersonRow(
            component=component,
            label=str(Component(component).label),
            cells=tuple(
                SexPair(
                    female=amounts.get(person_cell(component, band, BudgetSex.FEMALE)),
                    male=amounts.get(person_cell(component, band, BudgetSex.MALE)),
                )
                for band in AgeBand
            ),
        )
        for component in PERSON_COMPONENTS
    )
    household_rows = tuple(
        HouseholdRow(
            component=component,
            label=str(Component(component).label),
            cells=tuple(amounts.get(household_cell(component, size)) for size in HOUSEHOLD_SIZES),
        )
        for component in HOUSEHOLD_COMPONENTS
    )
    person_totals = tuple(
        SexPair(
            female=_total([row.cells[i].female for row in person_rows]),
            male=_total([row.cells[i].male for row in person_rows]),
        )
        for i in range(len(AgeBand))
    )
    household_totals = tuple(
        _total([row.cells[i] for row in household_rows]) for i in range(len(HOUSEHOLD_SIZES))
    )
    return Matrix(
        person_rows=person_rows,
        household_rows=household_rows,
        person_totals=person_totals,
        household_totals=household_totals,
        missing=sum(1 for cell in all_cells() if cell not in amounts),
    )


# --- the difference of two versions ---------------------------------------------------------


@dataclass(frozen=True)
class DiffRow:
    cell: Cell
    old: Decimal | None
    new: Decimal | None

    @property
    def where(self) -> str:
        """The age band and sex, or the household size, of the cell."""
        _component, band, sex, size = self.cell
        if size is not None:
            return str(size) if size < MAX_HOUSEHOLD_SIZE else f"{size}+"
        return f"{AgeBand(band).label}, {BudgetSex(sex).label}"

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @property
    def difference(self) -> Decimal | None:
        if self.old is None or self.new is None:
            return None
        return self.new - self.old

    @property
    def percent(self) -> Decimal | None:
        old, difference = self.old, self.difference
        if old is None or difference is None or not old:
            return None
        return (difference * 100 / old).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class DiffGroup:
    component: str
    label: str
    per_household: bool
    rows: tuple[DiffRow, ...]


@dataclass(frozen=True)
class VersionDiff:
    groups: tuple[DiffGroup, ...]

    @property
    def changed_count(self) -> int:
        return sum(1 for group in self.groups for row in group.rows if row.changed)

    @property
    def cell_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)


def version_diff(old: Mapping[Cell, Decimal], new: Mapping[Cell, Decimal]) -> VersionDiff:
    """Every cell of a complete version, with its amount in both versions, grouped by component
    in the order of the calculation."""
    by_component: dict[str, list[DiffRow]] = {}
    for cell in all_cells():
        by_component.setdefault(cell[0], []).append(
            DiffRow(cell=cell, old=old.get(cell), new=new.get(cell))
        )
    return VersionDiff(
        groups=tuple(
            DiffGroup(
                component=component,
                label=str(Component(component).label),
                per_household=component in HOUSEHOLD_COMPONENTS,
                rows=tuple(rows),
            )
            for component, rows in by_component.items()
        )
    )
