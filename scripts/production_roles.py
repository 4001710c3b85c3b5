"""The two database roles of a production-like run (scripts/production_run.py), made as
docker-compose.yml makes them: by docker/postgres-init/10-ocmw-roles.sh. README, "Database
roles"."""

from __future__ import annotations

import os
import secrets
import subprocess
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INIT_SCRIPT = ROOT / "docker" / "postgres-init" / "10-ocmw-roles.sh"


class RolesError(Exception):
    pass


@dataclass(frozen=True)
class Roles:
    """The owner and the app's role (README, "Database roles"), named after the database: roles
    belong to the whole server, and another run on it uses another database name."""

    owner: str
    app: str
    owner_password: str = field(default_factory=lambda: secrets.token_hex(16))
    app_password: str = field(default_factory=lambda: secrets.token_hex(16))

    @classmethod
    def of(cls, database: str) -> Roles:
        return cls(owner=f"{database}_owner", app=f"{database}_app")

    def url(self, server: str, database: str, *, owner: bool) -> str:
        """`server`'s URL for `database` as the owner or as the app's role."""
        parts = urllib.parse.urlsplit(server)
        user, password = (
            (self.owner, self.owner_password) if owner else (self.app, self.app_password)
        )
        netloc = f"{user}:{password}@{parts.hostname or '127.0.0.1'}:{parts.port or 5432}"
        return urllib.parse.urlunsplit((parts.scheme, netloc, f"/{database}", "", ""))


def create_roles(server: str, database: str, roles: Roles) -> None:
    """Both roles and the database's ownership, by the script the db container runs."""
    parts = urllib.parse.urlsplit(server)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PGHOST": parts.hostname or "127.0.0.1",
        "PGPORT": str(parts.port or 5432),
        "PGPASSWORD": parts.password or "",
        "POSTGRES_USER": parts.username or "postgres",
        "POSTGRES_DB": database,
        "OCMW_OWNER_ROLE": roles.owner,
        "OCMW_APP_ROLE": roles.app,
        "POSTGRES_OWNER_PASSWORD": roles.owner_password,
        "POSTGRES_APP_PASSWORD": roles.app_password,
    }
    result = subprocess.run([INIT_SCRIPT], env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise RolesError(f"{INIT_SCRIPT.name} failed:\n{result.stdout}{result.stderr}")


def check_app_role_cannot_change_the_access_log(
    manage: Callable[..., str], app_env: dict[str, str]
) -> None:
    """As the app's role, an UPDATE of the access log is refused by the grants themselves (the
    trigger would say "append-only"; the role does not get that far)."""
    answer = manage(
        app_env,
        "shell",
        "-c",
        "from django.db import DatabaseError;"
        "from clients.models import AccessLog;\n"
        "try:\n"
        "    AccessLog.objects.update(purpose='changed')\n"
        "    print('allowed')\n"
        "except DatabaseError as error:\n"
        "    print('refused:', str(error).splitlines()[0])",
    ).splitlines()[-1]
    if not answer.startswith("refused: permission denied for table clients_accesslog"):
        raise RolesError(f"the app's role could change the access log: {answer}")
