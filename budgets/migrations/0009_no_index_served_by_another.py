"""Indexes that another index of the same table already serves (tests/test_indexes.py),
dropped without touching the foreign keys' constraints (core.migration_ops.DropFieldIndex)."""

import django.db.models.deletion
from django.db import migrations, models

from core.migration_ops import DropFieldIndex


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0008_aid_decision_request"),
        ("clients", "0018_no_index_served_by_another"),
        ("procedure", "0005_no_index_served_by_another"),
    ]

    operations = [
        DropFieldIndex(
            model_name="aidcalculation",
            name="client",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="aid_calculations",
                to="clients.client",
                verbose_name="client",
            ),
        ),
        DropFieldIndex(
            model_name="aiddecision",
            name="client",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="aid_decisions",
                to="clients.client",
                verbose_name="client",
            ),
        ),
        DropFieldIndex(
            model_name="aiddecision",
            name="request",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="aid_decisions",
                to="procedure.request",
                verbose_name="request for help",
            ),
        ),
    ]
