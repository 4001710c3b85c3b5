"""The kinds of help the issue lists (the administrator adds, renames or switches them off)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# (code, Dutch, English)
KINDS = [
    ("supplementary_aid", "Aanvullende financiële hulp", "Supplementary financial aid"),
    ("leefloon", "Leefloon", "Leefloon"),
    ("equivalent_leefloon", "Equivalent leefloon", "Equivalent leefloon"),
    ("medical_card", "Medische kaart", "Medical card"),
    ("rent_guarantee", "Huurwaarborg", "Rent guarantee"),
    ("installation_premium", "Installatiepremie", "Installation premium"),
    ("heating_allowance", "Verwarmingstoelage", "Heating allowance"),
    ("food_material_aid", "Voedsel- of materiële hulp", "Food or material aid"),
    ("budget_guidance", "Budgetbegeleiding", "Budget guidance"),
    ("other", "Andere hulp", "Other help"),
]


def add_kinds(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    request_kind = apps.get_model("procedure", "RequestKind")
    for order, (code, name_nl, name_en) in enumerate(KINDS, start=1):
        request_kind.objects.using(schema_editor.connection.alias).update_or_create(
            code=code, defaults={"name_nl": name_nl, "name_en": name_en, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("procedure", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
