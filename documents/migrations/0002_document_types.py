"""The document types the issue lists (the administrator adds, renames or switches them off)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# (code, Dutch, English, expires)
TYPES = [
    ("identity_card", "Identiteitskaart", "Identity card", True),
    ("residence_permit", "Verblijfsdocument", "Residence permit", True),
    ("payslip", "Loonbrief", "Payslip", False),
    ("benefit_certificate", "Attest uitkering", "Benefit certificate", True),
    ("rent_contract", "Huurcontract", "Rent contract", False),
    ("bank_statement", "Rekeninguittreksel", "Bank statement", False),
    ("medical_certificate", "Medisch attest", "Medical certificate", True),
    ("energy_bill", "Energiefactuur", "Energy bill", False),
    ("other", "Ander document", "Other document", False),
    ("letter_sent", "Verstuurde brief", "Letter sent", False),
]


def add_types(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    document_type = apps.get_model("documents", "DocumentType")
    for order, (code, name_nl, name_en, expires) in enumerate(TYPES, start=1):
        document_type.objects.using(schema_editor.connection.alias).update_or_create(
            code=code,
            defaults={
                "name_nl": name_nl,
                "name_en": name_en,
                "expires": expires,
                "order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
