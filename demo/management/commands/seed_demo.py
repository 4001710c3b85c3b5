"""`manage.py seed_demo`: the demo city and, with `--clients N`, demo client files."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from demo.budgets import DEMO_VERSION_NAME, seed_budgets
from demo.city import DEMO_LOGINS, DEMO_PASSWORD, seed_city
from demo.clients import seed_clients
from wijkteams.models import User


class Command(BaseCommand):
    help = (
        "Create the demo city (teams, locations, areas, staff) and, with --clients N, make sure "
        "there are N demo client files. Safe to run again: nothing is added twice."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--clients",
            type=int,
            default=0,
            help=(
                "Make sure there are this many demo client files (100,000 load in minutes); "
                "only the missing ones are added, in bulk."
            ),
        )
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Client files per batch (default 2000)."
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
        if seed_budgets(administrator=User.objects.get(username="beheerder")):
            self.stdout.write(
                f"Demo reference budget and aid policy published: {DEMO_VERSION_NAME}."
            )
        if options["clients"]:
            self._seed_clients(options["clients"], options["batch_size"], options["seed"])
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role in DEMO_LOGINS:
            self.stdout.write(f"  {username:<14} {role}")

    def _seed_clients(self, target: int, batch_size: int, seed: int) -> None:
        def progress(done: int, to_do: int, seconds: float) -> None:
            self.stdout.write(f"  {done:>9,} / {to_do:,} client files ({seconds:.1f} s)")

        self.stdout.write(f"Demo clients: making sure there are {target:,}...")
        report = seed_clients(target=target, seed=seed, batch_size=batch_size, progress=progress)
        rows = sum(report.rows.values())
        details = ", ".join(f"{name} {count:,}" for name, count in report.rows.items() if count)
        self.stdout.write(
            f"Demo clients: {report.created:,} added, {report.total:,} in all; "
            f"{rows:,} rows in {report.seconds:.1f} s"
            + (f" ({details})." if details else " (they were already there).")
        )
