"""The GPMI: the schedule of evaluations the law asks for, who holds each one, the contract and
evaluation forms (bad input at the field, stale copies refused), the lists of evaluations due
on the home and team pages, and the GDPR export and anonymisation."""

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.gdpr import client_anonymise, client_export_document
from clients.models import AccessLog, Client
from clients.services import EditConflictError, assignment_transfer
from integration.log_actions import (
    LOG_EVALUATION,
    LOG_GPMI_SAVED,
    LOG_GPMI_SIGNED,
    SEEN_GPMI,
    SEEN_OVERDUE_LISTED,
)
from integration.models import GpmiContract, GpmiEvaluation
from integration.selectors_gpmi import worker_on
from integration.services.gpmi import (
    PlannedEvaluation,
    evaluation_schedule,
    gpmi_contract_create,
    gpmi_contract_save,
    gpmi_evaluation_record,
)
from integration.views.gpmi import due_list
from tests.conftest import login
from tests.factories import HelpRequestFactory, client_of, request_kind, social_worker
from wijkteams.models import User, Wijkteam
from wijkteams.permissions import get_roles

D = dt.date


def _contract(
    client: Client,
    actor: User,
    *,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    signed: bool = True,
    signer: User | None = None,
) -> GpmiContract:
    return gpmi_contract_create(
        actor=actor,
        client=client,
        request=None,
        starts_on=starts_on,
        ends_on=ends_on,
        goals="Nederlands leren tot niveau 2",
        client_commitments="Elke week naar de les",
        ocmw_commitments="Inschrijving en vervoer betalen",
        signed_by_client_on=starts_on if signed else None,
        signed_by_ocmw_on=starts_on if signed else None,
        signed_for_ocmw_by=(signer or actor) if signed else None,
        today=timezone.localdate(),
    )


def _dues(contract: GpmiContract) -> list[tuple[dt.date, bool]]:
    return list(contract.evaluations.order_by("due_on").values_list("due_on", "in_person"))


def _record(evaluation: GpmiEvaluation, actor: User, held_on: dt.date) -> GpmiEvaluation:
    return gpmi_evaluation_record(
        actor=actor,
        evaluation_id=evaluation.pk,
        expected_version=evaluation.version,
        held_on=held_on,
        in_person=True,
        report="Besproken: lessen lopen goed.",
        today=timezone.localdate(),
    )


# --- the schedule (pure) --------------------------------------------------------------------------


def test_a_contract_without_an_end_gets_three_evaluations_in_its_first_year_two_in_person() -> None:
    # 31 January + 4, 8, 12 months: the month's last day where it is shorter (by hand).
    assert evaluation_schedule(starts_on=D(2026, 1, 31), ends_on=None) == [
        PlannedEvaluation(D(2026, 5, 31), in_person=True),
        PlannedEvaluation(D(2026, 9, 30), in_person=False),
        PlannedEvaluation(D(2027, 1, 31), in_person=True),
    ]


def test_two_years_hold_six_evaluations_four_in_person() -> None:
    planned = evaluation_schedule(starts_on=D(2026, 3, 16), ends_on=None, years=2)
    assert [plan.due_on for plan in planned] == [
        D(2026, 7, 16),
        D(2026, 11, 16),
        D(2027, 3, 16),
        D(2027, 7, 16),
        D(2027, 11, 16),
        D(2028, 3, 16),
    ]
    assert [plan.in_person for plan in planned] == [True, False, True, True, False, True]


def test_a_one_year_contract_closes_with_the_third_evaluation_on_its_end_day() -> None:
    assert evaluation_schedule(starts_on=D(2026, 3, 16), ends_on=D(2027, 3, 16)) == [
        PlannedEvaluation(D(2026, 7, 16), in_person=True),
        PlannedEvaluation(D(2026, 11, 16), in_person=False),
        PlannedEvaluation(D(2027, 3, 16), in_person=True),
    ]


def test_a_six_month_contract_is_evaluated_after_four_months_and_on_its_end_day() -> None:
    assert evaluation_schedule(starts_on=D(2026, 3, 16), ends_on=D(2026, 9, 15)) == [
        PlannedEvaluation(D(2026, 7, 16), in_person=True),
        PlannedEvaluation(D(2026, 9, 15), in_person=True),
    ]


# --- signing schedules the evaluations ------------------------------------------------------------


