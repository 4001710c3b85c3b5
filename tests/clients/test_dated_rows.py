"""Incomes with a start and an end, household members who join and leave (issue 15): the
services keep the periods sane, a change from a date keeps the old line, and the pages say
what is wrong next to the field, keep what was typed and save nothing."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from django.urls import reverse

from clients.models import AccessLog, Client, HouseholdMember, Income
from clients.services import (
    EditConflictError,
    household_member_save,
    income_change_from,
    income_save,
)
from tests.conftest import TODAY, login
from tests.factories import HouseholdMemberFactory, IncomeFactory, client_of
from tests.html_forms import field_error, posted
from wijkteams.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

D = Decimal


@pytest.fixture
def client_file(worker: User) -> Client:
    return client_of(worker, first_name="Fatima", last_name="El Amrani")


def wage(client: Client, net: str = "1500.00", **fields: Any) -> Income:
    values: dict[str, Any] = {"kind": Income.Kind.WAGE, "net_monthly": D(net), **fields}
    return IncomeFactory.create(client=client, **values)


def error_of(error: ValidationError, field: str) -> str:
    return " ".join(error.message_dict[field])


# --- the services ---------------------------------------------------------------------------


def test_an_income_cannot_end_before_it_starts(worker: User, client_file: Client) -> None:
    with pytest.raises(ValidationError) as raised:
        income_save(
            actor=worker,
            client=client_file,
            income=Income(
                kind=Income.Kind.WAGE,
                net_monthly=D("1500.00"),
                starts_on=dt.date(2026, 3, 1),
                ends_on=dt.date(2026, 2, 28),
            ),
        )
    assert error_of(raised.value, "ends_on") == (
        "Een inkomen kan niet eindigen vóór het begint (01/03/2026)."
    )
    assert not Income.objects.exists()


@pytest.mark.parametrize(
    ("existing", "new", "overlaps"),
    [
        ((None, None), (dt.date(2026, 1, 1), None), True),
        ((dt.date(2025, 1, 1), dt.date(2025, 12, 31)), (dt.date(2025, 12, 31), None), True),
        ((dt.date(2025, 1, 1), dt.date(2025, 12, 31)), (dt.date(2026, 1, 1), None), False),
        ((dt.date(2026, 4, 1), None), (None, dt.date(2026, 3, 31)), False),
        ((dt.date(2026, 4, 1), None), (None, dt.date(2026, 4, 1)), True),
    ],
)
def test_one_person_has_one_line_of_a_kind_on_any_day(
    worker: User,
    client_file: Client,
    existing: tuple[dt.date | None, dt.date | None],
    new: tuple[dt.date | None, dt.date | None],
    overlaps: bool,
) -> None:
    wage(client_file, starts_on=existing[0], ends_on=existing[1])
    line = Income(kind=Income.Kind.WAGE, net_monthly=D("900.00"), starts_on=new[0], ends_on=new[1])
    if overlaps:
        with pytest.raises(ValidationError) as raised:
            income_save(actor=worker, client=client_file, income=line)
        assert "heeft al een inkomen van deze soort" in error_of(raised.value, "starts_on")
        assert Income.objects.count() == 1
    else:
        income_save(actor=worker, client=client_file, income=line)
        assert Income.objects.count() == 2


def test_lines_of_other_kinds_or_other_people_may_run_together(
    worker: User, client_file: Client
) -> None:
    wage(client_file)
    income_save(
        actor=worker,
        client=client_file,
        income=Income(kind=Income.Kind.OTHER, net_monthly=D("100.00")),
    )
    assert Income.objects.count() == 2


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        (
            {"joined_on": dt.date(2020, 1, 1), "left_on": dt.date(2019, 12, 31)},
            "left_on",
            "kan het gezin niet verlaten vóór het kwam inwonen (01/01/2020)",
        ),
        ({"left_on": dt.date(2014, 5, 1)}, "left_on", "niet verlaten vóór de geboorte"),
        ({"joined_on": dt.date(2014, 5, 1)}, "joined_on", "niet komen inwonen vóór de geboorte"),
    ],
)
def test_a_member_cannot_leave_before_joining_or_be_there_before_birth(
    worker: User, client_file: Client, dates: dict[str, dt.date], field: str, message: str
) -> None:
    member = HouseholdMember(
        first_name="Amira",
        last_name="El Amrani",
        birth_date=dt.date(2014, 5, 2),
        sex="F",
        relation=HouseholdMember.Relation.CHILD,
        **dates,
    )
    with pytest.raises(ValidationError) as raised:
        household_member_save(actor=worker, client=client_file, member=member)
    assert message in error_of(raised.value, field)
    assert not HouseholdMember.objects.exists()


def test_a_change_from_a_date_ends_the_old_line_and_starts_a_new_one(
    worker: User, client_file: Client
) -> None:
    old = wage(
        client_file, "1500.00", starts_on=dt.date(2025, 1, 1), gross_taxable_last_year=D("19000")
    )
    edited = Income.objects.get(pk=old.pk)
    edited.net_monthly = D("1620.00")
    new = income_change_from(
        actor=worker, client=client_file, income=edited, expected_version=1, on=dt.date(2026, 3, 1)
    )
    old.refresh_from_db()
    assert (old.net_monthly, old.starts_on, old.ends_on) == (
        D("1500.00"),
        dt.date(2025, 1, 1),
        dt.date(2026, 2, 28),
    )
    assert (new.net_monthly, new.starts_on, new.ends_on, new.gross_taxable_last_year) == (
        D("1620.00"),
        dt.date(2026, 3, 1),
        None,
        D("19000.00"),
    )
    assert AccessLog.objects.filter(client=client_file, action=AccessLog.Action.CHANGE).count() == 2


def test_a_change_from_a_date_is_refused_on_a_line_saved_meanwhile(
    worker: User, client_file: Client
) -> None:
    old = wage(client_file)
    Income.objects.filter(pk=old.pk).update(version=2)
    with pytest.raises(EditConflictError):
        income_change_from(
            actor=worker, client=client_file, income=old, expected_version=1, on=TODAY
        )
    assert Income.objects.count() == 1


@pytest.mark.parametrize(
    ("dates", "on", "message"),
    [
        ({"starts_on": dt.date(2026, 3, 1)}, dt.date(2026, 3, 1), "na het begin van het inkomen"),
        ({"ends_on": dt.date(2026, 3, 1)}, dt.date(2026, 3, 2), "eindigde op 01/03/2026"),
    ],
)
def test_a_change_applies_inside_the_lines_period(
    worker: User, client_file: Client, dates: dict[str, dt.date], on: dt.date, message: str
) -> None:
    old = wage(client_file, "1500.00", **dates)
    with pytest.raises(ValidationError) as raised:
        income_change_from(actor=worker, client=client_file, income=old, expected_version=1, on=on)
    assert message in error_of(raised.value, "effective_from")
    assert Income.objects.count() == 1


# --- the pages ------------------------------------------------------------------------------


def as_user(user: User) -> HttpClient:
    return login(HttpClient(), user)


def url(name: str, client: Client, *args: int) -> str:
    return reverse(f"clients:{name}", args=[client.pk, *args])


def test_the_edit_page_changes_an_income_from_a_date(worker: User, client_file: Client) -> None:
    old = wage(client_file, "1500.00", starts_on=dt.date(2025, 1, 1))
    http = as_user(worker)
    page = http.get(url("income_edit", client_file, old.pk)).content.decode()
    action = url("income_edit", client_file, old.pk)
    data = {**posted(page, action), "income-net_monthly": "1.620,00"}
    data["income-effective_from"] = "2026-03-01"
    assert http.post(action, data).status_code == 302
    lines = list(Income.objects.order_by("pk").values_list("net_monthly", "starts_on", "ends_on"))
    assert lines == [
        (D("1500.00"), dt.date(2025, 1, 1), dt.date(2026, 2, 28)),
        (D("1620.00"), dt.date(2026, 3, 1), None),
    ]
    household = http.get(url("file_household", client_file)).content.decode()
    assert '<strong id="totaal-netto">€&nbsp;1.620,00</strong>' in household
    assert "niet vandaag" in household  # the ended line stays, marked


def test_an_income_ending_before_it_starts_is_refused_next_to_the_field(
    worker: User, client_file: Client
) -> None:
    http = as_user(worker)
    response = http.post(
        url("income_add", client_file),
        {
            "income-member": "",
            "income-kind": "wage",
            "income-net_monthly": "1.234,56",
            "income-starts_on": "2026-03-01",
            "income-ends_on": "2026-02-01",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Een inkomen kan niet eindigen vóór het begint (01/03/2026)." in field_error(
        html, "income-ends_on"
    )
    assert 'value="1.234,56"' in html
    assert 'value="2026-02-01"' in html
    assert not Income.objects.exists()


def test_a_member_leaving_before_joining_is_refused_next_to_the_field(
    worker: User, client_file: Client
) -> None:
    response = as_user(worker).post(
        url("member_add", client_file),
        {
            "member-first_name": "Youssef",
            "member-last_name": "El Amrani",
            "member-birth_date": "1990-11-03",
            "member-sex": "M",
            "member-relation": "partner",
            "member-school_level": "none",
            "member-joined_on": "2025-06-01",
            "member-left_on": "2025-05-01",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "vóór het kwam inwonen (01/06/2025)" in field_error(html, "member-left_on")
    assert 'value="Youssef"' in html
    assert not HouseholdMember.objects.exists()


def test_a_member_who_left_is_listed_but_not_counted(worker: User, client_file: Client) -> None:
    partner = HouseholdMemberFactory.create(
        client=client_file,
        first_name="Youssef",
        last_name="El Amrani",
        birth_date=dt.date(1990, 11, 3),
        sex="M",
        relation=HouseholdMember.Relation.PARTNER,
        left_on=dt.date(2026, 1, 31),
    )
    wage(client_file, "900.00")
    wage(client_file, "1400.00", member=partner)
    html = as_user(worker).get(url("file_household", client_file)).content.decode()
    assert "Youssef" in html
    assert "tot 31/01/2026" in html
    assert '<strong id="totaal-netto">€&nbsp;900,00</strong>' in html
