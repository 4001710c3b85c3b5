"""A flag whose facts change while it still holds: the scan rewrites its explanation, the card
says when, and the flag's history keeps the explanations it replaced, shown in the reader's
language (rights/scan/, rights/views/worker.py, templates/rights/flag_card.html).

The pension example: a pensioner without income is flagged for the increased reimbursement
("current income of 0,00 a year"); a pension is recorded, she is still under the limit, and the
card must no longer say 0,00."""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from clients.models import Client, Income
from clients.services import income_save
from rights.facts import Finding, Line
from rights.models import FlagEvent, NonTakeUpFlag, Right
from rights.rules import DEFAULTS
from rights.scan import scan_clients, scan_run_start
from tests.conftest import login
from tests.factories import FlagEventFactory, client_of, flag_for
from wijkteams.models import User

pytestmark = pytest.mark.django_db

RIGHT = "verhoogde_tegemoetkoming"
FOUND = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)  # 02:00 in Brussels
RESCANNED = dt.datetime(2026, 3, 10, 1, 0, tzinfo=dt.UTC)


def _scan(client: Client) -> None:
    on = timezone.localdate()
    scan_clients(run=scan_run_start(kind="nightly", on=on), client_ids=[client.pk], on=on)


def _card(http: HttpClient, flag: NonTakeUpFlag) -> str:
    """The flag's card on the client file's rights tab, whitespace folded."""
    page = http.get(reverse("rights:file_rights", args=[flag.client_id])).content.decode()
    card = page.split(f'id="signaal-{flag.pk}"', 1)[1].split("</article>", 1)[0]
    return re.sub(r"\s+", " ", card)


def _why(card: str) -> str:
    """The card's "why the client seems eligible" list."""
    return card.split("</h4>", 1)[1].split("</ul>", 1)[0]


def _history(card: str) -> list[str]:
    lines = card.rsplit('<ul class="list-unstyled small">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<li>(.*?)</li>", lines)


@pytest.fixture
def pensioner(worker: User) -> Client:
    """A pensioner whose household is confirmed with no income (so 0,00 is what the file says,
    not an unknown); only the increased reimbursement is checked."""
    Right.objects.exclude(code=RIGHT).update(is_active=False)
    return client_of(worker, pensioner=True, complete=True)


def test_a_pension_recorded_after_the_scan_shows_on_the_card_and_the_old_figure_in_history(
    client: HttpClient, worker: User, pensioner: Client, time_machine: Any
) -> None:
    time_machine.move_to(FOUND, tick=False)
    _scan(pensioner)
    flag = NonTakeUpFlag.objects.get(client=pensioner, right__code=RIGHT)
    assert "0,00" in flag.explanation["matched"][-1]["values"]["income"]

    time_machine.move_to(RESCANNED - dt.timedelta(days=1), tick=False)
    income_save(
        actor=worker,
        client=pensioner,
        income=Income(kind=Income.Kind.PENSION, net_monthly=Decimal("900.00")),
    )
    time_machine.move_to(RESCANNED, tick=False)
    _scan(pensioner)  # 10.800,00 a year: still under the limit for a special situation

    flag.refresh_from_db()
    assert flag.status == NonTakeUpFlag.Status.OPEN
    assert flag.explanation["matched"][-1]["values"]["income"] == "10.800,00"
    (event,) = FlagEvent.objects.filter(flag=flag)
    assert event.kind == FlagEvent.Kind.EXPLANATION
    assert event.previous_explanation is not None
    assert event.previous_explanation["matched"][-1]["values"]["income"] == "0,00"

    card = _card(login(client, worker), flag)
    assert "Gevonden op 02/03/2026 · bijgewerkt op 10/03/2026" in card
    why = _why(card)
    assert "10.800,00" in why
    assert " 0,00 " not in why  # the stale figure is gone from the explanation
    found, updated = _history(card)
    assert found.endswith("Gevonden door de scan.")
    assert updated.startswith("10/03/2026 02:00 · Uitleg bijgewerkt · Vorige uitleg: ")
    assert " 0,00 " in updated
    assert "10.800,00" not in updated
    # The thresholds of the version the scan used: the newest shipped one.
    assert f"(drempels geldig vanaf {DEFAULTS[RIGHT][-1].valid_from:%d/%m/%Y})" in updated


def test_the_earlier_explanation_is_shown_in_the_readers_language(
    client: HttpClient, worker: User
) -> None:
    flag = flag_for(client_of(worker), matched=(("The client is a pensioner.", {}),))
    previous = Finding(
        right=RIGHT,
        eligible=True,
        matched=(Line("The client is a widow or widower."),),
        missing=(
            Line(
                "The rent is not recorded: the rent premium applies up to a rent of "
                "%(limit)s a month.",
                {"limit": "1.234,00"},
            ),
        ),
    ).as_json(parameters_id=flag.parameters_id, valid_from=dt.date(2023, 1, 1))
    FlagEventFactory.create(
        flag=flag,
        at=timezone.now(),
        kind=FlagEvent.Kind.EXPLANATION,
        status=flag.status,
        previous_explanation=previous,
    )
    http = login(client, worker)

    dutch = _history(_card(http, flag))[-1]
    assert "Uitleg bijgewerkt · Vorige uitleg: " in dutch
    assert "weduwe of weduwnaar" in dutch
    assert "Ontbrekende of onzekere gegevens: " in dutch
    assert "1.234,00" in dutch
    assert "(drempels geldig vanaf 01/01/2023)" in dutch

    http.cookies["ocmw_language"] = "en"
    card = _card(http, flag)
    english = _history(card)[-1]
    assert "Explanation updated · Previous explanation: The client is a widow or widower." in (
        english
    )
    assert "Data missing or uncertain: The rent is not recorded" in english
    assert "(thresholds valid from 01/01/2023)" in english
    with translation.override("en"):
        today = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    assert f"updated on {today}" in card


def test_a_flag_never_rewritten_says_nothing_of_an_update(client: HttpClient, worker: User) -> None:
    flag = flag_for(client_of(worker))
    card = _card(login(client, worker), flag)
    assert "bijgewerkt op" not in card
    assert "Vorige uitleg" not in card


def test_the_card_dates_the_latest_update(client: HttpClient, worker: User) -> None:
    flag = flag_for(client_of(worker))
    for day in (
        dt.datetime(2026, 2, 3, 9, tzinfo=dt.UTC),
        dt.datetime(2026, 2, 17, 9, tzinfo=dt.UTC),
    ):
        FlagEventFactory.create(
            flag=flag,
            at=day,
            kind=FlagEvent.Kind.EXPLANATION,
            status=flag.status,
            previous_explanation=flag.explanation,
        )
    card = _card(login(client, worker), flag)
    assert "bijgewerkt op 17/02/2026" in card
    assert len([line for line in _history(card) if "Vorige uitleg" in line]) == 2


def test_an_explanation_update_needs_the_previous_explanation(worker: User) -> None:
    # A database constraint: an update without the explanation it replaced, or a step with one.
    flag = flag_for(client_of(worker))
    # Rows written directly, not by a factory: the test is that the database refuses them.
    with pytest.raises(IntegrityError), transaction.atomic():
        FlagEvent.objects.create(
            flag=flag, at=timezone.now(), kind=FlagEvent.Kind.EXPLANATION, status=flag.status
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        FlagEvent.objects.create(
            flag=flag, at=timezone.now(), status="contacted", previous_explanation={"x": 1}
        )
