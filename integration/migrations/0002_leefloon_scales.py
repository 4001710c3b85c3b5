"""The leefloon amounts found in public sources (docs/integration.md lists them): the versions of
1 May 2024 and 1 February 2025, published, and the expected indexation of 1 March 2026 as a
draft for the administrator to check against the POD MI's figures before publishing. The law
sets yearly amounts; where only the monthly amount was found, the yearly one is twelve times it,
and the source says so."""

import datetime as dt
from decimal import Decimal

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.utils import timezone

# The general exemption (royal decree of 11 July 2002, art. 22 §2) is not indexed.
EXEMPTIONS = {
    "exemption_cohabitant_yearly": Decimal("155.00"),
    "exemption_single_yearly": Decimal("250.00"),
    "exemption_family_yearly": Decimal("310.00"),
}

SCALES = [
    {
        "valid_from": dt.date(2024, 5, 1),
        "status": "published",
        "cohabitant_yearly": Decimal("10307.64"),
        "single_yearly": Decimal("15461.52"),
        "family_yearly": Decimal("20895.48"),
        "spi_monthly": Decimal("303.41"),
        "source": (
            "Leefloon per maand vanaf 1-5-2024: 858,97 / 1.288,46 / 1.741,29 "
            "(centenvoorstudenten.be, bedrag leefloon, index 1 mei 2024); jaarbedragen = 12 x "
            "maandbedrag (officiële jaarbedragen niet gevonden). Vrijstelling SPI 303,41: 297,46 "
            "van 1-11-2023 (droitsquotidiens.be) x 1,02, niet in een bron gevonden. Algemene "
            "vrijstelling: art. 22 § 2 KB 11-7-2002 (bdas-wwsb.brussels, niet geïndexeerd)."
        ),
    },
    {
        "valid_from": dt.date(2025, 2, 1),
        "status": "published",
        "cohabitant_yearly": Decimal("10513.60"),
        "single_yearly": Decimal("15770.41"),
        "family_yearly": Decimal("21312.84"),
        "spi_monthly": Decimal("309.48"),
        "source": (
            "Leefloon vanaf 1-2-2025: 10.513,60 en 15.770,41 per jaar (bdas-wwsb.brussels/?p=3321, "
            "bijgewerkt 1-4-2025); gezinslast 1.776,07 per maand (cpassivryrance.be), jaarbedrag "
            "= 12 x maandbedrag (niet gevonden). Vrijstelling SPI 309,48 per maand, ook voor "
            "studentenarbeid sinds 1-1-2022 (bdas-wwsb.brussels/?p=3363; bx1.be). Algemene "
            "vrijstelling: art. 22 § 2 KB 11-7-2002, niet geïndexeerd."
        ),
    },
    {
        "valid_from": dt.date(2026, 3, 1),
        "status": "draft",
        "cohabitant_yearly": Decimal("10723.87"),
        "single_yearly": Decimal("16085.82"),
        "family_yearly": Decimal("21739.10"),
        "spi_monthly": Decimal("315.67"),
        "source": (
            "NIET GECONTROLEERD: de spilindex werd in december 2025 overschreden (+2 %), de "
            "uitkeringen stijgen in maart 2026 (incidence-asbl.org). Deze bedragen zijn die van "
            "1-2-2025 x 1,02 op de cent; vergelijk ze met de bedragen van de POD "
            "Maatschappelijke Integratie voor u publiceert."
        ),
    },
]


def add_scales(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    scale = apps.get_model("integration", "LeefloonScale")
    now = timezone.now()
    for values in SCALES:
        scale.objects.using(schema_editor.connection.alias).update_or_create(
            valid_from=values["valid_from"],
            defaults={
                **values,
                **EXEMPTIONS,
                "spi_student_grant_monthly": values["spi_monthly"],
                "spi_student_monthly": values["spi_monthly"],
                "spi_max_months": 36,
                "published_at": now if values["status"] == "published" else None,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("integration", "0001_initial")]

    operations = [migrations.RunPython(add_scales, migrations.RunPython.noop)]
