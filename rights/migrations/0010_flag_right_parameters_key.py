"""Flags and data-missing notes refer to their right and thresholds with one foreign key on
PostgreSQL: (right, parameters) -> rightparameters (right, id).

Each flag and note checked its right and its version of the thresholds apart, two of the three
checks each row costs at the commit: a first scan of 100,000 clients writes some 280,000 of
these rows (issue 21 point 4, bench/README.md). One composite key checks both at once and also
guarantees what the two did not: a flag's thresholds are those of its own right.

The composite key is PostgreSQL's; Django knows no composite foreign key, so the models keep
their two foreign keys and SQLite keeps their two constraints. Django's later changes to these
fields find no constraint of the field's own to drop on PostgreSQL and leave this one alone
(tests/rights/test_flag_parameters_key.py).

The two tables' own indexes on `right_id` go (core.migration_ops.DropFieldIndex): the flags'
lists by right use flag_status_idx, and notes are read by client.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from core.migration_ops import DropFieldIndex

MODELS = ("NonTakeUpFlag", "DataMissingNote")


def composite_name(table: str) -> str:
    return f"{table}_right_parameters_fk"


def _composite_forwards(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    editor: Any = schema_editor  # Django's private helpers, as in core.migration_ops
    quote = schema_editor.quote_name
    for model_name in MODELS:
        model = apps.get_model("rights", model_name)
        table = model._meta.db_table
        for column in ("right_id", "parameters_id"):
            for name in editor._constraint_names(model, [column], foreign_key=True):
                schema_editor.execute(editor._delete_fk_sql(model, name))
        schema_editor.execute(
            f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(composite_name(table))}"
            ' FOREIGN KEY ("right_id", "parameters_id")'
            ' REFERENCES "rights_rightparameters" ("right_id", "id")'
            " DEFERRABLE INITIALLY DEFERRED"
        )


def _composite_backwards(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    editor: Any = schema_editor
    quote = schema_editor.quote_name
    for model_name in MODELS:
        model = apps.get_model("rights", model_name)
        table = model._meta.db_table
        schema_editor.execute(
            f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(composite_name(table))}"
        )
        for field_name in ("right", "parameters"):
            field = model._meta.get_field(field_name)
            schema_editor.execute(
                editor._create_fk_sql(model, field, "_fk_%(to_table)s_%(to_column)s")
            )


class Migration(migrations.Migration):
    dependencies = [
        ("rights", "0009_no_index_served_by_another"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="rightparameters",
            constraint=models.UniqueConstraint(
                fields=("right", "id"), name="rightparameters_right_and_id"
            ),
        ),
        DropFieldIndex(
            model_name="datamissingnote",
            name="right",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="rights.right",
                verbose_name="right",
            ),
        ),
        DropFieldIndex(
            model_name="nontakeupflag",
            name="right",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="flags",
                to="rights.right",
                verbose_name="right",
            ),
        ),
        migrations.RunPython(_composite_forwards, _composite_backwards),
    ]
