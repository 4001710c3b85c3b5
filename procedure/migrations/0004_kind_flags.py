"""Which seeded kinds of help are granted as an amount, and which need a home visit in the
social inquiry (the administrator changes them in the admin)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

WITH_AMOUNT = [
    "supplementary_aid",
    "leefloon",
    "equivalent_leefloon",
    "rent_guarantee",
    "installation_premium",
    "heating_allowance",
]
# The inquiry of these checks where and how the applicant lives (PRIMA: actual residence).
HOME_VISIT = ["supplementary_aid", "leefloon", "equivalent_leefloon", "installation_premium"]


def set_flags(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    kinds = apps.get_model("procedure", "RequestKind").objects.using(schema_editor.connection.alias)
    kinds.filter(code__in=WITH_AMOUNT).update(has_amount=True)
    kinds.filter(code__in=HOME_VISIT).update(home_visit_required=True)


class Migration(migrations.Migration):
    dependencies = [("procedure", "0003_inquiry_decision_committee")]

    operations = [migrations.RunPython(set_flags, migrations.RunPython.noop)]
