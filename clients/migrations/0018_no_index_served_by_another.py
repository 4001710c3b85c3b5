"""Indexes that another index of the same table already serves (tests/test_indexes.py),
dropped without touching the foreign keys' constraints (core.migration_ops.DropFieldIndex)."""

import django.db.models.deletion
from django.db import migrations, models

from core.migration_ops import DropFieldIndex


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0017_accesslog_purge_function"),
        ("wijkteams", "0009_no_index_served_by_another"),
    ]

    operations = [
        DropFieldIndex(
            model_name="accesslog",
            name="client",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="access_log",
                to="clients.client",
                verbose_name="client",
            ),
        ),
        DropFieldIndex(
            model_name="caseloadcount",
            name="team",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="wijkteams.wijkteam",
            ),
        ),
        DropFieldIndex(
            model_name="client",
            name="team",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="clients",
                to="wijkteams.wijkteam",
                verbose_name="wijkteam",
            ),
        ),
        DropFieldIndex(
            model_name="followupcount",
            name="team",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="wijkteams.wijkteam",
            ),
        ),
        DropFieldIndex(
            model_name="journalentry",
            name="client",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="journal",
                to="clients.client",
                verbose_name="client",
            ),
        ),
        DropFieldIndex(
            model_name="trajectory",
            name="client",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="trajectories",
                to="clients.client",
                verbose_name="client",
            ),
        ),
    ]
