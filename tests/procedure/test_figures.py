"""The team lead's figures per month of receipt (procedure/figures.py, /aanvragen/cijfers/):
received, decided, the median days to decision, the share decided within the legal 30 days
counted as the Judicial Code counts, the open ones past their deadline, forwarded and
withdrawn apart; unknown is not zero. Today is Monday 16 March 2026."""

import datetime as dt
import re
from typing import Any

from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.models import AccessLog, Client
from procedure.figures import FigureRow, MonthFigures, figures_by_month, first_month
from procedure.models import Decision, Request
from tests.conftest import TODAY, login
from tests.factories import (
    DecisionFactory,
    HelpRequestFactory,
    WijkteamFactory,
    client_of,
    request_kind,
    social_worker,
)
from wijkteams.models import User, Wijkteam

URL = reverse("procedure:register_figures")
DECIDED = Request.State.DECIDED
NOTIFIED = Request.State.NOTIFIED


def _month(rows: list[FigureRow], month: dt.date) -> MonthFigures:
    months, _total = figures_by_month(rows, today=TODAY)
    return next(figures for figures in months if figures.month == month)


def test_the_twelve_months_up_to_this_one_oldest_first() -> None:
    months, total = figures_by_month([], today=TODAY)
    assert first_month(TODAY) == dt.date(2025, 4, 1)
    assert [figures.month for figures in months] == [
        *(dt.date(2025, month, 1) for month in range(4, 13)),
        *(dt.date(2026, month, 1) for month in range(1, 4)),
    ]
    assert total.received == 0


def test_a_request_received_before_the_twelve_months_is_left_out() -> None:
    rows: list[FigureRow] = [
        (dt.date(2025, 3, 31), dt.date(2025, 4, 2), DECIDED),
        (dt.date(2025, 4, 1), dt.date(2025, 4, 3), DECIDED),
    ]
    _months, total = figures_by_month(rows, today=TODAY)
    assert (total.received, total.decided) == (1, 1)


def test_the_median_of_an_odd_count_is_the_middle_one() -> None:
    january = dt.date(2026, 1, 5)
    rows: list[FigureRow] = [
        (january, january + dt.timedelta(days=days), DECIDED) for days in (31, 10, 20)
    ]
    assert _month(rows, dt.date(2026, 1, 1)).median_days == 20


def test_the_median_of_an_even_count_is_halfway_between_the_middle_two() -> None:
    january = dt.date(2026, 1, 5)
    rows: list[FigureRow] = [
        (january, january + dt.timedelta(days=days), NOTIFIED) for days in (10, 21, 5, 40)
    ]
    assert _month(rows, dt.date(2026, 1, 1)).median_days == 15.5


def test_a_decision_on_day_30_is_in_time_and_on_day_31_late() -> None:
    """Received Monday 2 February 2026: day 30 is Wednesday 4 March, a working day."""
    received = dt.date(2026, 2, 2)
    rows: list[FigureRow] = [
        (received, dt.date(2026, 3, 4), DECIDED),
        (received, dt.date(2026, 3, 5), DECIDED),
    ]
    figures = _month(rows, dt.date(2026, 2, 1))
    assert (figures.decided, figures.in_time, figures.in_time_percent) == (2, 1, 50)


def test_a_day_30_on_a_sunday_moves_to_the_monday_after() -> None:
    """Received Friday 13 February 2026: day 30 is Sunday 15 March; the last day is Monday 16
    March (art. 53 Ger.W.). Decided that Monday: in time; on the Tuesday: late."""
    received = dt.date(2026, 2, 13)
    in_time = _month([(received, dt.date(2026, 3, 16), DECIDED)], dt.date(2026, 2, 1))
    late = _month([(received, dt.date(2026, 3, 17), DECIDED)], dt.date(2026, 2, 1))
    assert (in_time.in_time, in_time.in_time_percent) == (1, 100)
    assert (late.in_time, late.in_time_percent) == (0, 0)


def test_unknown_is_not_zero() -> None:
    """A month whose requests are all open has no median and no share, and a decision without
    its date counts as decided but not in the median or the share."""
    rows: list[FigureRow] = [
        (dt.date(2026, 3, 2), None, Request.State.RECEIVED),
        (dt.date(2026, 1, 8), None, DECIDED),
    ]
    march = _month(rows, dt.date(2026, 3, 1))
    assert (march.received, march.decided, march.median_days, march.in_time_percent) == (
        1,
        0,
        None,
        None,
    )
    january = _month(rows, dt.date(2026, 1, 1))
    assert (january.decided, january.decided_undated, january.median_days) == (1, 1, None)
    assert january.in_time_percent is None
    empty = _month(rows, dt.date(2025, 6, 1))
    assert (empty.received, empty.median_days, empty.in_time_percent) == (0, None, None)


def test_open_past_the_deadline_forwarded_and_withdrawn_are_counted_apart() -> None:
    february: list[FigureRow] = [
        # 30 days ended Thursday 12 March: open past the deadline.
        (dt.date(2026, 2, 10), None, Request.State.UNDER_INQUIRY),
        # Ends Monday 16 March, today: not past yet.
        (dt.date(2026, 2, 14), None, Request.State.PROPOSED),
        (dt.date(2026, 2, 3), None, Request.State.FORWARDED),
        (dt.date(2026, 2, 4), None, Request.State.WITHDRAWN),
        (dt.date(2026, 2, 5), dt.date(2026, 2, 20), DECIDED),
    ]
    figures = _month(february, dt.date(2026, 2, 1))
    assert figures.received == 5
    assert figures.decided == 1
    assert figures.open_past_deadline == 1
    assert (figures.forwarded, figures.withdrawn) == (1, 1)
    assert (figures.median_days, figures.in_time_percent) == (15, 100)


