"""A closed client file refuses every change through the pages, with the Dutch message and no
500: household and income removal, a follow-up marked done, transfers, the lead's team change,
aid calculations and proposals, the rights register and flag actions (clients.services
`client_require_open`). Each test checks that nothing changed in the database."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from budgets.models import AidCalculation, AidDecision
from budgets.services.calculations import aid_calculation_save
from clients.models import AccessLog, Assignment, Client, HouseholdMember, Income, JournalEntry
from clients.services import client_close
from rights.models import ClientRight, FlagEvent, NonTakeUpFlag
from tests.conftest import login
from tests.factories import (
    HouseholdMemberFactory,
    IncomeFactory,
    JournalEntryFactory,
    WijkteamFactory,
    aid_policy,
    budget_version,
    client_of,
    flag_for,
    right_of,
    social_worker,
)
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.django_db

REFUSED = "Dit dossier is afgesloten: heropen het eerst om het te wijzigen."


class Closed:
    """A closed file of `worker` with something to change on every tab."""

    def __init__(self, worker: User, team: Wijkteam) -> None:
        today = timezone.localdate()
        self.client = client_of(worker, first_name="Fatima", last_name="El Amrani", complete=True)
        self.member = HouseholdMemberFactory.create(
            client=self.client,
            first_name="Noor",
            last_name="El Amrani",
            birth_date=dt.date(2015, 3, 1),
            sex="F",
            relation="child",
        )
        self.income = IncomeFactory.create(
            client=self.client, kind="wage", net_monthly=Decimal("1500.00")
        )
        self.entry = JournalEntryFactory.create(
            client=self.client,
            author=worker,
            occurred_on=today,
            kind="phone",
            text="Terugbellen over de huur.",
            follow_up_on=today,
        )
        budget_version()
        aid_policy()
        self.calculation = aid_calculation_save(actor=worker, client=self.client, on=today)
        self.flag = flag_for(self.client)
        self.right = right_of("studietoelage")
        self.colleague = social_worker(team)
        self.client.refresh_from_db()
        self.client = client_close(
            actor=worker,
            client_id=self.client.pk,
            expected_version=self.client.version,
            on=today,
            reason="Verhuisd naar Gent.",
        )

    def state(self) -> tuple[Any, ...]:
        """Everything the refused actions could change."""
        client = Client.objects.get(pk=self.client.pk)
        flag = NonTakeUpFlag.objects.get(pk=self.flag.pk)
        return (
            (client.team_id, client.version, client.closed_on),
            list(HouseholdMember.objects.filter(client=client).values_list("pk", flat=True)),
            list(Income.objects.filter(client=client).values_list("pk", flat=True)),
            JournalEntry.objects.get(pk=self.entry.pk).follow_up_done_at,
            list(
                Assignment.objects.filter(client=client)
                .order_by("pk")
                .values_list("worker_id", "ended_at")
            ),
            AidCalculation.objects.filter(client=client).count(),
            AidDecision.objects.filter(client=client).count(),
            list(ClientRight.objects.filter(client=client).values_list("right_id", "status")),
            (flag.status, flag.non_take_up_type, FlagEvent.objects.filter(flag=flag).count()),
            AccessLog.objects.filter(client=client).exclude(action=AccessLog.Action.VIEW).count(),
        )


@pytest.fixture
def closed(worker: User, team: Wijkteam) -> Closed:
    return Closed(worker, team)


def assert_refused(http: HttpClient, url: str, data: dict[str, Any], closed: Closed) -> None:
    before = closed.state()
    response = http.post(url, data, follow=True)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert closed.state() == before


def file_url(name: str, closed: Closed, **kwargs: int) -> str:
    return reverse(name, kwargs={"pk": closed.client.pk, **kwargs})


# Each case: the URL and the POST data the page would send, for the assigned worker.
WorkerCase = Callable[[Closed], tuple[str, dict[str, Any]]]

WORKER_CASES: dict[str, WorkerCase] = {
    "household member removal": lambda c: (
        file_url("clients:member_remove", c, member_pk=c.member.pk),
        {},
    ),
    "income removal": lambda c: (
        file_url("clients:income_remove", c, income_pk=c.income.pk),
        {},
    ),
    "follow-up done": lambda c: (
        file_url("clients:journal_follow_up_done", c, entry_pk=c.entry.pk),
        {"page": "1"},
    ),
    "transfer by the worker": lambda c: (
        file_url("clients:file_transfer", c),
        {
            "to_worker": c.colleague.pk,
            "reason": "Andere verdeling.",
            "expected_worker": Assignment.objects.get(client=c.client).worker_id,
        },
    ),
    "aid calculation saved": lambda c: (
        file_url("budgets:calculation_new", c),
        {
            "on": timezone.localdate().isoformat(),
            "rent": "650,00",
            "childcare": "",
            "school": "",
            "illness": "",
            "car": "",
            "note": "",
            "action": "save",
        },
    ),
    "aid proposed": lambda c: (
        file_url("budgets:decision_propose", c, calculation_pk=c.calculation.pk),
        {
            "amount": "100,00",
            "starts_on": (timezone.localdate().replace(day=28) + dt.timedelta(days=4))
            .replace(day=1)
            .isoformat(),
            "months": "3",
            "motivation": "Huurachterstal.",
            "activation_commitment": "Volgt een opleiding.",
            "exemption": "",
            "exemption_reason": "",
        },
    ),
    "rights register": lambda c: (
        file_url("rights:client_right_record", c),
        {
            "register-right": c.right.pk,
            "register-status": ClientRight.Status.APPLIED,
            "register-since": timezone.localdate().isoformat(),
            "register-evidence": "",
        },
    ),
    "flag contacted": lambda c: (
        file_url("rights:flag_act", c, flag_pk=c.flag.pk),
        {f"flag{c.flag.pk}-action": "contacted", f"flag{c.flag.pk}-note": "Gebeld."},
    ),
    "flag dismissed": lambda c: (
        file_url("rights:flag_act", c, flag_pk=c.flag.pk),
        {f"flag{c.flag.pk}-action": "dismissed", f"flag{c.flag.pk}-reason": "Niet nodig."},
    ),
    "flag reviewed": lambda c: (
        file_url("rights:flag_review", c, flag_pk=c.flag.pk),
        {f"flag{c.flag.pk}-type-non_take_up_type": "unknown"},
    ),
}


@pytest.mark.parametrize("action", WORKER_CASES)
def test_the_assigned_worker_is_told_the_closed_file_refuses(
    client: HttpClient, worker: User, closed: Closed, action: str
) -> None:
    url, data = WORKER_CASES[action](closed)
    assert_refused(login(client, worker), url, data, closed)


def test_the_lead_cannot_change_the_team_of_a_closed_file(
    client: HttpClient, lead: User, closed: Closed
) -> None:
    other = WijkteamFactory.create(name="Heule")
    url = file_url("clients:file_team", closed)
    assert_refused(login(client, lead), url, {"team": other.pk, "reason": "Adres."}, closed)


def test_the_lead_cannot_transfer_a_closed_file_from_its_page(
    client: HttpClient, lead: User, worker: User, closed: Closed
) -> None:
    data = {"to_worker": closed.colleague.pk, "reason": "Verlof.", "expected_worker": worker.pk}
    assert_refused(login(client, lead), file_url("clients:file_transfer", closed), data, closed)


def test_the_lead_cannot_transfer_a_closed_file_from_the_team_caseload(
    client: HttpClient, lead: User, worker: User, closed: Closed
) -> None:
    client_of(worker, first_name="Jan")  # an open client keeps the worker on the team page
    url = reverse("clients:team_transfer", args=[worker.pk])
    data = {"client": closed.client.pk, "to_worker": closed.colleague.pk, "reason": "Verlof."}
    assert_refused(login(client, lead), url, data, closed)
