"""A granted leefloon's page (issue 20 point 4): the payment schedule, the form to end it (bad
input at the field, a stale copy refused), who may see and change it, and the Leefloon tab.

Time stands on Monday 16 March 2026."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from clients.models import AccessLog, Income
from integration.log_actions import LOG_GRANT_ENDED, SEEN_GRANT
from integration.models import GrantAmount, LeefloonGrant
from integration.views.grants import payment_schedule
from tests.conftest import login
from tests.factories import (
    GrantAmountFactory,
    LeefloonCalculationFactory,
    LeefloonGrantFactory,
    LeefloonScaleFactory,
    WijkteamFactory,
    client_of,
    social_worker,
)
from tests.integration.grants_helpers import decide, proposed_leefloon
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.usefixtures("today")
D = dt.date


def _grant(worker: User, lead: User) -> LeefloonGrant:
    client = client_of(worker)
    request, _calculation = proposed_leefloon(client, worker)
    decide(lead, request)
    return LeefloonGrant.objects.get(client=client)


def _url(grant: LeefloonGrant, end: bool = False) -> str:
    name = "integration:grant_end" if end else "integration:grant_detail"
    return reverse(name, args=[grant.client_id, grant.pk])


def test_the_schedule_pays_the_first_month_pro_rata_and_names_each_indexation(db: None) -> None:
    calculation = LeefloonCalculationFactory.create(
        starts_on=D(2026, 3, 10), first_month_amount=Decimal("932.85")
    )
    grant = LeefloonGrantFactory.create(
        calculation=calculation, starts_on=D(2026, 3, 10), review_on=D(2026, 6, 10)
    )
    first = GrantAmountFactory.create(grant=grant)
    newer = LeefloonScaleFactory.create(valid_from=D(2026, 5, 1), source="BS 2026")
    indexed = GrantAmountFactory.create(
        grant=grant,
        valid_from=D(2026, 5, 1),
        monthly_amount=Decimal("1340.48"),
        reason=GrantAmount.Reason.INDEXATION,
        scale=newer,
    )
    payments = payment_schedule(grant, [first, indexed])
    assert [(p.month, p.days, p.amount, p.monthly) for p in payments] == [
        # March from the 10th: 22 of 31 days, as the calculation gave it.
        (D(2026, 3, 1), 22, Decimal("932.85"), first),
        (D(2026, 4, 1), 30, Decimal("1314.20"), first),
        (D(2026, 5, 1), 31, Decimal("1340.48"), indexed),
        # Until the day before the review: 9 of 30 days of June (1340.48 * 9 / 30).
        (D(2026, 6, 1), 9, Decimal("402.14"), indexed),
    ]


def test_the_page_shows_the_schedule_and_logs_the_view(worker: User, lead: User) -> None:
    grant = _grant(worker, lead)
    http = login(HttpClient(), worker)
    response = http.get(_url(grant))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Betalingsschema" in page or "betalingen" in page
    assert "1.314,20" in page
    assert AccessLog.objects.filter(
        client=grant.client, what_key=SEEN_GRANT, what_params={"grant": grant.pk}
    ).exists()
    tab = http.get(reverse("integration:file_leefloon", args=[grant.client_id]))
    assert _url(grant) in tab.content.decode()


def test_ending_the_leefloon_ends_its_income_line(worker: User, lead: User) -> None:
    grant = _grant(worker, lead)
    http = login(HttpClient(), worker)
    response = http.post(
        _url(grant, end=True),
        {"version": grant.version, "ended_on": "30/04/2026", "reason": "Werk gevonden"},
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert (grant.ended_on, grant.end_reason, grant.version) == (D(2026, 4, 30), "Werk gevonden", 2)
    line = Income.objects.get(client=grant.client, kind="leefloon")
    assert line.ends_on == D(2026, 4, 30)
    assert AccessLog.objects.filter(client=grant.client, what_key=LOG_GRANT_ENDED).exists()
    # Ended: no form any more.
    assert "grant_end" not in http.get(_url(grant)).content.decode()
    assert _url(grant, end=True) not in http.get(_url(grant)).content.decode()


def test_an_end_before_the_start_is_refused_at_the_field_and_kept(worker: User, lead: User) -> None:
    grant = _grant(worker, lead)
    http = login(HttpClient(), worker)
    response = http.post(
        _url(grant, end=True),
        {"version": grant.version, "ended_on": "01/03/2026", "reason": "Verhuisd"},
    )
    assert response.status_code == 200
    form = response.context["end_form"]
    assert "10/03/2026" in form.errors["ended_on"][0]
    assert form.data["ended_on"] == "01/03/2026"
    empty = http.post(
        _url(grant, end=True), {"version": grant.version, "ended_on": "30/04/2026", "reason": ""}
    )
    assert "reason" in empty.context["end_form"].errors
    grant.refresh_from_db()
    assert grant.ended_on is None


def test_a_stale_end_form_is_refused(worker: User, lead: User) -> None:
    grant = _grant(worker, lead)
    LeefloonGrant.objects.filter(pk=grant.pk).update(version=5)
    http = login(HttpClient(), worker)
    response = http.post(
        _url(grant, end=True), {"version": 1, "ended_on": "30/04/2026", "reason": "Werk"}
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.ended_on is None


def test_a_hand_made_post_without_version_is_a_bad_request(worker: User, lead: User) -> None:
    grant = _grant(worker, lead)
    http = login(HttpClient(), worker)
    response = http.post(_url(grant, end=True), {"ended_on": "30/04/2026", "reason": "Werk"})
    assert response.status_code == 400


def test_another_teams_worker_gets_404_and_nothing_is_logged(worker: User, lead: User) -> None:
    grant = _grant(worker, lead)
    stranger = social_worker(WijkteamFactory.create(name="Noord"), username="ander.test")
    http = login(HttpClient(), stranger)
    assert http.get(_url(grant)).status_code == 404
    assert http.post(_url(grant, end=True), {"version": 1}).status_code == 404
    assert not AccessLog.objects.filter(actor=stranger).exists()


def test_a_colleague_who_only_reads_cannot_end_it(worker: User, lead: User, team: Wijkteam) -> None:
    grant = _grant(worker, lead)
    colleague = social_worker(team, username="collega.test")
    http = login(HttpClient(), colleague)
    assert http.get(_url(grant)).status_code == 200
    response = http.post(
        _url(grant, end=True), {"version": 1, "ended_on": "30/04/2026", "reason": "Werk"}
    )
    assert response.status_code == 403
    grant.refresh_from_db()
    assert grant.ended_on is None


def test_another_clients_grant_is_404(worker: User, lead: User) -> None:
    grant = _grant(worker, lead)
    other = client_of(worker)
    http = login(HttpClient(), worker)
    assert (
        http.get(reverse("integration:grant_detail", args=[other.pk, grant.pk])).status_code == 404
    )
