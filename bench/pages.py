"""Benchmark: the busiest pages under 8 concurrent users, on gunicorn, against a seeded
PostgreSQL database (run bench/seed.py first), beside two floors measured in the same run.

    .venv/bin/python -m bench.pages [--users 8] [--requests 400] [--workers 3] [--threads 4]
                                    [--no-keep-alive]
                                    [--worker ma.centrum] [--leads lead.centrum,lead.marke]
                                    [--only "team centrum,team marke"]
    .venv/bin/python -m bench.pages --in-process [--requests 50] [--only ...] [--profile N]

Starts gunicorn on 127.0.0.1 (DEBUG off, static files collected into a temporary folder) with
the bench's own URL configuration (bench/settings.py, bench/urls.py: the app's URLs plus the two
floors), logs in as the demo users ma.centrum (worker pages) and the team leads of --leads (the
team page of the largest demo team, Centrum, and of the smallest, Marke), then requests each
page with --users threads at once and prints p50/p95/max per page and its p95 as a multiple of
the floors' p95: a bare logged-in view answering "ok" and the base layout with no data, both as
ma.centrum, measured before the pages and again after them ("(end)": the load's drift).
Issue 3's target: p95 under 150 ms at 8 concurrent users with 100,000 clients. A
page that answers 404 (not built yet) is skipped with a note. Only 127.0.0.1 is contacted.

The pages: the worker home, the search, the client file and each of its tabs, the flag list and
the aid decisions list as ma.centrum; the team page of each lead; as the first lead, the
register of requests, the agenda of the newest committee session and the access history tab.

--in-process: no server; each page through Django's test client in this process (production
settings, DEBUG off), one request at a time: its queries, and the median wall time and median
CPU time of this process (Python's work; PostgreSQL's is in its own processes) over --requests
requests, with the CPU as a multiple of the floors' CPU. --profile N: after each page, its N
costliest functions under cProfile (CPU time), by own and by cumulative time.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from http.cookies import SimpleCookie
from typing import Protocol
from urllib.parse import urlencode

import psycopg

from bench.calculation import set_up_django
from bench.seed import DEFAULT_URL, ROOT, bench_env

TARGET_P95_MS = 150.0
PASSWORD = "demo-ocmw"  # noqa: S105  # the demo users' password (demo/city.py)
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCH_TERMS = ["Vandenberghe", "Maes", "El Amrani", "Budastraat", "Kaya", "Desmet", "Overleie"]


# One connection per thread and server, kept open between requests as a browser does
# (HTTP/1.1 keep-alive; gunicorn's gthread workers keep it for --keep-alive seconds).
_connections = threading.local()


def _pool() -> dict[tuple[str, int], http.client.HTTPConnection]:
    pool: dict[tuple[str, int], http.client.HTTPConnection] | None
    pool = getattr(_connections, "pool", None)
    if pool is None:
        pool = _connections.pool = {}
    return pool


@dataclass
class Session:
    """A logged-in browser: cookies and the CSRF token, shared by the threads of one user."""

    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    keep_alive: bool = True

    def _connection(self) -> http.client.HTTPConnection:
        pool = _pool()
        key = (self.host, self.port)
        if not self.keep_alive or key not in pool:
            pool[key] = http.client.HTTPConnection(self.host, self.port, timeout=30)
        return pool[key]

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {"Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        if not self.keep_alive:
            headers["Connection"] = "close"
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                content = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                conn.close()  # the server closed a kept connection: once more on a new one
                _pool().pop((self.host, self.port), None)
                if attempt == 2:
                    raise
                continue
            except BaseException:
                conn.close()  # refused, timed out, ...: the next request starts afresh
                _pool().pop((self.host, self.port), None)
                raise
            if not self.keep_alive or response.will_close:
                conn.close()
                _pool().pop((self.host, self.port), None)
            for value in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    self.cookies[name] = morsel.value
            return response.status, dict(response.headers.items()), content
        raise AssertionError("unreachable")

    def log_in(self, username: str) -> None:
        status, _headers, body = self.request("GET", "/aanmelden/")
        match = CSRF_INPUT.search(body.decode())
        if status != 200 or match is None:
            sys.exit(f"The login page answered {status}: is the app running?")
        form = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": match[1]}
        status, _headers, _body = self.request("POST", "/aanmelden/", form)
        if status != 302 or "sessionid" not in self.cookies:
            sys.exit(f"Logging in as {username} failed ({status}): was the database seeded?")


class Requester(Protocol):
    """A logged-in browser: over HTTP (Session) or in this process (InProcessSession)."""

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]: ...


class InProcessSession:
    """A logged-in user through Django's test client, in this process (--in-process)."""

    def __init__(self, username: str) -> None:
        from django.contrib.auth import get_user_model
        from django.test import Client as HttpClient

        from core.sessions import start_session_clocks

        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            sys.exit(f"No user {username}: was the database seeded?")
        self.browser = HttpClient()
        self.browser.force_login(user)
        # What a login through the form also stores (tests/conftest.py's login does the same).
        session = self.browser.session
        start_session_clocks(session)
        session.save()

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        if method == "POST":
            response = self.browser.post(path, form or {})
        else:
            response = self.browser.get(path)
        return response.status_code, dict(response.headers.items()), response.content


