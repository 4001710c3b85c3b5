"""`manage.py import_clients FILE`: client files from a legacy system's CSV export."""

from argparse import ArgumentParser
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clients.imports import MAX_BYTES, ClientImportReport, clients_import
from core.csv_command import CsvImportCommand


class Command(CsvImportCommand):
    help = (
        "Import client files from a CSV export of a legacy system (';'-separated, UTF-8, "
        "decimal comma, dd/mm/jjjj; see README 'Importing data'). Each client is routed to the "
        "wijkteam of the address and assigned to the social worker in the 'medewerker' column. "
        "All or nothing."
    )

    max_bytes = MAX_BYTES

    def add_import_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--worker",
            default="",
            metavar="USERNAME",
            help="Social worker for rows whose 'medewerker' is empty or for a file without it.",
        )

    def run_import(self, data: bytes, options: dict[str, Any]) -> ClientImportReport:
        return clients_import(
            data=data, default_worker=options["worker"], dry_run=options["dry_run"]
        )

    def print_report(self, report: ClientImportReport) -> None:
        for team, count in report.per_team.items():
            self.stdout.write(
                ngettext("%(team)s: %(count)s client", "%(team)s: %(count)s clients", count)
                % {"team": team, "count": count}
            )
        if report.dry_run:
            self.stdout.write(
                _("Dry run: %(count)s clients would be imported. Nothing was saved.")
                % {"count": report.created}
            )
            return
        self.stdout.write(
            self.style.SUCCESS(_("%(count)s clients imported.") % {"count": report.created})
        )
        self.stdout.write(
            _(
                "The non-take-up scan checks the imported clients tonight; a team lead can start "
                "a scan at once under “Rights not taken up”."
            )
        )
