"""`manage.py import_clients FILE`: client files from a legacy system's CSV export."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clients.imports import MAX_BYTES, clients_import
from core.csv_reading import CsvImportError, file_bytes


class Command(BaseCommand):
    help = (
        "Import client files from a CSV export of a legacy system (';'-separated, UTF-8, "
        "decimal comma, dd/mm/jjjj; see README 'Importing data'). Each client is routed to the "
        "wijkteam of the address and assigned to the social worker in the 'medewerker' column. "
        "All or nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="CSV file: UTF-8 (with or without BOM), ';'-separated.")
        parser.add_argument(
            "--worker",
            default="",
            metavar="USERNAME",
            help="Social worker for rows whose 'medewerker' is empty or for a file without it.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row and report; save nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = file_bytes(options["file"], max_bytes=MAX_BYTES)
            report = clients_import(
                data=data, default_worker=options["worker"], dry_run=options["dry_run"]
            )
        except CsvImportError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(
                _("Nothing was imported: correct the file and run the command again.")
            ) from None
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
