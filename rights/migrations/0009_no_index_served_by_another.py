"""Indexes that another index of the same table already serves (tests/test_indexes.py),
dropped without touching the foreign keys' constraints (core.migration_ops.DropFieldIndex)."""

import django.db.models.deletion
from django.db import migrations, models

from core.migration_ops import DropFieldIndex


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0018_no_index_served_by_another"),
        ("rights", "0008_scan_batches"),
    ]

    operations = [
        DropFieldIndex(
            model_name="clientright",
            name="client",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="rights",
                to="clients.client",
                verbose_name="client",
            ),
        ),
        DropFieldIndex(
            model_name="datamissingnote",
            name="client",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="data_missing_notes",
                to="clients.client",
                verbose_name="client",
            ),
        ),
        DropFieldIndex(
            model_name="nontakeupflag",
            name="client",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="flags",
                to="clients.client",
                verbose_name="client",
            ),
        ),
        DropFieldIndex(
            model_name="rightparameters",
            name="right",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="parameters",
                to="rights.right",
                verbose_name="right",
            ),
        ),
        DropFieldIndex(
            model_name="scanbatch",
            name="run",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="batches",
                to="rights.scanrun",
                verbose_name="scan run",
            ),
        ),
    ]
