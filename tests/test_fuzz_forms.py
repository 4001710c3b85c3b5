"""Bad input on the forms that take free text and numbers: unicode, control characters, very
long strings, markup, SQL-ish text and numbers written every odd way.

Whatever is typed, the answer is never a server error: a value the form cannot take gives the
page again (200) with an error next to a field, what was typed and nothing saved; a good one
saves and redirects (302). Each check counts the rows (or reads the row) before and after.
Every form gets each of the known nasty values once (`test_nasty_values`), then values that
hypothesis generates (one test per form).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import DateField, DateTimeField, Model
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgets.forms.admin import cell_field_name
from budgets.models import AidCalculation, BudgetVersion
from budgets.services.versions import household_cell, person_cell, version_amounts
from clients.forms import RECORD_FIELDS
from clients.models import (
    Client,
    Debt,
    HouseholdMember,
    Income,
    JournalEntry,
    Trajectory,
    TrajectoryStep,
)
from core.dates import EARLIEST, LATEST
from rights.models import FlagEvent, NonTakeUpFlag, RightParameters
from tests.conftest import login
from tests.factories import (
    TrajectoryFactory,
    aid_policy,
    budget_version,
    client_of,
    flag_for,
    right_of,
    right_parameters,
)
from wijkteams.models import User

pytestmark = pytest.mark.django_db

# Function-scoped fixtures (the database rows) are shared by the examples of one test: every
# example compares with the state just before it, never with the fixture's.
FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,  # no .hypothesis folder in the working tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "<script>window.__xss=1</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE clients_client; --",
    "' OR '1'='1",
    "Robert'); DELETE FROM clients_journalentry; --",
    "%s %(name)s {0} {{ 7*7 }} ${7*7}",
    "../../etc/passwd",
    "\u202eevil\u202c",
    "Zoë Ünal-Ñúñez 🙂 李",
    "\x00",
    "a\x00b",
    "\r\n\t\x0b\x0c",
    "\ud7ff\ufeff\u200b",
    " ",
    "",
]

texts = st.one_of(
    st.text(max_size=60),  # any unicode, control characters included (no surrogates)
    st.sampled_from(NASTY),
    st.builds(lambda c, n: c * n, st.sampled_from(["x", "é", "🙂", "<"]), st.integers(90, 6000)),
)

NUMBERS = [
    "1e400",
    "-1e400",
    "1e30",
    "1E+30",
    "1e-400",
    "9" * 40,
    "9" * 5000,
    "-0,01",
    "-1",
    "0",
    "1.234.567,89",
    "1,234.56",
    "12,5",
    "12.5",
    "1.2.3",
    "1,2,3",
    ",",
    ".",
    "-",
    "+5",
    "5-",
    "NaN",
    "Infinity",
    "-Infinity",
    "sNaN",
    "0x1A",
    "1_000",
    "€ 12,50",
    "١٢٣",  # Arabic-Indic digits
    "\uff11\uff12\uff13",  # full-width digits
    "12\u00a0345,00",
    "  42  ",
]

numbers = st.one_of(
    st.sampled_from(NUMBERS),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.decimals(places=2, min_value=-(10**12), max_value=10**12).map(
        lambda d: f"{d:,.2f}".replace(",", " ").replace(".", ",")
    ),
    st.text(max_size=12),
)

# Dates at and beyond the ends of what a person may type (core.dates) and of Python's calendar.
FAR_DATES = [
    "9999-12-31",
    "9999-12-01",
    "10000-01-01",
    "99999-01-01",
    "0001-01-01",
    "0000-01-01",
    "-0001-01-01",
    "1899-12-31",
    "2100-01-01",
    "2099-12-31",
    "1900-01-01",
    "2024-02-30",
    "31/12/9999",
]

far_dates = st.one_of(
    st.sampled_from(FAR_DATES),
    st.dates().map(dt.date.isoformat),  # year 1 to 9999
)

ERROR_MARKS = ("is-invalid", "invalid-feedback", "errorlist", "alert-danger")


def refused(response: Any) -> bool:
    """The page came back with an error next to a field (or above the form): nothing saved."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert any(mark in html for mark in ERROR_MARKS), "refused without saying why"
    return True


def saved_or_refused(response: Any) -> bool:
    """True for a redirect after a save, False for the page again with an error; anything
    else (a 500 raises in the test client, a 400, a 403) fails."""
    if response.status_code == 302:
        return True
    return not refused(response)


