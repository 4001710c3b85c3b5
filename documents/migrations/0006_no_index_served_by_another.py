"""Indexes that another index of the same table already serves (tests/test_indexes.py),
dropped without touching the foreign keys' constraints (core.migration_ops.DropFieldIndex)."""

import django.db.models.deletion
from django.db import migrations, models

from core.migration_ops import DropFieldIndex


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0018_no_index_served_by_another"),
        ("documents", "0005_document_thumbnail"),
    ]

    operations = [
        DropFieldIndex(
            model_name="document",
            name="client",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="documents",
                to="clients.client",
                verbose_name="client",
            ),
        ),
    ]
