"""Indexes that another index of the same table already serves (tests/test_indexes.py),
dropped without touching the foreign keys' constraints (core.migration_ops.DropFieldIndex)."""

import django.db.models.deletion
from django.db import migrations, models

from core.migration_ops import DropFieldIndex


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0018_no_index_served_by_another"),
        ("procedure", "0004_kind_flags"),
    ]

    operations = [
        DropFieldIndex(
            model_name="agendaitem",
            name="session",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="items",
                to="procedure.committeesession",
                verbose_name="committee session",
            ),
        ),
        DropFieldIndex(
            model_name="delegation",
            name="kind",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="delegations",
                to="procedure.requestkind",
                verbose_name="kind of help",
            ),
        ),
        DropFieldIndex(
            model_name="request",
            name="client",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="help_requests",
                to="clients.client",
                verbose_name="client",
            ),
        ),
        DropFieldIndex(
            model_name="requestdocument",
            name="request",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="document_links",
                to="procedure.request",
                verbose_name="request",
            ),
        ),
    ]
