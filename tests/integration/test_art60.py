"""Art. 60 §7 employment: the suggested day of social security rights (pure), the contract's
service (versions, early end, bad input at the field, nothing half-saved), its pages (access
log, scoping, read-only colleague, warning when it ends too early, link to budgets' what-if)
and a contract not yet over keeping the file from closing."""

import datetime as dt
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from django.urls import reverse

from clients.models import AccessLog, Client
from clients.services import EditConflictError, client_close
from integration.employment_rules import Status, social_security_suggestion
from integration.log_actions import LOG_ART60_ENDED, LOG_ART60_SAVED, SEEN_ART60
from integration.models import Art60Contract, Employer
from integration.services.employment import (
    art60_contract_create,
    art60_contract_end_early,
    art60_contract_save,
)
from tests.conftest import login
from tests.factories import Art60ContractFactory, EmployerFactory, client_of, social_worker
from wijkteams.models import User, Wijkteam

D = dt.date
FULL = Decimal("38.0")


# --- the suggestion (pure) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth_date", "days", "day"),
    [
        (D(1990, 6, 1), 312, D(2026, 1, 1)),  # 34 at the start: 12 months
        (D(1980, 6, 1), 468, D(2026, 7, 1)),  # 44: 18 months
        (D(1970, 6, 1), 624, D(2027, 1, 1)),  # 54: 24 months (after the reform: to check)
    ],
)
def test_full_time_the_days_needed_follow_the_age_at_the_start(
    birth_date: dt.date, days: int, day: dt.date
) -> None:
    suggestion = social_security_suggestion(
        birth_date=birth_date, starts_on=D(2025, 1, 1), hours_per_week=FULL
    )
    assert (suggestion.days_needed, suggestion.day) == (days, day)


def test_before_the_reform_a_full_time_suggestion_is_not_to_check() -> None:
    suggestion = social_security_suggestion(
        birth_date=D(1990, 6, 1), starts_on=D(2024, 9, 1), hours_per_week=FULL
    )
    assert (suggestion.status, suggestion.day, suggestion.reasons) == (
        Status.SUGGESTED,
        D(2025, 9, 1),
        (),
    )


def test_a_day_after_the_reform_of_march_2026_is_to_check_with_its_reason() -> None:
    suggestion = social_security_suggestion(
        birth_date=D(1990, 6, 1), starts_on=D(2026, 3, 16), hours_per_week=FULL
    )
    assert suggestion.status == Status.TO_CHECK
    assert suggestion.day == D(2027, 3, 16)
    assert any("1 maart 2026" in str(reason) for reason in suggestion.reasons)


def test_part_time_takes_longer_and_is_to_check() -> None:
    # 19 hours of 38: half the days a month, 312 / 26 * 2 = 24 months, past 21: to check.
    suggestion = social_security_suggestion(
        birth_date=D(1990, 6, 1), starts_on=D(2024, 1, 1), hours_per_week=Decimal("19")
    )
    assert (suggestion.status, suggestion.months_needed) == (Status.TO_CHECK, 24)
    assert len(suggestion.reasons) == 2  # part time; not reached within 21 months


def test_without_a_birth_date_the_day_is_unknown_not_guessed() -> None:
    suggestion = social_security_suggestion(
        birth_date=None, starts_on=D(2026, 1, 1), hours_per_week=FULL
    )
    assert (suggestion.status, suggestion.day, suggestion.days_needed) == (
        Status.UNKNOWN,
        None,
        None,
    )
    assert "geboortedatum" in str(suggestion.reasons[0])


# --- the service ------------------------------------------------------------------------------


def _values(employer: Employer, **changes: Any) -> dict[str, Any]:
    return {
        "employer": employer,
        "job_title": "Magazijnier",
        "starts_on": D(2026, 3, 16),
        "ends_on": D(2027, 3, 31),
        "hours_per_week": FULL,
        "wage_cost_monthly": Decimal("3100.00"),
        "subsidy_monthly": Decimal("1776.07"),
        "net_wage_monthly": Decimal("1850.00"),
        "social_security_from": None,
        "note": "",
    } | changes


