"""`manage.py seed_demo`: the demo city, and (from the client-file issue on) demo clients."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from demo.city import DEMO_LOGINS, DEMO_PASSWORD, seed_city


class Command(BaseCommand):
    help = "Create the demo city (teams, locations, areas, staff). Safe to run again."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--clients",
            type=int,
            default=0,
            help="Also create this many demo client files, in bulk (up to 100,000).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Rows per bulk insert (default 2000)."
        )
        parser.add_argument("--seed", type=int, default=8500, help="Random seed for demo data.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["clients"] < 0:
            raise CommandError("--clients must be 0 or more.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        report = seed_city()
        self.stdout.write(
            f"Demo city: {report.teams} teams, {report.locations} locations, {report.areas} areas, "
            f"{report.users} users and {report.memberships} memberships added "
            "(0 everywhere means it was already there)."
        )
        if options["clients"]:
            # The client model arrives with the client-file issue; demo.clients will plug in here
            # with demo.bulk.insert_in_batches.
            raise CommandError("Client files do not exist yet in this version: use --clients 0.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role in DEMO_LOGINS:
            self.stdout.write(f"  {username:<14} {role}")
