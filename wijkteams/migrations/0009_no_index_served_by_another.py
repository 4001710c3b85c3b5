"""Indexes that another index of the same table already serves (tests/test_indexes.py),
dropped without touching the foreign keys' constraints (core.migration_ops.DropFieldIndex)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.migration_ops import DropFieldIndex


class Migration(migrations.Migration):
    dependencies = [
        ("wijkteams", "0008_accountlog_committee_actions"),
    ]

    operations = [
        DropFieldIndex(
            model_name="accountlog",
            name="subject",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="account_log",
                to=settings.AUTH_USER_MODEL,
                verbose_name="account",
            ),
        ),
        DropFieldIndex(
            model_name="location",
            name="team",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="locations",
                to="wijkteams.wijkteam",
                verbose_name="wijkteam",
            ),
        ),
        DropFieldIndex(
            model_name="membership",
            name="user",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="memberships",
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
    ]