@dataclass
class Page:
    name: str
    session: Requester
    method: str
    paths: list[str]
    label: str = ""  # the path as printed
    form: Callable[[int], dict[str, str]] | None = None

    def call(self, i: int) -> tuple[float, int]:
        path = self.paths[i % len(self.paths)]
        form = self.form(i) if self.form else None
        started = time.perf_counter()
        try:
            status, _headers, _body = self.session.request(self.method, path, form)
        except OSError:  # a timeout or a dropped connection: counted, not fatal
            status = 0
        return (time.perf_counter() - started) * 1000, status


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(session: Session, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn stopped before answering: its last lines follow.")
        try:
            session.request("GET", "/aanmelden/")
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not answer within a minute.")


def clients_of(database_url: str, username: str, limit: int = 50) -> list[int]:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT a.client_id FROM clients_assignment a"
            " JOIN wijkteams_user u ON u.id = a.worker_id"
            " WHERE u.username = %s AND a.ended_at IS NULL ORDER BY a.client_id LIMIT %s",
            [username, limit],
        ).fetchall()
    return [row[0] for row in rows]


def measure(page: Page, users: int, requests: int) -> list[tuple[float, int]]:
    with ThreadPoolExecutor(max_workers=users) as pool:
        return list(pool.map(page.call, range(requests)))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# The client file's tabs (clients/registry.py: each app registers its own), as /dossiers/<pk>/...
FILE_TABS = [
    ("household", "gezin/"),
    ("trajectories", "trajecten/"),
    ("journal", "dagboek/"),
    ("requests", "aanvragen/"),
    ("leefloon", "leefloon/"),
    ("documents", "documenten/"),
    ("aid", "steun/"),
    ("rights", "rechten/"),
]


def committee_session(database_url: str) -> int | None:
    """The newest committee session (the demo plans one; every team lead sees every session)."""
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT id FROM procedure_committeesession ORDER BY held_on DESC, id DESC LIMIT 1"
        ).fetchone()
    return row[0] if row else None


