"""Indexes that another index of the same table already serves (tests/test_indexes.py),
dropped without touching the foreign keys' constraints (core.migration_ops.DropFieldIndex)."""

import django.db.models.deletion
from django.db import migrations, models

from core.migration_ops import DropFieldIndex


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0018_no_index_served_by_another"),
        ("integration", "0003_gpmi"),
    ]

    operations = [
        DropFieldIndex(
            model_name="gpmievaluation",
            name="contract",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="evaluations",
                to="integration.gpmicontract",
                verbose_name="GPMI contract",
            ),
        ),
        DropFieldIndex(
            model_name="grantamount",
            name="grant",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="amounts",
                to="integration.leefloongrant",
                verbose_name="leefloon",
            ),
        ),
        DropFieldIndex(
            model_name="leefloongrant",
            name="client",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="leefloon_grants",
                to="clients.client",
                verbose_name="client",
            ),
        ),
    ]
