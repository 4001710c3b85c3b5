"""Reads of the leefloon amounts: the versions, and what publishing a draft would do to the
running leefloons (the indexation preview).

An indexation applies from its first day to every leefloon running that day (law of 26 May
2002, art. 15: the amounts of art. 14 follow the consumer price index under the law of 2 August
1971; POD MI, "Bedragen leefloon"). A leefloon's new amount is its
current amount plus what the new amounts change in its own calculation: the saved inputs are
priced again on the amounts of its current amount and on the new ones, and the difference is
added. So an amount the decision set by hand keeps its difference, and a resource counted stays
counted. Administrators see no client data: the preview gives counts and sums per wijkteam and
category, and the smallest and largest change of one leefloon.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery

from integration.calculation import (
    Category,
    ScaleValues,
    inputs_from_json,
    leefloon_calculate,
)
from integration.models import GrantAmount, LeefloonGrant, LeefloonScale
from integration.models.scales import Category as CategoryChoice
from integration.services.calculations import scale_values

ZERO = Decimal("0.00")


def leefloon_scales() -> "QuerySet[LeefloonScale]":
    """Every version, newest first, with who made and published it."""
    return LeefloonScale.objects.select_related("created_by", "published_by").order_by(
        "-valid_from"
    )


def latest_published(*, excluding: int | None = None) -> LeefloonScale | None:
    scales = LeefloonScale.objects.published()
    if excluding is not None:
        scales = scales.exclude(pk=excluding)
    return scales.order_by("-valid_from").first()


@dataclass(frozen=True)
class GrantChange:
    """One running leefloon: its amount on the day before and from the new amounts' first day."""

    grant_id: int
    client_id: int
    category: str
    old: Decimal
    new: Decimal
    ends_on: dt.date | None

    @property
    def difference(self) -> Decimal:
        return self.new - self.old


@dataclass
class GroupImpact:
    """The leefloons of one wijkteam and category, or of all together."""

    team: str = ""
    category: str = ""
    grants: int = 0
    changed: int = 0
    old_total: Decimal = ZERO
    new_total: Decimal = ZERO
    smallest: Decimal | None = None
    largest: Decimal | None = None

    @property
    def difference(self) -> Decimal:
        return self.new_total - self.old_total

    @property
    def category_label(self) -> str:
        return str(CategoryChoice(self.category).label) if self.category else ""

    def add(self, change: GrantChange) -> None:
        self.grants += 1
        self.old_total += change.old
        self.new_total += change.new
        if change.new != change.old:
            self.changed += 1
        difference = change.difference
        self.smallest = difference if self.smallest is None else min(self.smallest, difference)
        self.largest = difference if self.largest is None else max(self.largest, difference)


@dataclass(frozen=True)
class IndexationPreview:
    scale: LeefloonScale
    changes: tuple[GrantChange, ...]
    total: GroupImpact
    groups: tuple[GroupImpact, ...]
    # Leefloons that start on or after the new amounts' first day on a calculation of older
    # amounts: their decision fixed their first amount, so the worker recalculates them.
    by_hand: int
    # Leefloons whose saved inputs cannot be priced again (an old snapshot): counted, never
    # guessed, and left as they are.
    not_recalculated: int = 0
    not_recalculated_ids: tuple[int, ...] = field(default=())


def running_on(day: dt.date) -> "QuerySet[LeefloonGrant]":
    """The leefloons that started before `day` and still run on it."""
    return LeefloonGrant.objects.filter(starts_on__lt=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day)
    )


def _rows(day: dt.date, *, lock: bool) -> Iterator[dict[str, Any]]:
    current = GrantAmount.objects.filter(grant=OuterRef("pk"), valid_from__lt=day).order_by(
        "-valid_from"
    )
    grants = running_on(day)
    if lock:
        grants = grants.select_for_update(of=("self",))
    return (
        grants.annotate(
            # A money field: SQLite would give the amount back through a float.
            current_amount=Subquery(
                current.values("monthly_amount")[:1],
                output_field=DecimalField(max_digits=10, decimal_places=2),
            ),
            current_scale=Subquery(current.values("scale_id")[:1]),
        )
        .values(
            "pk",
            "client_id",
            "category",
            "ended_on",
            "client__team__name",
            "calculation__inputs",
            "current_amount",
            "current_scale",
        )
        .order_by("pk")
        .iterator(chunk_size=2000)
    )


def _new_amount(
    row: dict[str, Any], new: ScaleValues, scales: dict[int, ScaleValues]
) -> Decimal | None:
    old_scale = scales.get(row["current_scale"])
    current: Decimal | None = row["current_amount"]
    if old_scale is None or current is None:
        return None
    try:
        inputs = inputs_from_json(row["calculation__inputs"])
        before = leefloon_calculate(inputs, old_scale).monthly_amount
        after = leefloon_calculate(inputs, new).monthly_amount
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return None
    return max(ZERO, current + after - before)


def indexation_preview(*, scale: LeefloonScale, lock: bool = False) -> IndexationPreview:
    """What publishing `scale` does to the leefloons running on its first day. Three queries
    whatever their number: the amounts, the running leefloons with their current amount and
    inputs, and the count of those to recalculate by hand. `lock` locks the leefloons (the
    publish)."""
    values = {
        version.pk: scale_values(version)
        for version in LeefloonScale.objects.filter(
            Q(status="published") | Q(pk=scale.pk)
        ).order_by("valid_from")
    }
    new = values[scale.pk]
    day = scale.valid_from
    groups: dict[tuple[str, str], GroupImpact] = {}
    total = GroupImpact()
    changes: list[GrantChange] = []
    failed: list[int] = []
    for row in _rows(day, lock=lock):
        amount = _new_amount(row, new, values)
        if amount is None:
            failed.append(row["pk"])
            continue
        change = GrantChange(
            grant_id=row["pk"],
            client_id=row["client_id"],
            category=row["category"],
            old=row["current_amount"],
            new=amount,
            ends_on=row["ended_on"],
        )
        changes.append(change)
        team = row["client__team__name"] or ""
        key = (team, change.category)
        groups.setdefault(key, GroupImpact(team=team, category=change.category)).add(change)
        total.add(change)
    by_hand = (
        LeefloonGrant.objects.filter(starts_on__gte=day, calculation__scale__valid_from__lt=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .count()
    )
    order = {category.value: position for position, category in enumerate(Category)}
    return IndexationPreview(
        scale=scale,
        changes=tuple(changes),
        total=total,
        groups=tuple(groups[key] for key in sorted(groups, key=lambda k: (k[0], order[k[1]]))),
        by_hand=by_hand,
        not_recalculated=len(failed),
        not_recalculated_ids=tuple(failed),
    )
