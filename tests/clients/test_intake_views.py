"""Client search, and the intake: search first, then the guided form that saves all or nothing."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pytest_django import DjangoAssertNumQueries

from clients.log_actions import LOGGED_HOUSEHOLD_CONFIRMED, SEEN_NUMBER_TAKEN
from clients.models import (
    AccessLog,
    Assignment,
    Client,
    HouseholdMember,
    Income,
    JournalEntry,
    Trajectory,
)
from clients.national_number import national_number_for
from clients.services import IntakeError, client_intake
from clients.views import intake
from tests.conftest import login
from tests.factories import (
    AreaFactory,
    ClientFactory,
    WijkteamFactory,
    client_of,
    social_worker,
    team_lead,
)
from tests.html_forms import field_error, posted
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1985, 7, 30)
NUMBER = national_number_for(BIRTH, 34)  # even: a woman, as Fatima
SAVED_MODELS: list[type[Model]] = [
    Client,
    Assignment,
    Income,
    HouseholdMember,
    AccessLog,
    Trajectory,
    JournalEntry,
]


def _bis_number(first_nine: str) -> str:
    """A BIS number (month + 20: sex unknown, + 40: sex known) born before 2000."""
    return f"{first_nine}{97 - int(first_nine) % 97:02d}"


def _counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in SAVED_MODELS}


@pytest.fixture
def routed(team: Wijkteam) -> Wijkteam:
    AreaFactory.create(team=team, postcode="8500")
    return team


@pytest.fixture
def http(client: HttpClient, worker: User) -> HttpClient:
    return login(client, worker)


# --- search ----------------------------------------------------------------------------------


def _search(http: HttpClient, query: str, **extra: Any) -> str:
    response = http.post(reverse("clients:search"), {"query": query, **extra})
    assert response.status_code == 200
    return response.content.decode()


def test_search_page_opens_with_an_empty_form(http: HttpClient) -> None:
    page = http.get(reverse("clients:search")).content.decode()
    assert "Cliënt zoeken" in page
    assert 'method="post"' in page
    assert "<table" not in page


def test_search_by_name_finds_only_clients_the_user_may_see(http: HttpClient, worker: User) -> None:
    client_of(worker, last_name="Peeters", first_name="An")
    elsewhere = social_worker(WijkteamFactory.create(name="Heule"))
    client_of(elsewhere, last_name="Peeters", first_name="Bert")
    page = _search(http, "peeters")
    assert "Peeters An" in page
    assert "Bert" not in page
    assert "1 cliënt gevonden" in page


def test_search_words_must_all_match_across_name_and_address(
    http: HttpClient, worker: User
) -> None:
    client_of(worker, last_name="Peeters", street="Budastraat", postcode="8500")
    client_of(worker, last_name="Peeters", street="Overleiestraat", first_name="Zoë")
    page = _search(http, "Peeters budastraat")
    assert page.count('<th scope="row">') == 1
    assert "Budastraat" in page
    assert "Zoë" not in page
    assert "Geen enkele cliënt" in _search(http, "Peeters Veldstraat")
    assert "Budastraat" in _search(http, "8500 peeters")


def test_search_by_national_number_matches_exactly_and_shows_it_masked(
    http: HttpClient, worker: User
) -> None:
    found = client_of(worker, birth_date=BIRTH, national_number=NUMBER)
    client_of(worker, birth_date=BIRTH, national_number=national_number_for(BIRTH, 36))
    page = _search(http, "85.07.30-034." + NUMBER[-2:])
    # escaped as the page shows it: a generated name may hold an apostrophe (D'Hondt)
    assert escape(found.last_name) in page
    assert "1 cliënt gevonden" in page
    assert found.masked_national_number in page
    assert NUMBER not in page
    assert "30/07/1985" in page


def test_search_result_shows_team_and_social_worker(http: HttpClient, worker: User) -> None:
    client_of(worker, last_name="Claes", street="Budastraat", house_number="7")
    page = _search(http, "claes")
    assert "Centrum" in page
    assert worker.get_full_name() in page
    assert "Budastraat 7, 8500 Kortrijk" in page


def test_team_lead_searches_the_team(client: HttpClient, lead: User, worker: User) -> None:
    client_of(worker, last_name="Claes")
    assert "Claes" in _search(login(client, lead), "claes")


def test_administrator_may_not_search(client: HttpClient, admin_user: User) -> None:
    response = login(client, admin_user).post(reverse("clients:search"), {"query": "a"})
    assert response.status_code == 403


def test_search_in_the_url_is_ignored(http: HttpClient, worker: User) -> None:
    client_of(worker, last_name="Claes")
    page = http.get(reverse("clients:search") + "?query=claes").content.decode()
    assert "Claes" not in page


@pytest.mark.parametrize("size", [1, 6])
def test_search_runs_a_constant_number_of_queries(
    http: HttpClient, worker: User, django_assert_num_queries: DjangoAssertNumQueries, size: int
) -> None:
    for _ in range(size):
        client_of(worker, last_name="Janssens")
    # 1 session, 2 user, 3 roles (memberships), 4 the page of clients with their total, team and
    # current worker (subqueries), 5 the access-log rows of the clients shown (one insert).
    with django_assert_num_queries(5):
        page = _search(http, "janssens")
    assert page.count("<tr>") == size + 1  # + the header row


def test_search_pages_are_chosen_by_post(
    http: HttpClient, worker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(intake, "SEARCH_PAGE_SIZE", 4)
    for number in range(6):
        client_of(worker, last_name="Janssens", first_name=f"Kind{number:02d}")
    first = _search(http, "janssens")
    assert "pagina 1 van 2" in first
    assert first.count("<tr>") == 4 + 1
    second = _search(http, "janssens", page="2")
    assert "pagina 2 van 2" in second
    assert second.count("<tr>") == 2 + 1
    assert "Kind05" in second


def test_search_htmx_request_gets_only_the_results(http: HttpClient, worker: User) -> None:
    client_of(worker, last_name="Claes")
    response = http.post(
        reverse("clients:search"), {"query": "claes"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert 'id="search-results"' in page
    assert "Claes" in page
    assert "<html" not in page


# --- intake, step 1: search first ---------------------------------------------------------


def _lookup(http: HttpClient, **data: str) -> Any:
    return http.post(reverse("clients:intake"), data)


def test_lookup_finding_nothing_goes_on_with_what_was_typed(http: HttpClient) -> None:
    response = _lookup(http, national_number=NUMBER, last_name="", birth_date="")
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:intake_form")
    assert NUMBER not in response["Location"]
    page = http.get(response["Location"]).content.decode()
    assert "Geen cliëntdossier gevonden" in page
    assert 'value="85.07.30-034.' + NUMBER[-2:] + '"' in page
    # The number tells the birth date and sex.
    assert 'value="1985-07-30"' in page
    assert '<option value="F" selected>' in page


def test_lookup_with_a_bis_number_without_the_sex_leaves_the_sex_to_be_typed(
    http: HttpClient,
) -> None:
    number = _bis_number("852730033")  # 30/07/1985, month + 20: the sex was unknown
    _lookup(http, national_number=number, last_name="", birth_date="")
    page = http.get(reverse("clients:intake_form")).content.decode()
    assert 'value="1985-07-30"' in page
    assert posted(page, reverse("clients:intake_form"))["sex"] == ""


def test_lookup_by_name_and_birth_date_carries_them_over(http: HttpClient) -> None:
    _lookup(http, national_number="", last_name="El Amrani", birth_date="1985-07-30")
    page = http.get(reverse("clients:intake_form")).content.decode()
    assert 'value="El Amrani"' in page
    assert 'value="1985-07-30"' in page


def test_lookup_offers_the_visible_file_instead_of_a_duplicate(
    http: HttpClient, worker: User
) -> None:
    existing = client_of(worker, birth_date=BIRTH, national_number=NUMBER, last_name="Claes")
    response = _lookup(http, national_number=NUMBER)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Er bestaat al een cliëntdossier" in page
    assert reverse("clients:file", args=[existing.pk]) in page
    assert "Dit dossier openen" in page
    assert "iemand anders" not in page  # same national number: no second file possible


def test_lookup_of_another_teams_client_names_only_that_team(
    http: HttpClient, worker: User
) -> None:
    heule = WijkteamFactory.create(name="Heule")
    team_lead(heule, first_name="Koen", last_name="Maes")
    existing = client_of(
        social_worker(heule),
        birth_date=BIRTH,
        national_number=NUMBER,
        first_name="Wannes",
        last_name="Vermeersch",
    )
    page = _lookup(http, national_number=NUMBER).content.decode()
    assert "wijkteam Heule" in page
    assert "Koen Maes" in page
    assert "Vermeersch" not in page
    assert existing.first_name not in page
    assert existing.masked_national_number not in page
    assert reverse("clients:file", args=[existing.pk]) not in page
    log = AccessLog.objects.get(client=existing)
    assert (log.actor, log.action) == (worker, AccessLog.Action.VIEW)


def test_lookup_by_name_and_birth_date_lets_the_worker_go_on_for_someone_else(
    http: HttpClient, worker: User
) -> None:
    client_of(worker, birth_date=BIRTH, last_name="Claes")
    page = _lookup(http, last_name="claes", birth_date="1985-07-30").content.decode()
    assert "Er bestaat al een cliëntdossier" in page
    assert "Het is iemand anders" in page
    response = _lookup(http, last_name="claes", birth_date="1985-07-30", confirmed_new="1")
    assert response["Location"] == reverse("clients:intake_form")


def test_lookup_by_number_cannot_be_confirmed_as_someone_else(
    http: HttpClient, worker: User
) -> None:
    client_of(worker, birth_date=BIRTH, national_number=NUMBER)
    response = _lookup(http, national_number=NUMBER, confirmed_new="1")
    assert response.status_code == 200
    assert "Er bestaat al een cliëntdossier" in response.content.decode()


def test_lookup_needs_a_number_or_a_name_and_birth_date(http: HttpClient) -> None:
    page = _lookup(http, last_name="Claes").content.decode()
    assert "Vul het rijksregisternummer in, of de familienaam en de geboortedatum." in page
    assert 'value="Claes"' in page


def test_lookup_with_an_invalid_national_number_says_so_in_dutch(http: HttpClient) -> None:
    page = _lookup(http, national_number="85073003399").content.decode()
    assert "Dit is geen geldig rijksregister- of BIS-nummer" in page


def test_intake_form_needs_the_search_first(http: HttpClient) -> None:
    response = http.get(reverse("clients:intake_form"))
    assert response["Location"] == reverse("clients:intake")


def test_team_lead_does_no_intake(client: HttpClient, lead: User) -> None:
    assert login(client, lead).get(reverse("clients:intake")).status_code == 403


# --- intake, step 2: the guided form --------------------------------------------------------


def _form(
    *,
    members: list[dict[str, str]] | None = None,
    incomes: list[dict[str, str]] | None = None,
    **fields: str,
) -> dict[str, str]:
    data = {
        "national_number": NUMBER,
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "birth_date": "1985-07-30",
        "sex": "F",
        "phone": "0470 12 34 56",
        "email": "",
        "preferred_language": "nl",
        "residence_status": "belgian",
        "street": "Budastraat",
        "house_number": "12",
        "postcode": "8500",
        "municipality": "Kortrijk",
        "tenure": "private",
        "rent": "650,00",
        "social_housing_waiting_since": "",
        "heating_fuel": "gas",
        "disability_percent": "",
        "unfit_for_work_since": "",
        "unemployed_since": "",
        "leefloon_since": "",
        "debt_status": "none",
        "health_note": "",
        "team": "",
        "team_reason": "",
        **fields,
    }
    for prefix, rows in (("members", members or []), ("incomes", incomes or [])):
        data[f"{prefix}-TOTAL_FORMS"] = str(max(len(rows), 1))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    if not members:
        data["members-0-school_level"] = "none"  # an untouched empty row, as the browser sends it
    return data


CHILD = {
    "first_name": "Amir",
    "last_name": "El Amrani",
    "birth_date": "2015-03-02",
    "sex": "M",
    "relation": "child",
    "is_dependant": "on",
    "school_level": "primary",
    "recognised_flemish_school": "on",
    "disability_percent": "",
}
LEEFLOON = {
    "kind": "leefloon",
    "leefloon_category": "family",
    "net_monthly": "1.576,20",
    "gross_taxable_last_year": "",
}


@pytest.fixture
def looked_up(http: HttpClient) -> HttpClient:
    _lookup(http, national_number=NUMBER)
    return http


def _submit(http: HttpClient, data: dict[str, str]) -> Any:
    return http.post(reverse("clients:intake_form"), data)


def test_intake_registers_the_whole_file_in_one_go(
    looked_up: HttpClient, worker: User, routed: Wijkteam
) -> None:
    data = _form(
        members=[CHILD],
        incomes=[LEEFLOON],
        health_note="Diabetes; volgt behandeling.",
        open_debt_help="on",
        budget_management="true",
    )
    response = _submit(looked_up, data)
    client = Client.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:file", args=[client.pk])
    assert (client.team, client.rent, client.budget_management) == (routed, Decimal("650"), True)
    assert Assignment.objects.get(client=client).worker == worker
    member = HouseholdMember.objects.get(client=client)
    assert (member.first_name, member.is_dependant, member.school_level) == (
        "Amir",
        True,
        "primary",
    )
    income = Income.objects.get(client=client)
    assert (income.kind, income.leefloon_category) == ("leefloon", "family")
    assert income.net_monthly == Decimal("1576.20")
    assert income.member is None
    note = JournalEntry.objects.get(client=client)
    assert note.confidential
    assert note.text == "Diabetes; volgt behandeling."
    kinds = set(Trajectory.objects.filter(client=client).values_list("kind", flat=True))
    assert kinds == {"intake", "debt_help"}
    overview = looked_up.get(response["Location"]).content.decode()
    assert "Het cliëntdossier van Fatima El Amrani is geregistreerd" in overview
    assert intake.LOOKUP_SESSION_KEY not in looked_up.session


@pytest.mark.parametrize("stated", [True, False])
def test_the_intake_records_whether_household_and_incomes_are_complete(
    looked_up: HttpClient, worker: User, routed: Wijkteam, stated: bool
) -> None:
    """No income lines with the box ticked is "no income", with a date and an author; without
    it the household's income stays unknown."""
    data = _form()
    if stated:
        data["household_complete"] = "on"
    assert _submit(looked_up, data).status_code == 302
    client = Client.objects.get()
    assert Income.objects.count() == 0
    expected = (timezone.localdate(), worker) if stated else (None, None)
    assert (client.household_confirmed_on, client.household_confirmed_by) == expected
    assert (
        AccessLog.objects.filter(client=client, what_key=LOGGED_HOUSEHOLD_CONFIRMED).exists()
        == stated
    )