def count(model: type[Model], **filters: Any) -> int:
    return model._default_manager.filter(**filters).count()


def dates_in_range(model: type[Model]) -> None:
    """Whatever was saved, no date of `model` lies outside what a person may type."""
    for field in model._meta.concrete_fields:
        if isinstance(field, DateField) and not isinstance(field, DateTimeField):
            outside = model._default_manager.exclude(
                **{f"{field.name}__range": (EARLIEST, LATEST)}
            ).exclude(**{f"{field.name}__isnull": True})
            assert not outside.exists(), field


def kept(response: Any, typed: str) -> bool:
    """What the user typed is in the page again (escaped), so nothing is lost."""
    return escape(typed) in response.content.decode()


def _url(name: str, client: Client, *args: int | str) -> str:
    return reverse(name, args=[client.pk, *args])


# --- one check per form: post the values, then compare with the state just before ----------


def _record_data(client: Client) -> dict[str, str]:
    """The edit form as loaded (see tests/clients/test_overview_views.py)."""
    data: dict[str, str] = {"loaded-version": str(client.version), "new_national_number": ""}
    for name in RECORD_FIELDS:
        value = getattr(client, name)
        if isinstance(value, bool):
            if value:
                data[name] = data[f"loaded-{name}"] = "on"
            else:
                data[f"loaded-{name}"] = "False"
            continue
        shown = "" if value is None else value.isoformat() if isinstance(value, dt.date) else value
        data[name] = data[f"loaded-{name}"] = str(shown)
    return data


def _snapshot(client: Client) -> dict[str, Any]:
    client.refresh_from_db()
    return {f.attname: getattr(client, f.attname) for f in Client._meta.concrete_fields}


def check_client_edit(
    http: HttpClient, client: Client, *, text: str, number: str, national_number: str = ""
) -> None:
    before = _snapshot(client)
    data = _record_data(client) | {
        "first_name": text,
        "street": text,
        "phone": text[:30],
        "rent": number,
        "school_costs": number,
        "disability_percent": number,
        "new_national_number": national_number,
    }
    response = http.post(_url("clients:file_edit", client), data)
    after = _snapshot(client)
    if saved_or_refused(response):
        assert after["version"] == before["version"] + 1
        assert after["first_name"] == text.strip()
    else:
        assert after == before
        assert kept(response, text)


def check_member(http: HttpClient, client: Client, *, text: str, number: str, day: str) -> None:
    before = count(HouseholdMember, client=client)
    response = http.post(
        _url("clients:member_add", client),
        {
            "member-first_name": text,
            "member-last_name": text,
            "member-birth_date": day,
            "member-sex": "F",
            "member-relation": "child",
            "member-school_level": "none",
            "member-disability_percent": number,
        },
    )
    added = count(HouseholdMember, client=client) - before
    assert added == (1 if saved_or_refused(response) else 0)
    dates_in_range(HouseholdMember)


def check_income(http: HttpClient, client: Client, *, net: str, gross: str, kind: str) -> None:
    before = count(Income, client=client)
    response = http.post(
        _url("clients:income_add", client),
        {"income-kind": kind, "income-net_monthly": net, "income-gross_taxable_last_year": gross},
    )
    added = count(Income, client=client) - before
    if saved_or_refused(response):
        assert added == 1
        income = Income.objects.filter(client=client).latest("pk")
        assert income.net_monthly is not None
        assert income.net_monthly >= 0
    else:
        assert added == 0
        assert kept(response, net)


def check_journal(
    http: HttpClient, client: Client, *, text: str, partners: str, day: str, kind: str
) -> None:
    before = count(JournalEntry, client=client)
    response = http.post(
        _url("clients:journal_add", client),
        {
            "entry-occurred_on": day,
            "entry-kind": kind,
            "entry-text": text,
            "entry-partners": partners,
        },
    )
    added = count(JournalEntry, client=client) - before
    if saved_or_refused(response):
        assert added == 1
        assert JournalEntry.objects.filter(client=client).latest("pk").text == text.strip()
    else:
        assert added == 0
        if text.strip():  # a blank text comes back blank: the page collapses white space
            assert kept(response, text)
    dates_in_range(JournalEntry)


