"""The aid policy's money rules.

Rounding: "to the nearest euro" never pays above the covered share any more (the rule is in
budgets.calculation.round_aid); its label says so. Only the label changes: the stored value
`euro_nearest` stays, so published policies and saved calculations keep naming it.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("budgets", "0004_anonymisation")]

    operations = [
        migrations.AlterField(
            model_name="aidpolicy",
            name="rounding",
            field=models.CharField(
                choices=[
                    ("cent", "to the cent"),
                    ("euro_down", "down to the euro"),
                    ("euro_nearest", "to the nearest euro, but never above the covered share"),
                    ("five_euro_down", "down to a multiple of 5 euro"),
                    ("ten_euro_down", "down to a multiple of 10 euro"),
                ],
                default="cent",
                max_length=20,
                verbose_name="rounding",
            ),
        ),
    ]