def test_the_intake_offers_to_state_the_household_complete(looked_up: HttpClient) -> None:
    html = looked_up.get(reverse("clients:intake_form")).content.decode()
    assert 'name="household_complete"' in html
    assert "sinds 1 januari vorig jaar" in html


def test_intake_skips_empty_rows(looked_up: HttpClient, routed: Wijkteam) -> None:
    _submit(looked_up, _form())
    assert HouseholdMember.objects.count() == 0
    assert Income.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"national_number": "85073003399"},
            "national_number",
            "Dit is geen geldig rijksregister- of BIS-nummer",
        ),
        (
            {"birth_date": (timezone.localdate() + dt.timedelta(days=2)).isoformat()},
            "birth_date",
            "Deze datum kan niet in de toekomst liggen.",
        ),
        ({"rent": "-5"}, "rent", "Een bedrag kan niet negatief zijn."),
        (
            {"leefloon_since": "1980-01-01"},
            "leefloon_since",
            "Deze datum kan niet vóór de geboortedatum liggen.",
        ),
        (
            {"unemployed_since": (timezone.localdate() + dt.timedelta(days=2)).isoformat()},
            "unemployed_since",
            "Deze datum kan niet in de toekomst liggen.",
        ),
    ],
)
def test_bad_client_input_is_refused_next_to_the_field_and_saves_nothing(
    looked_up: HttpClient,
    routed: Wijkteam,
    change: dict[str, str],
    field: str,
    message: str,
) -> None:
    before = _counts()
    response = _submit(looked_up, _form(members=[CHILD], incomes=[LEEFLOON], **change))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    page = response.content.decode()
    assert message in page
    # Everything typed is still there.
    assert 'value="Fatima"' in page
    assert 'value="Amir"' in page
    assert 'value="1.576,20"' in page
    assert _counts() == before


