"""`manage.py recount_caseloads`: check the team page's figures against the files, or count
them afresh.

The figures (open files, open trajectories per kind, follow-ups not done, per team and social
worker) are kept by database triggers (clients/caseload_counts.py), so they never need this in
normal use. It is for after writes that bypassed the triggers: a restore with triggers turned
off, SQL run by hand with `session_replication_role = replica`. `--check` changes nothing and
exits with status 1 when figures differ. Prints counts only, never client data.
"""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from clients.caseload_counts import recount


class Command(BaseCommand):
    help = "Count the team page's figures afresh; with --check, only report whether they differ."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Change nothing; exit 1 if figures differ."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            differing = recount(connection)
            if options["check"]:
                transaction.set_rollback(True)
        if options["check"]:
            if differing:
                raise CommandError(
                    f"{differing} caseload figures differ from the files: "
                    "run `manage.py recount_caseloads` to count them afresh."
                )
            self.stdout.write("The caseload figures match the files.")
            return
        self.stdout.write(f"Caseload figures counted afresh ({differing} differed).")
