"""`manage.py import_areas FILE`: the areas of the wijkteams from a CSV file, all or nothing."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.csv_reading import CsvImportError, file_bytes
from wijkteams.imports import areas_import

MAX_BYTES = 20_000_000


class Command(BaseCommand):
    help = (
        "Import the areas of the wijkteams from a CSV file (columns team;postcode;straat, "
        "optionally gemeente; an empty street is the whole postcode). All or nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="CSV file: UTF-8 (with or without BOM), ';'-separated.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="First remove every area of the teams the file names (same transaction).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; save nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = file_bytes(options["file"], max_bytes=MAX_BYTES)
            report = areas_import(data=data, replace=options["replace"], dry_run=options["dry_run"])
        except CsvImportError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(
                _("Nothing was imported: correct the file and run the command again.")
            ) from None
        for team, count in report.per_team.items():
            self.stdout.write(
                ngettext("%(team)s: %(count)s area", "%(team)s: %(count)s areas", count)
                % {"team": team, "count": count}
            )
        if report.dry_run:
            self.stdout.write(
                _(
                    "Dry run: %(created)s areas would be imported and %(replaced)s existing "
                    "areas replaced. Nothing was saved."
                )
                % {"created": report.created, "replaced": report.replaced}
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(created)s areas imported, %(replaced)s existing areas replaced.")
                    % {"created": report.created, "replaced": report.replaced}
                )
            )