BIRTH_DATE_MISMATCH = "De geboortedatum komt niet overeen met het rijksregisternummer."
SEX_MISMATCH = "Het geslacht komt niet overeen met het rijksregisternummer."


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        ({"birth_date": "1985-07-31"}, {"birth_date": BIRTH_DATE_MISMATCH}),
        ({"birth_date": "1958-07-30"}, {"birth_date": BIRTH_DATE_MISMATCH}),
        ({"sex": "M"}, {"sex": SEX_MISMATCH}),
        (
            {"birth_date": "1985-07-31", "sex": "M"},
            {"birth_date": BIRTH_DATE_MISMATCH, "sex": SEX_MISMATCH},
        ),
        (
            {"national_number": national_number_for(dt.date(1985, 7, 31), 36)},
            {"birth_date": BIRTH_DATE_MISMATCH},
        ),
        ({"national_number": _bis_number("854730033")}, {"sex": SEX_MISMATCH}),
    ],
)
def test_what_the_national_number_contradicts_is_refused_next_to_the_field_and_saves_nothing(
    looked_up: HttpClient, routed: Wijkteam, change: dict[str, str], shown: dict[str, str]
) -> None:
    before = _counts()
    response = _submit(looked_up, _form(members=[CHILD], incomes=[LEEFLOON], **change))
    assert response.status_code == 200
    page = response.content.decode()
    for field, message in shown.items():
        assert field_error(page, field) == message
    assert field_error(page, "first_name") == ""
    # Everything typed is still there.
    kept = posted(page, reverse("clients:intake_form"))
    assert {name: kept[name] for name in change} == change
    assert (kept["first_name"], kept["members-0-first_name"], kept["incomes-0-net_monthly"]) == (
        "Fatima",
        "Amir",
        "1.576,20",
    )
    assert _counts() == before


