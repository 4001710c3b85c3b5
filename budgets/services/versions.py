"""Writes of reference budget versions and aid policies, by administrators.

Both are versioned the same way: drafts change freely; publishing checks completeness and that
no other published version overlaps (an open-ended predecessor is closed the day before); a
published version never changes again. PostgreSQL enforces the same in migration 0002.
"""

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from budgets.calculation import budget_table_load, missing_cells
from budgets.models import (
    HOUSEHOLD_COMPONENTS,
    MAX_HOUSEHOLD_SIZE,
    PERSON_COMPONENTS,
    AgeBand,
    AidPolicy,
    BudgetAmount,
    BudgetSex,
    BudgetVersion,
    Versioned,
    VersionStatus,
)
from clients.models import Income
from core.dates import date_range_errors
from wijkteams.models import User
from wijkteams.selectors import roles_for

# One cell of a version: (component, age band, sex, household size); a person cell has no
# size, a household cell has no band or sex.
Cell = tuple[str, str, str, int | None]

V = TypeVar("V", bound=Versioned)


def person_cell(component: str, band: str, sex: str) -> Cell:
    return (component, band, sex, None)


def household_cell(component: str, size: int) -> Cell:
    return (component, "", "", size)


def all_cells() -> list[Cell]:
    """Every cell a complete version has, in matrix order."""
    cells = [
        person_cell(component, band, sex)
        for component in PERSON_COMPONENTS
        for band in AgeBand
        for sex in BudgetSex
    ]
    cells += [
        household_cell(component, size)
        for component in HOUSEHOLD_COMPONENTS
        for size in range(1, MAX_HOUSEHOLD_SIZE + 1)
    ]
    return cells


VALID_CELLS = frozenset(all_cells())


def cell_label(cell: Cell) -> str:
    component, band, sex, size = cell
    if size is None:
        return f"{component} / {band} / {sex}"
    return f"{component} / {size}"


def _require_administrator(actor: User) -> None:
    if not roles_for(actor).is_administrator:
        raise PermissionDenied(_("Only administrators manage reference budgets and policies."))


def _require_draft(version: Versioned) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            _("A published version never changes. Index it or copy it into a new draft.")
        )


def _check_period(valid_from: dt.date | None, valid_to: dt.date | None) -> None:
    out_of_range = date_range_errors(valid_from=valid_from, valid_to=valid_to)
    if out_of_range:
        raise ValidationError(out_of_range)
    # A missing start is full_clean's to report ("this field is required"), not a TypeError.
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end date cannot be before the start date.")})


# The largest amount BudgetAmount.amount holds (10 digits, 2 decimals).
MAX_AMOUNT = Decimal("99999999.99")


def _check_amounts(amounts: Mapping[Cell, Decimal]) -> None:
    for cell, amount in amounts.items():
        if cell not in VALID_CELLS:
            raise ValidationError(
                _("%(cell)s is not a cell of a reference budget.") % {"cell": cell_label(cell)}
            )
        # NaN cannot be compared; too large an amount passes SQLite but not PostgreSQL.
        if not amount.is_finite() or amount > MAX_AMOUNT:
            raise ValidationError(
                _("%(cell)s: enter an amount up to 99.999.999,99.") % {"cell": cell_label(cell)}
            )
        if amount < 0:
            raise ValidationError(
                _("%(cell)s: an amount cannot be negative.") % {"cell": cell_label(cell)}
            )
        if amount != amount.quantize(Decimal("0.01")):
            raise ValidationError(
                _("%(cell)s: an amount has at most two decimals.") % {"cell": cell_label(cell)}
            )


def _write_amounts(version: BudgetVersion, amounts: Mapping[Cell, Decimal]) -> None:
    """Replace the given cells of a draft (bulk: a fixed number of queries)."""
    _check_amounts(amounts)
    existing = {
        (a.component, a.age_band, a.sex, a.household_size): a
        for a in BudgetAmount.objects.filter(version=version)
    }
    changed, new = [], []
    for cell, amount in amounts.items():
        row = existing.get(cell)
        if row is None:
            component, band, sex, size = cell
            new.append(
                BudgetAmount(
                    version=version,
                    component=component,
                    age_band=band,
                    sex=sex,
                    household_size=size,
                    amount=amount,
                )
            )
        elif row.amount != amount:
            row.amount = amount
            changed.append(row)
    BudgetAmount.objects.bulk_create(new)
    BudgetAmount.objects.bulk_update(changed, ["amount"])