def build_pages(
    args: argparse.Namespace, database_url: str, open_session: Callable[[str], Requester]
) -> tuple[list[Page], list[Page]]:
    """The floors (bare view, empty layout) and the pages, each with its logged-in user."""
    worker = open_session(args.worker)
    team_pages: list[Page] = []
    lead_pages: list[Page] = []
    for username in args.leads.split(","):
        lead = open_session(username.strip())
        status, headers, _body = lead.request("GET", "/")
        team_path = headers.get("Location", "/") if status in (301, 302) else "/"
        team = username.strip().removeprefix("lead.")
        team_pages.append(Page(f"team {team}", lead, "GET", [team_path]))
        if not lead_pages:  # the first lead's register, agenda and access history
            lead_pages.append(Page("request register", lead, "GET", ["/aanvragen/"]))
            # No session yet: /comite/0/ answers 404 and the page is skipped with a note.
            agenda = f"/comite/{committee_session(database_url) or 0}/"
            lead_pages.append(
                Page("committee agenda", lead, "GET", [agenda], label="/comite/<pk>/")
            )
            # The access history tab: only a team lead sees it (the worker's clients are in
            # the first lead's team: Centrum by default).
            access = [f"/dossiers/{pk}/toegang/" for pk in clients_of(database_url, args.worker)]
            lead_pages.append(
                Page("file: access", lead, "GET", access, label="/dossiers/<pk>/toegang/")
            )
    clients = clients_of(database_url, args.worker)
    file_paths = [f"/dossiers/{pk}/" for pk in clients]
    floors = [
        Page("bare view", worker, "GET", ["/bench/bare/"]),
        Page("empty layout", worker, "GET", ["/bench/layout/"]),
    ]
    tab_pages = [
        Page(
            f"file: {name}",
            worker,
            "GET",
            [f"{path}{suffix}" for path in file_paths],
            label=f"/dossiers/<pk>/{suffix}",
        )
        for name, suffix in FILE_TABS
    ]
    pages = [
        Page("worker home", worker, "GET", ["/mijn-dossiers/"]),
        Page(
            "client search",
            worker,
            "POST",
            ["/zoeken/"],
            form=lambda i: {"query": SEARCH_TERMS[i % len(SEARCH_TERMS)]},
        ),
        Page("client file", worker, "GET", file_paths, label="/dossiers/<pk>/"),
        *tab_pages,
        Page("flag list", worker, "GET", ["/niet-opgenomen-rechten/"]),
        Page("decisions list", worker, "GET", ["/steunvoorstellen/"]),
        *team_pages,
        *lead_pages,
    ]
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    return floors, [page for page in pages if not only or page.name in only]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=8, help="concurrent users (threads)")
    parser.add_argument(
        "--requests", type=int, default=None, help="requests per page (400; 50 --in-process)"
    )
    # The defaults are the Dockerfile's: gthread workers, 3 processes x 4 threads, keep-alive.
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (gthread)")
    parser.add_argument(
        "--no-keep-alive",
        dest="keep_alive",
        action="store_false",
        help="a new connection per request (as before 2 December 2026)",
    )
    parser.add_argument("--worker", default="ma.centrum", help="social worker for the worker pages")
    parser.add_argument(
        "--leads",
        default="lead.centrum,lead.marke",
        help="team leads whose team page is measured, comma-separated",
    )
    parser.add_argument(
        "--only",
        default="",
        help="measure only these pages (and the floors), comma-separated (e.g. 'team centrum')",
    )
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="no server: queries, wall and CPU per page through Django's test client",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="with --in-process: after each page's figures, its N most costly functions "
        "(cProfile over --requests more requests, by own time and by cumulative time)",
    )
    args = parser.parse_args()
    if args.requests is None:
        args.requests = 50 if args.in_process else 400
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not clients_of(database_url, args.worker, limit=1):
        sys.exit(f"{args.worker} has no clients: seed the database with bench/seed.py first.")
    if args.in_process:
        in_process(args, database_url)
        return

    static_root = tempfile.mkdtemp(prefix="ocmw-bench-static-")
    env = server_env(database_url) | {"STATIC_ROOT": static_root}
    subprocess.run(  # our interpreter and manage.py
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = free_port()
    # The app logs one JSON line per request on stdout, as in production: kept in a file, so
    # the figures stay readable.
    server_log = open(os.path.join(static_root, "gunicorn.log"), "wb")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603  # gunicorn of this virtualenv, local address only
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ocmw.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-class",
            "gthread",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--keep-alive",
            "5",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    try:
        run(args, database_url, port, server)
    except SystemExit:
        server_log.flush()
        with open(server_log.name, encoding="utf-8", errors="replace") as log:
            print("".join(log.readlines()[-20:]), file=sys.stderr)  # why it stopped
        raise
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        server_log.close()
        shutil.rmtree(static_root, ignore_errors=True)


def server_env(database_url: str) -> dict[str, str]:
    """Production settings (DEBUG off) with the bench's URLs (the floors), over plain HTTP on
    127.0.0.1: no redirect to HTTPS, cookies that travel without TLS, and the password step only
    (the bench measures pages, not logins)."""
    return bench_env(database_url) | {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "OTP_REQUIRED": "false",
    }


def run(
    args: argparse.Namespace, database_url: str, port: int, server: subprocess.Popen[bytes]
) -> None:
    def open_session(username: str) -> Session:
        session = Session("127.0.0.1", port, keep_alive=args.keep_alive)
        session.log_in(username)
        return session

    wait_until_up(Session("127.0.0.1", port), server)
    floors, pages = build_pages(args, database_url, open_session)
    print(
        f"gunicorn on 127.0.0.1:{port}, {args.workers} workers x {args.threads} threads, "
        f"keep-alive {'on' if args.keep_alive else 'off'}; {args.users} concurrent users, "
        f"{args.requests} requests per page; load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{'page':<19} {'path':<28} {'ok':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
        f"{'x bare':>7} {'x layout':>8}  target",
        flush=True,
    )
    p95s: list[float | None] = []  # the floors' p95 in this run: bare view, empty layout
    for page in [*floors, *pages]:
        p95 = measure_page(page, args, p95s)
        if page in floors:
            p95s.append(p95)
    # The floors once more: how far the machine's load moved them during the run (the ratios
    # above use the first measurement; these lines are against it too).
    for floor in floors:
        measure_page(replace(floor, name=f"{floor.name} (end)"), args, p95s)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


def ratio(value: float, floor: float | None) -> str:
    """`value` as a multiple of a floor; unknown when the floor was not measured."""
    return f"{value / floor:.1f}x" if floor else "-"


def measure_page(page: Page, args: argparse.Namespace, floors: list[float | None]) -> float | None:
    """Measure one page under load and print its line; its p95 (None without 200 answers)."""
    label = page.label or page.paths[0]
    first_ms, status = page.call(0)
    if status == 404:
        print(f"{page.name:<19} {label:<28} skipped: answers 404 (not built yet)")
        return None
    print(f"{page.name:<19} {label:<28} first answer {status} in {first_ms:.0f} ms", flush=True)
    measure(page, args.users, args.users * 2)  # warm every gunicorn worker up
    cpu_before = time.process_time()
    results = measure(page, args.users, args.requests)
    client_cpu_ms = (time.process_time() - cpu_before) * 1000 / args.requests
    times = [ms for ms, status in results if status == 200]
    others = Counter(status for _ms, status in results if status != 200)
    if not times:
        print(f"{page.name:<19} {label:<28} no 200 answers: {dict(others)}")
        return None
    p95 = percentile(times, 0.95)
    verdict = "OK" if p95 < TARGET_P95_MS else "TOO SLOW"
    note = f"  other answers: {dict(others)}" if others else ""
    bare, layout = [*floors, None, None][:2]
    print(
        f"{page.name:<19} {label:<28} {len(times):>5} {statistics.median(times):>8.1f} "
        f"{p95:>8.1f} {max(times):>8.1f} {ratio(p95, bare):>7} {ratio(p95, layout):>8}  "
        f"{verdict}{note}  (load generator: {client_cpu_ms:.1f} ms CPU a request)",
        flush=True,
    )
    return p95


def in_process(args: argparse.Namespace, database_url: str) -> None:
    """Each page one request at a time through Django's test client: queries, wall, CPU."""
    os.environ.update(server_env(database_url))
    set_up_django()
    from django.conf import settings
    from django.test import override_settings

    # No setup_test_environment(): its template instrumentation would add to every page's CPU.
    # Static files are not collected for this mode: their URLs without the manifest's hashes.
    plain_static = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    with override_settings(STORAGES=plain_static):
        floors, pages = build_pages(args, database_url, InProcessSession)
        print(
            f"in-process (Django test client, DEBUG off), {args.requests} requests per page, "
            f"one at a time; load average {os.getloadavg()[0]:.1f}"
        )
        print(
            f"{'page':<19} {'path':<28} {'queries':>7} {'wall ms':>8} {'CPU ms':>7} "
            f"{'x bare':>7} {'x layout':>8}  (medians; CPU of this process)",
            flush=True,
        )
        cpus: list[float | None] = []  # the floors' median CPU: bare view, empty layout
        for page in [*floors, *pages]:
            cpu = measure_in_process(page, args.requests, cpus)
            if page in floors:
                cpus.append(cpu)
            if args.profile and cpu is not None:
                profile_in_process(page, args.requests, args.profile)
        for floor in floors:  # once more: how far the load moved them during the run
            measure_in_process(replace(floor, name=f"{floor.name} (end)"), args.requests, cpus)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


def measure_in_process(page: Page, requests: int, floors: list[float | None]) -> float | None:
    """One page's queries, median wall and median CPU; its median CPU (None if not 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    label = page.label or page.paths[0]
    for i in range(3):  # warm up: templates, URL resolvers, the session's clocks
        _ms, status = page.call(i)
        if status != 200:
            note = "skipped: answers 404 (not built yet)" if status == 404 else f"answers {status}"
            print(f"{page.name:<19} {label:<28} {note}")
            return None
    with CaptureQueriesContext(connection) as queries:
        page.call(0)
    query_count = len(queries)  # now: the list is read from the log the next request empties
    walls, cpus = [], []
    for i in range(requests):
        started, cpu_started = time.perf_counter(), time.process_time()
        _ms, status = page.call(i)
        cpus.append((time.process_time() - cpu_started) * 1000)
        walls.append((time.perf_counter() - started) * 1000)
        if status != 200:
            sys.exit(f"{page.name} answered {status} on request {i}.")
    cpu = statistics.median(cpus)
    bare, layout = [*floors, None, None][:2]
    print(
        f"{page.name:<19} {label:<28} {query_count:>7} {statistics.median(walls):>8.1f} "
        f"{cpu:>7.1f} {ratio(cpu, bare):>7} {ratio(cpu, layout):>8}",
        flush=True,
    )
    return cpu


def profile_in_process(page: Page, requests: int, top: int) -> None:
    """cProfile over `requests` more requests of the page: its `top` functions by own time and
    by cumulative time, in CPU seconds of this process (the profiler's overhead makes each
    figure larger than the page's CPU; what matters is where the time goes)."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile(time.process_time)  # CPU, as the figures: not the waits for SQL
    profiler.enable()
    for i in range(requests):
        page.call(i)
    profiler.disable()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order)
        stats.print_stats(top)
        print(f"--- {page.name}: {requests} requests, by {order}")
        print(out.getvalue().split("ncalls", 1)[-1].join(["ncalls", ""]), flush=True)


if __name__ == "__main__":
    main()
