"""The notice that proposes a new aid calculation when the client file's incomes changed since
the latest one (issue 20 point 7): on the tab "financial aid" and on the latest saved
calculation, naming the lines added, changed or ended, with a link to a new calculation.

Time stands on Monday 16 March 2026. Fatima lives alone on a leefloon of 1.000 euro."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from budgets.calculation.changes import Line, differences_on, income_changes, snapshot_lines
from budgets.services.calculations import aid_calculation_save
from clients.models import Client, Income
from clients.services.household import income_change_from, income_save
from tests.conftest import TODAY, login
from tests.factories import aid_policy, budget_version, client_of, social_worker
from wijkteams.models import User, Wijkteam

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

NOTICE = 'id="inkomens-gewijzigd"'


@pytest.fixture
def budgets(admin_user: User) -> None:
    budget_version(actor=admin_user, name="Referentiebudget 2026")
    aid_policy(actor=admin_user, name="Steunbeleid 2026")


@pytest.fixture
def fatima(worker: User, budgets: None) -> Client:
    client = client_of(
        worker,
        first_name="Fatima",
        last_name="El Amrani",
        birth_date=dt.date(1987, 4, 12),
        rent=Decimal("650.00"),
        complete=True,
    )
    Income.objects.create(
        client=client, kind="wage", net_monthly=Decimal("1000.00"), starts_on=dt.date(2025, 1, 1)
    )
    return client


def as_user(user: User) -> HttpClient:
    return login(HttpClient(), user)


def page_of(user: User, name: str, client: Client, *args: int) -> str:
    response = as_user(user).get(reverse(f"budgets:{name}", args=[client.pk, *args]))
    assert response.status_code == 200
    html: str = response.content.decode()
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def notice_of(page: str) -> str:
    """The notice's text, or "" when the page has none."""
    if NOTICE not in page:
        return ""
    return page.split(NOTICE, 1)[1].split("</div>", 1)[0]


def leefloon(client: Client, worker: User, amount: str, starts_on: dt.date) -> Income:
    line = Income(
        kind="leefloon",
        leefloon_category="single",
        net_monthly=Decimal(amount),
        starts_on=starts_on,
    )
    return income_save(actor=worker, client=client, income=line)


# --- the tab -----------------------------------------------------------------------------------


def test_no_notice_right_after_a_calculation(worker: User, fatima: Client) -> None:
    calculation = aid_calculation_save(actor=worker, client=fatima, on=TODAY)
    assert NOTICE not in page_of(worker, "file_aid", fatima)
    assert NOTICE not in page_of(worker, "calculation_detail", fatima, calculation.pk)


def test_no_notice_without_a_calculation(worker: User, fatima: Client) -> None:
    assert NOTICE not in page_of(worker, "file_aid", fatima)


def test_a_new_leefloon_line_shows_the_notice_naming_it(worker: User, fatima: Client) -> None:
    aid_calculation_save(actor=worker, client=fatima, on=TODAY)
    leefloon(fatima, worker, "1314.20", dt.date(2026, 3, 10))
    notice = notice_of(page_of(worker, "file_aid", fatima))
    assert "De inkomens zijn gewijzigd sinds de berekening van 16/03/2026" in notice
    assert "Nieuw: leefloon van Fatima El Amrani, €&nbsp;1.314,20" in notice
    assert "loon" not in notice.replace("leefloon", "")  # the wage did not change
    new = reverse("budgets:calculation_new", args=[fatima.pk])
    assert f'href="{new}"' in notice


def test_a_changed_amount_shows_the_notice_with_both_amounts(worker: User, fatima: Client) -> None:
    aid_calculation_save(actor=worker, client=fatima, on=TODAY)
    wage = Income.objects.get(client=fatima)
    wage.net_monthly = Decimal("1100.00")
    income_save(actor=worker, client=fatima, income=wage, expected_version=wage.version)
    notice = notice_of(page_of(worker, "file_aid", fatima))
    assert (
        "Gewijzigd: loon van Fatima El Amrani, van €&nbsp;1.000,00 naar €&nbsp;1.100,00" in notice
    )


def test_a_change_from_a_day_after_the_calculation_names_the_day(
    worker: User, fatima: Client, time_machine: Any
) -> None:
    aid_calculation_save(actor=worker, client=fatima, on=TODAY)
    wage = Income.objects.get(client=fatima)
    wage.net_monthly = Decimal("900.00")
    income_change_from(
        actor=worker,
        client=fatima,
        income=wage,
        expected_version=wage.version,
        on=dt.date(2026, 3, 20),
    )
    # Not yet in force: the calculation still holds today.
    assert NOTICE not in page_of(worker, "file_aid", fatima)
    time_machine.move_to(dt.datetime(2026, 3, 25, 10, 0, tzinfo=dt.UTC))
    notice = notice_of(page_of(worker, "file_aid", fatima))
    assert (
        "Gewijzigd: loon van Fatima El Amrani, van €&nbsp;1.000,00 naar €&nbsp;900,00"
        " (vanaf 20/03/2026)"
    ) in " ".join(notice.split()).replace("\n", " ")


def test_an_ended_line_is_named(worker: User, fatima: Client) -> None:
    aid_calculation_save(actor=worker, client=fatima, on=TODAY)
    Income.objects.filter(client=fatima).delete()
    notice = notice_of(page_of(worker, "file_aid", fatima))
    assert "Beëindigd: loon van Fatima El Amrani, €&nbsp;1.000,00" in notice