def test_a_contradicted_birth_date_shows_at_once_with_the_other_errors(
    looked_up: HttpClient, routed: Wijkteam
) -> None:
    response = _submit(looked_up, _form(birth_date="1985-07-31", rent="-5"))
    page = response.content.decode()
    assert field_error(page, "birth_date") == BIRTH_DATE_MISMATCH
    assert field_error(page, "rent") == "Een bedrag kan niet negatief zijn."
    assert Client.objects.count() == 0


@pytest.mark.parametrize("sex", ["F", "M", "X"])
def test_a_bis_number_without_the_sex_takes_any_sex(
    looked_up: HttpClient, routed: Wijkteam, sex: str
) -> None:
    number = _bis_number("852730033")  # 30/07/1985, the sex was unknown
    response = _submit(looked_up, _form(national_number=number, sex=sex))
    assert response.status_code == 302
    assert Client.objects.get().sex == sex


def test_client_intake_refuses_what_the_national_number_contradicts(
    worker: User, routed: Wijkteam
) -> None:
    before = _counts()
    fields = {
        "national_number": NUMBER,
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "birth_date": BIRTH + dt.timedelta(days=1),
        "sex": "M",
        "postcode": "8500",
    }
    with pytest.raises(IntakeError) as error:
        client_intake(actor=worker, fields=fields, members=[], incomes=[])
    assert error.value.client_errors == {
        "birth_date": [BIRTH_DATE_MISMATCH],
        "sex": [SEX_MISMATCH],
    }
    assert _counts() == before


