"""A production-like run without Docker, and the backup drill (issue 7). CI runs both.

    .venv/bin/python scripts/production_run.py [--backup-drill] [--fault-drill]

Against the machine's PostgreSQL and Redis it:
1. creates a fresh database and its two roles as docker-compose.yml does
   (docker/postgres-init/): `<database>_owner` migrates it (granting `<database>_app` its
   rights), collects the static files and seeds a small demo city; then checks that the app's
   role cannot change the access log;
2. starts gunicorn, a Celery worker and Celery beat as `<database>_app`, with production
   settings (DEBUG off, two-factor login on, JSON logs);
3. runs a smoke test over HTTP, as a browser would: health endpoints, log in with password and
   a TOTP code, register a client through the intake, and wait until the worker's non-take-up
   scan has put a flag on the client's Rechten tab;
4. with --backup-drill (scripts/backup_drill.py): uploads a document to the new client, dumps
   the database with pg_dump and tars the documents folder, restores the dump as the owner into
   a new database and the tar into a new folder, restarts the services on the copy (as the
   app's role, with the grants the dump carried) and checks it: the client registered before
   the dump is there with its flag, its document downloads with the same SHA-256, and the
   smoke test passes;
5. with --fault-drill: the fault drill of scripts/fault_drill.py (PostgreSQL ends the app's
   connections during a scan and during a save, Redis hangs during a save);
6. stops every process with SIGTERM and checks that each one stopped cleanly.

Only the standard library and the project's own virtualenv are used. Exits non-zero on any
failure, printing what failed and the tail of each process's output.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import html.parser
import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from production_roles import (  # noqa: E402  # scripts/, beside this file
    Roles,
    RolesError,
    check_app_role_cannot_change_the_access_log,
    create_roles,
)

from clients.national_number import national_number_for  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
WORKER = "ma.centrum"  # a social worker of the demo city (demo/city.py)


class SmokeError(Exception):
    pass


# --- processes ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Service:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def tail(self, lines: int = 30) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


@dataclass
class Stack:
    env: dict[str, str]
    folder: Path
    port: int
    services: list[Service] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, name: str, *command: str) -> None:
        log = self.folder / f"{name}.log"
        handle = log.open("wb")
        process = subprocess.Popen(  # noqa: S603  # our own virtualenv's programs
            command, cwd=ROOT, env=self.env, stdout=handle, stderr=subprocess.STDOUT
        )
        self.services.append(Service(name, process, log))

    def check_running(self) -> None:
        for service in self.services:
            if service.process.poll() is not None:
                raise SmokeError(
                    f"{service.name} stopped (exit {service.process.returncode}):\n"
                    + service.tail()
                )

    def stop(self) -> list[str]:
        """SIGTERM to every process; the names of those that did not stop cleanly."""
        problems = []
        for service in self.services:
            if service.process.poll() is None:
                service.process.send_signal(signal.SIGTERM)
        for service in self.services:
            try:
                code = service.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                service.process.kill()
                problems.append(f"{service.name} did not stop within 30 s of SIGTERM")
                continue
            if code != 0:
                problems.append(f"{service.name} exited with {code}:\n{service.tail()}")
        self.services.clear()
        return problems


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603  # our own manage.py
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SmokeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def run(*command: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise SmokeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")


def recreate_database(server: str, name: str) -> None:
    parts = urllib.parse.urlsplit(server)
    args = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    args += ["-U", parts.username or "postgres"]
    run("dropdb", *args, "--if-exists", "--force", name)
    run("createdb", *args, name)


@contextmanager
def running(stack: Stack) -> Iterator[Stack]:
    """gunicorn, a Celery worker and Celery beat, stopped (and checked) on the way out."""
    stack.start(
        "gunicorn",
        str(BIN / "gunicorn"),
        "ocmw.wsgi:application",
        "--bind",
        f"127.0.0.1:{stack.port}",
        "--workers",
        "2",
        "--access-logfile",
        "-",
    )
    stack.start(
        "worker",
        str(BIN / "celery"),
        "-A",
        "ocmw",
        "worker",
        "--concurrency",
        "1",
        "--loglevel",
        "INFO",
        "--hostname",
        f"smoke-{stack.port}@%h",
    )
    stack.start(
        "beat",
        str(BIN / "celery"),
        "-A",
        "ocmw",
        "beat",
        "--loglevel",
        "INFO",
        "--schedule",
        str(stack.folder / "beat-schedule"),
    )
    failed = True
    try:
        yield stack
        failed = False
    finally:
        problems = stack.stop()
        if problems and not failed:
            raise SmokeError("\n".join(problems))
        for problem in problems:
            print(f"also: {problem}", file=sys.stderr)
        print("stopped gunicorn, worker and beat")


# --- an HTTP client that behaves like a browser -------------------------------------------


class FormParser(html.parser.HTMLParser):
    """Every <form> with the values a browser would submit without the user touching it."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, object]] = []
        self._form: dict[str, object] | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {"action": a.get("action", ""), "fields": {}, "names": set()}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        fields: dict[str, str] = self._form["fields"]  # type: ignore[assignment]
        names: set[str] = self._form["names"]  # type: ignore[assignment]
        name = a.get("name")
        if tag == "input" and name:
            names.add(name)
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "image", "reset", "file"):
                fields[name] = a.get("value", "")
        elif tag == "select" and name:
            names.add(name)
            self._select, self._select_first = name, None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
                fields.setdefault(self._select, value)
            if "selected" in a:
                fields[self._select] = value
        elif tag == "textarea" and name:
            names.add(name)
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            fields: dict[str, str] = self._form["fields"]  # type: ignore[assignment]
            fields[self._textarea] += data


