"""The Content-Security-Policy (no inline script or style, no eval) breaks no page: a social worker,
a team lead and an administrator go through their main pages, htmx swaps and charts included, and
the browser reports no violation and no script error."""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Error, Page, expect

from budgets.services.calculations import aid_calculation_save
from clients.models import Client, JournalEntry
from clients.services import journal_add
from demo.city import DEMO_PASSWORD
from tests.e2e.conftest import log_in
from tests.e2e.test_aid_calculation import fatima_on_leefloon
from tests.factories import budget_version
from wijkteams.models import User

pytestmark = pytest.mark.e2e

# Every violation also reaches this listener, with the directive, even where Chromium's console
# wording changes; it is installed before any page script runs and the CSP does not apply to it.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


@dataclass
class Watch:
    """What the browser said while the pages were open."""

    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        csp_console = [
            text
            for text in self.console
            if "Content Security Policy" in text or "Refused to" in text
        ]
        return csp_console + self.errors + self.violations


@pytest.fixture
def watched(page: Page) -> Watch:
    watch = Watch()
    page.add_init_script(RECORD_VIOLATIONS)

    def on_console(message: ConsoleMessage) -> None:
        watch.console.append(f"{message.type}: {message.text}")

    def on_error(error: Error) -> None:
        watch.errors.append(f"page error: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_error)
    return watch


def visit(page: Page, watch: Watch, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    collect(page, watch, path)


def collect(page: Page, watch: Watch, where: str) -> None:
    found = page.evaluate("() => window.__cspViolations || []")
    watch.violations.extend(f"{where}: {v}" for v in found)


@pytest.fixture
def city(transactional_db: None) -> Client:
    """The demo city and budgets; Fatima (ma.centrum's client) with an income, a journal entry and
    a saved aid calculation (registering her ran the scan, which opened non-take-up flags)."""
    fatima = fatima_on_leefloon(216)
    worker = User.objects.get(username="ma.centrum")
    journal_add(
        actor=worker,
        client=fatima,
        entry=JournalEntry(
            occurred_on=timezone.localdate(),
            kind=JournalEntry.Kind.PHONE,
            text="Belt terug over de huurwaarborg.",
        ),
    )
    aid_calculation_save(actor=worker, client=fatima, on=timezone.localdate())
    return fatima


def test_a_social_workers_pages_run_under_the_policy(
    page: Page, watched: Watch, city: Client
) -> None:
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1, name="Mijn dossiers")).to_be_visible()
    collect(page, watched, "home")
    pk = city.pk
    for name in (
        "clients:file",
        "clients:file_household",
        "clients:file_trajectories",
        "clients:file_journal",
        "rights:file_rights",
        "budgets:file_aid",
        "budgets:calculation_new",
        "clients:file_access",
    ):
        visit(page, watched, reverse(name, args=[pk]))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    for name in ("clients:my_cases", "clients:intake", "rights:flags", "budgets:decision_list"):
        visit(page, watched, reverse(name))

    # An htmx swap: the search results come in without a page load.
    visit(page, watched, reverse("clients:search"))
    page.locator("#id_query").fill("El Amrani")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("link", name="El Amrani Fatima")).to_be_visible()
    collect(page, watched, "search over htmx")

    assert watched.problems() == []


def test_a_team_leads_pages_and_charts_run_under_the_policy(
    page: Page, watched: Watch, city: Client
) -> None:
    log_in(page, "lead.centrum", DEMO_PASSWORD)
    visit(page, watched, reverse("clients:team_caseload"))
    expect(page.locator("canvas#caseload-chart")).to_be_visible()
    page.wait_for_function(  # Chart.js loads deferred
        "() => window.Chart && Chart.getChart(document.getElementById('caseload-chart')) != null"
    )
    # An htmx swap that draws nothing new: one worker's clients.
    page.get_by_role("link", name="Cliënten van Sofie Vandenberghe").click()
    expect(page.get_by_role("region", name="Cliënten van Sofie Vandenberghe")).to_be_visible()
    collect(page, watched, "caseload panel over htmx")

    visit(page, watched, reverse("rights:figures"))
    expect(page.locator("canvas#non-take-up-chart")).to_be_visible()
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('non-take-up-chart')) != null"
    )
    for name in ("rights:flags", "rights:scan_runs", "budgets:decision_list"):
        visit(page, watched, reverse(name))
    visit(page, watched, reverse("clients:file", args=[city.pk]))

    assert watched.problems() == []


def test_an_administrators_pages_run_under_the_policy(
    page: Page, watched: Watch, city: Client
) -> None:
    admin = User.objects.get(username="beheerder")
    draft = budget_version(
        actor=admin, published=False, name="Concept 2031", valid_from=dt.date(2031, 1, 1)
    )
    log_in(page, "beheerder", DEMO_PASSWORD)
    for path in (
        reverse("wijkteams:configuration"),
        reverse("budgets:version_list"),
        reverse("budgets:version_detail", args=[draft.pk]),
        reverse("budgets:version_edit", args=[draft.pk]),
        reverse("budgets:version_compare"),
        reverse("budgets:policy_list"),
        reverse("rights:catalogue"),
        reverse("wijkteams:address_lookup"),
        reverse("admin:index"),
        reverse("admin:wijkteams_user_changelist"),
        reverse("admin:wijkteams_user_change", args=[admin.pk]),
    ):
        visit(page, watched, path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    assert watched.problems() == []
