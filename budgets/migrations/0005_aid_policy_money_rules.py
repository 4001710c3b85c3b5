"""The aid policy's money rules.

Rounding: "to the nearest euro" never pays above the covered share any more (the rule is in
budgets.calculation.round_aid); its label says so. Only the label changes: the stored value
`euro_nearest` stays, so published policies and saved calculations keep naming it.

The exemption for socio-professional integration (art. 35 KB 11 juli 2002), which the what-if
"they take a job" applies to a leefloon, becomes a parameter of the policy with its source.
Existing policies get the latest amount found, 309.48 from 1 February 2025, with a source text
that says so. It is set as the column's default while the column is added, not by an UPDATE:
published policies never change (on PostgreSQL the trigger of migration 0002 refuses any
update), and adding a column with a default writes no row. The amount only feeds the what-if,
which uses the policy in force today, never a saved calculation or decision; for dates before
1 February 2025 a lower amount applied, as the source text says.
"""

from decimal import Decimal

import django.core.validators
from django.db import migrations, models

SPI_EXEMPTION = Decimal("309.48")
SPI_EXEMPTION_SOURCE = (
    "309,48 euro per maand vanaf 1 februari 2025: art. 35 § 1 KB 11 juli 2002 (177,76 euro, "
    "geïndexeerd); bedrag volgens bdas-wwsb.brussels/?p=3363 (bijgewerkt op 1 april 2025). "
    "Ingevuld door de migratie die dit veld toevoegde; vóór 1 februari 2025 gold een lager "
    "bedrag."
)


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
        migrations.AddField(
            model_name="aidpolicy",
            name="spi_exemption",
            field=models.DecimalField(
                decimal_places=2,
                default=SPI_EXEMPTION,
                help_text=(
                    "The part of a new net wage that does not reduce the leefloon (art. 35 of "
                    "the royal decree of 11 July 2002), as indexed on the start of this policy."
                ),
                max_digits=10,
                validators=[django.core.validators.MinValueValidator(Decimal("0.00"))],
                verbose_name="exemption for socio-professional integration per month",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="aidpolicy",
            name="spi_exemption_source",
            field=models.CharField(
                default=SPI_EXEMPTION_SOURCE,
                help_text="Where the amount was published, and from which date it is valid.",
                max_length=300,
                verbose_name="source of the exemption",
            ),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="aidpolicy",
            constraint=models.CheckConstraint(
                condition=models.Q(("spi_exemption__gte", 0)),
                name="aidpolicy_spi_exemption_not_negative",
            ),
        ),
    ]
