"""No index that another index of the same table already serves.

Every index is kept up to date by every insert: the non-take-up scan's first run writes some
130,000 flags, 150,000 data-missing notes and 100,000 access-log rows over 100,000 files, and a
single-column index on `client_id` next to a composite index that starts with `client_id` only
costs those inserts (issue 21, point 4). A b-tree on (a, b) serves every lookup and ordering
on `a` alone, so a plain index on a prefix of another's columns is redundant.

Read from the models (the migrations make the same indexes on every database): the foreign
keys' and `db_index` fields' own indexes and the Meta indexes. Unique constraints and unique
fields enforce a rule, so they are never the redundant one, but may be the one that serves.
Partial, expression and non-b-tree indexes (the trigram search) are left out on both sides:
they do not serve every lookup on their columns.
"""

from collections.abc import Sequence
from typing import Any

from django.apps import apps
from django.db import models

PROJECT_APPS = {
    "budgets",
    "clients",
    "core",
    "documents",
    "integration",
    "procedure",
    "rights",
    "wijkteams",
}


def _columns(model: type[models.Model], names: Sequence[str]) -> tuple[str, ...]:
    fields: list[Any] = [model._meta.get_field(name.lstrip("-")) for name in names]
    return tuple(field.column for field in fields)


def _indexes(model: type[models.Model]) -> list[tuple[str, tuple[str, ...], bool]]:
    """(name, columns, enforces a rule) of each plain b-tree index of the model's table."""
    found: list[tuple[str, tuple[str, ...], bool]] = []
    own: list[Any] = list(model._meta.local_concrete_fields)
    for field in own:
        if field.primary_key:
            continue
        if field.unique:
            found.append((f"{field.name} (unique)", (field.column,), True))
        elif field.db_index:
            found.append((f"{field.name} (its own index)", (field.column,), False))
    for index in model._meta.indexes:
        plain = not (index.condition or index.opclasses or index.include)
        if type(index) is models.Index and index.fields and plain:
            found.append((index.name, _columns(model, index.fields), False))
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint):
            continue
        unique: Any = constraint  # django-stubs know no `include`
        if unique.fields and not (unique.condition or unique.include):
            found.append((unique.name, _columns(model, unique.fields), True))
    for together in model._meta.unique_together:
        found.append(("unique_together", _columns(model, together), True))
    return found


def _redundant(model: type[models.Model]) -> list[str]:
    indexes = _indexes(model)
    redundant = []
    for name, columns, enforces in indexes:
        if enforces:
            continue
        for other, other_columns, _enforces in indexes:
            prefix = other != name and other_columns[: len(columns)] == columns
            if prefix and (other_columns != columns or other < name):
                redundant.append(f"{model._meta.label}: {name} {columns} is served by {other}")
                break
    return redundant


def test_no_index_is_a_prefix_of_another():
    models_checked = [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and model._meta.managed
    ]
    assert len(models_checked) > 30  # the check reads the project's models, not none
    redundant = [line for model in models_checked for line in _redundant(model)]
    assert redundant == []


def test_the_scan_tables_keep_the_indexes_that_serve_their_client_lookups():
    """The single-column indexes went; the composite ones that serve the same lookups stay."""
    from clients.models import AccessLog
    from rights.models import DataMissingNote, NonTakeUpFlag

    for model, serving in (
        (NonTakeUpFlag, "flag_client_right_idx"),
        (DataMissingNote, "datamissing_one_per_client_right"),
        (AccessLog, "accesslog_client_idx"),
    ):
        indexes = {name: columns for name, columns, _enforces in _indexes(model)}
        assert indexes[serving][0] == "client_id"
        assert not any(columns == ("client_id",) for columns in indexes.values())
