"""The scan no longer stores an "opened" event per new flag: the flag's `opened_at` says when the
scan found it, and the flag card shows that line from the flag itself. This removes the events
already stored; the reverse stores them again, one per flag, from `opened_at`."""

from typing import Any

from django.db import migrations
from django.db.models import F

# rights.scan.OPENED_NOTE (a migration does not import app code).
OPENED_NOTE = "Found by the scan."
OPEN = "open"


def drop_opened_events(apps: Any, schema_editor: Any) -> None:
    """The scan's own "opened" events: no actor, status open, at the very moment the flag was
    opened (the scan gave both the same time). Matched by that moment rather than by the note,
    which anonymisation may have replaced."""
    FlagEvent = apps.get_model("rights", "FlagEvent")
    FlagEvent.objects.filter(actor__isnull=True, status=OPEN, at=F("flag__opened_at")).delete()


def restore_opened_events(apps: Any, schema_editor: Any) -> None:
    FlagEvent = apps.get_model("rights", "FlagEvent")
    NonTakeUpFlag = apps.get_model("rights", "NonTakeUpFlag")
    flags = NonTakeUpFlag.objects.order_by("pk").values_list("pk", "opened_at")
    FlagEvent.objects.bulk_create(
        (
            FlagEvent(flag_id=pk, at=opened_at, actor=None, status=OPEN, note=OPENED_NOTE)
            for pk, opened_at in flags.iterator(chunk_size=2000)
        ),
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("rights", "0002_data_missing_note"),
    ]

    operations = [
        migrations.RunPython(drop_opened_events, restore_opened_events),
    ]
