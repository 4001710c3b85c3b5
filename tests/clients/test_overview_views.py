"""The client file's overview tab, editing the record with optimistic locking, the team choice."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import models
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django import DjangoAssertNumQueries

from clients.access_log import access_log_what
from clients.forms import RECORD_FIELDS
from clients.log_actions import LOGGED_RECORD_CHANGED, SEEN_NUMBER_TAKEN, SEEN_OVERVIEW
from clients.models import AccessLog, Client
from clients.national_number import national_number_for
from tests.conftest import login
from tests.factories import (
    AreaFactory,
    HouseholdMemberFactory,
    IncomeFactory,
    TrajectoryFactory,
    WijkteamFactory,
    client_of,
    social_worker,
    team_lead,
)
from tests.html_forms import field_error, posted
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.django_db


@pytest.fixture
def routed(team: Wijkteam) -> Wijkteam:
    AreaFactory.create(team=team, postcode="8500")
    return team


@pytest.fixture
def client_file(worker: User, routed: Wijkteam) -> Client:
    return client_of(
        worker,
        first_name="Fatima",
        last_name="El Amrani",
        birth_date=dt.date(1985, 7, 30),
        national_number=national_number_for(dt.date(1985, 7, 30), 34),
        phone="0470 12 34 56",
        tenure=Client.Tenure.PRIVATE,
        rent=Decimal("1234.50"),
        heating_fuel=Client.HeatingFuel.GAS,
        leefloon_since=dt.date(2024, 2, 1),
    )


def _url(name: str, client: Client) -> str:
    return reverse(f"clients:{name}", args=[client.pk])


def _page(http: HttpClient, client: Client) -> str:
    response = http.get(_url("file", client))
    assert response.status_code == 200
    return response.content.decode()


# --- the overview ---------------------------------------------------------------------------


def test_overview_shows_the_record_with_the_national_number_masked(
    client: HttpClient, worker: User, client_file: Client
) -> None:
    page = _page(login(client, worker), client_file)
    assert client_file.masked_national_number in page
    assert client_file.national_number not in page
    assert "30/07/1985" in page
    assert "0470 12 34 56" in page
    assert "Budastraat 1" in page
    assert "Centrum" in page
    assert worker.get_full_name() in page
    assert "Private huur" in page
    assert "Aardgas" in page
    assert "€&nbsp;1.234,50" in page
    assert "01/02/2024" in page  # leefloon since
    assert "Gegevens bewerken" in page


def test_overview_writes_one_access_log_row(
    client: HttpClient, worker: User, client_file: Client
) -> None:
    _page(login(client, worker), client_file)
    log = AccessLog.objects.get(client=client_file)
    assert (log.actor, log.action, log.what_key) == (worker, AccessLog.Action.VIEW, SEEN_OVERVIEW)


def test_overview_lists_open_trajectories_and_the_team_override_reason(
    client: HttpClient, worker: User, client_file: Client
) -> None:
    Client.objects.filter(pk=client_file.pk).update(team_override_reason="Verhuist in mei")
    opened = TrajectoryFactory.create(
        client=client_file, kind="debt_help", opened_on=dt.date(2026, 1, 5), created_by=worker
    )
    TrajectoryFactory.create(
        client=client_file,
        kind="activation",
        status="closed",
        opened_on=dt.date(2025, 1, 5),
        closed_on=dt.date(2025, 6, 5),
        created_by=worker,
    )
    page = _page(login(client, worker), client_file)
    assert "Verhuist in mei" in page
    assert f"{_url('file_trajectories', client_file)}#traject-{opened.pk}" in page
    assert "05/01/2026" in page
    assert "05/01/2025" not in page  # closed trajectories stay on the Trajectories tab


def _grow(client: Client, worker: User, size: int) -> None:
    for number in range(size):
        member = HouseholdMemberFactory.create(
            client=client,
            first_name=f"Kind{number}",
            last_name=client.last_name,
            birth_date=dt.date(2015, 1, 1),
            sex="F",
            relation="child",
        )
        IncomeFactory.create(client=client, member=member, kind="wage", net_monthly=100)
        TrajectoryFactory.create(
            client=client, kind="intake", opened_on=dt.date(2026, 1, 1), created_by=worker
        )


@pytest.mark.parametrize("size", [1, 6])
def test_overview_runs_a_constant_number_of_queries(
    client: HttpClient,
    worker: User,
    client_file: Client,
    django_assert_num_queries: DjangoAssertNumQueries,
    size: int,
) -> None:
    _grow(client_file, worker, size)
    http = login(client, worker)
    # 1 session, 2 user, 3 roles, 4 the client with its team and its current assignment with
    # its worker (which also says whether the user may edit), 5 the access-log row, 6 the open
    # trajectories, 7 household size and net income (one query with two subqueries).
    with django_assert_num_queries(7):
        page = _page(http, client_file)
    assert page.count("#traject-") == size
    assert f"€&nbsp;{size * 100},00" in page
    assert f"{size} gezinsl" in page  # gezinslid, gezinsleden


def test_overview_of_a_team_lead_adds_only_the_team_choice_query(
    client: HttpClient,
    lead: User,
    client_file: Client,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    http = login(client, lead)
    # As above, plus the teams to choose.
    with django_assert_num_queries(8):
        page = _page(http, client_file)
    assert "Het wijkteam zelf kiezen" in page


def test_colleague_reads_the_overview_but_may_not_edit(
    client: HttpClient, team: Wijkteam, client_file: Client
) -> None:
    http = login(client, social_worker(team))
    page = _page(http, client_file)
    assert "Gegevens bewerken" not in page
    assert "Je kunt dit dossier lezen" in page
    assert http.get(_url("file_edit", client_file)).status_code == 403
    response = http.post(_url("file_edit", client_file), _edit_data(client_file, phone="1"))
    assert response.status_code == 403
    client_file.refresh_from_db()
    assert client_file.phone == "0470 12 34 56"


def test_other_team_gets_404(client: HttpClient, client_file: Client) -> None:
    other = social_worker(WijkteamFactory.create(name="Heule"))
    http = login(client, other)
    assert http.get(_url("file", client_file)).status_code == 404
    assert http.post(_url("file_edit", client_file), {}).status_code == 404


# --- editing the record ---------------------------------------------------------------------


def _form_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# The record's yes/no facts that may be unknown (nullable booleans).
YES_NO_UNKNOWN = {
    field.name
    for field in Client._meta.get_fields()
    if isinstance(field, models.BooleanField) and field.null
}


def _edit_data(client: Client, **typed: Any) -> dict[str, str]:
    """What the edit page posts: the visible fields as loaded (then `typed` over them), and the
    loaded values with the version in hidden fields."""
    data: dict[str, str] = {"loaded-version": str(client.version), "new_national_number": ""}
    for name in RECORD_FIELDS:
        value = getattr(client, name)
        if name in YES_NO_UNKNOWN:  # a select of unknown, yes and no
            data[name] = data[f"loaded-{name}"] = {None: "unknown", True: "true", False: "false"}[
                value
            ]
            continue
        if isinstance(value, bool):
            if value:
                data[name] = data[f"loaded-{name}"] = "on"
            else:
                data[f"loaded-{name}"] = "False"
            continue
        data[name] = data[f"loaded-{name}"] = _form_value(value)
    for name, value in typed.items():
        if name in YES_NO_UNKNOWN:
            data[name] = {None: "unknown", True: "true", False: "false"}[value]
        elif value is False:
            data.pop(name, None)
        else:
            data[name] = "on" if value is True else str(value)
    return data


def _edit(http: HttpClient, client: Client, data: dict[str, str]) -> Any:
    return http.post(_url("file_edit", client), data)


def test_edit_page_loads_the_record_and_its_version(
    client: HttpClient, worker: User, client_file: Client
) -> None:
    page = login(client, worker).get(_url("file_edit", client_file)).content.decode()
    assert 'name="loaded-version" value="1"' in page
    assert 'name="loaded-phone" value="0470 12 34 56"' in page
    assert 'name="rent" value="1234,50"' in page
    assert client_file.national_number not in page


def test_social_worker_saves_a_change(
    client: HttpClient, worker: User, client_file: Client
) -> None:
    http = login(client, worker)
    response = _edit(http, client_file, _edit_data(client_file, phone="056 11 22 33"))
    assert response["Location"] == _url("file", client_file)
    client_file.refresh_from_db()
    assert (client_file.phone, client_file.version) == ("056 11 22 33", 2)
    log = AccessLog.objects.filter(action=AccessLog.Action.CHANGE).get()
    # Only what changed is saved and logged: the field's name, never its value.
    assert (log.what_key, log.what_params) == (LOGGED_RECORD_CHANGED, {"fields": "phone"})
    with translation.override("nl"):
        assert access_log_what(log) == "cliëntgegevens: phone"
    assert "Het cliëntdossier is opgeslagen." in http.get(response["Location"]).content.decode()


def test_team_lead_saves_a_change(client: HttpClient, lead: User, client_file: Client) -> None:
    data = _edit_data(client_file, rent="800,00", pensioner=True)
    assert _edit(login(client, lead), client_file, data).status_code == 302
    client_file.refresh_from_db()
    assert (client_file.rent, client_file.pensioner) == (Decimal("800.00"), True)


def test_corrected_national_number_replaces_the_old_one(
    client: HttpClient, worker: User, client_file: Client
) -> None:
    corrected = national_number_for(dt.date(1985, 7, 30), 36)
    data = _edit_data(client_file, new_national_number=corrected)
    _edit(login(client, worker), client_file, data)
    client_file.refresh_from_db()
    assert client_file.national_number == corrected


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"rent": "-1"}, "rent", "Een bedrag kan niet negatief zijn."),
        (
            {"birth_date": (timezone.localdate() + dt.timedelta(days=1)).isoformat()},
            "birth_date",
            "Deze datum kan niet in de toekomst liggen.",
        ),
        (
            {"unfit_for_work_since": "1970-01-01"},
            "unfit_for_work_since",
            "Deze datum kan niet vóór de geboortedatum liggen.",
        ),
        (
            {"new_national_number": "12345678901"},
            "new_national_number",
            "Dit is geen geldig rijksregister- of BIS-nummer",
        ),
        (
            {"postcode": "9000", "municipality": "Gent"},
            "postcode",
            "Geen enkel wijkteam dekt dit adres.",
        ),
    ],
)
def test_bad_input_shows_next_to_the_field_keeps_what_was_typed_and_saves_nothing(
    client: HttpClient,
    worker: User,
    client_file: Client,
    typed: dict[str, str],
    field: str,
    message: str,
) -> None:
    data = _edit_data(client_file, phone="056 11 22 33", **typed)
    response = _edit(login(client, worker), client_file, data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert 'value="056 11 22 33"' in response.content.decode()
    client_file.refresh_from_db()
    assert (client_file.phone, client_file.version) == ("0470 12 34 56", 1)
    # Showing the file again is a view, and it is logged.
    assert AccessLog.objects.filter(action=AccessLog.Action.VIEW).count() == 1


BIRTH_DATE_MISMATCH = "De geboortedatum komt niet overeen met het rijksregisternummer."
SEX_MISMATCH = "Het geslacht komt niet overeen met het rijksregisternummer."


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        # Checked by the service: the form does not know the number in the file.
        ({"birth_date": "1985-07-31"}, {"birth_date": BIRTH_DATE_MISMATCH}),
        ({"sex": "M"}, {"sex": SEX_MISMATCH}),
        ({"birth_date": "1986-07-30", "sex": "M"}, {"birth_date": BIRTH_DATE_MISMATCH}),
        # A corrected number is checked against the birth date and sex on the form.
        (
            {"new_national_number": national_number_for(dt.date(1985, 7, 31), 36)},
            {"birth_date": BIRTH_DATE_MISMATCH},
        ),
        (
            {"new_national_number": national_number_for(dt.date(1985, 7, 30), 35)},
            {"sex": SEX_MISMATCH},
        ),
    ],
)
def test_what_the_national_number_contradicts_shows_next_to_the_field_and_saves_nothing(
    client: HttpClient,
    worker: User,
    client_file: Client,
    typed: dict[str, str],
    shown: dict[str, str],
) -> None:
    data = _edit_data(client_file, phone="056 11 22 33", **typed)
    response = _edit(login(client, worker), client_file, data)
    assert response.status_code == 200
    page = response.content.decode()
    for field, message in shown.items():
        assert field_error(page, field) == message
    assert field_error(page, "phone") == ""
    # Everything typed is kept; the number in the file is still never shown.
    kept = posted(page, _url("file_edit", client_file))
    assert {name: kept[name] for name in ["phone", *typed]} == {
        "phone": "056 11 22 33",
        **typed,
    }
    assert client_file.national_number not in page
    saved = Client.objects.get(pk=client_file.pk)
    assert (saved.national_number, saved.birth_date, saved.sex, saved.phone, saved.version) == (
        client_file.national_number,
        dt.date(1985, 7, 30),
        "F",
        "0470 12 34 56",
        1,
    )
    assert not AccessLog.objects.filter(action=AccessLog.Action.CHANGE).exists()


def test_sex_x_is_saved_whatever_the_national_number_says(
    client: HttpClient, worker: User, client_file: Client
) -> None:
    response = _edit(login(client, worker), client_file, _edit_data(client_file, sex="X"))
    assert response.status_code == 302
    client_file.refresh_from_db()
    assert (client_file.sex, client_file.version) == ("X", 2)


def test_nothing_changed_saves_nothing(
    client: HttpClient, worker: User, client_file: Client
) -> None:
    response = _edit(login(client, worker), client_file, _edit_data(client_file))
    assert response.status_code == 302
    client_file.refresh_from_db()
    assert client_file.version == 1


def test_tampered_loaded_values_are_refused(
    client: HttpClient, worker: User, client_file: Client
) -> None:
    data = _edit_data(client_file)
    data["loaded-version"] = "nonsense"
    assert _edit(login(client, worker), client_file, data).status_code == 400


def test_second_save_of_two_editors_gets_a_conflict_showing_what_changed(
    worker: User, lead: User, client_file: Client
) -> None:
    # Both open the edit page of version 1.
    sofie, pieter = login(HttpClient(), worker), login(HttpClient(), lead)
    loaded = _edit_data(client_file)
    sofie.get(_url("file_edit", client_file))
    pieter.get(_url("file_edit", client_file))

    first = _edit(pieter, client_file, {**loaded, "phone": "056 99 99 99", "email": "f@ex.be"})
    assert first.status_code == 302

    second = _edit(sofie, client_file, {**loaded, "phone": "0499 00 00 00", "rent": "700,00"})
    assert second.status_code == 200
    page = second.content.decode()
    assert "Iemand anders heeft dit dossier opgeslagen terwijl jij het bewerkte" in page
    assert f"Opgeslagen door {lead.get_full_name()}" in page
    conflicts = {c.label: c for c in second.context["conflicts"]}
    assert set(conflicts) == {"Telefoon", "E-mail"}
    assert (conflicts["Telefoon"].theirs, conflicts["Telefoon"].yours) == (
        "056 99 99 99",
        "0499 00 00 00",
    )
    assert not conflicts["E-mail"].you_changed
    # Nothing of Sofie's is saved, nothing she typed is lost, and Pieter's e-mail is taken over.
    client_file.refresh_from_db()
    assert (client_file.phone, client_file.rent, client_file.version) == (
        "056 99 99 99",
        Decimal("1234.50"),
        2,
    )
    assert 'name="phone" value="0499 00 00 00"' in page
    assert 'name="rent" value="700,00"' in page
    assert 'name="email" value="f@ex.be"' in page
    assert 'name="loaded-version" value="2"' in page


def test_saving_again_after_a_conflict_keeps_both_peoples_changes(
    worker: User, lead: User, client_file: Client
) -> None:
    sofie, pieter = login(HttpClient(), worker), login(HttpClient(), lead)
    loaded = _edit_data(client_file)
    _edit(pieter, client_file, {**loaded, "email": "f@ex.be"})
    conflict = _edit(sofie, client_file, {**loaded, "rent": "700,00"})
    # Sofie saves the form as it came back (the browser posts what it shows).
    again = _edit(
        sofie, client_file, posted(conflict.content.decode(), _url("file_edit", client_file))
    )
    assert again.status_code == 302
    client_file.refresh_from_db()
    assert (client_file.email, client_file.rent, client_file.version) == (
        "f@ex.be",
        Decimal("700.00"),
        3,
    )


# --- the team ------------------------------------------------------------------------------


def test_team_lead_puts_the_client_in_another_team_with_a_reason(
    client: HttpClient, lead: User, team: Wijkteam, client_file: Client
) -> None:
    noord = WijkteamFactory.create(name="Noord")
    team_lead(noord, username="lead.noord")
    http = login(client, lead)
    response = http.post(_url("file_team", client_file), {"team": noord.pk, "reason": "Verhuist"})
    # The lead does not lead Noord: the file is out of sight now.
    assert response["Location"] == reverse("home")
    client_file.refresh_from_db()
    assert (client_file.team, client_file.team_override_reason) == (noord, "Verhuist")
    assert AccessLog.objects.filter(client=client_file, action="change").count() == 1


def test_team_lead_keeps_a_client_moved_within_their_teams(
    client: HttpClient, lead: User, client_file: Client
) -> None:
    other = WijkteamFactory.create(name="Zuid")
    team_lead(other, username="lead.zuid")
    lead.memberships.create(team=other, role="team_lead", starts_on=dt.date(2024, 1, 1))
    http = login(client, lead)
    response = http.post(_url("file_team", client_file), {"team": other.pk, "reason": "Beter"})
    assert response["Location"] == _url("file", client_file)
    assert "Reden" in (page := _page(http, client_file))
    assert "Beter" in page


def test_team_choice_needs_a_reason(client: HttpClient, lead: User, client_file: Client) -> None:
    http = login(client, lead)
    response = http.post(_url("file_team", client_file), {"team": client_file.team_id})
    assert response.status_code == 200
    assert response.context["team_form"].errors["reason"]
    client_file.refresh_from_db()
    assert client_file.team_override_reason == ""


def test_social_worker_may_not_choose_the_team(
    client: HttpClient, worker: User, client_file: Client
) -> None:
    response = login(client, worker).post(
        _url("file_team", client_file), {"team": client_file.team_id, "reason": "x"}
    )
    assert response.status_code == 403


def test_a_national_number_of_another_teams_file_is_refused_and_the_finding_logged(
    client: HttpClient, worker: User, client_file: Client
) -> None:
    """Saying "this number is taken" tells that a file exists: logged, as the intake's search
    logs it, for the file that was found, although the save itself is refused."""
    elsewhere = WijkteamFactory.create(name="Marke")
    taken = national_number_for(dt.date(1985, 7, 30), 36)
    other = client_of(social_worker(elsewhere), birth_date=dt.date(1985, 7, 30), sex="F")
    Client.objects.filter(pk=other.pk).update(national_number=taken)
    response = _edit(
        login(client, worker), client_file, _edit_data(client_file, new_national_number=taken)
    )
    assert response.status_code == 200
    assert "Er bestaat al een cliëntdossier met dit rijksregisternummer." in field_error(
        response.content.decode(), "new_national_number"
    )
    assert "Marke" not in response.content.decode()  # nothing more than that it exists
    client_file.refresh_from_db()
    assert client_file.version == 1
    found = AccessLog.objects.get(client=other)
    assert (found.actor, found.action, found.what_key) == (
        worker,
        AccessLog.Action.VIEW,
        SEEN_NUMBER_TAKEN,
    )
