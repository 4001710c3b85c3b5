"""A social worker calculates supplementary financial aid in the browser: from the client file's
tab, a live calculation with a changed cost, a what-if with a job, and a saved calculation; every
page is accessible."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from budgets.models import AidCalculation
from budgets.services.calculations import aid_calculation_save
from clients.models import Client, Income
from clients.national_number import national_number_for
from clients.services import client_register, household_confirm, income_save
from demo.budgets import DEMO_POLICY_NAME, DEMO_VERSION_NAME, seed_budgets
from demo.city import DEMO_PASSWORD, seed_city
from tests.e2e.conftest import log_in, serious_violations
from tests.e2e.test_client_file import open_tab
from wijkteams.models import User

pytestmark = pytest.mark.e2e


def fatima_on_leefloon(serial: int) -> Client:
    """The demo city with its budgets published; Fatima (ma.centrum's client) lives alone on a
    leefloon and rents privately; her household and income are confirmed complete. `serial`
    keeps her national number apart per test module; it is even, as a woman's."""
    seed_city()
    seed_budgets(administrator=User.objects.get(username="beheerder"))
    worker = User.objects.get(username="ma.centrum")
    fatima = client_register(
        actor=worker,
        fields={
            "national_number": national_number_for(dt.date(1987, 4, 12), serial),
            "first_name": "Fatima",
            "last_name": "El Amrani",
            "birth_date": dt.date(1987, 4, 12),
            "sex": "F",
            "street": "Budastraat",
            "house_number": "12",
            "postcode": "8500",
            "municipality": "Kortrijk",
            "tenure": Client.Tenure.PRIVATE,
            "rent": Decimal("720.00"),
        },
    )
    income_save(
        actor=worker,
        client=fatima,
        income=Income(
            kind=Income.Kind.LEEFLOON,
            leefloon_category=Income.LeefloonCategory.SINGLE,
            net_monthly=Decimal("1314.20"),
        ),
    )
    # Her social worker confirms that this is everyone and every income: aid is calculated only
    # from a known income.
    return household_confirm(actor=worker, client=fatima, complete=True)


@pytest.fixture
def client_file(transactional_db: None) -> Client:
    """Fatima lives alone on a leefloon and rents privately, with the demo budget published."""
    return fatima_on_leefloon(214)


def test_worker_calculates_tries_a_job_and_saves_the_calculation(
    page: Page, client_file: Client
) -> None:
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    open_tab(page, client_file, "Financiële hulp")
    expect(page.get_by_role("heading", name="Steunberekeningen")).to_be_visible()
    expect(page.get_by_text("Nog geen steunberekening opgeslagen.")).to_be_visible()
    assert serious_violations(page) == []

    # Today's calculation from the client file.
    page.get_by_role("link", name="Nieuwe berekening").click()
    expect(page.get_by_label("Huur per maand")).to_have_value("720,00")
    outcome = page.get_by_role("table", name="Uitkomst per maand")
    expect(outcome).to_contain_text("Voorgestelde steun")
    expect(page.get_by_text(DEMO_VERSION_NAME).first).to_be_visible()
    incomes = page.get_by_role("table", name="Inkomens")
    expect(incomes.get_by_role("row", name="Fatima El Amrani Leefloon")).to_contain_text(
        "€ 1.314,20"
    )
    assert serious_violations(page) == []

    # A higher rent needs a reason; with one, the result follows.
    page.get_by_label("Huur per maand").fill("780,00")
    page.get_by_role("button", name="Herberekenen").click()
    expect(page.get_by_text("Geef aan waarom dit afwijkt van het cliëntdossier.")).to_be_visible()
    expect(page.get_by_label("Huur per maand")).to_have_value("780,00")
    assert serious_violations(page) == []
    page.get_by_label("Waarom de huur afwijkt van het cliëntdossier").fill("Huurindexatie")
    page.get_by_role("button", name="Herberekenen").click()
    budget = page.get_by_role("table", name="Referentiebudget per onderdeel")
    expect(budget.get_by_role("row", name="Huur (effectief betaald)")).to_contain_text("€ 780,00")
    expect(page.get_by_text("Huurindexatie")).to_be_visible()
    assert AidCalculation.objects.count() == 0

    # What if Fatima finds a job: her wage above the exemption for socio-professional
    # integration (309,48 in the demo policy) is more than her leefloon, so the leefloon
    # stops, the aid drops, her income rises; the page says why.
    page.get_by_role("link", name="Wat als?").click()
    page.get_by_label("Wie begint te werken").select_option(label="Fatima El Amrani (cliënt)")
    page.get_by_label("Nettoloon per maand").fill("1.650,00")
    page.get_by_role("button", name="Wat als berekenen").click()
    expect(page.locator("#job-uitleg")).to_contain_text(
        "Leefloon van Fatima El Amrani stopt: het loon min de vrijstelling (1.650,00 \u2212 "
        "309,48 = 1.340,52) is minstens het leefloon van 1.314,20."
    )
    figures = page.get_by_role("table", name="Per maand, nu en in het wat-als-scenario")
    expect(figures.get_by_role("row", name="Beschikbaar inkomen")).to_contain_text("€ 1.650,00")
    expect(figures.get_by_role("row", name="Totaal inkomen met steun")).to_be_visible()
    changes = page.get_by_role("table", name="Inkomens die verschillen")
    expect(changes.get_by_role("row", name="Fatima El Amrani Leefloon")).to_contain_text("stopt")
    expect(changes.get_by_role("row", name="Fatima El Amrani Loon")).to_contain_text("nieuw")
    assert serious_violations(page) == []
    assert AidCalculation.objects.count() == 0

    # Save today's calculation with a note, and find it on the tab.
    page.get_by_role("link", name="Nieuwe berekening").click()
    page.get_by_label("Opmerking bij de opgeslagen berekening").fill("Besproken met Fatima.")
    page.get_by_role("button", name="Berekening opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De berekening is opgeslagen.")
    today = timezone.localdate()
    expect(
        page.get_by_role("heading", name=f"Steunberekening voor {today:%d/%m/%Y}")
    ).to_be_visible()
    expect(page.get_by_text("Besproken met Fatima.")).to_be_visible()
    expect(page.get_by_text(DEMO_POLICY_NAME).first).to_be_visible()
    assert serious_violations(page) == []

    calculation = AidCalculation.objects.get()
    page.get_by_role("link", name="Terug naar financiële hulp").click()
    saved = page.get_by_role("table", name="Opgeslagen steunberekeningen, nieuwste eerst")
    expect(saved.get_by_role("row").nth(1)).to_contain_text(
        f"€ {calculation.proposed_aid:.2f}".replace(".", ",")
    )
    expect(saved.get_by_role("row").nth(1)).to_contain_text("Sofie Vandenberghe")


def test_a_changed_income_proposes_a_new_calculation(page: Page, client_file: Client) -> None:
    worker = User.objects.get(username="ma.centrum")
    aid_calculation_save(actor=worker, client=client_file, on=timezone.localdate())
    line = Income.objects.get(client=client_file)
    line.net_monthly = Decimal("1400.00")
    income_save(actor=worker, client=client_file, income=line, expected_version=line.version)

    log_in(page, "ma.centrum", DEMO_PASSWORD)
    open_tab(page, client_file, "Financiële hulp")
    notice = page.get_by_role("note").filter(has_text="De inkomens zijn gewijzigd")
    expect(notice).to_contain_text("Gewijzigd: leefloon van Fatima El Amrani")
    assert serious_violations(page) == []
    notice.get_by_role("link", name="Nieuwe berekening maken").click()
    expect(page.get_by_label("Huur per maand")).to_have_value("720,00")
