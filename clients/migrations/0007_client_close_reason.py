from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0006_accesslog_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="client",
            name="closed_reason",
            field=models.TextField(blank=True, verbose_name="reason for closing"),
        ),
    ]
