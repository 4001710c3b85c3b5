"""An aid proposal answers a request for help (issue 19): the proposal is the request's proposal
in the procedure. Proposals from before keep no request (null)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0007_bounded_texts"),
        ("procedure", "0004_kind_flags"),
    ]

    operations = [
        migrations.AddField(
            model_name="aiddecision",
            name="request",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="aid_decisions",
                to="procedure.request",
                verbose_name="request for help",
            ),
        ),
        migrations.AddConstraint(
            model_name="aiddecision",
            constraint=models.UniqueConstraint(
                fields=("request",), name="aiddecision_one_per_request"
            ),
        ),
    ]