def test_an_unsigned_contract_has_no_evaluations_and_logs_a_save(
    worker: User, today: dt.date
) -> None:
    contract = _contract(client_of(worker), worker, starts_on=today, signed=False)
    assert not contract.evaluations.exists()
    assert AccessLog.objects.filter(client=contract.client, what_key=LOG_GPMI_SAVED).count() == 1


def test_the_last_signature_schedules_the_evaluations_and_logs_the_signing(
    worker: User, lead: User, today: dt.date
) -> None:
    contract = _contract(client_of(worker), worker, starts_on=today, signed=False)
    contract = gpmi_contract_save(
        actor=worker,
        contract_id=contract.pk,
        expected_version=1,
        request=None,
        starts_on=today,
        ends_on=None,
        goals=contract.goals,
        client_commitments=contract.client_commitments,
        ocmw_commitments=contract.ocmw_commitments,
        signed_by_client_on=today,
        signed_by_ocmw_on=today,
        signed_for_ocmw_by=lead,
        today=today,
    )
    assert contract.version == 2
    assert _dues(contract) == [
        (D(2026, 7, 16), True),
        (D(2026, 11, 16), False),
        (D(2027, 3, 16), True),
    ]
    logged = AccessLog.objects.filter(client=contract.client, action=AccessLog.Action.CHANGE)
    assert list(logged.order_by("pk").values_list("what_key", flat=True)) == [
        LOG_GPMI_SAVED,
        LOG_GPMI_SIGNED,
    ]


def test_the_next_year_is_scheduled_once_the_first_years_evaluations_are_held(
    worker: User, today: dt.date
) -> None:
    contract = _contract(client_of(worker), worker, starts_on=D(2025, 1, 10))
    for evaluation in contract.evaluations.order_by("due_on"):
        assert len(_dues(contract)) == 3
        _record(evaluation, worker, evaluation.due_on)
    assert [due for due, _ in _dues(contract)][3:] == [
        D(2026, 5, 10),
        D(2026, 9, 10),
        D(2027, 1, 10),
    ]


def test_an_earlier_end_drops_the_open_evaluations_after_it_and_adds_the_closing_one(
    worker: User, today: dt.date
) -> None:
    contract = _contract(client_of(worker), worker, starts_on=D(2026, 1, 10))
    gpmi_contract_save(
        actor=worker,
        contract_id=contract.pk,
        expected_version=contract.version,
        request=None,
        starts_on=contract.starts_on,
        ends_on=D(2026, 8, 1),
        goals=contract.goals,
        client_commitments=contract.client_commitments,
        ocmw_commitments=contract.ocmw_commitments,
        signed_by_client_on=contract.signed_by_client_on,
        signed_by_ocmw_on=contract.signed_by_ocmw_on,
        signed_for_ocmw_by=worker,
        today=today,
    )
    assert _dues(contract) == [(D(2026, 5, 10), True), (D(2026, 8, 1), True)]


# --- who holds an evaluation ----------------------------------------------------------------------


def test_an_evaluation_is_held_by_the_worker_on_its_due_day_and_a_transfer_moves_the_coming_ones(
    team: Wijkteam, worker: User, lead: User, today: dt.date
) -> None:
    file = client_of(worker)
    # Assigned to `worker` since 1 January; the contract started 16 November 2025.
    file.assignments.update(started_at=dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC))
    contract = _contract(file, worker, starts_on=D(2025, 11, 16))
    colleague = social_worker(team)
    assignment_transfer(
        actor=lead, client=file, to_worker=colleague, reason="verlof", expected_worker_id=worker.pk
    )
    assignments = list(file.assignments.all())
    holders = {
        evaluation.due_on: worker_on(assignments, evaluation.due_on)
        for evaluation in contract.evaluations.all()
    }
    # 16 March 2026 (today) is the transfer's day: the new worker's. Before 1 January: nobody.
    assert holders == {
        D(2026, 3, 16): colleague,
        D(2026, 7, 16): colleague,
        D(2026, 11, 16): colleague,
    }
    assert worker_on(assignments, D(2026, 3, 15)) == worker
    assert worker_on(assignments, D(2025, 12, 31)) is None


def test_the_tab_names_who_holds_each_evaluation(
    client: HttpClient, worker: User, today: dt.date
) -> None:
    worker.first_name, worker.last_name = "Wanda", "Wouters"
    worker.save()
    _contract(client_of(worker), worker, starts_on=today)
    login(client, worker)
    file = Client.objects.get()
    html = client.get(reverse("integration:file_leefloon", args=[file.pk])).content.decode()
    assert html.count("Wanda Wouters") >= 3