class Browser:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.url = ""
        self.body = b""  # as sent: a downloaded file
        self.text = ""
        self.status = 0

    def _open(self, request: urllib.request.Request) -> None:
        try:
            with self.opener.open(request, timeout=30) as response:
                self.status = response.status
                self.url = response.geturl()
                self.body = response.read()
        except urllib.error.HTTPError as error:
            self.status = error.code
            self.url = error.geturl() or request.full_url
            self.body = error.read()
        self.text = self.body.decode("utf-8", errors="replace")

    def get(self, path: str) -> Browser:
        self._open(urllib.request.Request(urllib.parse.urljoin(self.base_url, path)))  # noqa: S310
        return self

    def form(self, containing: str) -> dict[str, str]:
        """The page's form that has a field named `containing`, as a browser would send it."""
        parser = FormParser()
        parser.feed(self.text)
        for form in parser.forms:
            if containing in form["names"]:  # type: ignore[operator]
                fields: dict[str, str] = dict(form["fields"])  # type: ignore[call-overload]
                fields["_action"] = str(form["action"]) or self.url
                return fields
        raise SmokeError(f"no form with a field {containing!r} on {self.url}:\n{self.text[:3000]}")

    def submit(self, fields: dict[str, str], **changes: str) -> Browser:
        data = {k: v for k, v in fields.items() if k != "_action"} | changes
        body = urllib.parse.urlencode(data).encode()
        return self.post(fields["_action"], body, "application/x-www-form-urlencoded")

    def post(self, action: str, body: bytes, content_type: str) -> Browser:
        url = urllib.parse.urljoin(self.url, action)
        request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310
        request.add_header("Content-Type", content_type)
        request.add_header("Referer", self.url)  # Django's CSRF check wants it on HTTPS
        self._open(request)
        return self

    def expect(self, status: int, *texts: str) -> None:
        missing = [t for t in texts if t not in self.text]
        if self.status != status or missing:
            raise SmokeError(
                f"{self.url}: status {self.status} (expected {status}), missing {missing}:\n"
                + re.sub(r"\s+", " ", self.text)[:2000]
            )


# --- the smoke test -----------------------------------------------------------------------


def wait_until_ready(stack: Stack) -> None:
    deadline = time.monotonic() + 60
    browser = Browser(stack.base_url)
    while time.monotonic() < deadline:
        stack.check_running()
        try:
            browser.get("/readyz")
            if browser.status == 200:
                return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.5)
    raise SmokeError(f"/readyz did not answer 200 within a minute: {browser.status} {browser.text}")


