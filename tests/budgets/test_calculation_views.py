"""The social worker's aid calculation screens: the client file's tab "financial aid", the live
calculation (recalculate, save), the what-if and a saved calculation read from its snapshot.

The test budget is easy to follow by hand (tests.factories.budget_version): every person cell is
10 euro and every household cell 100 euro, so a household of n people costs
8 x n x 10 + 5 x 100 plus the rent and the actual costs.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.models import AidCalculation, AidPolicy
from budgets.services.calculations import aid_calculation_save
from clients.models import AccessLog, Client, HouseholdMember, Income
from tests.conftest import login
from tests.factories import (
    HouseholdMemberFactory,
    IncomeFactory,
    WijkteamFactory,
    aid_calculations_forge,
    aid_policy,
    budget_version,
    client_of,
    social_worker,
)
from tests.test_permission_matrix import EDIT, MATRIX, READ
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 16)
MINUS = "\u2212"  # the minus sign of the what-if's explanation


@pytest.fixture(autouse=True)
def _today(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 3, 16, 10, 0, tzinfo=dt.UTC))


@pytest.fixture
def budgets(admin_user: User) -> None:
    budget_version(actor=admin_user, name="Referentiebudget 2026")
    aid_policy(actor=admin_user, name="Steunbeleid 2026")


@pytest.fixture
def client_file(worker: User) -> Client:
    """Fatima lives alone on a leefloon of 1.000 euro and pays 650 euro rent.
    Budget: 8 x 10 + 5 x 100 + 650 = 1.230; saldo -230; aid 230."""
    fatima = client_of(
        worker,
        first_name="Fatima",
        last_name="El Amrani",
        birth_date=dt.date(1987, 4, 12),
        rent=Decimal("650.00"),
        complete=True,
    )
    income(fatima, Income.Kind.LEEFLOON, "1000.00", leefloon_category="single")
    return fatima


@pytest.fixture
def colleague(team: Wijkteam) -> User:
    return social_worker(team, username="ma.collega", first_name="Jonas", last_name="Declercq")


def income(
    client: Client,
    kind: str,
    net: str,
    member: HouseholdMember | None = None,
    **fields: Any,
) -> Income:
    return IncomeFactory.create(
        client=client, member=member, kind=kind, net_monthly=Decimal(net), **fields
    )


def member(client: Client, first_name: str = "Amira", **fields: Any) -> HouseholdMember:
    defaults: dict[str, Any] = {
        "last_name": "El Amrani",
        "birth_date": dt.date(2014, 5, 2),
        "sex": "F",
        "relation": HouseholdMember.Relation.CHILD,
    }
    return HouseholdMemberFactory.create(
        client=client, first_name=first_name, **(defaults | fields)
    )


def as_user(user: User) -> HttpClient:
    return login(HttpClient(), user)


def url(name: str, client: Client, *args: int) -> str:
    return reverse(f"budgets:{name}", args=[client.pk, *args])


def main_of(response: Any) -> str:
    html: str = response.content.decode()
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def form_data(action: str = "recalculate", **changes: str) -> dict[str, str]:
    """The calculation form as the page prefills it for `client_file`, with `changes`."""
    data = {
        "on": TODAY.isoformat(),
        "rent": "650,00",
        "childcare": "",
        "school": "",
        "illness": "",
        "car": "",
        "note": "",
        "action": action,
    }
    return data | changes


def log_rows(client: Client, action: str) -> int:
    return AccessLog.objects.filter(client=client, action=action).count()


# --- who may open which page ----------------------------------------------------------------


def test_the_permission_matrix_has_the_calculation_pages() -> None:
    # tests/test_permission_matrix.py requests every page for every role with these rows.
    assert MATRIX["budgets:file_aid"] == READ
    assert MATRIX["budgets:calculation_detail"] == READ
    assert MATRIX["budgets:calculation_new"] == EDIT
    assert MATRIX["budgets:calculation_what_if"] == EDIT


def test_every_tab_of_the_file_links_to_financial_aid(colleague: User, client_file: Client) -> None:
    response = as_user(colleague).get(reverse("clients:file_household", args=[client_file.pk]))
    assert f'href="{url("file_aid", client_file)}">Financiële hulp</a>' in main_of(response)


# --- the tab ----------------------------------------------------------------------------------


def test_the_tab_lists_saved_calculations_with_their_figures_and_author(
    worker: User, client_file: Client, budgets: None
) -> None:
    calculation = aid_calculation_save(actor=worker, client=client_file, on=TODAY)
    page = main_of(as_user(worker).get(url("file_aid", client_file)))
    assert url("calculation_detail", client_file, calculation.pk) in page
    assert "16/03/2026" in page
    assert "Referentiebudget 2026" in page
    for amount in ["1.230,00", "1.000,00", "-230,00", "230,00"]:
        assert f"€&nbsp;{amount}" in page
    assert worker.get_full_name() in page
    assert 'id="aid-decisions"' in page


def test_only_editors_get_the_new_calculation_button(
    worker: User, colleague: User, lead: User, client_file: Client
) -> None:
    new = f'href="{url("calculation_new", client_file)}"'
    assert new in main_of(as_user(worker).get(url("file_aid", client_file)))
    assert new in main_of(as_user(lead).get(url("file_aid", client_file)))
    page = main_of(as_user(colleague).get(url("file_aid", client_file)))
    assert new not in page
    assert "Nog geen steunberekening opgeslagen." in page


@pytest.mark.parametrize("saved", [1, 30])
def test_the_tab_query_count_does_not_grow_with_calculations(
    worker: User,
    client_file: Client,
    budgets: None,
    saved: int,
    django_assert_num_queries: Any,
) -> None:
    for _ in range(saved):
        aid_calculation_save(actor=worker, client=client_file, on=TODAY)
    http = as_user(worker)
    # session, user, roles, client with its current assignment (which also says who may edit),
    # access log insert, count of calculations, the page of calculations (with version, policy
    # and author), the latest calculation, its household members and income lines (the notice of
    # changed incomes), the client's aid proposals and decisions
    with django_assert_num_queries(11):
        response = http.get(url("file_aid", client_file))
    assert len(response.context["page"]) == min(saved, 25)


def test_the_tab_pages_with_htmx_swap_only_the_list(
    worker: User, client_file: Client, budgets: None
) -> None:
    for _ in range(26):
        aid_calculation_save(actor=worker, client=client_file, on=TODAY)
    response = as_user(worker).get(
        url("file_aid", client_file), {"page": 2}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="aid-calculations">')
    assert "Pagina 2 van 2" in html


def test_opening_the_tab_is_logged_once(worker: User, client_file: Client) -> None:
    as_user(worker).get(url("file_aid", client_file))
    assert log_rows(client_file, AccessLog.Action.VIEW) == 1


# --- the live calculation -------------------------------------------------------------------


def test_the_calculation_page_shows_today_from_the_client_file(
    worker: User, client_file: Client, budgets: None
) -> None:
    member(client_file, "Amira")  # 11 years old: 8 x 2 x 10 + 5 x 100 + 650 = 1.310
    response = as_user(worker).get(url("calculation_new", client_file))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["on"].value() == TODAY
    assert form["rent"].value() == Decimal("650.00")
    result = response.context["shown"].result
    assert (result.reference_budget, result.available_income) == (Decimal(1310), Decimal(1000))
    assert (result.saldo, result.proposed_aid) == (Decimal(-310), Decimal(310))
    page = main_of(response)
    assert 'value="650,00"' in page
    assert "Referentiebudget 2026" in page
    assert "Steunbeleid 2026" in page
    assert "Amira El Amrani" in page
    assert "6 tot 11 jaar" in page
    assert "18 tot 64 jaar" in page
    assert "Huur (effectief betaald)" in page
    assert "Leefloon" in page
    assert "€&nbsp;310,00" in page
    assert AidCalculation.objects.count() == 0


def test_a_changed_cost_needs_a_reason_next_to_its_field(
    worker: User, client_file: Client, budgets: None
) -> None:
    response = as_user(worker).post(url("calculation_new", client_file), form_data(rent="700"))
    form = response.context["form"]
    assert form.errors == {"rent_reason": ["Geef aan waarom dit afwijkt van het cliëntdossier."]}
    assert response.context["shown"] is None
    assert 'value="700"' in main_of(response)  # what the worker typed stays


def test_recalculating_with_a_reason_shows_the_result_and_saves_nothing(
    worker: User, client_file: Client, budgets: None
) -> None:
    response = as_user(worker).post(
        url("calculation_new", client_file),
        form_data(
            rent="1.234,56",
            rent_reason="Nieuw huurcontract",
            illness="40,00",
            illness_reason="Diabetes",
        ),
    )
    shown = response.context["shown"]
    # 8 x 10 + 5 x 100 + 1.234,56 rent + 40 illness
    assert shown.result.reference_budget == Decimal("1854.56")
    page = main_of(response)
    assert "Nieuw huurcontract" in page
    assert "Diabetes" in page
    assert "ziektekosten €&nbsp;40,00" in page
    assert AidCalculation.objects.count() == 0
    assert log_rows(client_file, AccessLog.Action.CREATE) == 0


def test_saving_creates_one_calculation_and_one_log_row_and_opens_it(
    worker: User, client_file: Client, budgets: None
) -> None:
    http = as_user(worker)
    logged = AccessLog.objects.count()
    response = http.post(
        url("calculation_new", client_file),
        form_data("save", rent="700", rent_reason="Huurindexatie", note="Besproken op huisbezoek"),
    )
    calculation = AidCalculation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("calculation_detail", client_file, calculation.pk)
    assert AccessLog.objects.count() == logged + 1
    assert log_rows(client_file, AccessLog.Action.CREATE) == 1
    assert calculation.created_by == worker
    assert calculation.note == "Besproken op huisbezoek"
    assert calculation.inputs["reasons"] == {"rent": "Huurindexatie"}
    assert calculation.reference_budget == Decimal("1280.00")


def test_saving_with_a_missing_reason_saves_nothing(
    worker: User, client_file: Client, budgets: None
) -> None:
    response = as_user(worker).post(
        url("calculation_new", client_file), form_data("save", car_necessary="on", car="120")
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"car_necessary_reason", "car_reason"}
    assert AidCalculation.objects.count() == 0
    assert log_rows(client_file, AccessLog.Action.CREATE) == 0
    # The form shown again is a view of the file, as everywhere in the file.
    assert log_rows(client_file, AccessLog.Action.VIEW) == 1


def test_a_negative_amount_is_refused_as_typed(
    worker: User, client_file: Client, budgets: None
) -> None:
    response = as_user(worker).post(
        url("calculation_new", client_file), form_data("save", rent="-5", rent_reason="x")
    )
    assert response.context["form"].errors == {"rent": ["Een bedrag kan niet negatief zijn."]}
    assert AidCalculation.objects.count() == 0


def test_without_a_published_budget_a_dutch_message_shows_and_nothing_is_saved(
    worker: User, client_file: Client, admin_user: User
) -> None:
    aid_policy(actor=admin_user)
    budget_version(actor=admin_user, published=False)  # a draft does not count
    http = as_user(worker)
    message = "Er is geen gepubliceerd referentiebudget geldig op 16/03/2026."
    response = http.get(url("calculation_new", client_file))
    assert response.status_code == 200
    assert message in main_of(response)
    response = http.post(url("calculation_new", client_file), form_data("save"))
    assert response.status_code == 200
    assert response.context["problems"] == [message]
    assert AidCalculation.objects.count() == 0
    assert log_rows(client_file, AccessLog.Action.CREATE) == 0


def test_the_result_shows_income_the_policy_does_not_count_and_the_cap(
    worker: User, client_file: Client, admin_user: User
) -> None:
    budget_version(actor=admin_user)
    aid_policy(
        actor=admin_user,
        monthly_cap=Decimal("100.00"),
        excluded_income_kinds=[Income.Kind.GROEIPAKKET],
    )
    child = member(client_file, "Amira")
    income(client_file, Income.Kind.GROEIPAKKET, "180.00", member=child)
    response = as_user(worker).get(url("calculation_new", client_file))
    result = response.context["shown"].result
    assert result.available_income == Decimal("1000.00")
    assert result.capped
    assert result.proposed_aid == Decimal("100.00")
    page = main_of(response)
    assert "nee: het steunbeleid telt dit niet mee" in page
    assert "Het maximum van het beleid, € 100,00 per maand, werd toegepast." in page
    # What the household has to live on: every income, counted or not, and the aid.
    assert response.context["shown"].total_with_aid == Decimal("1280.00")


def test_the_result_says_when_the_aid_is_below_the_minimum(
    worker: User, client_file: Client, admin_user: User
) -> None:
    budget_version(actor=admin_user)
    aid_policy(actor=admin_user, minimum_amount=Decimal("250.00"))
    response = as_user(worker).get(url("calculation_new", client_file))
    assert response.context["shown"].result.proposed_aid == 0
    assert "onder het minimum van € 250,00" in main_of(response)


def test_the_result_says_when_the_aid_was_not_rounded_up_past_the_covered_share(
    worker: User, client_file: Client, admin_user: User
) -> None:
    budget_version(actor=admin_user)
    aid_policy(actor=admin_user, rounding=AidPolicy.Rounding.EURO_NEAREST)
    client_file.rent = Decimal("650.60")  # shortfall 230.60: the nearest euro, 231, is more
    client_file.save(update_fields=["rent"])
    response = as_user(worker).get(url("calculation_new", client_file))
    assert response.context["shown"].result.proposed_aid == Decimal("230.00")
    assert (
        "Naar beneden afgerond in plaats van op de dichtstbijzijnde euro: naar boven afronden "
        "zou meer betalen dan het gedekte deel van € 230,60."
    ) in main_of(response)


def test_a_whole_euro_share_says_nothing_about_rounding(
    worker: User, client_file: Client, admin_user: User
) -> None:
    budget_version(actor=admin_user)
    aid_policy(actor=admin_user, rounding=AidPolicy.Rounding.EURO_NEAREST)
    response = as_user(worker).get(url("calculation_new", client_file))
    assert response.context["shown"].result.proposed_aid == Decimal("230.00")
    assert "Naar beneden afgerond" not in main_of(response)


def test_the_calculation_page_query_count_does_not_grow_with_the_household(
    worker: User, client_file: Client, budgets: None
) -> None:
    http = as_user(worker)

    def queries_for(members: int) -> int:
        HouseholdMember.objects.filter(client=client_file).delete()
        for n in range(members):
            child = member(client_file, f"Kind{n}")
            income(client_file, Income.Kind.GROEIPAKKET, "150.00", member=child)
        with CaptureQueriesContext(connection) as queries:
            response = http.get(url("calculation_new", client_file))
        assert len(response.context["shown"].persons) == members + 1
        return len(queries)

    assert queries_for(1) == queries_for(5)


# --- what-if --------------------------------------------------------------------------------


def test_what_if_a_job_keeps_part_of_the_leefloon_and_shows_whether_working_pays(
    worker: User, client_file: Client, budgets: None
) -> None:
    # The policy's exemption is 309.48: 1,000.00 - (1,100.00 - 309.48) = 209.48 of leefloon
    # stays, so the household has 1,309.48, above the budget of 1,230.
    response = as_user(worker).get(
        url("calculation_what_if", client_file), {"job_person": "client", "job_wage": "1.100,00"}
    )
    compared = response.context["compared"]
    figures = {row.label: (row.current, row.what_if) for row in compared.figures}
    assert figures["Beschikbaar inkomen"] == (Decimal(1000), Decimal("1309.48"))
    assert figures["Voorgestelde steun"] == (Decimal(230), Decimal(0))
    assert figures["Totaal inkomen met steun"] == (Decimal(1230), Decimal("1309.48"))
    changes = [(c.row.kind, c.row.amount, c.added, c.before) for c in compared.incomes]
    assert changes == [
        ("leefloon", Decimal("209.48"), False, Decimal(1000)),
        ("loon", Decimal(1100), True, None),
    ]
    page = main_of(response)
    assert (
        f"Leefloon van Fatima El Amrani blijft: 1.000,00 {MINUS} (1.100,00 {MINUS} 309,48 "
        "vrijgesteld) = 209,48."
    ) in page
    assert "verandert, was € 1.000,00" in page
    assert "art. 35 KB 11 juli 2002" in page
    assert "Huidige situatie" in page
    assert "Totaal inkomen met steun" in page


def test_what_if_a_job_uses_the_exemption_of_the_policy_in_force(
    worker: User, client_file: Client, admin_user: User
) -> None:
    budget_version(actor=admin_user)
    aid_policy(actor=admin_user, valid_from=dt.date(2020, 1, 1), spi_exemption=Decimal("100.00"))
    aid_policy(actor=admin_user, valid_from=dt.date(2026, 1, 1), spi_exemption=Decimal("250.00"))
    response = as_user(worker).get(
        url("calculation_what_if", client_file), {"job_person": "client", "job_wage": "1000"}
    )
    assert (
        f"Leefloon van Fatima El Amrani blijft: 1.000,00 {MINUS} (1.000,00 {MINUS} 250,00 "
        "vrijgesteld) = 250,00."
    ) in main_of(response)


@pytest.mark.parametrize(
    ("wage", "explanation"),
    [
        (
            "300",
            "Leefloon van Fatima El Amrani blijft volledig (1.000,00): het loon van 300,00 valt "
            "binnen de vrijstelling van 309,48.",
        ),
        (
            "1600",
            f"Leefloon van Fatima El Amrani stopt: het loon min de vrijstelling (1.600,00 {MINUS} "
            "309,48 = 1.290,52) is minstens het leefloon van 1.000,00.",
        ),
    ],
)
def test_what_if_a_job_says_when_the_leefloon_stays_whole_or_stops(
    worker: User, client_file: Client, budgets: None, wage: str, explanation: str
) -> None:
    response = as_user(worker).get(
        url("calculation_what_if", client_file), {"job_person": "client", "job_wage": wage}
    )
    assert explanation in main_of(response)


def test_what_if_a_job_stops_the_unemployment_benefit_of_a_client_without_leefloon(
    worker: User, client_file: Client, budgets: None
) -> None:
    Income.objects.filter(client=client_file).update(
        kind=Income.Kind.UNEMPLOYMENT, leefloon_category=""
    )
    response = as_user(worker).get(
        url("calculation_what_if", client_file), {"job_person": "client", "job_wage": "1400"}
    )
    changes = [(c.row.kind, c.added) for c in response.context["compared"].incomes]
    assert changes == [("werkloosheidsuitkering", False), ("loon", True)]
    page = main_of(response)
    assert (
        "Fatima El Amrani ontvangt geen leefloon: de vrijstelling voor socio-professionele "
        "integratie geldt niet."
    ) in page
    assert (
        "Werkloosheidsuitkering van Fatima El Amrani stopt (1.000,00): een job vervangt die."
    ) in page
    assert "art. 35 KB" not in page


def test_what_if_someone_moves_out_and_the_rent_changes(
    worker: User, client_file: Client, budgets: None
) -> None:
    partner = member(
        client_file, "Karim", birth_date=dt.date(1985, 1, 1), relation="partner", sex="M"
    )
    income(client_file, Income.Kind.WAGE, "900.00", member=partner)
    response = as_user(worker).get(
        url("calculation_what_if", client_file),
        {"moves_out": f"member-{partner.pk}", "rent": "500"},
    )
    compared = response.context["compared"]
    assert compared.moved_out == ["Karim El Amrani"]
    lines = {row.label: row.difference for row in compared.lines}
    assert lines["huur (effectief betaald)"] == Decimal("-150.00")
    assert lines["voeding"] == Decimal("-10.00")
    assert [(c.row.who, c.added) for c in compared.incomes] == [("Karim El Amrani", False)]


def test_what_if_saves_nothing_and_logs_one_view(
    worker: User, client_file: Client, budgets: None
) -> None:
    calculations, created = AidCalculation.objects.count(), log_rows(client_file, "create")
    as_user(worker).get(url("calculation_what_if", client_file), {"rent": "900"})
    assert AidCalculation.objects.count() == calculations
    assert log_rows(client_file, AccessLog.Action.CREATE) == created
    assert log_rows(client_file, AccessLog.Action.VIEW) == 1


def test_what_if_without_changes_shows_today_and_asks_for_a_change(
    worker: User, client_file: Client, budgets: None
) -> None:
    http = as_user(worker)
    first = http.get(url("calculation_what_if", client_file))
    assert first.context["compared"] is None
    assert first.context["current"].result.proposed_aid == Decimal(230)
    assert not first.context["form"].is_bound
    empty = http.get(url("calculation_what_if", client_file), {"rent": ""})
    assert "Geef minstens één wijziging in" in main_of(empty)


def test_what_if_a_wage_needs_a_person(worker: User, client_file: Client, budgets: None) -> None:
    response = as_user(worker).get(url("calculation_what_if", client_file), {"job_wage": "1000"})
    assert response.context["form"].errors == {"job_person": ["Kies wie de job begint."]}
    assert response.context["compared"] is None


def test_what_if_answers_only_get(worker: User, client_file: Client, budgets: None) -> None:
    assert as_user(worker).post(url("calculation_what_if", client_file)).status_code == 405


# --- a saved calculation --------------------------------------------------------------------


def test_a_saved_calculation_shows_its_snapshot_after_the_file_changes(
    worker: User, colleague: User, client_file: Client, budgets: None
) -> None:
    calculation = aid_calculation_save(
        actor=worker, client=client_file, on=TODAY, note="Eerste berekening"
    )
    client_file.rent = Decimal("900.00")
    client_file.save()
    Income.objects.filter(client=client_file).update(net_monthly=Decimal("1500.00"))
    income(client_file, Income.Kind.MAINTENANCE, "75.00")
    member(client_file, "Amira")

    response = as_user(colleague).get(url("calculation_detail", client_file, calculation.pk))
    result = response.context["shown"].result
    assert (result.reference_budget, result.available_income) == (Decimal(1230), Decimal(1000))
    # The notice of changed incomes names the file's new amounts (tests/budgets/
    # test_income_changes.py); the snapshot itself shows none of them.
    notice_start = '<div class="alert alert-warning" role="note" id="inkomens-gewijzigd"'
    before, notice_and_rest = main_of(response).split(notice_start, 1)
    page = before + notice_and_rest.split("</div>", 1)[1]
    assert "€&nbsp;650,00" in page
    assert "€&nbsp;900,00" not in page
    assert "€&nbsp;1.000,00" in page
    assert "€&nbsp;1.500,00" not in page
    assert "Amira" not in page
    assert "Onderhoudsgeld" not in page
    assert "Eerste berekening" in page
    assert worker.get_full_name() in page
    assert "Referentiebudget 2026" in page
    assert "Steunbeleid 2026" in page
    assert 'id="aid-proposal-actions"' in page


def test_a_saved_calculation_is_read_from_the_snapshot_only(
    worker: User, client_file: Client, budgets: None
) -> None:
    calculation = aid_calculation_save(actor=worker, client=client_file, on=TODAY)
    calculation.breakdown["proposed_aid"] = "999.99"  # not what a recomputation would give
    aid_calculations_forge(
        AidCalculation.objects.filter(pk=calculation.pk), breakdown=calculation.breakdown
    )
    response = as_user(worker).get(url("calculation_detail", client_file, calculation.pk))
    assert response.context["shown"].result.proposed_aid == Decimal("999.99")


def test_a_snapshot_saved_before_the_rounding_rule_shows_its_rounded_up_aid(
    worker: User, client_file: Client, admin_user: User
) -> None:
    budget_version(actor=admin_user)
    aid_policy(actor=admin_user, rounding=AidPolicy.Rounding.EURO_NEAREST)
    client_file.rent = Decimal("650.60")
    client_file.save(update_fields=["rent"])
    calculation = aid_calculation_save(actor=worker, client=client_file, on=TODAY)
    # As the code before the rule saved it: rounded up past the covered share, no flag.
    old = calculation.breakdown
    del old["policy"]["spi_exemption"]
    del old["not_rounded_up"]
    old["proposed_aid"] = "231.00"
    aid_calculations_forge(AidCalculation.objects.filter(pk=calculation.pk), breakdown=old)
    response = as_user(worker).get(url("calculation_detail", client_file, calculation.pk))
    result = response.context["shown"].result
    assert (result.covered, result.proposed_aid) == (Decimal("230.60"), Decimal("231.00"))
    assert not result.not_rounded_up
    assert result.policy.spi_exemption is None
    assert "Naar beneden afgerond" not in main_of(response)


def test_a_calculation_of_another_client_is_not_found(
    worker: User, client_file: Client, budgets: None
) -> None:
    other = client_of(worker, complete=True)
    calculation = aid_calculation_save(actor=worker, client=other, on=TODAY)
    response = as_user(worker).get(url("calculation_detail", client_file, calculation.pk))
    assert response.status_code == 404


def test_an_outsider_does_not_find_the_saved_calculation(
    worker: User, client_file: Client, budgets: None
) -> None:
    calculation = aid_calculation_save(actor=worker, client=client_file, on=TODAY)
    outsider = social_worker(WijkteamFactory.create(name="Heule"))
    response = as_user(outsider).get(url("calculation_detail", client_file, calculation.pk))
    assert response.status_code == 404
    assert not AccessLog.objects.filter(actor=outsider).exists()


def test_a_saved_calculation_names_when_the_household_was_confirmed(
    worker: User, client_file: Client, budgets: None
) -> None:
    Client.objects.filter(pk=client_file.pk).update(household_confirmed_on=dt.date(2026, 1, 6))
    client_file.refresh_from_db()
    calculation = aid_calculation_save(actor=worker, client=client_file, on=TODAY)
    assert calculation.inputs["confirmed_on"] == "2026-01-06"
    page = main_of(as_user(worker).get(url("calculation_detail", client_file, calculation.pk)))
    assert "als volledig bevestigd op 06/01/2026" in page


@pytest.mark.parametrize(
    ("unknown", "message"),
    [
        ({"household_confirmed_on": None}, "niet als volledig bevestigd"),
        # Made in 2024, it covers incomes up to 2024 only: too old on 16/03/2026.
        ({"household_confirmed_on": dt.date(2024, 12, 31)}, "te lang geleden voor deze datum"),
        ({"rent": None}, "De huur is niet geregistreerd"),
        ({"rent": None, "tenure": Client.Tenure.UNKNOWN}, "De huur is niet geregistreerd"),
    ],
)
def test_no_aid_is_saved_from_an_unknown_income_or_rent(
    worker: User, client_file: Client, budgets: None, unknown: dict[str, Any], message: str
) -> None:
    """Unknown is not zero: the live page calls the result provisional and says why; saving
    is refused with the same reason."""
    Client.objects.filter(pk=client_file.pk).update(**unknown)
    client_file.refresh_from_db()
    http = as_user(worker)
    page = main_of(http.get(url("calculation_new", client_file)))
    assert "Voorlopig" in page
    assert message in page
    with pytest.raises(ValidationError) as raised:
        aid_calculation_save(actor=worker, client=client_file, on=TODAY)
    assert any(message in text for text in raised.value.messages)
    assert not AidCalculation.objects.exists()


def test_an_owner_without_rent_is_not_unknown(
    worker: User, client_file: Client, budgets: None
) -> None:
    Client.objects.filter(pk=client_file.pk).update(rent=None, tenure=Client.Tenure.OWNER)
    client_file.refresh_from_db()
    assert aid_calculation_save(actor=worker, client=client_file, on=TODAY).saldo is not None