# --- bad input at the field, nothing saved --------------------------------------------------------


def _evaluation_post(client: HttpClient, evaluation: GpmiEvaluation, **fields: Any) -> Any:
    contract = evaluation.contract
    url = reverse(
        "integration:gpmi_evaluation_record",
        args=[contract.client_id, contract.pk, evaluation.pk],
    )
    prefix = f"ev{evaluation.pk}"
    data = {"version": evaluation.version, "report": "Gesprek over de lessen", "in_person": "on"}
    data |= fields
    return client.post(url, {f"{prefix}-{key}": value for key, value in data.items()})


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        ("2026-01-31", "voor het contract begint"),  # an evaluation dated before the contract
        ("2026-03-17", "voor ze gehouden is"),  # tomorrow
    ],
)
def test_an_evaluation_dated_before_the_contract_or_in_the_future_is_refused_at_the_field(
    client: HttpClient, worker: User, today: dt.date, held_on: str, message: str
) -> None:
    contract = _contract(client_of(worker), worker, starts_on=D(2026, 2, 1))
    evaluation = contract.evaluations.order_by("due_on").first()
    assert evaluation is not None
    login(client, worker)
    response = _evaluation_post(client, evaluation, held_on=held_on, report="Mijn verslag")
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Mijn verslag" in html  # what was typed is kept
    assert f'value="{held_on}"' in html
    evaluation.refresh_from_db()
    assert evaluation.held_on is None
    assert not AccessLog.objects.filter(what_key=LOG_EVALUATION).exists()


def test_an_evaluation_without_a_report_is_refused_at_the_field(
    client: HttpClient, worker: User, today: dt.date
) -> None:
    contract = _contract(client_of(worker), worker, starts_on=D(2026, 2, 1))
    evaluation = contract.evaluations.order_by("due_on").first()
    assert evaluation is not None
    login(client, worker)
    html = _evaluation_post(client, evaluation, held_on="2026-03-10", report=" ").content.decode()
    assert "Schrijf het verslag van de evaluatie." in html
    assert not GpmiEvaluation.objects.filter(held_on__isnull=False).exists()


def test_a_recorded_evaluation_is_logged_and_shown(
    client: HttpClient, worker: User, today: dt.date
) -> None:
    contract = _contract(client_of(worker), worker, starts_on=D(2025, 10, 1))
    evaluation = contract.evaluations.order_by("due_on").first()
    assert evaluation is not None
    login(client, worker)
    response = _evaluation_post(client, evaluation, held_on="2026-02-02")
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.held_on, evaluation.recorded_by, evaluation.version) == (
        D(2026, 2, 2),
        worker,
        2,
    )
    row = AccessLog.objects.get(what_key=LOG_EVALUATION)
    assert (row.actor, row.what_params) == (worker, {"day": "01/02/2026"})
    html = client.get(response["Location"]).content.decode()
    assert "Gesprek over de lessen" in html


