"""The team lead downloads all data of a client file (GDPR export) from the file itself."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients.models import AccessLog, Client
from clients.national_number import national_number_for
from clients.services import client_register
from demo.city import DEMO_PASSWORD, seed_city
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import JournalEntryFactory
from wijkteams.models import User

pytestmark = pytest.mark.e2e

NATIONAL_NUMBER = national_number_for(dt.date(1987, 4, 12), 214)


@pytest.fixture
def client_file(transactional_db: None) -> Client:
    seed_city()
    worker = User.objects.get(username="ma.centrum")
    client = client_register(
        actor=worker,
        fields={
            "national_number": NATIONAL_NUMBER,
            "first_name": "Fatima",
            "last_name": "El Amrani",
            "birth_date": dt.date(1987, 4, 12),
            "sex": "F",
            "street": "Budastraat",
            "house_number": "12",
            "postcode": "8500",
            "municipality": "Kortrijk",
        },
    )
    JournalEntryFactory.create(
        client=client,
        author=worker,
        occurred_on=timezone.localdate(),
        kind="note",
        text="Opname in de psychiatrie.",
        confidential=True,
    )
    return client


def test_the_team_lead_exports_the_file_as_json(
    page: Page, client_file: Client, tmp_path: Path
) -> None:
    log_in(page, "lead.centrum", DEMO_PASSWORD)
    page.goto(f"/dossiers/{client_file.pk}/")
    page.get_by_role("link", name="Gegevens exporteren (AVG)").click()
    expect(page.get_by_role("heading", level=2, name="Gegevensexport (AVG)")).to_be_visible()
    json_choice = (
        "JSON (één document, in een ZIP-bestand met de bestanden van de cliënt als die er zijn)"
    )
    expect(page.get_by_role("radio", name=json_choice)).to_be_checked()
    assert serious_violations(page) == []

    with page.expect_download() as info:
        page.get_by_role("button", name="Gegevens downloaden").click()
    download = info.value

    today = timezone.localdate().isoformat()
    assert download.suggested_filename == f"client-{client_file.pk}-{today}.json"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["client"]["national_number"] == NATIONAL_NUMBER
    assert document["journal"][0]["text"] == "Opname in de psychiatrie."
    assert document["trajectories"][0]["kind"] == "intake"
    export = AccessLog.objects.get(client=client_file, action=AccessLog.Action.EXPORT)
    assert export.actor is not None
    assert export.actor.username == "lead.centrum"