def test_the_notice_is_gone_after_a_new_calculation(worker: User, fatima: Client) -> None:
    aid_calculation_save(actor=worker, client=fatima, on=TODAY)
    leefloon(fatima, worker, "1314.20", dt.date(2026, 3, 10))
    assert NOTICE in page_of(worker, "file_aid", fatima)
    aid_calculation_save(actor=worker, client=fatima, on=TODAY)
    assert NOTICE not in page_of(worker, "file_aid", fatima)


def test_only_the_latest_saved_calculation_carries_the_notice(worker: User, fatima: Client) -> None:
    older = aid_calculation_save(actor=worker, client=fatima, on=TODAY)
    latest = aid_calculation_save(actor=worker, client=fatima, on=TODAY)
    leefloon(fatima, worker, "1314.20", dt.date(2026, 3, 10))
    notice = notice_of(page_of(worker, "calculation_detail", fatima, latest.pk))
    assert "Nieuw: leefloon van Fatima El Amrani" in notice
    assert NOTICE not in page_of(worker, "calculation_detail", fatima, older.pk)


def test_a_colleague_who_may_only_read_sees_the_notice_without_the_button(
    worker: User, team: Wijkteam, fatima: Client
) -> None:
    colleague = social_worker(team, username="ma.collega")
    aid_calculation_save(actor=worker, client=fatima, on=TODAY)
    leefloon(fatima, worker, "1314.20", dt.date(2026, 3, 10))
    notice = notice_of(page_of(colleague, "file_aid", fatima))
    assert "Nieuw: leefloon" in notice
    assert reverse("budgets:calculation_new", args=[fatima.pk]) not in notice


@pytest.mark.parametrize("lines", [1, 20])
def test_the_tab_query_count_does_not_grow_with_income_lines(
    worker: User, fatima: Client, lines: int, django_assert_num_queries: Any
) -> None:
    aid_calculation_save(actor=worker, client=fatima, on=TODAY)
    for month in range(1, lines + 1):
        Income.objects.create(
            client=fatima,
            kind="other",
            net_monthly=Decimal(month),
            starts_on=dt.date(2025, month % 12 + 1, 1),
        )
    http = as_user(worker)
    # session, user, roles, client with its current assignment (which also says who may edit),
    # access log insert, count of calculations, the page of calculations, the latest
    # calculation, its household members, its income lines, the client's aid proposals and
    # decisions
    with django_assert_num_queries(11):
        response = http.get(reverse("budgets:file_aid", args=[fatima.pk]))
    assert len(response.context["notice"].rows) == lines


def test_the_tab_without_a_calculation_asks_only_for_the_latest(
    worker: User, fatima: Client, django_assert_num_queries: Any
) -> None:
    http = as_user(worker)
    # session, user, roles, client with its current assignment (which also says who may edit),
    # access log insert, count of calculations, the latest calculation (none), the aid
    # proposals and decisions
    with django_assert_num_queries(8):
        http.get(reverse("budgets:file_aid", args=[fatima.pk]))


def test_the_saved_calculation_query_count_is_fixed(
    worker: User, fatima: Client, django_assert_num_queries: Any
) -> None:
    calculation = aid_calculation_save(actor=worker, client=fatima, on=TODAY)
    leefloon(fatima, worker, "1314.20", dt.date(2026, 3, 10))
    http = as_user(worker)
    address = reverse("budgets:calculation_detail", args=[fatima.pk, calculation.pk])
    # session, user, roles, client with its current assignment (which also says who may edit),
    # access log insert, the calculation, the latest calculation's id, household members,
    # income lines
    with django_assert_num_queries(9):
        response = http.get(address)
    assert response.context["notice"] is not None


# --- the comparison itself (no database) ------------------------------------------------------


def test_an_unknown_amount_is_a_difference_never_equal() -> None:
    unknown = Line("client", "wage", None)
    assert differences_on([unknown], [Line("client", "wage", None)], TODAY)[0].change == "changed"
    [difference] = differences_on([unknown], [Line("client", "wage", Decimal("0.00"))], TODAY)
    assert (difference.change, difference.before, difference.after) == (
        "changed",
        None,
        Decimal("0.00"),
    )


def test_a_snapshot_amount_missing_or_unreadable_is_not_known() -> None:
    inputs = {
        "incomes": [
            {"person": "client", "kind": "wage"},
            {"person": "client", "kind": "other", "amount": "n/a"},
            {"person": "client", "kind": "pension", "amount": "10.00"},
        ]
    }
    assert [line.amount for line in snapshot_lines(inputs) or []] == [None, None, Decimal(10)]


def test_equal_lines_cancel_whatever_their_order() -> None:
    a, b = Line("client", "wage", Decimal("5")), Line("member-1", "wage", Decimal("5.00"))
    assert differences_on([a, b], [b, a], TODAY) == []


def test_a_snapshot_without_incomes_proposes_a_new_calculation(fatima: Client) -> None:
    changes = income_changes(
        inputs={"persons": []},
        calculated_on=TODAY,
        today=TODAY,
        client=fatima,
        members=[],
        incomes=[],
    )
    assert not changes.readable
    assert changes
