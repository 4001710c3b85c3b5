"""`manage.py purge_access_log`: delete the access-log rows past the retention period.

Celery beat runs the same purge monthly (clients.tasks.access_log_purge_task); this command is
for deployments without beat and for a look first (`--dry-run`).
"""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from clients.access_log import access_log_expired, access_log_purge, access_log_retention_years


class Command(BaseCommand):
    help = (
        "Delete the access-log rows older than ACCESS_LOG_RETENTION_YEARS (at least 10 years). "
        "With --dry-run, only count them."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the rows that would go; delete nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        years = access_log_retention_years()
        if options["dry_run"]:
            count = access_log_expired().count()
            self.stdout.write(f"{count} access-log rows older than {years} years would be deleted.")
            return
        count = access_log_purge()
        self.stdout.write(f"{count} access-log rows older than {years} years deleted.")