def check_debt(
    http: HttpClient, client: Client, trajectory: Trajectory, *, text: str, number: str
) -> None:
    prefix = f"t{trajectory.pk}-debt"
    before = count(Debt, trajectory=trajectory)
    response = http.post(
        _url("clients:debt_add", client, trajectory.pk),
        {
            f"{prefix}-creditor": text,
            f"{prefix}-reference": text,
            f"{prefix}-original_amount": number,
            f"{prefix}-outstanding_amount": number,
            f"{prefix}-monthly_repayment": number,
            f"{prefix}-status": "open",
        },
    )
    added = count(Debt, trajectory=trajectory) - before
    assert added == (1 if saved_or_refused(response) else 0)


def check_step(
    http: HttpClient, client: Client, trajectory: Trajectory, *, text: str, day: str
) -> None:
    prefix = f"t{trajectory.pk}-step"
    before = count(TrajectoryStep, trajectory=trajectory)
    response = http.post(
        _url("clients:step_add", client, trajectory.pk),
        {f"{prefix}-description": text, f"{prefix}-due_on": day},
    )
    added = count(TrajectoryStep, trajectory=trajectory) - before
    assert added == (1 if saved_or_refused(response) else 0)
    dates_in_range(TrajectoryStep)


def check_search(http: HttpClient, *, query: str, page: str) -> None:
    response = http.post(reverse("clients:search"), {"query": query, "page": page})
    assert response.status_code == 200
    if query.strip() and "\x00" not in query and len(query) <= 100:
        assert "is-invalid" not in response.content.decode()


def check_what_if(
    http: HttpClient, client: Client, *, rent: str, wage: str, person: str, moves_out: str
) -> None:
    before = count(AidCalculation)
    response = http.get(
        _url("budgets:calculation_what_if", client),
        {"rent": rent, "job_wage": wage, "job_person": person, "moves_out": moves_out},
    )
    assert response.status_code == 200
    assert count(AidCalculation) == before  # a what-if saves nothing


def check_flag_act(
    http: HttpClient, client: Client, *, action: str, note: str, evidence: str, reason: str
) -> None:
    flag = NonTakeUpFlag.objects.filter(client=client, closed_at__isnull=True).first()
    if flag is None:
        # A dismissal or a grant closes the flag: the next check works on a new one.
        NonTakeUpFlag.objects.filter(client=client).delete()
        flag = flag_for(client)
    status_before, events_before = flag.status, count(FlagEvent, flag=flag)
    prefix = f"flag{flag.pk}"
    response = http.post(
        _url("rights:flag_act", client, flag.pk),
        {
            f"{prefix}-action": action,
            f"{prefix}-note": note,
            f"{prefix}-evidence": evidence,
            f"{prefix}-reason": reason,
        },
    )
    flag.refresh_from_db()
    if response.status_code == 302 and flag.status == status_before:
        # The step as a whole cannot follow (said above the tab): nothing recorded.
        assert count(FlagEvent, flag=flag) == events_before
        assert http.get(response["Location"]).status_code == 200
    elif saved_or_refused(response):
        assert flag.status == action
        assert count(FlagEvent, flag=flag) == events_before + 1
    else:
        assert (flag.status, count(FlagEvent, flag=flag)) == (status_before, events_before)


def check_flag_review(http: HttpClient, client: Client, *, kind: str) -> None:
    flag = NonTakeUpFlag.objects.filter(client=client).first() or flag_for(client)
    before = flag.non_take_up_type
    response = http.post(
        _url("rights:flag_review", client, flag.pk),
        {f"flag{flag.pk}-type-non_take_up_type": kind},
    )
    flag.refresh_from_db()
    if saved_or_refused(response):
        assert flag.non_take_up_type == kind
    else:
        assert flag.non_take_up_type == before


FOOD = person_cell("food", "18-64", "F")
ENERGY = household_cell("energy_water", 1)


def check_budget_edit(
    http: HttpClient, draft: BudgetVersion, *, text: str, number: str, valid_to: str
) -> None:
    amounts = version_amounts(draft)
    # The form as the page sends it: every cell with its amount, two of them typed anew.
    data = {cell_field_name(c): f"{a:.2f}".replace(".", ",") for c, a in amounts.items()}
    data |= {
        "name": text,
        "valid_from": "2030-01-01",
        "valid_to": valid_to,
        "notes": text,
        cell_field_name(FOOD): number,
        cell_field_name(ENERGY): number,
    }
    response = http.post(reverse("budgets:version_edit", args=[draft.pk]), data)
    draft.refresh_from_db()
    if saved_or_refused(response):
        assert draft.name == text.strip()
        assert version_amounts(draft)[FOOD] >= 0
    else:
        assert version_amounts(draft) == amounts
        assert draft.name == "Concept 2030"
        assert kept(response, number)
    dates_in_range(BudgetVersion)
    # The draft as it was, for the next check.
    BudgetVersion.objects.filter(pk=draft.pk).update(name="Concept 2030", valid_to=None)