def test_negative_income_is_refused_in_its_row(looked_up: HttpClient, routed: Wijkteam) -> None:
    before = _counts()
    second = {**LEEFLOON, "kind": "wage", "leefloon_category": "", "net_monthly": "-10"}
    response = _submit(looked_up, _form(incomes=[LEEFLOON, second]))
    incomes = response.context["incomes"]
    assert incomes.errors[0] == {}
    assert incomes.errors[1]["net_monthly"] == ["Een bedrag kan niet negatief zijn."]
    assert 'value="-10"' in response.content.decode()
    assert _counts() == before


def test_member_born_in_the_future_is_refused_in_its_row(
    looked_up: HttpClient, routed: Wijkteam
) -> None:
    future = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    response = _submit(looked_up, _form(members=[{**CHILD, "birth_date": future}]))
    members = response.context["members"]
    assert members.errors[0]["birth_date"] == ["Deze datum kan niet in de toekomst liggen."]
    assert Client.objects.count() == 0


def test_postcode_no_team_covers_shows_the_error_and_a_team_choice(
    looked_up: HttpClient, routed: Wijkteam
) -> None:
    before = _counts()
    data = _form(members=[CHILD], postcode="9000", municipality="Gent", street="Veldstraat")
    response = _submit(looked_up, data)
    page = response.content.decode()
    assert "Geen enkel wijkteam dekt dit adres" in response.context["form"].errors["postcode"][0]
    assert 'name="team"' in page
    assert 'name="team_reason"' in page
    assert 'value="Veldstraat"' in page
    assert 'value="Amir"' in page
    assert _counts() == before

    without_reason = _submit(looked_up, {**data, "team": str(routed.pk)})
    assert without_reason.context["form"].errors["team_reason"]
    assert _counts() == before

    chosen = _submit(looked_up, {**data, "team": str(routed.pk), "team_reason": "Verhuist hier"})
    assert chosen.status_code == 302
    client = Client.objects.get()
    assert (client.team, client.team_override_reason) == (routed, "Verhuist hier")


