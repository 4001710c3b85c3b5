"""`manage.py anonymise_closed_files`: remove the personal data of closed files past the
retention period (CLIENT_ANONYMISE_AFTER_YEARS after closing).

Celery beat runs the same monthly (clients.tasks.anonymise_closed_files_task); this command is
for deployments without beat and for a look first (`--dry-run`). It prints counts and file ids
only: never a name or a national number.
"""

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from clients.gdpr import clients_anonymise_due


class Command(BaseCommand):
    help = (
        "Anonymise the client files closed more than CLIENT_ANONYMISE_AFTER_YEARS ago. "
        "With --dry-run, only list them."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List the files that are due; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        years = settings.CLIENT_ANONYMISE_AFTER_YEARS
        run = clients_anonymise_due(now=timezone.now(), dry_run=options["dry_run"])
        if options["dry_run"]:
            ids = ", ".join(str(pk) for pk in run.due) or "none"
            self.stdout.write(
                f"{len(run.due)} files closed more than {years} years ago would be anonymised "
                f"(ids: {ids})."
            )
            return
        self.stdout.write(f"{run.anonymised} files closed more than {years} years ago anonymised.")
