"""`manage.py db_roles --app ROLE`: give the app's database role exactly its rights.

Run by the owner (the role that migrates) after `migrate`; with DATABASE_APP_ROLE set, `migrate`
does it itself at its end. What the role gets: core/db_roles.py. `--dry-run` prints the SQL and
changes nothing.
"""

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from core.db_roles import DbRolesError, app_role_apply, grant_statements, schema_objects


class Command(BaseCommand):
    help = (
        "Grant the app's PostgreSQL role what the app needs and nothing more: no UPDATE or "
        "DELETE on append-only tables, no TRUNCATE anywhere. Run as the owner, after migrate."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--app",
            metavar="ROLE",
            default="",
            help="The app's database role (default: DATABASE_APP_ROLE).",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The database alias (default: default)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Print the SQL; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        role: str = options["app"] or settings.DATABASE_APP_ROLE
        if not role:
            raise CommandError("Name the app's database role: --app ROLE or DATABASE_APP_ROLE.")
        using: str = options["database"]
        try:
            applied = app_role_apply(role=role, using=using, dry_run=options["dry_run"])
        except DbRolesError as error:
            raise CommandError(str(error)) from error
        if options["dry_run"]:
            for statement in grant_statements(role, schema_objects(connections[using])):
                self.stdout.write(f"{statement};")
            self.stdout.write("Dry run: nothing changed.")
            return
        self.stdout.write(str(applied))