def test_a_covered_address_shows_its_team_and_no_team_choice(
    looked_up: HttpClient, routed: Wijkteam
) -> None:
    response = _submit(looked_up, _form(check_team="1"))
    page = response.content.decode()
    assert "Dit adres hoort bij wijkteam Centrum." in page
    assert 'name="team"' not in page


def test_duplicate_national_number_from_the_service_shows_next_to_the_field(
    looked_up: HttpClient, worker: User, routed: Wijkteam
) -> None:
    client_of(worker, birth_date=BIRTH, national_number=NUMBER)
    before = _counts()
    response = _submit(looked_up, _form(members=[CHILD], incomes=[LEEFLOON]))
    errors = response.context["form"].errors["national_number"]
    assert errors == ["Er bestaat al een cliëntdossier met dit rijksregisternummer."]
    # Nothing saved; only the finding of the other file is logged (the test below).
    assert {**_counts(), "AccessLog": before["AccessLog"]} == before


def test_a_taken_national_number_at_the_intake_logs_the_file_it_found(
    looked_up: HttpClient, worker: User, routed: Wijkteam
) -> None:
    """The number typed on the form (not the search) is another file's: telling so is logged."""
    other = client_of(worker, birth_date=BIRTH, national_number=NUMBER)
    _submit(looked_up, _form(members=[CHILD], incomes=[LEEFLOON]))
    found = AccessLog.objects.get(client=other, action=AccessLog.Action.VIEW)
    assert (found.actor, found.what_key) == (worker, SEEN_NUMBER_TAKEN)


