"""Committee sessions under concurrent writes (issue 19 'Bad input': "the same request decided
twice at once (two browsers)"), on PostgreSQL's row locks: two team leads record the same item
at the same moment, each from the page they loaded: one decision, and the other browser is
told someone else was first; two sessions planned at once take each proposal once."""

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from procedure.models import AgendaItem, Decision, Request
from procedure.services import sessions as services
from tests.conftest import login
from tests.factories import client_of, committee_member, team_lead
from tests.procedure.committee import proposed
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it there)"
)


def _at_once(*work: Callable[[], object]) -> list[object]:
    """Run each function in its own thread (its own database connection), started together."""
    start = threading.Barrier(len(work))
    results: list[object] = []

    def run(job: Callable[[], object]) -> None:
        try:
            start.wait(timeout=10)
            results.append(job())
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_browsers_recording_the_same_item_make_one_decision(
    worker: User, lead: User, team: Wijkteam
) -> None:
    today = timezone.localdate()
    request = proposed(worker, client_of(worker), received_on=today)
    member = committee_member()
    session = services.session_plan(
        actor=lead, held_on=today, place="Raadzaal", member_ids=[member.pk]
    )
    item = AgendaItem.objects.get(session=session)
    url = reverse("procedure:agenda_item", args=[session.pk, item.pk])
    browsers = []
    for actor, result in ((lead, "granted"), (team_lead(team), "refused")):
        browser = login(HttpClient(), actor)
        assert browser.get(url).status_code == 200  # each loaded the form at version 3
        browsers.append((browser, result))

    def send(browser: HttpClient, result: str) -> Callable[[], str]:
        def post() -> str:
            response = browser.post(
                url,
                {
                    "version": request.version,
                    "result": result,
                    "motivation": "Beslist in zitting.",
                    "decided_on": today.isoformat(),
                },
                follow=True,
            )
            return response.content.decode()

        return post

    pages = _at_once(*(send(browser, result) for browser, result in browsers))

    assert Decision.objects.filter(request=request).count() == 1
    told = [page for page in pages if "Iemand anders wijzigde dit intussen" in str(page)]
    recorded = [page for page in pages if "Punt 1 is vastgelegd" in str(page)]
    assert (len(told), len(recorded)) == (1, 1)
    item.refresh_from_db()
    decision = Decision.objects.get(request=request)
    assert item.result == decision.outcome  # the item says what the one decision says
    request.refresh_from_db()
    assert (request.state, request.version) == (Request.State.DECIDED, 4)


@pytest.mark.django_db(transaction=True)
def test_two_sessions_planned_at_once_take_each_proposal_once(
    worker: User, lead: User, team: Wijkteam
) -> None:
    requests = [proposed(worker, client_of(worker)) for _n in range(3)]
    member = committee_member()
    other_lead = team_lead(team)

    def plan(actor: User, day: int) -> int:
        session = services.session_plan(
            actor=actor,
            held_on=timezone.localdate() + dt.timedelta(days=day),
            place="Raadzaal",
            member_ids=[member.pk],
        )
        return session.items.count()

    counts = _at_once(lambda: plan(lead, 3), lambda: plan(other_lead, 10))

    assert sorted(counts) == [0, 3]  # type: ignore[type-var]
    taken = list(AgendaItem.objects.values_list("request_id", flat=True))
    assert sorted(taken) == sorted(r.pk for r in requests)
