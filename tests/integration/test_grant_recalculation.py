"""A granted leefloon writes the client's leefloon income line (issue 20 point 7): the file's
tab "financial aid" then proposes a new supplementary-aid calculation, naming the new line.
Budgets knows nothing of the grant: it compares the latest calculation's incomes with the file.

Time stands on Monday 16 March 2026; the request is received on 10 March."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from budgets.services.calculations import aid_calculation_save
from clients.models import Income
from tests.conftest import TODAY, login
from tests.factories import aid_policy, budget_version, client_of
from tests.integration.grants_helpers import decide, proposed_leefloon
from wijkteams.models import User

pytestmark = pytest.mark.usefixtures("today")

NOTICE = 'id="inkomens-gewijzigd"'


def aid_tab(user: User, client_pk: int) -> str:
    response = login(HttpClient(), user).get(reverse("budgets:file_aid", args=[client_pk]))
    assert response.status_code == 200
    html: str = response.content.decode()
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_granted_leefloon_makes_the_aid_tab_propose_a_new_calculation(
    worker: User, lead: User, admin_user: User
) -> None:
    budget_version(actor=admin_user, name="Referentiebudget 2026")
    aid_policy(actor=admin_user, name="Steunbeleid 2026")
    client = client_of(
        worker,
        first_name="Fatima",
        last_name="El Amrani",
        birth_date=dt.date(1987, 4, 12),
        rent=Decimal("650.00"),
        complete=True,
    )
    Income.objects.create(client=client, kind="wage", net_monthly=Decimal("400.00"))
    aid_calculation_save(actor=worker, client=client, on=TODAY)
    assert NOTICE not in aid_tab(worker, client.pk)

    request, _calculation = proposed_leefloon(client, worker)
    decide(lead, request, amount=Decimal("1300.00"))

    page = aid_tab(worker, client.pk)
    assert NOTICE in page
    notice = page.split(NOTICE, 1)[1].split("</div>", 1)[0]
    assert "De inkomens zijn gewijzigd sinds de berekening van 16/03/2026" in notice
    assert "Nieuw: leefloon van Fatima El Amrani, €&nbsp;1.300,00" in notice
    assert reverse("budgets:calculation_new", args=[client.pk]) in notice

    aid_calculation_save(actor=worker, client=client, on=TODAY)
    assert NOTICE not in aid_tab(worker, client.pk)
