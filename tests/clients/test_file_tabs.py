"""The client file's tabs household and income, trajectories, journal and access history, and the
transfer page: what each role sees and may do, bad input, the access log and the query counts."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients.log_actions import LOGGED_HOUSEHOLD_CONFIRMED
from clients.models import (
    AccessLog,
    Assignment,
    Client,
    Debt,
    HouseholdMember,
    Income,
    JournalEntry,
    Trajectory,
    TrajectoryEvent,
    TrajectoryStep,
)
from clients.selectors import (
    NO_DEBTS,
    TIMELINE_LENGTH,
    debt_totals,
    debt_totals_of,
    prefetched_timeline,
    trajectories_for,
    transfer_candidates,
)
from tests.conftest import TODAY, login
from tests.factories import (
    DebtFactory,
    HouseholdMemberFactory,
    IncomeFactory,
    JournalEntryFactory,
    TrajectoryEventFactory,
    TrajectoryFactory,
    TrajectoryStepFactory,
    WijkteamFactory,
    client_of,
    social_worker,
    team_lead,
)
from wijkteams.models import User, Wijkteam

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


@pytest.fixture
def client_file(worker: User) -> Client:
    return client_of(worker, first_name="Fatima", last_name="El Amrani")


@pytest.fixture
def colleague(team: Wijkteam) -> User:
    return social_worker(team, username="ma.collega", first_name="Jonas", last_name="Declercq")


@pytest.fixture
def outsider(db: None) -> User:
    return social_worker(WijkteamFactory.create(name="Heule"), username="ma.heule")


def as_user(user: User) -> HttpClient:
    return login(HttpClient(), user)


def url(name: str, client: Client, *args: int | str) -> str:
    return reverse(f"clients:{name}", args=[client.pk, *args])


def main_of(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def views_logged(client: Client) -> int:
    return AccessLog.objects.filter(client=client, action=AccessLog.Action.VIEW).count()


def member(client: Client, **fields: Any) -> HouseholdMember:
    defaults: dict[str, Any] = {
        "first_name": "Amira",
        "last_name": "El Amrani",
        "birth_date": dt.date(2014, 5, 2),
        "sex": "F",
        "relation": HouseholdMember.Relation.CHILD,
        "is_dependant": True,
        "school_level": HouseholdMember.SchoolLevel.PRIMARY,
        "recognised_flemish_school": True,
    }
    return HouseholdMemberFactory.create(client=client, **(defaults | fields))


def trajectory(client: Client, kind: str = Trajectory.Kind.DEBT_HELP, **fields: Any) -> Trajectory:
    worker = client.assignments.get(ended_at__isnull=True).worker
    defaults: dict[str, Any] = {"opened_on": TODAY - dt.timedelta(days=30), "created_by": worker}
    if kind == Trajectory.Kind.DEBT_HELP:
        defaults["debt_help_type"] = Trajectory.DebtHelpType.BUDGET_GUIDANCE
    return TrajectoryFactory.create(client=client, kind=kind, **(defaults | fields))


def entry(client: Client, **fields: Any) -> JournalEntry:
    author = client.assignments.get(ended_at__isnull=True).worker
    defaults: dict[str, Any] = {
        "occurred_on": TODAY - dt.timedelta(days=1),
        "kind": JournalEntry.Kind.PHONE,
        "text": "Telefonisch contact.",
        "author": author,
    }
    return JournalEntryFactory.create(client=client, **(defaults | fields))


# --- who may open which page ------------------------------------------------------------------

READ_PAGES = ["file_household", "file_trajectories", "file_journal", "file_transfer"]


@pytest.mark.parametrize("page", READ_PAGES)
@pytest.mark.parametrize(
    ("who", "status"),
    [("worker", 200), ("colleague", 200), ("lead", 200), ("outsider", 404), ("admin_user", 403)],
)
def test_who_opens_the_tabs(
    request: pytest.FixtureRequest, client_file: Client, page: str, who: str, status: int
) -> None:
    user = request.getfixturevalue(who)
    assert as_user(user).get(url(page, client_file)).status_code == status


@pytest.mark.parametrize("page", [*READ_PAGES, "file_access"])
def test_anonymous_users_are_sent_to_the_login_page(client_file: Client, page: str) -> None:
    response = HttpClient().get(url(page, client_file))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("member_add", []),
        ("income_add", []),
        ("trajectory_open", ["debt_help"]),
        ("journal_add", []),
        ("file_transfer", []),
    ],
)
def test_a_colleague_reads_but_may_not_change(
    colleague: User, client_file: Client, name: str, args: list[str]
) -> None:
    response = as_user(colleague).post(url(name, client_file, *args), {})
    assert response.status_code == 403
    assert not AccessLog.objects.filter(client=client_file, action=AccessLog.Action.CHANGE)


@pytest.mark.parametrize(
    "page", ["file_household", "file_trajectories", "file_journal", "file_transfer"]
)
def test_read_only_users_get_no_forms(colleague: User, client_file: Client, page: str) -> None:
    trajectory(client_file)
    html = as_user(colleague).get(url(page, client_file)).content.decode()
    assert 'method="post"' not in main_of(html)


@pytest.mark.parametrize("page", [*READ_PAGES, "file_access"])
def test_every_get_logs_exactly_one_view(lead: User, client_file: Client, page: str) -> None:
    as_user(lead).get(url(page, client_file))
    log = AccessLog.objects.get(client=client_file)
    assert (log.actor, log.action) == (lead, AccessLog.Action.VIEW)


def test_every_edit_page_logs_exactly_one_view(worker: User, client_file: Client) -> None:
    child = member(client_file)
    income = IncomeFactory.create(client=client_file, kind="wage", net_monthly=Decimal(10))
    debt_help = trajectory(client_file)
    debt = DebtFactory.create(
        trajectory=debt_help, creditor="Fluvius", original_amount=1, outstanding_amount=1
    )
    pages = [
        url("member_edit", client_file, child.pk),
        url("income_edit", client_file, income.pk),
        url("trajectory_edit", client_file, debt_help.pk),
        url("debt_edit", client_file, debt_help.pk, debt.pk),
    ]
    http = as_user(worker)
    for logged, page in enumerate(pages, start=1):
        assert http.get(page).status_code == 200
        assert views_logged(client_file) == logged
    assert not AccessLog.objects.exclude(action=AccessLog.Action.VIEW).exists()


def test_edit_pages_of_another_clients_rows_are_not_found(
    worker: User, client_file: Client
) -> None:
    other = client_of(worker)
    child = member(other)
    income = IncomeFactory.create(client=other, kind="wage", net_monthly=Decimal(10))
    debt_help = trajectory(other)
    http = as_user(worker)
    assert http.get(url("member_edit", client_file, child.pk)).status_code == 404
    assert http.get(url("income_edit", client_file, income.pk)).status_code == 404
    assert http.get(url("trajectory_edit", client_file, debt_help.pk)).status_code == 404
    assert http.post(url("step_add", client_file, debt_help.pk), {}).status_code == 404


# --- household and income ---------------------------------------------------------------------


def test_household_shows_members_incomes_per_person_and_the_total(
    worker: User, client_file: Client
) -> None:
    child = member(client_file, disability_percent=66)
    IncomeFactory.create(
        client=client_file,
        kind=Income.Kind.LEEFLOON,
        leefloon_category=Income.LeefloonCategory.FAMILY,
        net_monthly=Decimal("1640.83"),
        gross_taxable_last_year=Decimal("19689.96"),
        starts_on=dt.date(2025, 9, 1),
    )
    IncomeFactory.create(
        client=client_file, member=child, kind=Income.Kind.GROEIPAKKET, net_monthly=Decimal("186")
    )
    html = as_user(worker).get(url("file_household", client_file)).content.decode()
    assert "Amira El Amrani" in html
    assert "02/05/2014" in html
    assert ">11<" in html  # her age on 16 March 2026
    assert "Kind" in html  # relation
    assert "66%" in html
    assert "Leefloon" in html
    assert "met gezin" in html
    assert "€&nbsp;1.640,83" in html
    assert "€&nbsp;19.689,96" in html
    assert "01/09/2025" in html
    assert "Groeipakket" in html
    assert '<strong id="totaal-netto">€&nbsp;1.826,83</strong>' in html


def test_worker_adds_a_household_member(worker: User, client_file: Client) -> None:
    response = as_user(worker).post(
        url("member_add", client_file),
        {
            "member-first_name": "Youssef",
            "member-last_name": "El Amrani",
            "member-birth_date": "2012-11-03",
            "member-sex": "M",
            "member-relation": "child",
            "member-is_dependant": "on",
            "member-school_level": "secondary",
            "member-recognised_flemish_school": "on",
        },
    )
    assert response.status_code == 302
    added = HouseholdMember.objects.get(client=client_file)
    assert (added.first_name, added.birth_date) == ("Youssef", dt.date(2012, 11, 3))
    assert added.is_dependant
    assert AccessLog.objects.filter(client=client_file, action=AccessLog.Action.CHANGE).exists()


def test_member_born_in_the_future_is_refused_and_the_typing_kept(
    worker: User, client_file: Client
) -> None:
    response = as_user(worker).post(
        url("member_add", client_file),
        {
            "member-first_name": "Nog",
            "member-last_name": "Ongeboren",
            "member-birth_date": "2026-03-17",
            "member-sex": "X",
            "member-relation": "child",
            "member-school_level": "none",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Deze datum kan niet in de toekomst liggen." in html
    assert 'value="Ongeboren"' in html
    assert 'value="2026-03-17"' in html
    assert not HouseholdMember.objects.exists()


def test_a_refused_form_shown_again_is_logged_as_a_view(worker: User, client_file: Client) -> None:
    as_user(worker).post(url("member_add", client_file), {"member-first_name": "Nog"})
    assert views_logged(client_file) == 1


def test_htmx_gets_only_the_form_back_with_its_errors(worker: User, client_file: Client) -> None:
    response = as_user(worker).post(
        url("income_add", client_file),
        {"income-kind": "wage", "income-net_monthly": "-5"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="income-form">')
    assert "Een bedrag kan niet negatief zijn." in html


def test_negative_income_is_refused_next_to_the_field(worker: User, client_file: Client) -> None:
    response = as_user(worker).post(
        url("income_add", client_file),
        {"income-kind": "wage", "income-net_monthly": "-1.250,00", "income-starts_on": ""},
    )
    html = response.content.decode()
    assert "Een bedrag kan niet negatief zijn." in html
    assert 'value="-1.250,00"' in html
    assert not Income.objects.exists()


def test_leefloon_category_on_another_income_is_refused(worker: User, client_file: Client) -> None:
    response = as_user(worker).post(
        url("income_add", client_file),
        {
            "income-kind": "wage",
            "income-leefloon_category": "single",
            "income-net_monthly": "1.850,25",
        },
    )
    assert "Alleen een leefloon heeft een categorie" in response.content.decode()
    assert not Income.objects.exists()


def test_worker_adds_a_members_income_typed_the_belgian_way(
    worker: User, client_file: Client
) -> None:
    partner = member(client_file, relation="partner", birth_date=dt.date(1984, 1, 9))
    response = as_user(worker).post(
        url("income_add", client_file),
        {
            "income-member": str(partner.pk),
            "income-kind": "wage",
            "income-net_monthly": "1.850,25",
            "income-gross_taxable_last_year": "26.400",
        },
    )
    assert response.status_code == 302
    income = Income.objects.get()
    assert (income.member, income.net_monthly) == (partner, Decimal("1850.25"))
    assert income.gross_taxable_last_year == Decimal("26400")


def test_an_income_cannot_name_another_clients_member(worker: User, client_file: Client) -> None:
    stranger = member(client_of(worker))
    response = as_user(worker).post(
        url("income_add", client_file),
        {"income-member": str(stranger.pk), "income-kind": "wage", "income-net_monthly": "10"},
    )
    assert response.status_code == 200
    assert not Income.objects.exists()


def test_lead_changes_a_member_and_removes_an_income(lead: User, client_file: Client) -> None:
    child = member(client_file)
    income = IncomeFactory.create(client=client_file, kind="wage", net_monthly=Decimal(10))
    http = as_user(lead)
    page = http.get(url("member_edit", client_file, child.pk))
    assert 'value="Amira"' in page.content.decode()
    data = {
        "member-first_name": "Amira",
        "member-last_name": "El Amrani",
        "member-birth_date": "2014-05-02",
        "member-sex": "F",
        "member-relation": "child",
        "member-school_level": "secondary",
        "loaded-version": "1",
    }
    assert http.post(url("member_edit", client_file, child.pk), data).status_code == 302
    child.refresh_from_db()
    assert child.school_level == "secondary"
    assert not child.is_dependant
    assert http.post(url("income_remove", client_file, income.pk)).status_code == 302
    assert not Income.objects.exists()


def test_removing_a_member_removes_their_incomes(worker: User, client_file: Client) -> None:
    child = member(client_file)
    IncomeFactory.create(client=client_file, member=child, kind="groeipakket", net_monthly=186)
    response = as_user(worker).post(url("member_remove", client_file, child.pk))
    assert response.status_code == 302
    assert not HouseholdMember.objects.exists()
    assert not Income.objects.exists()


def test_income_edit_shows_the_amount_in_belgian_format(worker: User, client_file: Client) -> None:
    income = IncomeFactory.create(client=client_file, kind="wage", net_monthly=Decimal("1850.25"))
    html = as_user(worker).get(url("income_edit", client_file, income.pk)).content.decode()
    assert 'value="1850,25"' in html


def test_an_unconfirmed_household_says_its_income_is_unknown(
    worker: User, client_file: Client
) -> None:
    html = as_user(worker).get(url("file_household", client_file)).content.decode()
    assert "niet als volledig bevestigd" in html
    assert "onbekend, niet 0" in html
    assert "de cliënt woont alleen, of het gezin is nog niet ingevuld" in html


def test_worker_confirms_the_household_complete_with_date_and_author(
    worker: User, client_file: Client
) -> None:
    http = as_user(worker)
    response = http.post(url("household_confirm", client_file), {"complete": "1"})
    assert response.status_code == 302
    client_file.refresh_from_db()
    assert (client_file.household_confirmed_on, client_file.household_confirmed_by) == (
        TODAY,
        worker,
    )
    assert client_file.version == 1  # not an edit of the record: nobody's edit conflicts
    log = AccessLog.objects.filter(client=client_file, action=AccessLog.Action.CHANGE).get()
    assert log.what_key == LOGGED_HOUSEHOLD_CONFIRMED
    html = http.get(response["Location"]).content.decode()
    assert f"volledig bevestigd op 16/03/2026 door {worker.get_full_name()}" in html
    assert "Geen gezinsleden: de cliënt woont alleen." in html


@pytest.mark.parametrize(
    ("confirmed_on", "current"),
    [
        # Today is 16/03/2026: a confirmation tells last year's (2025) incomes if made in 2025
        # or later; one of 2024 covers 2023 and 2024 only.
        (dt.date(2025, 1, 1), True),
        (dt.date(2024, 12, 31), False),
    ],
)
def test_a_confirmation_too_old_for_last_year_asks_to_confirm_again(
    worker: User, client_file: Client, confirmed_on: dt.date, current: bool
) -> None:
    Client.objects.filter(pk=client_file.pk).update(
        household_confirmed_on=confirmed_on, household_confirmed_by=worker
    )
    html = as_user(worker).get(url("file_household", client_file)).content.decode()
    day = confirmed_on.strftime("%d/%m/%Y")
    assert f"volledig bevestigd op {day} door {worker.get_full_name()}" in html
    assert ("te lang geleden" in html) is not current
    assert ("onbekend, niet 0" in html) is not current
    assert ("Geen gezinsleden: de cliënt woont alleen." in html) is current
    assert (url("household_confirm", client_file) in html) is True  # confirm anew, or withdraw


def test_lead_withdraws_the_confirmation(lead: User, worker: User, client_file: Client) -> None:
    Client.objects.filter(pk=client_file.pk).update(
        household_confirmed_on=TODAY, household_confirmed_by=worker
    )
    response = as_user(lead).post(url("household_confirm", client_file), {"complete": "0"})
    assert response.status_code == 302
    client_file.refresh_from_db()
    assert (client_file.household_confirmed_on, client_file.household_confirmed_by) == (None, None)


def test_a_colleague_cannot_confirm_the_household(colleague: User, client_file: Client) -> None:
    response = as_user(colleague).post(url("household_confirm", client_file), {"complete": "1"})
    assert response.status_code == 403
    client_file.refresh_from_db()
    assert client_file.household_confirmed_on is None


def _household_data(client: Client, size: int) -> None:
    for n in range(size):
        person = member(client, first_name=f"Kind {n}")
        IncomeFactory.create(client=client, member=person, kind="groeipakket", net_monthly=186)
        IncomeFactory.create(client=client, kind="other", net_monthly=n)


@pytest.mark.parametrize("size", [1, 6])
def test_household_runs_a_fixed_number_of_queries(
    worker: User, client_file: Client, size: int, django_assert_num_queries: Any
) -> None:
    _household_data(client_file, size)
    http = as_user(worker)
    # session, user, roles, client with its current assignment (which also says who may edit),
    # access log insert, members, incomes, the members again for the income form's choices
    with django_assert_num_queries(8):
        assert http.get(url("file_household", client_file)).status_code == 200


# --- trajectories -----------------------------------------------------------------------------


def test_trajectories_show_steps_with_overdue_marked_and_a_newest_first_timeline(
    worker: User, client_file: Client
) -> None:
    debt_help = trajectory(client_file)
    TrajectoryStepFactory.create(
        trajectory=debt_help, description="Budgetplan opmaken", due_on=TODAY - dt.timedelta(days=2)
    )
    TrajectoryStepFactory.create(
        trajectory=debt_help, description="Schuldeisers aanschrijven", due_on=TODAY
    )
    TrajectoryEventFactory.create(
        trajectory=debt_help,
        at=timezone.now() - dt.timedelta(days=30),
        actor=worker,
        description="Trajectory opened",
    )
    entry(client_file, trajectory=debt_help, text="Gesprek over de energiefactuur.")
    html = as_user(worker).get(url("file_trajectories", client_file)).content.decode()
    assert "Schuldhulpverlening: budgetbegeleiding" in html
    overdue = html.index("Budgetplan opmaken")
    assert "te laat" in html[overdue : html.index("Schuldeisers aanschrijven")]
    assert "te laat" not in html[html.index("Schuldeisers aanschrijven") :]
    assert html.index("Gesprek over de energiefactuur.") < html.index("Trajectory opened")
    assert "14/03/2026" in html  # due date of the overdue step, Belgian format


def test_worker_opens_debt_help(worker: User, client_file: Client) -> None:
    response = as_user(worker).post(
        url("trajectory_open", client_file, "debt_help"),
        {"debt-help-debt_help_type": "debt_mediation"},
    )
    opened = Trajectory.objects.get(client=client_file)
    assert response["Location"].endswith(f"#traject-{opened.pk}")
    assert (opened.kind, opened.status) == ("debt_help", "open")
    assert opened.debt_help_type == "debt_mediation"
    assert opened.events.get().description == "Traject geopend"


def test_debt_help_needs_its_type(worker: User, client_file: Client) -> None:
    response = as_user(worker).post(url("trajectory_open", client_file, "debt_help"), {})
    assert "Dit veld is verplicht." in response.content.decode()
    assert not Trajectory.objects.exists()


def test_worker_opens_activation(worker: User, client_file: Client) -> None:
    as_user(worker).post(
        url("trajectory_open", client_file, "activation"),
        {
            "activation-activation_type": "art60",
            "activation-partner": "Kringloopwinkel Kortrijk",
            "activation-hours_per_week": "19,5",
            "activation-starts_on": "2026-04-01",
            "activation-ends_on": "2027-03-31",
        },
    )
    opened = Trajectory.objects.get(client=client_file)
    assert (opened.kind, opened.activation_type) == ("activation", "art60")
    assert opened.hours_per_week == Decimal("19.5")
    assert opened.ends_on == dt.date(2027, 3, 31)


def test_activation_ending_before_it_starts_is_refused_next_to_the_end(
    worker: User, client_file: Client
) -> None:
    response = as_user(worker).post(
        url("trajectory_open", client_file, "activation"),
        {
            "activation-activation_type": "training",
            "activation-partner": "CVO",
            "activation-starts_on": "2026-04-01",
            "activation-ends_on": "2026-03-01",
        },
    )
    html = response.content.decode()
    assert "Het einde kan niet voor het begin liggen." in html
    assert 'value="CVO"' in html
    assert 'value="2026-03-01"' in html
    assert not Trajectory.objects.exists()


def test_an_unknown_kind_of_trajectory_is_not_found(worker: User, client_file: Client) -> None:
    response = as_user(worker).post(url("trajectory_open", client_file, "intake"), {})
    assert response.status_code == 404


def test_activate_then_close_with_outcome_and_note(worker: User, client_file: Client) -> None:
    opened = trajectory(client_file)
    http = as_user(worker)
    http.post(url("trajectory_activate", client_file, opened.pk))
    opened.refresh_from_db()
    assert opened.status == "active"
    response = http.post(
        url("trajectory_close", client_file, opened.pk),
        {f"t{opened.pk}-close-outcome": "achieved", f"t{opened.pk}-close-note": "Schuldenvrij."},
    )
    assert response.status_code == 302
    opened.refresh_from_db()
    assert (opened.status, opened.outcome, opened.outcome_note) == (
        "closed",
        "achieved",
        "Schuldenvrij.",
    )
    assert opened.closed_on == TODAY
    html = http.get(url("file_trajectories", client_file)).content.decode()
    assert "doelen bereikt" in html
    assert "Schuldenvrij." in html


def test_closing_before_the_opening_is_refused_next_to_the_date(
    worker: User, client_file: Client
) -> None:
    opened = trajectory(client_file)
    prefix = f"t{opened.pk}-close"
    response = as_user(worker).post(
        url("trajectory_close", client_file, opened.pk),
        {f"{prefix}-outcome": "stopped", f"{prefix}-closed_on": "2025-01-01"},
    )
    html = response.content.decode()
    assert "Een traject kan niet afgesloten worden voordat het geopend werd." in html
    assert 'value="2025-01-01"' in html
    opened.refresh_from_db()
    assert opened.status == "open"


def test_add_a_step_and_mark_it_done(worker: User, client_file: Client) -> None:
    opened = trajectory(client_file)
    http = as_user(worker)
    http.post(
        url("step_add", client_file, opened.pk),
        {f"t{opened.pk}-step-description": "Inkomsten in kaart", f"t{opened.pk}-step-due_on": ""},
    )
    step = TrajectoryStep.objects.get(trajectory=opened)
    assert step.description == "Inkomsten in kaart"
    http.post(url("step_done", client_file, opened.pk, step.pk))
    step.refresh_from_db()
    assert step.done_on == TODAY


def test_add_a_debt_and_see_the_totals(worker: User, client_file: Client) -> None:
    opened = trajectory(client_file)
    DebtFactory.create(
        trajectory=opened,
        creditor="Fluvius",
        original_amount=Decimal("850.00"),
        outstanding_amount=Decimal("640.50"),
        monthly_repayment=Decimal("25"),
    )
    prefix = f"t{opened.pk}-debt"
    http = as_user(worker)
    response = http.post(
        url("debt_add", client_file, opened.pk),
        {
            f"{prefix}-creditor": "Proximus",
            f"{prefix}-reference": "INV-2025-0042",
            f"{prefix}-original_amount": "1.200,00",
            f"{prefix}-outstanding_amount": "1.350,75",
            f"{prefix}-monthly_repayment": "50",
            f"{prefix}-status": "payment_plan",
        },
    )
    assert response.status_code == 302
    added = Debt.objects.get(creditor="Proximus")
    assert added.outstanding_amount == Decimal("1350.75")
    html = http.get(url("file_trajectories", client_file)).content.decode()
    assert "Totaal (2 schulden)" in html
    assert "€&nbsp;2.050,00" in html  # original
    assert "€&nbsp;1.991,25" in html  # outstanding
    assert "€&nbsp;75,00" in html  # repaid per month
    assert "afbetalingsplan" in html.lower()


def test_a_negative_debt_is_refused(worker: User, client_file: Client) -> None:
    opened = trajectory(client_file)
    prefix = f"t{opened.pk}-debt"
    response = as_user(worker).post(
        url("debt_add", client_file, opened.pk),
        {
            f"{prefix}-creditor": "Proximus",
            f"{prefix}-original_amount": "-5",
            f"{prefix}-outstanding_amount": "5",
            f"{prefix}-monthly_repayment": "0",
            f"{prefix}-status": "to_negotiate",
        },
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith(f'<article id="traject-{opened.pk}"')
    assert "Een bedrag kan niet negatief zijn." in html
    assert '<details class="mb-3" open>' in html
    assert not Debt.objects.exists()


def test_worker_edits_a_debt(worker: User, client_file: Client) -> None:
    opened = trajectory(client_file)
    debt = DebtFactory.create(
        trajectory=opened, creditor="Fluvius", original_amount=850, outstanding_amount=850
    )
    http = as_user(worker)
    assert 'value="850,00"' in http.get(url("debt_edit", client_file, opened.pk, debt.pk)).text
    http.post(
        url("debt_edit", client_file, opened.pk, debt.pk),
        {
            "debt-creditor": "Fluvius",
            "debt-original_amount": "850",
            "debt-outstanding_amount": "0",
            "debt-monthly_repayment": "0",
            "debt-status": "paid",
            "loaded-version": "1",
        },
    )
    debt.refresh_from_db()
    assert (debt.status, debt.outstanding_amount) == ("paid", Decimal(0))


def test_activation_details_are_changed(worker: User, client_file: Client) -> None:
    opened = trajectory(client_file, kind=Trajectory.Kind.ACTIVATION, activation_type="vdab")
    http = as_user(worker)
    assert http.get(url("trajectory_edit", client_file, opened.pk)).status_code == 200
    response = http.post(
        url("trajectory_edit", client_file, opened.pk),
        {
            "details-activation_type": "training",
            "details-partner": "Syntra West",
            "loaded-version": "1",
        },
    )
    assert response.status_code == 302
    opened.refresh_from_db()
    assert (opened.activation_type, opened.partner) == ("training", "Syntra West")


def test_a_colleague_does_not_see_confidential_entries_in_the_timeline(
    colleague: User, lead: User, client_file: Client
) -> None:
    opened = trajectory(client_file)
    entry(client_file, trajectory=opened, confidential=True, text="Opname psychiatrie.")
    page = url("file_trajectories", client_file)
    assert "Opname psychiatrie." not in as_user(colleague).get(page).content.decode()
    assert "Opname psychiatrie." in as_user(lead).get(page).content.decode()


def _trajectory_data(client: Client, size: int) -> None:
    worker = client.assignments.get().worker
    for n in range(size):
        for kind in (Trajectory.Kind.DEBT_HELP, Trajectory.Kind.ACTIVATION):
            t = trajectory(client, kind=kind)
            TrajectoryStepFactory.create(trajectory=t, description=f"Stap {n}", due_on=TODAY)
            TrajectoryEventFactory.create(
                trajectory=t, at=timezone.now(), actor=worker, description="Traject geopend"
            )
            entry(client, trajectory=t)
            if kind == Trajectory.Kind.DEBT_HELP:
                DebtFactory.create(
                    trajectory=t, creditor="Fluvius", original_amount=1, outstanding_amount=1
                )


@pytest.mark.parametrize("size", [1, 5])
def test_trajectories_run_a_fixed_number_of_queries(
    worker: User, client_file: Client, size: int, django_assert_num_queries: Any
) -> None:
    _trajectory_data(client_file, size)
    http = as_user(worker)
    # session, user, roles, client with its current assignment (which also says who may edit
    # and read health notes), access log insert, trajectories, steps, debts (also the debt
    # totals), events (with actors), linked journal entries (with authors), and the
    # trajectories' documents (documents' section of each card, clients.registry.
    # trajectory_sections)
    with django_assert_num_queries(11):
        assert http.get(url("file_trajectories", client_file)).status_code == 200


# --- journal ----------------------------------------------------------------------------------


def test_worker_adds_a_journal_entry_with_a_follow_up(worker: User, client_file: Client) -> None:
    opened = trajectory(client_file)
    response = as_user(worker).post(
        url("journal_add", client_file),
        {
            "entry-occurred_on": "2026-03-16",
            "entry-kind": "home_visit",
            "entry-text": "Huisbezoek: vochtproblemen in de slaapkamer.",
            "entry-trajectory": str(opened.pk),
            "entry-follow_up_on": "2026-03-30",
        },
    )
    assert response.status_code == 302
    added = JournalEntry.objects.get()
    assert (added.author, added.trajectory, added.follow_up_on) == (
        worker,
        opened,
        dt.date(2026, 3, 30),
    )


def test_a_journal_entry_in_the_future_is_refused(worker: User, client_file: Client) -> None:
    response = as_user(worker).post(
        url("journal_add", client_file),
        {"entry-occurred_on": "2026-03-17", "entry-kind": "note", "entry-text": "Later."},
    )
    html = response.content.decode()
    assert "Deze datum kan niet in de toekomst liggen." in html
    assert "Later.</textarea>" in html
    assert not JournalEntry.objects.exists()


def test_a_consultation_names_the_partners_present(worker: User, client_file: Client) -> None:
    response = as_user(worker).post(
        url("journal_add", client_file),
        {"entry-occurred_on": "2026-03-16", "entry-kind": "consultation", "entry-text": "MDO."},
    )
    assert "Noem de partners die aanwezig waren" in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_follow_up_done(worker: User, client_file: Client) -> None:
    noted = entry(client_file, follow_up_on=TODAY)
    html = as_user(worker).get(url("file_journal", client_file)).content.decode()
    assert "Opvolging op 16/03/2026" in html
    response = as_user(worker).post(url("journal_follow_up_done", client_file, noted.pk))
    assert response.status_code == 302
    noted.refresh_from_db()
    assert noted.follow_up_done_at is not None


def test_confidential_entries_are_for_the_worker_and_the_lead_only(
    worker: User, colleague: User, lead: User, client_file: Client
) -> None:
    entry(client_file, confidential=True, text="Diagnose depressie.")
    entry(client_file, text="Afspraak gemaakt.")
    page = url("file_journal", client_file)
    for reader in (worker, lead):
        assert "Diagnose depressie." in as_user(reader).get(page).content.decode()
    html = as_user(colleague).get(page).content.decode()
    assert "Diagnose depressie." not in html
    assert "Afspraak gemaakt." in html


def test_journal_is_paginated_newest_first(worker: User, client_file: Client) -> None:
    for n in range(27):
        entry(client_file, occurred_on=TODAY - dt.timedelta(days=n), text=f"Notitie {n}.")
    http = as_user(worker)
    first = http.get(url("file_journal", client_file)).content.decode()
    assert first.index("Notitie 0.") < first.index("Notitie 1.")
    assert "Notitie 25." not in first
    assert "Pagina 1 van 2" in first
    second = http.get(url("file_journal", client_file) + "?page=2").content.decode()
    assert "Notitie 25." in second
    assert "Notitie 26." in second


def test_htmx_pages_through_the_journal_list_only(worker: User, client_file: Client) -> None:
    for n in range(27):
        entry(client_file, occurred_on=TODAY - dt.timedelta(days=n), text=f"Notitie {n}.")
    response = as_user(worker).get(
        url("file_journal", client_file) + "?page=2", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="journal-entries">')
    assert "Notitie 26." in html
    assert "<main" not in html
    assert views_logged(client_file) == 1


def test_back_button_history_restore_gets_the_whole_page(worker: User, client_file: Client) -> None:
    response = as_user(worker).get(
        url("file_journal", client_file) + "?page=1",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<main" in response.content.decode()


@pytest.mark.parametrize("size", [1, 30])
def test_journal_runs_a_fixed_number_of_queries(
    worker: User, client_file: Client, size: int, django_assert_num_queries: Any
) -> None:
    opened = trajectory(client_file)
    for _ in range(size):
        entry(client_file, trajectory=opened, follow_up_on=TODAY)
    http = as_user(worker)
    # session, user, roles, client with its current assignment (which also says who may edit
    # and read health notes), access log insert, count of entries, the page of entries (with
    # authors and trajectories), the open trajectories for the form
    with django_assert_num_queries(8):
        assert http.get(url("file_journal", client_file)).status_code == 200


# --- transfer ---------------------------------------------------------------------------------


def transfer_data(
    to: User, expected: User, reason: str = "Herverdeling caseload"
) -> dict[str, Any]:
    return {"to_worker": str(to.pk), "reason": reason, "expected_worker": str(expected.pk)}


def test_worker_transfers_a_client_to_a_colleague(
    worker: User, colleague: User, client_file: Client
) -> None:
    http = as_user(worker)
    page = http.get(url("file_transfer", client_file)).content.decode()
    assert f'name="expected_worker" value="{worker.pk}"' in page
    response = http.post(url("file_transfer", client_file), transfer_data(colleague, worker))
    assert response.status_code == 302
    assert client_file.assignments.get(ended_at__isnull=True).worker == colleague
    old = client_file.assignments.get(worker=worker)
    assert old.end_reason == "Herverdeling caseload"
    html = http.get(url("file_transfer", client_file)).content.decode()
    assert "Herverdeling caseload" in html
    assert "Jonas Declercq" in html
    assert 'method="post"' not in main_of(html)  # she may no longer transfer


def test_a_transfer_meanwhile_is_refused_with_a_dutch_message(
    worker: User, colleague: User, lead: User, client_file: Client
) -> None:
    third = social_worker(worker.memberships.get().team, first_name="Lien")
    # The lead opened the page while `worker` had the client; `worker` transfers first.
    as_user(worker).post(url("file_transfer", client_file), transfer_data(colleague, worker))
    response = as_user(lead).post(url("file_transfer", client_file), transfer_data(third, worker))
    html = response.content.decode()
    assert "Deze cliënt werd intussen door iemand anders overgedragen." in html
    assert f'name="expected_worker" value="{colleague.pk}"' in html
    assert client_file.assignments.get(ended_at__isnull=True).worker == colleague


def test_the_lead_transfers_any_client_of_the_team(
    worker: User, colleague: User, lead: User, client_file: Client
) -> None:
    response = as_user(lead).post(
        url("file_transfer", client_file), transfer_data(colleague, worker, "Ziekte")
    )
    assert response.status_code == 302
    assert client_file.assignments.get(ended_at__isnull=True).assigned_by == lead


def test_a_worker_of_another_team_cannot_take_the_client(
    worker: User, outsider: User, client_file: Client
) -> None:
    response = as_user(worker).post(
        url("file_transfer", client_file), transfer_data(outsider, worker)
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert Assignment.objects.get(client=client_file).worker == worker


def test_a_transfer_needs_a_reason(worker: User, colleague: User, client_file: Client) -> None:
    response = as_user(worker).post(
        url("file_transfer", client_file), transfer_data(colleague, worker, reason="")
    )
    assert "Dit veld is verplicht." in response.content.decode()
    assert Assignment.objects.get(client=client_file).worker == worker


# --- access history ---------------------------------------------------------------------------


def test_lead_sees_the_access_history_newest_first(
    worker: User, lead: User, client_file: Client
) -> None:
    as_user(worker).get(url("file_journal", client_file))
    html = as_user(lead).get(url("file_access", client_file)).content.decode()
    rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]
    assert len(rows) == 2
    # The lead's own look at this page is the newest line; what each row stores (a key) is
    # shown in Dutch.
    assert lead.get_full_name() in rows[0]
    assert "toegangsgeschiedenis" in rows[0]
    assert worker.get_full_name() in rows[1]
    assert "dagboek" in rows[1]
    assert "Bekeken" in rows[1]


@pytest.mark.parametrize("who", ["worker", "colleague"])
def test_social_workers_get_403_on_the_access_history(
    request: pytest.FixtureRequest, client_file: Client, who: str
) -> None:
    user = request.getfixturevalue(who)
    assert as_user(user).get(url("file_access", client_file)).status_code == 403


def test_the_lead_of_another_team_gets_404(client_file: Client) -> None:
    other_lead = team_lead(WijkteamFactory.create(name="Heule"))
    assert as_user(other_lead).get(url("file_access", client_file)).status_code == 404


def test_a_lead_elsewhere_who_works_in_the_clients_team_gets_403_and_no_view_is_logged(
    team: Wijkteam, client_file: Client
) -> None:
    both = social_worker(team, username="ma.en.lead")
    team_lead(WijkteamFactory.create(name="Heule"), username="ma.en.lead")
    assert as_user(both).get(url("file_access", client_file)).status_code == 403
    assert views_logged(client_file) == 0


def test_access_history_is_paginated(lead: User, client_file: Client) -> None:
    AccessLog.objects.bulk_create(
        AccessLog(client=client_file, actor=lead, action="view", what="journal") for _ in range(60)
    )
    html = as_user(lead).get(url("file_access", client_file) + "?page=2").content.decode()
    assert "Pagina 2 van 2" in html
    assert html.count("<tr>") == 1 + 11  # the header and the 11 oldest of 61 rows


@pytest.mark.parametrize("size", [1, 80])
def test_access_history_runs_a_fixed_number_of_queries(
    lead: User, client_file: Client, size: int, django_assert_num_queries: Any
) -> None:
    AccessLog.objects.bulk_create(
        AccessLog(client=client_file, actor=lead, action="view", what="journal")
        for _ in range(size)
    )
    http = as_user(lead)
    # session, user, roles, client with its current assignment (read once: whether the lead
    # may see the page and the page itself), access log insert, count of log rows, the page of
    # rows (with who)
    with django_assert_num_queries(7):
        assert http.get(url("file_access", client_file)).status_code == 200


# --- the selectors behind the tabs ------------------------------------------------------------


def test_debt_totals_of_read_debts_match_debt_totals(worker: User, client_file: Client) -> None:
    first, second, empty = trajectory(client_file), trajectory(client_file), trajectory(client_file)
    for t, amounts in ((first, ["850.00", "12.35"]), (second, ["99.99"])):
        for amount in amounts:
            DebtFactory.create(
                trajectory=t,
                creditor="X",
                original_amount=Decimal(amount),
                # Cents, as a form stores them (SQLite keeps a third decimal SUM would add up).
                outstanding_amount=(Decimal(amount) / 2).quantize(Decimal("0.01")),
                monthly_repayment=Decimal("5.00"),
            )
    for t in (first, second, empty):
        assert debt_totals_of(t.debts.all()) == debt_totals(trajectory=t)
    assert debt_totals_of([]) == NO_DEBTS


def test_transfer_candidates_are_todays_social_workers_of_the_clients_team(
    worker: User, colleague: User, lead: User, outsider: User, client_file: Client
) -> None:
    gone = social_worker(worker.memberships.get().team, username="ma.vertrokken")
    gone.memberships.update(ends_on=TODAY - dt.timedelta(days=1))
    candidates = transfer_candidates(client=client_file, exclude_worker_id=worker.pk)
    assert list(candidates) == [colleague]


def test_trajectories_for_leave_health_notes_to_the_worker_and_the_lead(
    worker: User, colleague: User, lead: User, client_file: Client
) -> None:
    t = trajectory(client_file)
    entry(client_file, trajectory=t, confidential=True)
    entry(client_file, trajectory=t)
    for reader, expected in ((worker, 2), (lead, 2), (colleague, 1)):
        (loaded,) = trajectories_for(user=reader, client=client_file)
        assert len(prefetched_timeline(loaded)[1]) == expected


def test_timelines_keep_only_the_newest_lines(worker: User, client_file: Client) -> None:
    t = trajectory(client_file)
    TrajectoryEvent.objects.bulk_create(
        TrajectoryEvent(
            trajectory=t,
            at=timezone.now() - dt.timedelta(hours=n),
            actor=worker,
            description=str(n),
        )
        for n in range(TIMELINE_LENGTH + 5)
    )
    (loaded,) = trajectories_for(user=worker, client=client_file)
    events, _ = prefetched_timeline(loaded)
    assert [e.description for e in events][:2] == ["0", "1"]
    assert len(events) == TIMELINE_LENGTH
