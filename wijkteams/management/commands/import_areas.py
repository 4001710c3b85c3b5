"""`manage.py import_areas FILE`: the areas of the wijkteams from a CSV file, all or nothing."""

from argparse import ArgumentParser
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.csv_command import CsvImportCommand
from wijkteams.imports import AreaImportReport, areas_import

MAX_BYTES = 20_000_000


class Command(CsvImportCommand):
    help = (
        "Import the areas of the wijkteams from a CSV file (columns team;postcode;straat, "
        "optionally gemeente; an empty street is the whole postcode). All or nothing."
    )

    max_bytes = MAX_BYTES
    dry_run_help = "Check the file and report; save nothing."

    def add_import_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--replace",
            action="store_true",
            help="First remove every area of the teams the file names (same transaction).",
        )

    def run_import(self, data: bytes, options: dict[str, Any]) -> AreaImportReport:
        return areas_import(data=data, replace=options["replace"], dry_run=options["dry_run"])

    def print_report(self, report: AreaImportReport) -> None:
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