def totp_now(key_hex: str) -> str:
    from django_otp.oath import TOTP

    return f"{TOTP(bytes.fromhex(key_hex)).token():06d}"  # type: ignore[no-untyped-call]


def log_in(browser: Browser, password: str, code: str) -> None:
    """Password, then the second step with `code` (a TOTP code or a backup code)."""
    browser.get("/aanmelden/")
    browser.expect(200, "Aanmelden")
    browser.submit(browser.form("username"), username=WORKER, password=password)
    browser.expect(200)
    if "otp_token" not in browser.text:
        raise SmokeError(f"no two-factor step after the password: {browser.url}")
    browser.submit(browser.form("otp_token"), otp_token=code)
    browser.expect(200, "Mijn dossiers")
    if "/tweestaps/" in browser.url or "otp_token" in browser.text:
        raise SmokeError(f"the two-factor code was refused: {browser.url}")


def register_client(browser: Browser, birth: dt.date, serial: int) -> str:
    """An intake with an IGO income (which grounds the increased reimbursement); the URL of
    the new client file. Rita is a woman: her national number has an even serial."""
    number = national_number_for(birth, 2 * serial)
    browser.get("/intake/")
    browser.submit(
        browser.form("national_number"),
        national_number=number,
        last_name="Smoketest",
        birth_date=birth.isoformat(),
    )
    browser.expect(200, "Nieuwe intake")
    fields = browser.form("first_name")
    changes = {
        "first_name": "Rita",
        "last_name": "Smoketest",
        "sex": "F",
        "street": "Grote Markt",
        "house_number": "1",
        "postcode": "8500",
        "municipality": "Kortrijk",
        "incomes-0-kind": "igo",
        "incomes-0-net_monthly": "1380,00",
    }
    unknown = [name for name in changes if name not in fields]
    if unknown:
        raise SmokeError(f"the intake form has no fields {unknown}: {sorted(fields)}")
    browser.submit(fields, **changes)
    browser.expect(200, "Smoketest")
    if not re.search(r"/dossiers/\d+/$", browser.url):
        raise SmokeError(f"the intake did not end on the new file but on {browser.url}")
    return browser.url


def open_flags(page: str) -> str:
    """The part of the Rechten tab that lists the open flags (the register below names every
    right in its form)."""
    start = page.find('id="signalen-titel"')
    end = page.find('id="ontbrekend-titel"') if 'id="ontbrekend-titel"' in page else -1
    if end == -1:
        end = page.find('id="rechtenregister"')
    return page[start:end] if start != -1 and end != -1 else ""


def wait_for_flag(browser: Browser, file_url: str, stack: Stack) -> None:
    """The worker's scan (enqueued on commit) puts the flag on the Rechten tab."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        stack.check_running()
        browser.get(file_url + "rechten/")
        if browser.status == 200 and "Verhoogde tegemoetkoming" in open_flags(browser.text):
            return
        time.sleep(0.5)
    raise SmokeError(f"no flag on {file_url}rechten/ within a minute:\n{browser.text[:2000]}")


def smoke(stack: Stack, password: str, code: str, *, serial: int) -> tuple[str, Browser]:
    """The smoke test; the new client's URL and the browser, still logged in."""
    wait_until_ready(stack)
    browser = Browser(stack.base_url)
    browser.get("/healthz")
    browser.expect(200, "ok")
    browser.get("/readyz")
    ready = json.loads(browser.text)
    if ready.get("database") != "ok" or ready.get("broker") != "ok":
        raise SmokeError(f"/readyz: {ready}")
    log_in(browser, password, code)
    print(f"  logged in as {WORKER} with password and a second-step code")
    # Another birth date each time: the intake offers an existing file of the same name and date.
    file_url = register_client(browser, dt.date(1950, 3, 14 + serial % 14), serial)
    print(f"  registered a client: {file_url}")
    wait_for_flag(browser, file_url, stack)
    print("  the worker's scan flagged the increased reimbursement on the Rechten tab")
    return file_url, browser


