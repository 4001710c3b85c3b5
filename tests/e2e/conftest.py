"""A real browser (Debian's chromium, driven by Playwright) against a live server.

Without /usr/bin/chromium the browser tests skip with the reason; with REQUIRE_BROWSER=1 (CI)
a missing browser fails them instead, so CI cannot go green without running them.
"""

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SERIOUS = {"serious", "critical"}

# Playwright's sync API runs an event loop in the test thread; the test code itself stays
# synchronous, so Django's guard against ORM calls from async code does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator["Browser"]:
    reason = _missing()
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but the browser cannot start: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-gpu",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: "Browser", live_server: Any, transactional_db: None) -> Iterator["Page"]:
    # An English browser, as many staff have: the interface must still come up in Dutch.
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    # A request the page still has in flight when the test ends (the favicon, a late fetch)
    # keeps the live server's database connection busy while the test database is flushed:
    # the flush's TRUNCATE and that request can deadlock (seen once in CI, and the next test
    # then met the rows left behind). Wait until the browser has no request open first.
    from playwright.sync_api import Error as PlaywrightError

    # The page was closed, or a request never ended: go on as before.
    with contextlib.suppress(PlaywrightError):
        page.wait_for_load_state("networkidle", timeout=5_000)
    context.close()


def serious_violations(page: "Page") -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


def log_in(page: "Page", username: str, password: str) -> None:
    page.goto("/aanmelden/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
