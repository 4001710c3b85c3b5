"""A textarea with a maximum length shows how much is left as the worker types (issue 17
point 9): the counter under the journal's text field counts in Dutch, is part of the field's
description, and the page stays accessible."""

import pytest
from playwright.sync_api import Page, expect

from clients.models import Client
from demo.city import DEMO_PASSWORD
from tests.e2e.conftest import log_in, serious_violations
from tests.e2e.test_client_file import client_file, open_tab  # noqa: F401  # the fixture

pytestmark = pytest.mark.e2e


def test_the_journal_text_counts_its_characters(page: Page, client_file: Client) -> None:  # noqa: F811
    log_in(page, "ma.centrum", DEMO_PASSWORD)
    open_tab(page, client_file, "Dagboek")
    text = page.get_by_role("region", name="Nieuwe notitie").get_by_label("Tekst")
    expect(text).to_have_attribute("maxlength", "10000")
    expect(text).to_have_accessible_description("0 van 10.000 tekens")
    text.fill("Huisbezoek")
    expect(text).to_have_accessible_description("10 van 10.000 tekens")
    assert serious_violations(page) == []