def test_a_contract_is_recorded_logged_and_changed_with_its_version(
    worker: User, today: dt.date
) -> None:
    employer = EmployerFactory.create()
    contract = art60_contract_create(actor=worker, client=client_of(worker), **_values(employer))
    saved = art60_contract_save(
        actor=worker,
        contract_id=contract.pk,
        expected_version=1,
        **_values(employer, job_title="Chauffeur"),
    )
    assert (saved.job_title, saved.version) == ("Chauffeur", 2)
    assert AccessLog.objects.filter(what_key=LOG_ART60_SAVED).count() == 2
    with pytest.raises(EditConflictError):
        art60_contract_save(
            actor=worker, contract_id=contract.pk, expected_version=1, **_values(employer)
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": D(2026, 3, 1)}, "ends_on"),
        ({"ends_on": D(2026, 3, 16)}, "ends_on"),  # the same day: no contract
        ({"hours_per_week": Decimal("0")}, "hours_per_week"),
        ({"hours_per_week": Decimal("40.5")}, "hours_per_week"),
        ({"net_wage_monthly": Decimal("-1")}, "net_wage_monthly"),
        ({"job_title": "  "}, "job_title"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(
    worker: User, today: dt.date, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        art60_contract_create(
            actor=worker, client=client_of(worker), **_values(EmployerFactory.create(), **changes)
        )
    assert field in refused.value.message_dict
    assert not Art60Contract.objects.exists()
    assert not AccessLog.objects.filter(what_key=LOG_ART60_SAVED).exists()


def test_an_inactive_employer_cannot_be_chosen_for_a_new_contract(
    worker: User, today: dt.date
) -> None:
    closed = EmployerFactory.create(is_active=False)
    with pytest.raises(ValidationError) as refused:
        art60_contract_create(actor=worker, client=client_of(worker), **_values(closed))
    assert "employer" in refused.value.message_dict


@pytest.mark.parametrize("ended_on", [D(2026, 3, 15), D(2027, 3, 31), D(2027, 4, 1)])
def test_an_early_end_outside_the_contract_is_refused(
    worker: User, today: dt.date, ended_on: dt.date
) -> None:
    contract = art60_contract_create(
        actor=worker, client=client_of(worker), **_values(EmployerFactory.create())
    )
    with pytest.raises(ValidationError) as refused:
        art60_contract_end_early(
            actor=worker,
            contract_id=contract.pk,
            expected_version=contract.version,
            ended_on=ended_on,
            reason="Ziek",
        )
    assert "ended_early_on" in refused.value.message_dict
    contract.refresh_from_db()
    assert (contract.ended_early_on, contract.end_reason, contract.version) == (None, "", 1)


def test_an_early_end_needs_a_reason_and_is_logged_once(worker: User, today: dt.date) -> None:
    contract = art60_contract_create(
        actor=worker, client=client_of(worker), **_values(EmployerFactory.create())
    )
    with pytest.raises(ValidationError) as refused:
        art60_contract_end_early(
            actor=worker,
            contract_id=contract.pk,
            expected_version=1,
            ended_on=D(2026, 6, 30),
            reason=" ",
        )
    assert "end_reason" in refused.value.message_dict
    ended = art60_contract_end_early(
        actor=worker,
        contract_id=contract.pk,
        expected_version=1,
        ended_on=D(2026, 6, 30),
        reason="Vaste job gevonden",
    )
    assert (ended.ended_early_on, ended.version) == (D(2026, 6, 30), 2)
    assert AccessLog.objects.filter(what_key=LOG_ART60_ENDED).count() == 1
    with pytest.raises(ValidationError):
        art60_contract_end_early(
            actor=worker,
            contract_id=contract.pk,
            expected_version=2,
            ended_on=D(2026, 6, 1),
            reason="Nog eens",
        )
    with pytest.raises(ValidationError) as moved:  # the early end must stay within the dates
        art60_contract_save(
            actor=worker,
            contract_id=contract.pk,
            expected_version=2,
            **_values(contract.employer, ends_on=D(2026, 6, 1)),
        )
    assert "ends_on" in moved.value.message_dict


def test_a_colleague_who_only_reads_the_file_cannot_record_a_contract(
    team: Wijkteam, worker: User, today: dt.date
) -> None:
    with pytest.raises(Exception):  # noqa: B017, PT011  # clients' refusal (PermissionDenied)
        art60_contract_create(
            actor=social_worker(team), client=client_of(worker), **_values(EmployerFactory.create())
        )
    assert not Art60Contract.objects.exists()


# --- the pages --------------------------------------------------------------------------------


def _form(employer: Employer, **changes: str) -> dict[str, str]:
    return {
        "employer": str(employer.pk),
        "job_title": "Magazijnier",
        "starts_on": "2026-03-16",
        "ends_on": "2027-03-31",
        "hours_per_week": "38",
        "wage_cost_monthly": "3.100,00",
        "subsidy_monthly": "1.776,07",
        "net_wage_monthly": "1.850,00",
        "social_security_from": "",
        "note": "",
    } | changes


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_on": "2026-03-01"}, "Het contract eindigt na het begin (16/03/2026)."),
        ({"hours_per_week": "45"}, "Geef meer dan 0 en hoogstens 40 uur per week."),
        ({"hours_per_week": "0"}, "Geef meer dan 0 en hoogstens 40 uur per week."),
        ({"net_wage_monthly": "-5"}, "Een bedrag kan niet negatief zijn."),
    ],
)
def test_the_form_refuses_bad_input_at_the_field_and_keeps_what_was_typed(
    client: HttpClient, worker: User, today: dt.date, changes: dict[str, str], message: str
) -> None:
    file = client_of(worker)
    login(client, worker)
    response = client.post(
        reverse("integration:art60_new", args=[file.pk]),
        _form(EmployerFactory.create(), job_title="Kassier in de kringwinkel", **changes),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Kassier in de kringwinkel" in html
    assert not Art60Contract.objects.exists()


def test_the_form_saves_a_contract_and_the_tab_shows_it_with_its_suggestion(
    client: HttpClient, worker: User, today: dt.date
) -> None:
    file = client_of(worker, birth_date=D(1995, 5, 5))
    employer = EmployerFactory.create(name="Kringwinkel Zuid")
    login(client, worker)
    response = client.post(reverse("integration:art60_new", args=[file.pk]), _form(employer))
    contract = Art60Contract.objects.get()
    assert response.status_code == 302
    assert (contract.net_wage_monthly, contract.created_by) == (Decimal("1850.00"), worker)
    html = client.get(reverse("integration:file_leefloon", args=[file.pk])).content.decode()
    assert "Kringwinkel Zuid" in html
    assert "16/03/2027" in html  # the suggested day: 12 months of full-time work
    assert "na te kijken" in html  # after the reform of 1 March 2026


def test_a_contract_ending_before_the_suggested_day_gets_a_warning(
    client: HttpClient, worker: User, today: dt.date
) -> None:
    file = client_of(worker, birth_date=D(1995, 5, 5))
    contract = Art60ContractFactory.create(
        client=file, created_by=worker, starts_on=D(2026, 3, 16), ends_on=D(2026, 12, 31)
    )
    login(client, worker)
    html = client.get(
        reverse("integration:art60_detail", args=[file.pk, contract.pk])
    ).content.decode()
    assert "voor de cliënt sociale-zekerheidsrechten heeft opgebouwd" in html
    long_enough = Art60ContractFactory.create(
        client=file, created_by=worker, starts_on=D(2026, 3, 16), ends_on=D(2027, 3, 15)
    )
    html = client.get(
        reverse("integration:art60_detail", args=[file.pk, long_enough.pk])
    ).content.decode()
    assert "voor de cliënt sociale-zekerheidsrechten heeft opgebouwd" not in html


def test_the_detail_page_logs_the_view_and_links_budgets_what_if_with_the_wage(
    client: HttpClient, worker: User, today: dt.date
) -> None:
    file = client_of(worker)
    contract = Art60ContractFactory.create(client=file, created_by=worker)
    login(client, worker)
    response = client.get(reverse("integration:art60_detail", args=[file.pk, contract.pk]))
    row = AccessLog.objects.get(what_key=SEEN_ART60)
    assert (row.actor, row.what_params) == (worker, {"contract": contract.pk})
    link = response.context["what_if_url"]
    parts = urlsplit(link)
    assert parts.path == reverse("budgets:calculation_what_if", args=[file.pk])
    assert parse_qs(parts.query) == {"job_person": ["client"], "job_wage": ["1850,00"]}
    # Budgets' what-if reads the wage as typed: the job is filled in, nothing is saved.
    what_if = client.get(link)
    assert what_if.status_code == 200
    assert what_if.context["form"].is_bound


def test_a_colleague_reads_the_contract_without_forms_and_cannot_end_it(
    client: HttpClient, team: Wijkteam, worker: User, today: dt.date
) -> None:
    contract = Art60ContractFactory.create(client=client_of(worker), created_by=worker)
    colleague = social_worker(team)
    login(client, colleague)
    url = reverse("integration:art60_detail", args=[contract.client_id, contract.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["end_form"] is None
    assert response.context["what_if_url"] is None
    end = reverse("integration:art60_end", args=[contract.client_id, contract.pk])
    posted = client.post(end, {"version": 1, "ended_early_on": "2026-04-01", "end_reason": "x"})
    assert posted.status_code == 403
    contract.refresh_from_db()
    assert contract.ended_early_on is None


def test_another_teams_worker_gets_404_and_another_clients_contract_is_not_found(
    client: HttpClient, worker: User, today: dt.date
) -> None:
    contract = Art60ContractFactory.create(client=client_of(worker), created_by=worker)
    outsider = social_worker(Wijkteam.objects.create(name="Noord"))
    login(client, outsider)
    url = reverse("integration:art60_detail", args=[contract.client_id, contract.pk])
    assert client.get(url).status_code == 404
    login(client, worker)
    other = client_of(worker)
    assert (
        client.get(reverse("integration:art60_detail", args=[other.pk, contract.pk])).status_code
        == 404
    )


def test_the_end_form_refuses_a_day_outside_the_contract_at_the_field(
    client: HttpClient, worker: User, today: dt.date
) -> None:
    contract = Art60ContractFactory.create(
        client=client_of(worker), created_by=worker, starts_on=D(2026, 3, 1)
    )
    login(client, worker)
    url = reverse("integration:art60_end", args=[contract.client_id, contract.pk])
    response = client.post(
        url, {"version": 1, "ended_early_on": "2026-02-01", "end_reason": "Verhuisd naar Gent"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Een vroeger einde ligt binnen het contract" in html
    assert "Verhuisd naar Gent" in html
    response = client.post(
        url, {"version": 1, "ended_early_on": "2026-04-01", "end_reason": "Verhuisd naar Gent"}
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.ended_early_on == D(2026, 4, 1)


def test_the_edit_page_refuses_a_stale_copy_and_keeps_what_was_typed(
    client: HttpClient, worker: User, today: dt.date
) -> None:
    contract = Art60ContractFactory.create(client=client_of(worker), created_by=worker)
    login(client, worker)
    url = reverse("integration:art60_edit", args=[contract.client_id, contract.pk])
    page = client.get(url)
    Art60Contract.objects.filter(pk=contract.pk).update(version=2, job_title="Chauffeur")
    form = _form(
        contract.employer,
        job_title="Poetshulp",
        starts_on=f"{contract.starts_on}",
        ends_on=f"{contract.ends_on}",
    )
    response = client.post(url, _edit_post(page, form))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Poetshulp" in html
    contract.refresh_from_db()
    assert contract.job_title == "Chauffeur"


def _edit_post(page: Any, form: dict[str, str]) -> dict[str, Any]:
    """The edit form as a browser sends it: the loaded values (hidden) and what was typed."""
    loaded_form = page.context["loaded_form"]
    hidden = {field.html_name: field.value() for field in loaded_form}
    return {**{k: ("" if v is None else v) for k, v in hidden.items()}, **form}


# --- closing the file -------------------------------------------------------------------------


def _close(worker: User, file: Client, today: dt.date) -> None:
    file.refresh_from_db()
    client_close(
        actor=worker, client_id=file.pk, expected_version=file.version, on=today, reason="klaar"
    )


def test_a_contract_not_over_keeps_the_file_from_closing(worker: User, today: dt.date) -> None:
    file = client_of(worker)
    Art60ContractFactory.create(
        client=file, created_by=worker, starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31)
    )
    with pytest.raises(ValidationError) as refused:
        _close(worker, file, today)
    assert "het art. 60-contract als Magazijnier" in str(refused.value)


def test_a_contract_over_or_ended_early_lets_the_file_close(worker: User, today: dt.date) -> None:
    file = client_of(worker)
    Art60ContractFactory.create(
        client=file, created_by=worker, starts_on=D(2025, 1, 1), ends_on=D(2025, 12, 31)
    )
    Art60ContractFactory.create(
        client=file,
        created_by=worker,
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 12, 31),
        ended_early_on=D(2026, 3, 1),
        end_reason="Werk gevonden",
    )
    _close(worker, file, today)
    file.refresh_from_db()
    assert file.closed_on == today


# --- employers (administrators, Django admin) ---------------------------------------------------


def test_an_administrator_adds_an_employer_and_a_worker_cannot(
    client: HttpClient, worker: User, admin_user: User, today: dt.date
) -> None:
    url = reverse("admin:integration_employer_add")
    login(client, worker)
    assert client.get(url).status_code == 302  # to the admin's login: not staff
    login(client, admin_user)
    response = client.post(
        url, {"name": "Sociale werkplaats Noord", "kind": "partner", "is_active": "on"}
    )
    assert response.status_code == 302
    assert Employer.objects.get(name="Sociale werkplaats Noord").is_active


def test_only_active_employers_are_offered_for_a_new_contract(
    client: HttpClient, worker: User, today: dt.date
) -> None:
    EmployerFactory.create(name="Actieve kringwinkel")
    EmployerFactory.create(name="Gesloten werkplaats", is_active=False)
    login(client, worker)
    html = client.get(
        reverse("integration:art60_new", args=[client_of(worker).pk])
    ).content.decode()
    assert "Actieve kringwinkel" in html
    assert "Gesloten werkplaats" not in html


def test_the_edit_form_shows_the_suggested_day_beside_the_field(
    client: HttpClient, worker: User, today: dt.date
) -> None:
    file = client_of(worker, birth_date=D(1995, 5, 5))
    contract = Art60ContractFactory.create(
        client=file, created_by=worker, starts_on=D(2026, 3, 16), ends_on=D(2027, 6, 30)
    )
    login(client, worker)
    html = client.get(
        reverse("integration:art60_edit", args=[file.pk, contract.pk])
    ).content.decode()
    assert "Voorstel van de toepassing" in html
    assert "16/03/2027" in html
