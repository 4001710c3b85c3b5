"""The shape every CSV import command shares: a file argument, --dry-run, all or nothing, and
each problem of the file on its own line ("Rij 3: ...") before one closing error."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.csv_reading import CsvImportError, file_bytes


class CsvImportCommand(BaseCommand):
    """Subclasses name the file's size limit, add their own options and run the import."""

    max_bytes: int
    dry_run_help = "Check every row and report; save nothing."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="CSV file: UTF-8 (with or without BOM), ';'-separated.")
        self.add_import_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help=self.dry_run_help)

    def add_import_arguments(self, parser: ArgumentParser) -> None:
        """The command's own options."""

    def run_import(self, data: bytes, options: dict[str, Any]) -> Any:
        """Import `data` (or check it, with --dry-run) and return the report to print."""
        raise NotImplementedError

    def print_report(self, report: Any) -> None:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = self.run_import(file_bytes(options["file"], max_bytes=self.max_bytes), options)
        except CsvImportError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(
                _("Nothing was imported: correct the file and run the command again.")
            ) from None
        self.print_report(report)
