"""The pages of a leefloon request: the conditions (met / not met / unknown with what to ask),
the rights scan's open findings as rights to use first, the eligibility form (bad input at the
field with what was typed, stale copies refused), the calculation form and a saved calculation
with its steps and the amounts' date and source; the Leefloon tab's list; who may."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from clients.models import AccessLog, Client
from integration.log_actions import SEEN_CALCULATION, SEEN_LEEFLOON_REQUEST
from integration.models import Eligibility, LeefloonCalculation
from procedure.models import Request
from tests.conftest import login
from tests.factories import (
    EligibilityFactory,
    HelpRequestFactory,
    HouseholdMemberFactory,
    IncomeFactory,
    client_of,
    flag_for,
    request_kind,
    social_worker,
)
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def team() -> Wijkteam:
    return Wijkteam.objects.create(name="Kortrijk-Centrum")


@pytest.fixture
def worker(team: Wijkteam) -> User:
    return social_worker(team)


@pytest.fixture
def file(worker: User) -> Client:
    return client_of(worker, birth_date=D(1990, 4, 1), residence_status="belgian")


@pytest.fixture
def leefloon(file: Client, worker: User) -> Request:
    return HelpRequestFactory.create(
        client=file, kind=request_kind("leefloon"), received_on=D(2025, 3, 10), received_by=worker
    )


def request_url(leefloon: Request) -> str:
    return reverse("integration:leefloon_request", args=[leefloon.client_id, leefloon.pk])


def calculate_url(leefloon: Request) -> str:
    return reverse("integration:calculation_new", args=[leefloon.client_id, leefloon.pk])


def test_request_page_shows_each_condition_and_logs_the_view(
    client: HttpClient, worker: User, leefloon: Request
) -> None:
    Client.objects.filter(pk=leefloon.client_id).update(residence_status="unknown")
    login(client, worker)

    html = client.get(request_url(leefloon)).content.decode()

    # Age from the birth date: 34 on 10-3-2025, met; residence status not recorded: unknown,
    # with what to ask; resources: no calculation yet.
    assert "34" in html
    assert "identiteitskaart" in html or "identity card" in html
    assert html.count("badge text-bg-warning") == 5  # all but the age
    seen = AccessLog.objects.get(what_key=SEEN_LEEFLOON_REQUEST)
    assert seen.what_params == {"request": leefloon.pk}


def test_minor_without_ground_is_unknown_then_met_with_one(
    client: HttpClient, worker: User, file: Client, leefloon: Request
) -> None:
    Client.objects.filter(pk=file.pk).update(birth_date=D(2008, 1, 1))
    login(client, worker)
    html = client.get(request_url(leefloon)).content.decode()
    assert 'id="voorwaarde-age"' in html
    age_row = html.split('id="voorwaarde-age"')[1].split("</tr>")[0]
    assert "text-bg-warning" in age_row

    EligibilityFactory.create(request=leefloon, checked_by=worker, minor_ground="pregnant")
    html = client.get(request_url(leefloon)).content.decode()
    age_row = html.split('id="voorwaarde-age"')[1].split("</tr>")[0]
    assert "text-bg-success" in age_row


def test_rights_to_use_first_lists_the_scans_open_flags(
    client: HttpClient, worker: User, file: Client, leefloon: Request
) -> None:
    flag = flag_for(file)
    closed = flag_for(file, right_code="sociaal_tarief_energie", status="dismissed")
    login(client, worker)

    html = client.get(request_url(leefloon)).content.decode()

    assert flag.right.name in html
    assert closed.right.name not in html
    assert reverse("rights:file_rights", args=[file.pk]) in html


def _eligibility_post(client: HttpClient, leefloon: Request, **fields: object) -> object:
    data: dict[str, object] = {
        "version": 0,
        "actual_residence": "met",
        "work_willingness": "willing",
        "unemployment": "to_apply",
        "sickness": "not_entitled",
        "pension": "not_entitled",
        "igo": "not_entitled",
        "child_benefit": "not_entitled",
        "maintenance": "not_entitled",
    }
    data |= fields
    return client.post(request_url(leefloon), data)


def test_eligibility_form_saves_and_shows_the_conditions(
    client: HttpClient, worker: User, leefloon: Request
) -> None:
    login(client, worker)

    response = _eligibility_post(client, leefloon)

    assert response.status_code == 302  # type: ignore[attr-defined]
    check = Eligibility.objects.get()
    assert (check.actual_residence, check.unemployment) == ("met", "to_apply")
    html = client.get(request_url(leefloon)).content.decode()
    rights_row = html.split('id="voorwaarde-other_rights"')[1].split("</tr>")[0]
    assert "text-bg-danger" in rights_row  # unemployment benefit still to apply for


def test_eligibility_bad_input_at_the_field_in_dutch_keeps_what_was_typed(
    client: HttpClient, worker: User, leefloon: Request
) -> None:
    login(client, worker)

    response = _eligibility_post(
        client,
        leefloon,
        work_willingness="exempt_health",
        actual_residence_note="Woont bij zus in Heule",
    )

    html = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Vermeld waarom de cliënt vrijgesteld is" in html
    assert "Woont bij zus in Heule" in html
    assert not Eligibility.objects.exists()


def test_eligibility_stale_form_refused(
    client: HttpClient, worker: User, leefloon: Request
) -> None:
    EligibilityFactory.create(request=leefloon, checked_by=worker, actual_residence="not_met")
    login(client, worker)

    response = _eligibility_post(client, leefloon, version=0)

    assert response.status_code == 302  # type: ignore[attr-defined]
    assert Eligibility.objects.get().actual_residence == "not_met"


def test_calculation_form_saves_and_the_page_shows_each_step_and_the_source(
    client: HttpClient, worker: User, file: Client, leefloon: Request
) -> None:
    income = IncomeFactory.create(client=file, kind="unemployment", net_monthly=Decimal("500"))
    login(client, worker)
    html = client.get(calculate_url(leefloon)).content.decode()
    assert "alleenstaand" in html.lower() or "single" in html.lower()
    assert "01/02/2025" in html or "1-2-2025" in html  # the amounts' date

    response = client.post(
        calculate_url(leefloon),
        {
            "calculated_on": "2025-03-10",
            "starts_on": "2025-03-10",
            "category": "single",
            f"line_{income.pk}_counted": "on",
            f"line_{income.pk}_exemption": "",
            "relatives_share": "0",
        },
    )

    calculation = LeefloonCalculation.objects.get()
    assert response.status_code == 302
    assert calculation.monthly_amount == Decimal("835.03")
    html = client.get(response["Location"]).content.decode()
    for shown in ("15770,41" if "15770,41" in html else "15770.41", "835", "250", "KB art. 22"):
        assert shown in html
    assert "bdas-wwsb.brussels" in html  # the scale's source
    assert AccessLog.objects.filter(what_key=SEEN_CALCULATION).count() == 1


def test_calculation_category_change_without_motivation_refused_in_dutch(
    client: HttpClient, worker: User, file: Client, leefloon: Request
) -> None:
    HouseholdMemberFactory.create(client=file, relation="partner", birth_date=D(1988, 1, 1))
    login(client, worker)

    response = client.post(
        calculate_url(leefloon),
        {"calculated_on": "2025-03-10", "starts_on": "2025-03-10", "category": "single"},
    )

    assert response.status_code == 200
    assert "Het huishouden wijst op een andere categorie" in response.content.decode()
    assert not LeefloonCalculation.objects.exists()


def test_tab_lists_the_requests_with_their_calculations(
    client: HttpClient, worker: User, file: Client, leefloon: Request
) -> None:
    login(client, worker)
    client.post(
        calculate_url(leefloon),
        {"calculated_on": "2025-03-10", "starts_on": "2025-03-10", "category": "single"},
    )
    calculation = LeefloonCalculation.objects.get()

    html = client.get(reverse("integration:file_leefloon", args=[file.pk])).content.decode()

    assert request_url(leefloon) in html
    assert reverse("integration:calculation_detail", args=[file.pk, calculation.pk]) in html


def test_other_teams_worker_and_colleague_refused(
    client: HttpClient, team: Wijkteam, leefloon: Request
) -> None:
    outsider = social_worker(Wijkteam.objects.create(name="Heule"))
    login(client, outsider)
    assert client.get(request_url(leefloon)).status_code == 404
    assert _eligibility_post(client, leefloon).status_code == 404  # type: ignore[attr-defined]

    colleague = social_worker(team)
    login(client, colleague)
    assert client.get(request_url(leefloon)).status_code == 200  # reads the file
    assert _eligibility_post(client, leefloon).status_code == 403  # type: ignore[attr-defined]
    assert client.get(calculate_url(leefloon)).status_code == 403
    assert not Eligibility.objects.exists()


def test_closed_file_is_read_only(
    client: HttpClient, worker: User, file: Client, leefloon: Request
) -> None:
    Client.objects.filter(pk=file.pk).update(closed_on=D(2025, 4, 1))
    login(client, worker)

    html = client.get(request_url(leefloon)).content.decode()

    assert f'action="{request_url(leefloon)}"' not in html
    assert client.get(calculate_url(leefloon)).status_code == 403


def test_another_kind_of_request_is_not_found(
    client: HttpClient, worker: User, file: Client
) -> None:
    card = HelpRequestFactory.create(client=file, kind=request_kind("medical_card"))
    login(client, worker)

    assert client.get(request_url(card)).status_code == 404
