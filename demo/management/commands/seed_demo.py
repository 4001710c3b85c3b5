"""`manage.py seed_demo`: the demo city and, with `--clients N`, demo client files."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from clients.models import Client
from demo.budgets import DEMO_VERSION_NAME, seed_budgets
from demo.city import DEMO_LOGINS, DEMO_PASSWORD, seed_city
from demo.clients import seed_clients
from demo.procedure import seed_procedure
from demo.rights_register import seed_rights_register
from demo.seed_integration import seed_integration
from rights.models import ScanRun
from rights.scan import scan_clients, scan_run_start
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
        parser.add_argument(
            "--no-scan",
            action="store_true",
            help="Do not run the non-take-up scan over newly added client files.",
        )
        parser.add_argument(
            "--no-leefloon",
            action="store_true",
            help=(
                "Do not add the leefloon demo (ma.centrum's and ma.heule's leefloon files, for "
                "which a small demo draws a few client files of its own)."
            ),
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
            created = self._seed_clients(options["clients"], options["batch_size"], options["seed"])
            if created:
                lines = seed_rights_register(seed=options["seed"], today=timezone.localdate())
                self.stdout.write(f"Rights registers: {lines:,} rights recorded as received.")
            if created and not options["no_scan"]:
                self._scan()
        added = seed_procedure(today=timezone.localdate())
        if added:
            self.stdout.write(f"Requests for help: {added} demo requests at every stage.")
        if not options["no_leefloon"]:
            self._leefloon(options["seed"], scan=not options["no_scan"])
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role in DEMO_LOGINS:
            self.stdout.write(f"  {username:<14} {role}")

    def _leefloon(self, seed: int, *, scan: bool) -> None:
        today = timezone.localdate()
        last = Client.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        added = seed_integration(today=today)
        if not added:
            return
        drawn = list(Client.objects.filter(pk__gt=last).values_list("pk", flat=True))
        self.stdout.write(
            f"Leefloon: {added} demo clients of ma.centrum and ma.heule at every stage "
            f"({len(drawn)} client files drawn for it)."
        )
        if drawn:
            # The files drawn for it get their rights register and scan as the others did.
            seed_rights_register(seed=seed, today=today)
            if scan:
                run = scan_run_start(kind=ScanRun.Kind.NIGHTLY)
                scan_clients(run=run, client_ids=drawn, on=run.scan_date)

    def _scan(self) -> None:
        """Bulk-loaded files were never scanned: run the nightly scan once, so the demo shows
        possible rights not taken up from the start."""
        run = scan_run_start(kind=ScanRun.Kind.NIGHTLY)
        run = scan_clients(run=run, client_ids=None, on=run.scan_date)
        self.stdout.write(
            f"Non-take-up scan: {run.clients:,} clients, {run.flags_opened:,} flags opened."
        )

    def _seed_clients(self, target: int, batch_size: int, seed: int) -> int:
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
        return report.created
