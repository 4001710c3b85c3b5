"""Caseloads in the browser: the team lead's "Mijn team" (figures, sorting, filters, chart,
reassignment over htmx) and the social worker's "Mijn dossiers"."""

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from clients.models import Client, JournalEntry, Trajectory
from clients.national_number import national_number_for
from clients.services import client_register, journal_add, trajectory_open
from demo.city import DEMO_PASSWORD, seed_city
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import client_of
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.e2e


def _register(worker: User, first_name: str, last_name: str, serial: int) -> Client:
    """A client through the intake service: routed to Centrum, with an open intake."""
    birth = dt.date(1979, 4, 12)
    return client_register(
        actor=worker,
        fields={
            "national_number": national_number_for(birth, serial),
            "first_name": first_name,
            "last_name": last_name,
            "birth_date": birth,
            "sex": "F",
            "street": "Budastraat",
            "house_number": str(serial),
            "postcode": "8500",
            "municipality": "Kortrijk",
        },
    )


@pytest.fixture
def caseloads(transactional_db: None) -> dict[str, Any]:
    """Sofie (ma.centrum): three clients, one in debt help, one with an overdue follow-up.
    Jonas (ma.centrum2): one client."""
    seed_city()
    sofie = User.objects.get(username="ma.centrum")
    jonas = User.objects.get(username="ma.centrum2")
    centrum = Wijkteam.objects.get(name="Centrum")
    fatima = _register(sofie, "Fatima", "El Amrani", 12)
    karel = _register(sofie, "Karel", "Peeters", 14)
    trajectory_open(
        actor=sofie, client=karel, trajectory=Trajectory(kind=Trajectory.Kind.DEBT_HELP)
    )
    today = timezone.localdate()
    journal_add(
        actor=sofie,
        client=fatima,
        entry=JournalEntry(
            occurred_on=today - dt.timedelta(days=10),
            kind=JournalEntry.Kind.PHONE,
            text="Belt terug over de huurwaarborg.",
            follow_up_on=today - dt.timedelta(days=2),
        ),
    )
    client_of(sofie, team=centrum, first_name="Mira", last_name="Claeys")
    client_of(jonas, team=centrum, first_name="Ahmed", last_name="Benali")
    return {"fatima": fatima, "karel": karel}


def _row(page: Page, name: str) -> Locator:
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name))


def _figures(page: Page, name: str) -> Locator:
    """Clients, intake, debt help, activation and overdue follow-ups of one social worker."""
    return _row(page, name).locator("td.text-end")


def test_team_lead_sorts_filters_and_reassigns_a_client(
    page: Page, caseloads: dict[str, Any]
) -> None:
    log_in(page, "lead.centrum", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1, name="Mijn team")).to_be_visible()
    table = page.get_by_role("table", name="Caseload per maatschappelijk assistent")
    expect(_figures(page, "Sofie Vandenberghe")).to_have_text(["3", "2", "1", "0", "1"])
    expect(_figures(page, "Jonas Declercq")).to_have_text(["1", "0", "0", "0", "0"])
    chart = page.get_by_role("img", name="Staafdiagram van de caseload per maatschappelijk")
    expect(chart).to_be_visible()
    # Chart.js loads deferred: wait until it has drawn the chart on the canvas.
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('caseload-chart')) != null"
    )
    assert serious_violations(page) == []

    # Sort: the most clients first.
    table.get_by_role("link", name="Cliënten", exact=True).click()
    expect(table.get_by_role("columnheader", name="Cliënten", exact=True)).to_have_attribute(
        "aria-sort", "descending"
    )
    expect(table.get_by_role("rowheader").first).to_have_text("Sofie Vandenberghe")

    # Filter: only who has overdue follow-ups, then by name.
    page.get_by_label("Alleen maatschappelijk assistenten met vervallen opvolgingen").check()
    page.get_by_role("button", name="Filteren").click()
    expect(table.get_by_role("rowheader")).to_have_text(["Sofie Vandenberghe"])
    page.get_by_role("link", name="Alles tonen").click()
    page.get_by_label("Naam van de maatschappelijk assistent bevat").fill("declercq")
    page.get_by_role("button", name="Filteren").click()
    expect(table.get_by_role("rowheader")).to_have_text(["Jonas Declercq"])
    page.get_by_role("link", name="Alles tonen").click()

    # Reassign Karel from Sofie to Jonas, from the list.
    page.get_by_role("link", name="Cliënten van Sofie Vandenberghe").click()
    panel = page.get_by_role("region", name="Cliënten van Sofie Vandenberghe")
    expect(panel.get_by_role("link", name="Karel Peeters")).to_be_visible()
    karel = caseloads["karel"]
    panel.get_by_role("combobox", name="Cliënt").select_option(
        label=f"{karel} ({karel.masked_national_number})"
    )
    panel.get_by_label("Nieuwe maatschappelijk assistent").select_option(label="Jonas Declercq")
    panel.get_by_role("button", name="Overdragen").click()
    reason = page.get_by_label("Reden van de overdracht")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Geef de reden voor de overdracht.")).to_be_visible()
    expect(page.get_by_label("Nieuwe maatschappelijk assistent")).to_have_value(
        str(User.objects.get(username="ma.centrum2").pk)
    )
    reason.fill("Herverdeling: Jonas volgt de schuldhulp op.")
    page.get_by_role("button", name="Overdragen").click()
    expect(page.get_by_role("status")).to_have_text(
        "Karel Peeters is nu een cliënt van Jonas Declercq."
    )
    expect(_figures(page, "Sofie Vandenberghe")).to_have_text(["2", "1", "0", "0", "1"])
    expect(_figures(page, "Jonas Declercq")).to_have_text(["2", "1", "1", "0", "0"])
    expect(panel.get_by_role("link", name="Karel Peeters")).to_have_count(0)
    expect(panel.get_by_role("link", name="Fatima El Amrani")).to_be_visible()
    # The chart was drawn again, from the new figures.
    # The chart script runs after htmx swapped the table in: wait for it, then compare.
    clients_column = [int(n) for n in table.locator("tbody tr td:nth-child(3)").all_inner_texts()]
    page.wait_for_function(
        "(expected) => JSON.stringify(Chart.getChart(document.getElementById('caseload-chart'))"
        ".data.datasets[0].data) === JSON.stringify(expected)",
        arg=clients_column,
    )
    assert serious_violations(page) == []


def test_social_worker_sees_her_clients_and_overdue_follow_up(
    page: Page, caseloads: dict[str, Any]
) -> None:
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1, name="Mijn dossiers")).to_be_visible()
    clients = page.get_by_role("table", name="3 cliënten aan jou toegewezen")
    expect(clients.get_by_role("link")).to_have_text(
        ["Mira Claeys", "Fatima El Amrani", "Karel Peeters"]
    )
    expect(clients).to_contain_text(caseloads["fatima"].masked_national_number)
    expect(page.get_by_role("heading", name="Mogelijk niet-opgenomen rechten")).to_be_visible()
    assert serious_violations(page) == []

    follow_ups = page.get_by_role("region", name="Vervallen opvolgingen")
    follow_ups.get_by_role("link", name="Fatima El Amrani").click()
    expect(page.get_by_role("heading", level=1, name="Fatima El Amrani")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/dossiers/{caseloads['fatima'].pk}/dagboek/$"))