def test_the_total_counts_all_twelve_months_together() -> None:
    rows: list[FigureRow] = [
        (dt.date(2025, 11, 3), dt.date(2025, 11, 13), DECIDED),  # 10 days
        (dt.date(2026, 1, 5), dt.date(2026, 2, 20), DECIDED),  # 46 days: late
        (dt.date(2026, 3, 2), dt.date(2026, 3, 6), DECIDED),  # 4 days
    ]
    _months, total = figures_by_month(rows, today=TODAY)
    assert (total.received, total.decided, total.median_days, total.in_time) == (3, 3, 10, 2)
    assert total.in_time_percent == 67


# --- the page ------------------------------------------------------------------------------


def _request(file: Client, received_on: dt.date, decided_on: dt.date | None = None) -> Request:
    help_request = HelpRequestFactory.create(
        client=file,
        kind=request_kind(),
        received_on=received_on,
        state=Request.State.DECIDED if decided_on else Request.State.RECEIVED,
    )
    if decided_on:
        DecisionFactory.create(request=help_request, decided_on=decided_on)
    return help_request


def _row(html: str, month_iso: str) -> list[str]:
    """The cells of the month's row, tags stripped."""
    start = html.index(f'<time datetime="{month_iso}">')
    row = html[start : html.index("</tr>", start)]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def test_the_lead_sees_the_figures_of_the_led_teams(
    client: HttpClient, lead: User, worker: User, today: dt.date
) -> None:
    ours = client_of(worker)
    _request(ours, dt.date(2026, 2, 2), dt.date(2026, 3, 4))  # day 30: in time
    _request(ours, dt.date(2026, 2, 13), dt.date(2026, 3, 16))  # Sunday's day 30 -> Monday
    _request(ours, dt.date(2026, 2, 3), dt.date(2026, 3, 10))  # late
    _request(ours, dt.date(2026, 2, 10))  # open past its deadline
    heule = WijkteamFactory.create(name="Heule")
    _request(client_of(social_worker(heule), team=heule), dt.date(2026, 2, 2), dt.date(2026, 2, 4))
    login(client, lead)
    logged = AccessLog.objects.count()
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    cells = _row(html, "2026-02")
    # received, decided, median (30, 31, 35 days), in time, open past, forwarded, withdrawn
    assert cells[:4] == ["4", "3", "31", "67% (2 van 3)"]
    assert cells[4:] == ["1", "0", "0"]
    # A month without a decided request: a dash, said as "no decision with a date".
    assert _row(html, "2026-01")[:4] == [
        "0",
        "0",
        "— geen beslissing met een datum",
        "— geen beslissing met een datum",
    ]
    assert "februari 2026" in html
    # Figures name nobody: no file was looked at.
    assert AccessLog.objects.count() == logged


def test_an_even_median_is_shown_with_its_half(
    client: HttpClient, lead: User, worker: User, today: dt.date
) -> None:
    ours = client_of(worker)
    _request(ours, dt.date(2026, 1, 5), dt.date(2026, 1, 15))  # 10 days
    _request(ours, dt.date(2026, 1, 5), dt.date(2026, 1, 26))  # 21 days
    login(client, lead)
    assert _row(client.get(URL).content.decode(), "2026-01")[2] == "15,5"


def test_the_page_queries_do_not_grow_with_the_requests(
    client: HttpClient,
    lead: User,
    worker: User,
    team: Wijkteam,
    today: dt.date,
    django_assert_num_queries: Any,
) -> None:
    _request(client_of(worker), dt.date(2026, 2, 2), dt.date(2026, 2, 20))
    login(client, lead)
    client.get(URL)
    # session, user, roles, the rows (received on, standing decision's date, state)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    assert len(few.captured_queries) == 4
    for n in range(30):
        _request(
            client_of(social_worker(team)),
            dt.date(2025, 4, 1) + dt.timedelta(days=11 * n),
            dt.date(2025, 4, 20) + dt.timedelta(days=11 * n) if n % 2 else None,
        )
    with django_assert_num_queries(4):
        client.get(URL)


def test_an_urgent_decision_not_ratified_is_not_the_decision(
    client: HttpClient, lead: User, worker: User, today: dt.date
) -> None:
    help_request = _request(client_of(worker), dt.date(2026, 1, 5), dt.date(2026, 2, 20))
    DecisionFactory.create(
        request=help_request,
        decided_on=dt.date(2026, 1, 6),
        body=Decision.Body.CHAIR,
        ratification=Decision.Ratification.NOT_RATIFIED,
    )
    login(client, lead)
    assert _row(client.get(URL).content.decode(), "2026-01")[2] == "46"


def test_a_social_worker_has_no_figures(client: HttpClient, worker: User) -> None:
    login(client, worker)
    assert client.get(URL).status_code == 403


def test_the_register_links_the_figures(client: HttpClient, lead: User) -> None:
    login(client, lead)
    assert URL in client.get(reverse("procedure:register_list")).content.decode()