def test_a_contract_ending_before_it_starts_is_refused_at_the_field_with_what_was_typed(
    client: HttpClient, worker: User, today: dt.date
) -> None:
    file = client_of(worker)
    login(client, worker)
    response = client.post(
        reverse("integration:gpmi_new", args=[file.pk]),
        {
            "starts_on": "2026-03-16",
            "ends_on": "2026-03-01",
            "goals": "Een opleiding logistiek",
            "client_commitments": "Lessen volgen",
            "ocmw_commitments": "Kosten dragen",
            "signed_by_ocmw_on": "2026-03-16",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Het contract eindigt na het begin (16/03/2026)." in html
    assert "Zeg wie voor het OCMW tekende." in html
    assert "Een opleiding logistiek" in html
    assert not GpmiContract.objects.exists()


def test_a_signature_in_the_future_is_refused(worker: User, today: dt.date) -> None:
    with pytest.raises(ValidationError) as refused:
        gpmi_contract_create(
            actor=worker,
            client=client_of(worker),
            request=None,
            starts_on=today,
            ends_on=None,
            goals="x",
            client_commitments="x",
            ocmw_commitments="x",
            signed_by_client_on=today + dt.timedelta(days=1),
            signed_by_ocmw_on=None,
            signed_for_ocmw_by=None,
            today=today,
        )
    assert set(refused.value.message_dict) == {"signed_by_client_on"}


def test_a_contract_names_only_a_leefloon_request_of_its_own_client(
    worker: User, today: dt.date
) -> None:
    other = HelpRequestFactory.create(client=client_of(worker), kind=request_kind())
    with pytest.raises(ValidationError) as refused:
        gpmi_contract_create(
            actor=worker,
            client=client_of(worker),
            request=other,
            starts_on=today,
            ends_on=None,
            goals="x",
            client_commitments="x",
            ocmw_commitments="x",
            signed_by_client_on=None,
            signed_by_ocmw_on=None,
            signed_for_ocmw_by=None,
            today=today,
        )
    assert set(refused.value.message_dict) == {"request"}


def test_a_signed_contract_keeps_its_start(worker: User, today: dt.date) -> None:
    contract = _contract(client_of(worker), worker, starts_on=D(2026, 3, 1))
    with pytest.raises(ValidationError) as refused:
        gpmi_contract_save(
            actor=worker,
            contract_id=contract.pk,
            expected_version=contract.version,
            request=None,
            starts_on=D(2026, 3, 2),
            ends_on=None,
            goals="x",
            client_commitments="x",
            ocmw_commitments="x",
            signed_by_client_on=contract.signed_by_client_on,
            signed_by_ocmw_on=contract.signed_by_ocmw_on,
            signed_for_ocmw_by=worker,
            today=today,
        )
    assert set(refused.value.message_dict) == {"starts_on"}


# --- concurrency ----------------------------------------------------------------------------------


def test_a_stale_contract_is_refused_and_nothing_is_saved(worker: User, today: dt.date) -> None:
    contract = _contract(client_of(worker), worker, starts_on=today, signed=False)
    fields: dict[str, Any] = {
        "request": None,
        "starts_on": today,
        "ends_on": None,
        "client_commitments": "x",
        "ocmw_commitments": "x",
        "signed_by_client_on": None,
        "signed_by_ocmw_on": None,
        "signed_for_ocmw_by": None,
        "today": today,
    }
    gpmi_contract_save(
        actor=worker, contract_id=contract.pk, expected_version=1, goals="first", **fields
    )
    with pytest.raises(EditConflictError):
        gpmi_contract_save(
            actor=worker, contract_id=contract.pk, expected_version=1, goals="second", **fields
        )
    contract.refresh_from_db()
    assert (contract.goals, contract.version) == ("first", 2)


def test_the_edit_page_shows_a_conflict_and_keeps_what_was_typed(
    client: HttpClient, worker: User, lead: User, today: dt.date
) -> None:
    contract = _contract(client_of(worker), worker, starts_on=today, signed=False)
    login(client, worker)
    url = reverse("integration:gpmi_edit", args=[contract.client_id, contract.pk])
    page = client.get(url)
    assert page.status_code == 200
    # Someone else saves first.
    GpmiContract.objects.filter(pk=contract.pk).update(goals="Hun doelen", version=2)
    loaded = {
        "loaded-version": 1,
        "loaded-starts_on": "2026-03-16",
        "loaded-goals": contract.goals,
        "loaded-client_commitments": contract.client_commitments,
        "loaded-ocmw_commitments": contract.ocmw_commitments,
    }
    response = client.post(
        url,
        loaded
        | {
            "starts_on": "2026-03-16",
            "goals": contract.goals,
            "client_commitments": "Mijn nieuwe afspraken",
            "ocmw_commitments": contract.ocmw_commitments,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hun doelen" in html
    assert "Mijn nieuwe afspraken" in html
    contract.refresh_from_db()
    assert (contract.goals, contract.client_commitments) == ("Hun doelen", "Elke week naar de les")


def test_a_stale_evaluation_is_refused(client: HttpClient, worker: User, today: dt.date) -> None:
    contract = _contract(client_of(worker), worker, starts_on=D(2025, 10, 1))
    evaluation = contract.evaluations.order_by("due_on").first()
    assert evaluation is not None
    GpmiEvaluation.objects.filter(pk=evaluation.pk).update(version=2)
    login(client, worker)
    response = _evaluation_post(client, evaluation, held_on="2026-02-02")
    assert response.status_code == 302
    assert "Iemand anders" in client.get(response["Location"]).content.decode()
    evaluation.refresh_from_db()
    assert evaluation.held_on is None


# --- access log -----------------------------------------------------------------------------------


def test_the_contract_page_logs_the_view_and_a_colleague_reads_it(
    client: HttpClient, team: Wijkteam, worker: User, today: dt.date
) -> None:
    contract = _contract(client_of(worker), worker, starts_on=today)
    colleague = social_worker(team)
    login(client, colleague)
    response = client.get(
        reverse("integration:gpmi_detail", args=[contract.client_id, contract.pk])
    )
    assert response.status_code == 200
    assert "Registreer de evaluatie" not in response.content.decode()  # colleagues only read
    row = AccessLog.objects.get(actor=colleague)
    assert (row.what_key, row.what_params) == (SEEN_GPMI, {"contract": contract.pk})


def test_another_clients_contract_is_not_found(
    client: HttpClient, worker: User, today: dt.date
) -> None:
    contract = _contract(client_of(worker), worker, starts_on=today)
    other = client_of(worker)
    login(client, worker)
    url = reverse("integration:gpmi_detail", args=[other.pk, contract.pk])
    assert client.get(url).status_code == 404


# --- overdue and due soon on the home and team pages ----------------------------------------------


def _due_rows(rf: RequestFactory, user: User, scope: Any) -> list[Any]:
    page_request = rf.get("/")
    page_request.user = user
    return due_list(page_request, scope).rows


def test_the_worker_sees_the_overdue_and_soon_due_evaluations_of_their_own_clients(
    rf: RequestFactory, team: Wijkteam, worker: User, today: dt.date
) -> None:
    # Due 16 March (today), 16 July, 16 November 2025... started 16 November 2025: the first is
    # due 16 March 2026 (today); started 1 November 2025: due 1 March (overdue).
    soon = _contract(client_of(worker, last_name="Soon"), worker, starts_on=D(2025, 11, 16))
    late = _contract(client_of(worker, last_name="Late"), worker, starts_on=D(2025, 11, 1))
    _contract(client_of(worker, last_name="Later"), worker, starts_on=D(2026, 1, 1))  # 1 May
    colleague = social_worker(team)
    _contract(client_of(colleague), colleague, starts_on=D(2025, 11, 1))
    rows = _due_rows(rf, worker, "assigned")
    assert [(item.client_id, item.row.status, item.row.days) for item in rows] == [
        (late.client_id, "overdue", -15),
        (soon.client_id, "due_soon", 0),
    ]
    assert set(
        AccessLog.objects.filter(what_key=SEEN_OVERDUE_LISTED).values_list("client_id", flat=True)
    ) == {
        late.client_id,
        soon.client_id,
    }


def test_the_lead_sees_the_evaluations_due_in_their_teams_only(
    rf: RequestFactory, worker: User, lead: User, today: dt.date
) -> None:
    file = client_of(worker)
    file.assignments.update(started_at=dt.datetime(2025, 1, 1, 9, tzinfo=dt.UTC))
    mine = _contract(file, worker, starts_on=D(2025, 11, 1))
    elsewhere = social_worker(Wijkteam.objects.create(name="Heule"))
    _contract(client_of(elsewhere), elsewhere, starts_on=D(2025, 11, 1))
    rows = _due_rows(rf, lead, "led")
    assert [item.client_id for item in rows] == [mine.client_id]
    assert rows[0].row.holder == worker


def test_a_held_evaluation_leaves_the_list(
    rf: RequestFactory, worker: User, today: dt.date
) -> None:
    contract = _contract(client_of(worker), worker, starts_on=D(2025, 11, 1))
    evaluation = contract.evaluations.order_by("due_on").first()
    assert evaluation is not None
    _record(evaluation, worker, today)
    assert _due_rows(rf, worker, "assigned") == []


@pytest.mark.parametrize("scope", ["assigned", "led"])
def test_the_list_reads_in_three_queries(
    rf: RequestFactory,
    worker: User,
    lead: User,
    today: dt.date,
    scope: str,
    django_assert_num_queries: Any,
) -> None:
    for n in range(6):
        _contract(client_of(worker), worker, starts_on=D(2025, 11, 1) + dt.timedelta(days=n))
    page_request = rf.get("/")
    page_request.user = worker if scope == "assigned" else lead
    get_roles(page_request)  # the page's view has read them already
    # the evaluations due with contract and client, the assignments of the clients shown, the
    # access-log rows of those clients
    with django_assert_num_queries(3):
        rows = due_list(page_request, scope).rows  # type: ignore[arg-type]
    assert len(rows) == 6


@pytest.mark.parametrize(
    ("role", "page"),
    [("worker", "clients:my_cases"), ("lead", "wijkteams:my_team")],
)
def test_the_home_and_team_pages_answer_in_the_same_queries_for_few_or_many(
    client: HttpClient,
    request: pytest.FixtureRequest,
    worker: User,
    today: dt.date,
    role: str,
    page: str,
    django_assert_num_queries: Any,
) -> None:
    user: User = request.getfixturevalue(role)
    _contract(client_of(worker), worker, starts_on=D(2025, 11, 1))
    login(client, user)
    url = reverse(page)
    client.get(url)  # warm: the first request may store what later ones read
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(8):
        _contract(client_of(worker), worker, starts_on=D(2025, 11, 2) + dt.timedelta(days=n))
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("achterstallig") >= 9


# --- GDPR -----------------------------------------------------------------------------------------


def test_the_export_holds_the_contracts_and_evaluations(worker: User, today: dt.date) -> None:
    contract = _contract(client_of(worker), worker, starts_on=D(2025, 10, 1))
    evaluation = contract.evaluations.order_by("due_on").first()
    assert evaluation is not None
    _record(evaluation, worker, D(2026, 2, 2))
    document = client_export_document(client_id=contract.client_id)
    assert [row["goals"] for row in document["gpmi_contracts"]] == [contract.goals]
    assert len(document["gpmi_evaluations"]) == 3
    assert "Besproken: lessen lopen goed." in json.dumps(document["gpmi_evaluations"])


def test_anonymisation_removes_the_free_text_and_keeps_the_dates(
    worker: User, today: dt.date
) -> None:
    contract = _contract(
        client_of(worker), worker, starts_on=D(2014, 10, 1), ends_on=D(2015, 10, 1)
    )
    evaluation = contract.evaluations.order_by("due_on").first()
    assert evaluation is not None
    _record(evaluation, worker, D(2015, 2, 2))
    Client.objects.filter(pk=contract.client_id).update(closed_on=D(2015, 1, 1))
    assert client_anonymise(client=contract.client, now=timezone.now())
    text = json.dumps(client_export_document(client_id=contract.client_id), ensure_ascii=False)
    for personal in ("Nederlands leren", "Elke week naar de les", "Inschrijving", "Besproken"):
        assert personal not in text
    contract.refresh_from_db()
    assert contract.starts_on == D(2014, 10, 1)
    assert GpmiEvaluation.objects.filter(contract=contract, held_on=D(2015, 2, 2)).exists()


def test_the_tab_answers_in_the_same_queries_for_one_contract_or_many(
    client: HttpClient, worker: User, today: dt.date, django_assert_num_queries: Any
) -> None:
    file = client_of(worker)
    _contract(file, worker, starts_on=D(2025, 11, 1))
    login(client, worker)
    url = reverse("integration:file_leefloon", args=[file.pk])
    client.get(url)  # warm: the first request may store what later ones read
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(4):
        _contract(file, worker, starts_on=D(2024, 1, 1) + dt.timedelta(days=30 * n))
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count('<article class="border rounded p-3 mb-3" id="gpmi-') == 5


def test_the_edit_page_of_a_signed_contract_changes_its_end_and_keeps_its_start(
    client: HttpClient, worker: User, today: dt.date
) -> None:
    contract = _contract(client_of(worker), worker, starts_on=D(2026, 1, 10))
    login(client, worker)
    url = reverse("integration:gpmi_edit", args=[contract.client_id, contract.pk])
    assert 'name="starts_on" value="2026-01-10"' in client.get(url).content.decode()
    loaded = {
        "loaded-version": contract.version,
        "loaded-starts_on": "2026-01-10",
        "loaded-goals": contract.goals,
        "loaded-client_commitments": contract.client_commitments,
        "loaded-ocmw_commitments": contract.ocmw_commitments,
        "loaded-signed_by_client_on": "2026-01-10",
        "loaded-signed_by_ocmw_on": "2026-01-10",
        "loaded-signed_for_ocmw_by": worker.pk,
    }
    response = client.post(
        url,
        loaded
        | {
            "starts_on": "2026-02-01",  # disabled on the page: ignored
            "ends_on": "2026-08-01",
            "goals": contract.goals,
            "client_commitments": contract.client_commitments,
            "ocmw_commitments": contract.ocmw_commitments,
        },
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert (contract.starts_on, contract.ends_on) == (D(2026, 1, 10), D(2026, 8, 1))
    assert _dues(contract) == [(D(2026, 5, 10), True), (D(2026, 8, 1), True)]