def version_amounts(version: BudgetVersion) -> dict[Cell, Decimal]:
    return {
        (component, band, sex, size): amount
        for component, band, sex, size, amount in BudgetAmount.objects.filter(
            version=version
        ).values_list("component", "age_band", "sex", "household_size", "amount")
    }


# --- budget versions ----------------------------------------------------------------------


@transaction.atomic
def budget_version_create(
    *,
    actor: User,
    name: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    notes: str = "",
    is_demo: bool = False,
    amounts: Mapping[Cell, Decimal] | None = None,
) -> BudgetVersion:
    """A new draft, empty or with the given amounts."""
    _require_administrator(actor)
    _check_period(valid_from, valid_to)
    version = BudgetVersion(
        name=name,
        valid_from=valid_from,
        valid_to=valid_to,
        notes=notes,
        is_demo=is_demo,
        created_by=actor,
    )
    version.full_clean()
    version.save()
    if amounts:
        _write_amounts(version, amounts)
    return version


@transaction.atomic
def budget_version_update(
    *,
    actor: User,
    version: BudgetVersion,
    fields: Mapping[str, Any] | None = None,
    amounts: Mapping[Cell, Decimal] | None = None,
) -> BudgetVersion:
    """Change a draft: its name, period or notes, and any of its amounts."""
    _require_administrator(actor)
    version = BudgetVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    for name, value in (fields or {}).items():
        if name not in {"name", "valid_from", "valid_to", "notes", "is_demo"}:
            raise ValueError(f"not an editable field: {name}")
        setattr(version, name, value)
    _check_period(version.valid_from, version.valid_to)
    version.full_clean()
    version.save()
    if amounts:
        _write_amounts(version, amounts)
    return version