def test_service_errors_per_row_land_on_their_row(
    looked_up: HttpClient, routed: Wijkteam, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**kwargs: Any) -> Client:
        raise IntakeError(
            client={"phone": ["Bel eerst."]},
            members={1: {"relation": ["Kan niet."]}},
            incomes={0: {"kind": ["Ook niet."]}},
        )

    monkeypatch.setattr(intake, "client_intake", refuse)
    second = {**CHILD, "first_name": "Sara"}
    response = _submit(looked_up, _form(members=[CHILD, second], incomes=[LEEFLOON]))
    assert response.context["form"].errors["phone"] == ["Bel eerst."]
    members = response.context["members"]
    assert (members.errors[0], members.errors[1]["relation"]) == ({}, ["Kan niet."])
    assert response.context["incomes"].errors[0]["kind"] == ["Ook niet."]


def test_add_a_row_keeps_everything_typed_and_shows_no_errors(looked_up: HttpClient) -> None:
    data = _form(members=[CHILD], first_name="", add_member="1")
    response = _submit(looked_up, data)
    page = response.content.decode()
    assert response.context["members"].total_form_count() == 2
    assert 'name="members-1-first_name"' in page
    assert 'value="Amir"' in page
    assert "is-invalid" not in page  # the empty first name is not judged yet
    assert Client.objects.count() == 0


def test_which_team_by_htmx_returns_only_the_route(looked_up: HttpClient, routed: Wijkteam) -> None:
    response = looked_up.post(
        reverse("clients:intake_form"),
        _form(postcode="9000", check_team="1"),
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert "<form" not in page
    assert "Geen enkel wijkteam dekt dit adres" in page
    assert 'name="team_reason"' in page


# --- the intake service ---------------------------------------------------------------------


def test_client_intake_reports_every_error_at_once_and_saves_nothing(
    worker: User, routed: Wijkteam
) -> None:
    before = _counts()
    fields = {
        "national_number": NUMBER,
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "birth_date": BIRTH,
        "sex": "F",
        "postcode": "9000",
    }
    child = {
        "first_name": "Amir",
        "last_name": "El Amrani",
        "birth_date": timezone.localdate() + dt.timedelta(days=1),
        "sex": "M",
        "relation": "child",
    }
    income = {"kind": "wage", "net_monthly": Decimal("-1")}
    with pytest.raises(IntakeError) as error:
        client_intake(actor=worker, fields=fields, members=[child], incomes=[income])
    assert "postcode" in error.value.client_errors
    assert "birth_date" in error.value.member_errors[0]
    assert "net_monthly" in error.value.income_errors[0]
    assert "members.0.birth_date" in error.value.message_dict
    assert _counts() == before


def test_client_intake_drops_a_leefloon_category_on_another_income(
    worker: User, routed: Wijkteam
) -> None:
    fields = {
        "national_number": NUMBER,
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "birth_date": BIRTH,
        "sex": "F",
        "postcode": "8500",
    }
    income = {"kind": "wage", "leefloon_category": "single", "net_monthly": Decimal("1800")}
    client = client_intake(actor=worker, fields=fields, members=[], incomes=[income])
    assert Income.objects.get(client=client).leefloon_category == ""


def test_client_lookup_does_not_match_by_last_name_alone(worker: User) -> None:
    ClientFactory.create(last_name="Claes", birth_date=BIRTH)
    from clients.selectors import client_lookup

    assert client_lookup(user=worker, last_name="Claes") == []
    assert len(client_lookup(user=worker, last_name="CLAES", birth_date=BIRTH)) == 1
