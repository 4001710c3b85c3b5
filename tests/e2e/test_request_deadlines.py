"""The requests near or past a deadline on the worker's home and on the team lead's page, and
the lead's figures per month: the rows, the mark of a request not decided in 30 days, the link
to the file's Requests tab; every page accessible."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients.models import Client
from procedure.models import Request
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import (
    PASSWORD,
    DecisionFactory,
    HelpRequestFactory,
    WijkteamFactory,
    client_of,
    request_kind,
    social_worker,
    team_lead,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def person(transactional_db: None) -> Client:
    team = WijkteamFactory.create(name="Centrum")
    worker = social_worker(team, username="ma.termijnen")
    team_lead(team, username="tl.termijnen")
    person = client_of(worker, first_name="Mireille", last_name="Claeys")
    today = timezone.localdate()
    # 40 days ago: the 30 days have ended, whatever the weekends and holidays.
    HelpRequestFactory.create(
        client=person, kind=request_kind("leefloon"), received_on=today - dt.timedelta(days=40)
    )
    decided = HelpRequestFactory.create(
        client=person,
        kind=request_kind("medical_card"),
        received_on=today - dt.timedelta(days=30),
        state=Request.State.DECIDED,
    )
    DecisionFactory.create(request=decided, decided_on=today - dt.timedelta(days=20))
    return person


def test_late_requests_show_on_the_home_the_team_page_and_in_the_figures(
    page: Page, person: Client
) -> None:
    log_in(page, "ma.termijnen", PASSWORD)
    page.goto(reverse("clients:my_cases"))
    panel = page.get_by_role("region", name="Termijnen van aanvragen")
    rows = panel.get_by_role("row").filter(has_text="Mireille Claeys")
    expect(rows).to_have_count(2)
    late = rows.filter(has_text="Leefloon")
    expect(late).to_contain_text("Beslissing uiterlijk")
    expect(late).to_contain_text("dagen te laat")
    expect(late).to_contain_text("Geen beslissing binnen 30 dagen")
    expect(rows.filter(has_text="Medische kaart")).to_contain_text("Kennisgeving uiterlijk")
    assert serious_violations(page) == []
    late.get_by_role("link", name="Mireille Claeys").click()
    expect(page).to_have_url(re.compile(reverse("procedure:file_requests", args=[person.pk])))

    page.context.clear_cookies()
    log_in(page, "tl.termijnen", PASSWORD)
    page.goto(reverse("wijkteams:my_team"))
    team_panel = page.get_by_role("region", name="Termijnen van aanvragen in je team")
    expect(team_panel.get_by_role("row").filter(has_text="Mireille Claeys")).to_have_count(2)
    assert serious_violations(page) == []

    page.goto(reverse("procedure:register_list"))
    page.get_by_role("link", name=re.compile("Cijfers per maand")).click()
    table = page.get_by_role(
        "table", name="Aanvragen per maand van ontvangst, de laatste 12 maanden"
    )
    expect(table.get_by_role("row").last).to_contain_text("De 12 maanden samen")
    assert serious_violations(page) == []