@transaction.atomic
def budget_version_index(
    *,
    actor: User,
    source: BudgetVersion,
    percent: Decimal,
    valid_from: dt.date,
    name: str = "",
) -> BudgetVersion:
    """A new draft with every amount of a published version raised by `percent` (to the cent,
    half up)."""
    _require_administrator(actor)
    if not source.is_published:
        raise ValidationError(_("Only a published version can be indexed."))
    if percent <= -100 or percent > 100:
        raise ValidationError({"percent": _("Enter a percentage between -100 and 100.")})
    if valid_from <= source.valid_from:
        raise ValidationError(
            {"valid_from": _("The indexed version must start after the version it indexes.")}
        )
    factor = 1 + percent / 100
    amounts = {
        cell: (amount * factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        for cell, amount in version_amounts(source).items()
    }
    version = BudgetVersion(
        name=name
        or _("%(name)s indexed by %(percent)s%%")
        % {"name": source.name, "percent": f"{percent:+.2f}".replace(".", ",")},
        valid_from=valid_from,
        is_demo=source.is_demo,
        based_on=source,
        index_percent=percent,
        indexed_by=actor,
        created_by=actor,
    )
    version.full_clean()
    version.save()
    _write_amounts(version, amounts)
    return version


@transaction.atomic
def budget_version_publish(*, actor: User, version: BudgetVersion) -> BudgetVersion:
    """Publish a complete draft. From now on it never changes."""
    _require_administrator(actor)
    version = BudgetVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    missing = missing_cells(budget_table_load(version))
    if missing:
        raise ValidationError(
            _("The version is incomplete: %(count)s amounts are missing, such as %(first)s.")
            % {"count": len(missing), "first": missing[0]}
        )
    return _publish(BudgetVersion, version, actor)


@transaction.atomic
def budget_version_delete(*, actor: User, version: BudgetVersion) -> None:
    _require_administrator(actor)
    # Read again under a lock: the caller's copy may predate its publication.
    version = BudgetVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    version.delete()


# --- aid policies -------------------------------------------------------------------------

POLICY_FIELDS = (
    "name",
    "valid_from",
    "valid_to",
    "notes",
    "coverage_percent",
    "monthly_cap",
    "minimum_amount",
    "rounding",
    "max_months",
    "activation_required",
    "excluded_income_kinds",
    "spi_exemption",
    "spi_exemption_source",
)


def _check_policy(policy: AidPolicy) -> None:
    """What field validators cannot see: the income kinds exist (a typo, or a string instead
    of a list, would silently count an income), and a minimum above the cap pays nothing."""
    kinds = policy.excluded_income_kinds
    if not isinstance(kinds, list) or not set(kinds) <= set(Income.Kind.values):
        raise ValidationError(
            {"excluded_income_kinds": _("Choose the income kinds from the list.")}
        )
    if policy.monthly_cap is not None and policy.minimum_amount > policy.monthly_cap:
        raise ValidationError(
            {"minimum_amount": _("The minimum amount cannot be more than the maximum per month.")}
        )


@transaction.atomic
def aid_policy_create(*, actor: User, fields: Mapping[str, Any]) -> AidPolicy:
    _require_administrator(actor)
    policy = AidPolicy(created_by=actor, **{k: v for k, v in fields.items() if k in POLICY_FIELDS})
    _check_period(policy.valid_from, policy.valid_to)
    policy.full_clean()
    _check_policy(policy)
    policy.save()
    return policy


@transaction.atomic
def aid_policy_update(*, actor: User, policy: AidPolicy, fields: Mapping[str, Any]) -> AidPolicy:
    _require_administrator(actor)
    policy = AidPolicy.objects.select_for_update().get(pk=policy.pk)
    _require_draft(policy)
    for name, value in fields.items():
        if name not in POLICY_FIELDS:
            raise ValueError(f"not an editable field: {name}")
        setattr(policy, name, value)
    _check_period(policy.valid_from, policy.valid_to)
    policy.full_clean()
    _check_policy(policy)
    policy.save()
    return policy


@transaction.atomic
def aid_policy_publish(*, actor: User, policy: AidPolicy) -> AidPolicy:
    _require_administrator(actor)
    policy = AidPolicy.objects.select_for_update().get(pk=policy.pk)
    _require_draft(policy)
    return _publish(AidPolicy, policy, actor)


@transaction.atomic
def aid_policy_delete(*, actor: User, policy: AidPolicy) -> None:
    _require_administrator(actor)
    policy = AidPolicy.objects.select_for_update().get(pk=policy.pk)
    _require_draft(policy)
    policy.delete()


# --- shared -------------------------------------------------------------------------------


def _publish(model: type[V], version: V, actor: User) -> V:
    """No overlap with another published version, except an open-ended one that started
    earlier: its end is set to the day before this one starts."""
    others = list(
        model._default_manager.select_for_update()
        .filter(status=VersionStatus.PUBLISHED)
        .exclude(pk=version.pk)
    )
    to_close = []
    for other in others:
        if not _overlaps(other, version):
            continue
        if other.valid_to is None and other.valid_from < version.valid_from:
            to_close.append(other)
            continue
        raise ValidationError(
            {
                "valid_from": _("This period overlaps the published version %(name)s (%(period)s).")
                % {"name": other.name, "period": _period(other)}
            }
        )
    for other in to_close:
        other.valid_to = version.valid_from - dt.timedelta(days=1)
        other.save(update_fields=["valid_to"])
    version.status = VersionStatus.PUBLISHED
    version.published_by = actor
    version.published_at = timezone.now()
    try:
        with transaction.atomic():
            version.save(update_fields=["status", "published_by", "published_at"])
    except IntegrityError as error:  # the PostgreSQL exclusion constraint: a concurrent publish
        raise ValidationError(
            _("Another version was published for this period at the same time.")
        ) from error
    return version


def _overlaps(a: Versioned, b: Versioned) -> bool:
    a_end = a.valid_to or dt.date.max
    b_end = b.valid_to or dt.date.max
    return bool(a.valid_from <= b_end and b.valid_from <= a_end)


def _period(version: Versioned) -> str:
    start = date_format(version.valid_from, "SHORT_DATE_FORMAT")
    if version.valid_to is None:
        return _("from %(start)s") % {"start": start}
    end = date_format(version.valid_to, "SHORT_DATE_FORMAT")
    return _("%(start)s to %(end)s") % {"start": start, "end": end}


# --- copies (screens for administrators) --------------------------------------------------


@transaction.atomic
def budget_version_copy(
    *,
    actor: User,
    source: BudgetVersion,
    name: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    notes: str = "",
) -> BudgetVersion:
    """A new draft with every amount of `source` (published or not), to re-price by hand."""
    version = budget_version_create(
        actor=actor,
        name=name,
        valid_from=valid_from,
        valid_to=valid_to,
        notes=notes,
        is_demo=source.is_demo,
        amounts=version_amounts(source),
    )
    version.based_on = source
    version.save(update_fields=["based_on"])
    return version
