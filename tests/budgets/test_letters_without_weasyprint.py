"""Without WeasyPrint's system libraries (Pango) the app still starts and serves (`make run`
on a fresh machine); only keeping a letter as PDF says what is missing, and stores nothing."""

import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budgets.models import AidDecision
from budgets.services.calculations import aid_calculation_save
from budgets.services.decisions import aid_decision_propose
from budgets.services.letters import decision_letter_send
from clients.models import Client
from documents.models import Document
from tests.budgets.aid_requests import decide, delegate_to_team_leads, request_under_inquiry
from tests.conftest import TODAY
from tests.factories import aid_policy, budget_version, client_of
from wijkteams.models import User

pytestmark = pytest.mark.usefixtures("today")

# Python that fails to import WeasyPrint, as on a machine without Pango, then loads the app.
WITHOUT_WEASYPRINT = """
import os, sys
sys.modules["weasyprint"] = None  # import weasyprint -> ImportError
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocmw.settings")
os.environ["DEBUG"] = "true"
import django
django.setup()
from django.urls import reverse
import ocmw.urls
print(reverse("budgets:decision_letter_send", args=[1]))
"""


def test_the_app_loads_without_weasyprint() -> None:
    result = subprocess.run(  # noqa: S603  # our own interpreter and script
        [sys.executable, "-c", WITHOUT_WEASYPRINT], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("/brief/versturen/")


def _approved(worker: User, lead: User) -> AidDecision:
    budget_version(name="Referentiebudget 2026")
    aid_policy(name="Steunbeleid 2026")
    client = client_of(worker)
    Client.objects.filter(pk=client.pk).update(
        household_confirmed_on=TODAY, tenure=Client.Tenure.OWNER
    )
    client.refresh_from_db()
    delegate_to_team_leads()  # a team lead decides it in the procedure (issue 19)
    proposal = aid_decision_propose(
        actor=worker,
        calculation=aid_calculation_save(actor=worker, client=client, on=TODAY),
        request=request_under_inquiry(client),
        amount=Decimal(100),
        starts_on=TODAY.replace(month=4, day=1),
        months=3,
        motivation="Huur.",
        activation_commitment="Taalles.",
    )
    decide(lead, proposal, motivation="Akkoord.")
    return AidDecision.objects.get(pk=proposal.pk)


def test_keeping_a_letter_without_weasyprint_says_so_and_stores_nothing(
    worker: User, lead: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    decision = _approved(worker, lead)
    monkeypatch.setitem(sys.modules, "documents.letters", None)  # import -> ImportError
    with pytest.raises(ValidationError) as excinfo:
        decision_letter_send(actor=worker, decision=decision)
    assert "WeasyPrint" in excinfo.value.messages[0]
    assert not Document.objects.exists()
