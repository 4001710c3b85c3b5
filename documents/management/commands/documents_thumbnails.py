"""`manage.py documents_thumbnails`: make the thumbnails the documents tab shows for the
documents kept before there were any (uploads and letters make theirs when they are kept).

Idempotent: a document that has a thumbnail is left alone, so a second run makes only what is
still missing (a file that cannot be rendered is tried again). Each client whose files were read
gets one access-log row. It prints counts only: never a name.
"""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from documents.services import documents_thumbnails_make


class Command(BaseCommand):
    help = "Make the missing thumbnails of the documents in force (not withdrawn)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=100,
            help="Documents read per transaction (default 100).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run = documents_thumbnails_make(batch_size=max(1, options["batch_size"]))
        self.stdout.write(
            f"{run.made} thumbnails made; {run.without} documents without one "
            "(their file could not be read or rendered)."
        )