PARAMETERS = {"limit": "1000.00", "months": "3"}


def check_parameters(
    http: HttpClient, planned: RightParameters, *, limit: str, months: str, text: str, save: bool
) -> None:
    RightParameters.objects.filter(pk=planned.pk).update(values=PARAMETERS, source="")
    url = reverse("rights:parameters_edit", args=[planned.right_id, planned.pk])
    data = {
        "valid_from": planned.valid_from.isoformat(),
        "source": text,
        "value_limit": limit,
        "value_months": months,
        "action": "preview",
    }
    response = http.post(url, data)
    # A preview saves nothing: it shows what the values would do, or why they cannot be taken.
    assert response.status_code == 200
    planned.refresh_from_db()
    assert planned.values == PARAMETERS
    if response.context["preview"] is None:
        assert refused(response)
        assert kept(response, limit)
        return
    if save:
        data |= {"action": "save", "previewed": response.context["form"]["previewed"].value()}
        assert http.post(url, data).status_code == 302
        planned.refresh_from_db()
        assert set(planned.values) == set(PARAMETERS)
        # Whatever was saved is shown again, on the list and on its edit page.
        assert http.get(reverse("rights:parameters", args=[planned.right_id])).status_code == 200
        assert http.get(url).status_code == 200


# --- what the checks need ---------------------------------------------------------------------


@dataclass
class Forms:
    http: HttpClient
    admin_http: HttpClient
    client: Client
    trajectory: Trajectory
    draft: BudgetVersion
    planned: RightParameters


@pytest.fixture
def forms(worker: User, admin_user: User) -> Forms:
    client = client_of(worker, first_name="Fatima", last_name="El Amrani", rent=Decimal("650"))
    budget_version(actor=admin_user)
    aid_policy(actor=admin_user)
    right = right_of("test_recht", name_nl="Testrecht")
    right_parameters(right, valid_from=dt.date(2020, 1, 1), values=PARAMETERS)
    return Forms(
        # Logged in once: every check of a test posts through the same sessions.
        http=login(HttpClient(), worker),
        admin_http=login(HttpClient(), admin_user),
        client=client,
        trajectory=TrajectoryFactory.create(
            client=client,
            kind=Trajectory.Kind.DEBT_HELP,
            debt_help_type=Trajectory.DebtHelpType.BUDGET_GUIDANCE,
            opened_on=dt.date(2024, 1, 1),
            created_by=worker,
        ),
        draft=budget_version(
            actor=admin_user, published=False, valid_from=dt.date(2030, 1, 1), name="Concept 2030"
        ),
        planned=right_parameters(
            right, valid_from=timezone.localdate() + dt.timedelta(days=30), values=PARAMETERS
        ),
    )


def _every_form(f: Forms, text: str, number: str) -> None:
    """Each form once with `text` in its text fields and `number` in its number fields."""
    check_client_edit(f.http, f.client, text=text, number=number, national_number=text[:20])
    check_member(f.http, f.client, text=text, number=number, day=text)
    check_income(f.http, f.client, net=number, gross=number, kind="wage")
    check_journal(f.http, f.client, text=text, partners=text, day="2024-05-02", kind="note")
    check_debt(f.http, f.client, f.trajectory, text=text, number=number)
    check_step(f.http, f.client, f.trajectory, text=text, day=text)
    check_search(f.http, query=text, page=number)
    check_what_if(f.http, f.client, rent=number, wage="", person="", moves_out="")
    check_what_if(f.http, f.client, rent="", wage=number, person="client", moves_out=text)
    for action in ("contacted", "dismissed"):
        check_flag_act(f.http, f.client, action=action, note=text, evidence=text, reason=text)
    check_flag_act(f.http, f.client, action=text, note=text, evidence=text, reason=text)
    check_flag_review(f.http, f.client, kind=text)
    check_budget_edit(f.admin_http, f.draft, text=text, number=number, valid_to="")
    check_parameters(f.admin_http, f.planned, limit=number, months="4", text=text, save=True)
    check_parameters(f.admin_http, f.planned, limit="1.100,50", months=number, text=text, save=True)


