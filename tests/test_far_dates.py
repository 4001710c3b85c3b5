"""Far-future and far-past dates (issue 17 point 2): a date a person types is kept within
core.dates.EARLIEST..LATEST where it is stored (model, form, service), and what a page computes
from a date stored before that bound existed never overflows Python's calendar.

Before the fix an aid proposal starting in year 9999 was accepted, and then the team's list of
proposals and the client's aid tab answered 500 (the period's end overflowed); the officer's log
filter answered 500 on an end date in 9999 or a start in year 1.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client as HttpClient
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from budgets.models import AidCalculation, AidDecision
from budgets.services.calculations import aid_calculation_save
from budgets.services.decisions import aid_decision_propose
from clients.models import Client
from core.dates import EARLIEST, LATEST, add_days, date_range_errors, validate_date_in_range
from tests.app_fields import form_fields, model_fields
from tests.budgets.aid_requests import request_under_inquiry
from tests.conftest import TODAY, login
from tests.factories import aid_policy, budget_version, client_of, data_protection_officer
from wijkteams.models import User

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def dpo(db: None) -> User:
    return data_protection_officer(username="dpo.test")


def _calculation(worker: User) -> AidCalculation:
    budget_version(name="Referentiebudget 2026")
    aid_policy(name="Steunbeleid 2026")
    client = client_of(worker)
    Client.objects.filter(pk=client.pk).update(
        household_confirmed_on=TODAY, tenure=Client.Tenure.OWNER
    )
    client.refresh_from_db()
    return aid_calculation_save(actor=worker, client=client, on=TODAY)


def test_the_bounds_take_their_ends_and_refuse_beyond() -> None:
    validate_date_in_range(EARLIEST)
    validate_date_in_range(LATEST)
    for day in (EARLIEST - dt.timedelta(days=1), LATEST + dt.timedelta(days=1), dt.date.max):
        with pytest.raises(ValidationError) as excinfo:
            validate_date_in_range(day)
        assert excinfo.value.code == "date_range"
    assert date_range_errors(a=dt.date.max, b=TODAY, c=None) == {
        "a": "Vul een datum in tussen 01/01/1900 en 31/12/2099."
    }


def test_add_days_stops_at_the_ends_of_the_calendar() -> None:
    assert add_days(dt.date.max, 1) == dt.date.max
    assert add_days(dt.date.min, -30) == dt.date.min
    assert add_days(TODAY, 1) == dt.date(2026, 3, 17)


def test_the_proposal_form_refuses_a_start_in_year_9999(client: HttpClient, worker: User) -> None:
    calculation = _calculation(worker)
    login(client, worker)
    url = reverse("budgets:decision_propose", args=[calculation.client_id, calculation.pk])
    request = request_under_inquiry(calculation.client)
    response = client.post(
        url,
        {
            "help_request": str(request.pk),
            "amount": "125,50",
            "starts_on": "9999-12-01",
            "months": "6",
            "motivation": "Huur.",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["starts_on"] == [
        "Vul een datum in tussen 01/01/1900 en 31/12/2099."
    ]
    assert 'value="9999-12-01"' in response.content.decode()
    assert not AidDecision.objects.exists()


def test_the_proposal_service_refuses_a_start_in_year_9999(worker: User) -> None:
    calculation = _calculation(worker)
    with pytest.raises(ValidationError) as excinfo:
        aid_decision_propose(
            actor=worker,
            calculation=calculation,
            request=request_under_inquiry(calculation.client),
            amount=Decimal(100),
            starts_on=dt.date(9999, 12, 1),
            months=6,
            motivation="Huur.",
            activation_commitment="Taalles.",
        )
    assert "starts_on" in excinfo.value.message_dict
    assert not AidDecision.objects.exists()


def test_a_proposal_stored_in_year_9999_does_not_break_the_lists(
    client: HttpClient, worker: User, lead: User
) -> None:
    """A row stored before the bound existed: the lists and its page still answer, and it can be
    withdrawn away."""
    calculation = _calculation(worker)
    decision = aid_decision_propose(
        actor=worker,
        calculation=calculation,
        request=request_under_inquiry(calculation.client),
        amount=Decimal(100),
        starts_on=dt.date(2026, 4, 1),
        months=6,
        motivation="Huur.",
        activation_commitment="Taalles.",
    )
    AidDecision.objects.filter(pk=decision.pk).update(starts_on=dt.date(9999, 12, 1))
    decision.refresh_from_db()
    assert decision.ends_on == dt.date.max
    login(client, lead)
    assert client.get(reverse("budgets:decision_list")).status_code == 200
    login(client, worker)
    assert client.get(reverse("budgets:decision_detail", args=[decision.pk])).status_code == 200
    response = client.post(
        reverse("budgets:decision_withdraw", args=[decision.pk]), {"reason": "Vergissing."}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == AidDecision.Status.WITHDRAWN


@pytest.mark.parametrize(
    "query",
    [
        {"end": "9999-12-31"},
        {"start": "9999-12-01", "end": "9999-12-31"},
        {"end": "0001-01-01"},
        {"start": "0001-01-01", "end": "0001-01-02"},
    ],
)
def test_the_officer_log_filter_refuses_far_dates_next_to_the_field(
    client: HttpClient, dpo: User, query: dict[str, str]
) -> None:
    login(client, dpo)
    response = client.get(reverse("clients:access_log"), query)
    assert response.status_code == 400  # the page again, with the error next to the field
    errors = response.context["form"].errors
    assert "Vul een datum in tussen 01/01/1900 en 31/12/2099." in [
        message for messages in errors.values() for message in messages
    ]
    assert client.get(reverse("clients:access_log_csv"), query).status_code == 400


# --- every date field, of every model and every form ---------------------------------------


def _is_date(field: object) -> bool:
    # A DateTimeField is a DateField too, but the server sets those (auto_now), no person types.
    return isinstance(field, models.DateField | forms.DateField) and not isinstance(
        field, models.DateTimeField | forms.DateTimeField
    )


def _model_date_fields() -> list[tuple[str, models.Field[Any, Any]]]:
    return [(name, field) for name, field in model_fields() if _is_date(field)]


def _form_date_fields() -> list[tuple[str, forms.Field]]:
    return [(name, field) for name, field in form_fields() if _is_date(field)]


def test_the_walk_finds_the_date_fields() -> None:
    """The two walks below see what they must: the known fields of each kind are among them."""
    models_seen = dict(_model_date_fields())
    assert {"budgets.AidDecision.starts_on", "clients.JournalEntry.occurred_on"} <= set(models_seen)
    forms_seen = dict(_form_date_fields())
    assert "budgets.forms.decisions.ProposalForm.starts_on" in forms_seen
    assert "clients.views.access_log.AccessLogFilterForm.end" in forms_seen


def test_every_model_date_field_is_bounded() -> None:
    unbounded = [
        name
        for name, field in _model_date_fields()
        if validate_date_in_range not in field.validators
    ]
    assert not unbounded, f"use core.fields.DateField for {unbounded}"


def test_every_form_date_field_is_bounded() -> None:
    unbounded = [
        name
        for name, field in _form_date_fields()
        if validate_date_in_range not in field.validators
    ]
    assert not unbounded, f"use core.forms.DateField for {unbounded}"


typed_dates = st.one_of(
    st.dates().map(dt.date.isoformat),  # year 1 to 9999
    st.sampled_from(
        ["9999-12-31", "10000-01-01", "0000-01-01", "-0001-01-01", "1899-12-31", "2100-01-01"]
    ),
    st.dates().map(lambda day: f"{day:%d/%m/%Y}"),
    st.text(max_size=12),
)


@settings(max_examples=300, deadline=None, database=None)
@given(typed=typed_dates)
def test_no_date_field_takes_a_date_out_of_range(typed: str) -> None:
    """Whatever is typed into any date field of any form (or set on any model), the field either
    refuses it with a message or gives a date within the bounds."""
    fields: list[tuple[str, forms.Field | models.Field[Any, Any]]] = [
        *_form_date_fields(),
        *_model_date_fields(),
    ]
    for name, field in fields:
        value = _cleaned(field, typed)
        if isinstance(value, dt.date):
            assert EARLIEST <= value <= LATEST, (name, typed, value)
        else:  # refused, with a message
            assert value is None or value.messages, (name, typed)


def _cleaned(field: forms.Field | models.Field[Any, Any], typed: str) -> Any:
    """The field's value for `typed`, or the ValidationError it raised."""
    try:
        return field.clean(typed) if isinstance(field, forms.Field) else field.clean(typed, None)
    except ValidationError as error:
        return error