def prepare(env: dict[str, str]) -> tuple[str, str]:
    """Migrate, collect static files, seed a small city; the worker's password and TOTP key.

    The worker also gets two backup codes, smokebackup1 and smokebackup2: a TOTP code is
    accepted once per 30 seconds, and the backup drill logs in again within that time."""
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "seed_demo", "--clients", "20", "--no-scan")
    password, key = (
        manage(
            env,
            "shell",
            "-c",
            "from django_otp.plugins.otp_static.models import StaticDevice;"
            "from django_otp.plugins.otp_totp.models import TOTPDevice;"
            "from demo.city import DEMO_PASSWORD;"
            "from wijkteams.models import User;"
            f"user = User.objects.get(username='{WORKER}');"
            "device = TOTPDevice.objects.create(user=user, name='smoke', confirmed=True);"
            "backup = StaticDevice.objects.create(user=user, name='backup', confirmed=True);"
            "[backup.token_set.create(token=f'smokebackup{n}') for n in (1, 2)];"
            "print(DEMO_PASSWORD, device.key)",
        )
        .splitlines()[-1]
        .split()
    )  # the last line: JSON log lines may come before it
    return password, key


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument(
        "--database",
        default="ocmw_production_run",
        help="the database to create (and <database>_restored); its roles are <database>_owner "
        "and <database>_app",
    )
    parser.add_argument("--backup-drill", action="store_true")
    parser.add_argument("--fault-drill", action="store_true", help="see scripts/fault_drill.py")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="ocmw-production-run-"))
    roles = Roles.of(args.database)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_"))
    } | {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DOCUMENTS_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "DATABASE_URL": roles.url(args.postgres, args.database, owner=False),
        "CELERY_BROKER_URL": args.redis,
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(folder / "static"),
        # The run's own folder, which the backup drill backs up and restores into a new one.
        "DOCUMENTS_ROOT": str(folder / "documents"),
        # Plain HTTP on the loopback here; behind the OCMW's TLS proxy these stay on.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "OTP_REQUIRED": "true",
        "LOG_FORMAT": "json",
    }
    # migrate, collectstatic, seed_demo and the test user's devices run as the owner, as the
    # migrate service does; the services run as the app's role.
    owner_env = env | {
        "DATABASE_URL": roles.url(args.postgres, args.database, owner=True),
        "DATABASE_APP_ROLE": roles.app,
    }
    stack = Stack(env=env, folder=folder, port=free_port())
    try:
        recreate_database(args.postgres, args.database)
        create_roles(args.postgres, args.database, roles)
        password, key = prepare(owner_env)
        check_app_role_cannot_change_the_access_log(manage, env)
        print(f"database roles: {roles.owner} migrated, {roles.app} serves (no UPDATE on the log)")
        print(f"production-like run on {stack.base_url} (logs in {folder})")
        with running(stack):
            file_url, browser = smoke(stack, password, totp_now(key), serial=101)
            if args.backup_drill:
                # Beside this file, as fault_drill is; imported here: it imports this module.
                from backup_drill import backup_drill, document_upload

                document = document_upload(browser, file_url)
                print("  uploaded a document to the client's Documenten tab and downloaded it")
        if args.backup_drill:
            backup_drill(
                stack=stack,
                env=env,
                owner_env=owner_env,
                server=args.postgres,
                database=args.database,
                roles=roles,
                password=password,
                file_url=file_url,
                document=document,
            )
        if args.fault_drill:
            from fault_drill import fault_drill  # beside this file, as scripts/translate.py does

            fault_drill(
                stack=stack,
                env=env,
                server=args.postgres,
                database=args.database,
                password=password,
                file_url=file_url,
            )
    except (SmokeError, RolesError) as error:
        print(f"FAILED: {error}", file=sys.stderr)
        for service in stack.services:
            print(f"--- {service.name} ---\n{service.tail()}", file=sys.stderr)
        stack.stop()
        return 1
    print("production-like run: ok" + (" (with the backup drill)" if args.backup_drill else ""))
    return 0


if __name__ == "__main__":
    # Run as the module production_run, which fault_drill.py imports: one SmokeError and one
    # Stack, not a second copy of each under the name __main__.
    import production_run

    sys.exit(production_run.main())