@pytest.mark.parametrize("number", NUMBERS)
def test_nasty_numbers(forms: Forms, number: str) -> None:
    _every_form(forms, "Gewone tekst", number)


@pytest.mark.parametrize("text", [*NASTY, "x" * 6000])
def test_nasty_texts(forms: Forms, text: str) -> None:
    _every_form(forms, text, "12,50")


# --- generated values, one test per form ------------------------------------------------------


@FUZZ
@given(text=texts, number=numbers, national_number=st.one_of(st.just("85.07.30-033.29"), texts))
def test_client_edit(forms: Forms, text: str, number: str, national_number: str) -> None:
    check_client_edit(
        forms.http, forms.client, text=text, number=number, national_number=national_number
    )


@FUZZ
@given(text=texts, number=numbers, day=st.one_of(st.just("2012-11-03"), far_dates, texts))
def test_household_member(forms: Forms, text: str, number: str, day: str) -> None:
    check_member(forms.http, forms.client, text=text, number=number, day=day)


@FUZZ
@given(net=numbers, gross=numbers, kind=st.one_of(st.just("wage"), texts))
def test_income(forms: Forms, net: str, gross: str, kind: str) -> None:
    check_income(forms.http, forms.client, net=net, gross=gross, kind=kind)


@FUZZ
@given(
    text=texts,
    partners=texts,
    day=st.one_of(st.just("2024-05-02"), far_dates, texts),
    kind=st.one_of(st.sampled_from(["note", "consultation"]), texts),
)
def test_journal_entry(forms: Forms, text: str, partners: str, day: str, kind: str) -> None:
    check_journal(forms.http, forms.client, text=text, partners=partners, day=day, kind=kind)


@FUZZ
@given(text=texts, number=numbers)
def test_debt(forms: Forms, text: str, number: str) -> None:
    check_debt(forms.http, forms.client, forms.trajectory, text=text, number=number)


@FUZZ
@given(text=texts, day=st.one_of(st.just(""), st.just("2024-06-01"), far_dates, texts))
def test_trajectory_step(forms: Forms, text: str, day: str) -> None:
    check_step(forms.http, forms.client, forms.trajectory, text=text, day=day)


@FUZZ
@given(query=texts, page=st.one_of(st.just(""), numbers))
def test_client_search(forms: Forms, query: str, page: str) -> None:
    check_search(forms.http, query=query, page=page)


@FUZZ
@given(
    rent=st.one_of(st.just(""), numbers),
    wage=st.one_of(st.just(""), numbers),
    person=st.one_of(st.sampled_from(["", "client"]), texts),
    moves_out=st.one_of(st.just(""), far_dates, texts),
)
def test_aid_calculation_what_if(
    forms: Forms, rent: str, wage: str, person: str, moves_out: str
) -> None:
    check_what_if(
        forms.http, forms.client, rent=rent, wage=wage, person=person, moves_out=moves_out
    )


@FUZZ
@given(
    action=st.one_of(st.sampled_from(["contacted", "applied", "granted", "dismissed"]), texts),
    note=texts,
    evidence=texts,
    reason=texts,
)
def test_flag_act(forms: Forms, action: str, note: str, evidence: str, reason: str) -> None:
    check_flag_act(
        forms.http, forms.client, action=action, note=note, evidence=evidence, reason=reason
    )


@FUZZ
@given(kind=st.one_of(st.sampled_from(["", "unknown", "excluded"]), texts))
def test_flag_review(forms: Forms, kind: str) -> None:
    check_flag_review(forms.http, forms.client, kind=kind)


@FUZZ
@given(text=texts, number=numbers, valid_to=st.one_of(st.just(""), far_dates, texts))
def test_budget_matrix_edit(forms: Forms, text: str, number: str, valid_to: str) -> None:
    check_budget_edit(forms.admin_http, forms.draft, text=text, number=number, valid_to=valid_to)


@FUZZ
@given(limit=numbers, months=numbers, text=texts, save=st.booleans())
def test_right_parameters_edit(
    forms: Forms, limit: str, months: str, text: str, save: bool
) -> None:
    check_parameters(
        forms.admin_http, forms.planned, limit=limit, months=months, text=text, save=save
    )
