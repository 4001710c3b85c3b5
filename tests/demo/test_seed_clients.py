"""`seed_demo --clients N`: realistic demo client files, in bulk, safe to run again."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from stdnum.be import nn

from clients.models import (
    AccessLog,
    Assignment,
    Client,
    Debt,
    HouseholdMember,
    Income,
    JournalEntry,
    Sex,
    Trajectory,
    TrajectoryEvent,
    TrajectoryStep,
)
from clients.national_number import national_number_clean
from demo.city import seed_city
from demo.clients import DEMO_ACTOR, FileDrawer, seed_clients, teams_for_demo
from demo.clients.data import LEEFLOON
from demo.clients.people import NationalNumbers
from wijkteams.models import Membership
from wijkteams.selectors import active_memberships
from wijkteams.services import team_for_address

pytestmark = pytest.mark.django_db
# A savepoint, its release and ten inserts; SQLite may split an insert (see below). On
# PostgreSQL each insert is two queries, both counted: the ids reserved, then a COPY.
QUERIES_PER_BATCH = 22 if connection.vendor == "postgresql" else 16

TABLES = (
    Client,
    AccessLog,
    HouseholdMember,
    Income,
    Assignment,
    Trajectory,
    TrajectoryStep,
    TrajectoryEvent,
    Debt,
    JournalEntry,
)


def _seed(clients: int, *args: str) -> str:
    out = StringIO()
    # The generator's files only: the leefloon demo draws its own (test_demo_leefloon.py).
    call_command("seed_demo", "--clients", str(clients), "--no-leefloon", *args, stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


def _snapshot() -> list[tuple[object, ...]]:
    """What a file looks like, without the ids."""
    return list(
        Client.objects.order_by("national_number").values_list(
            "national_number",
            "first_name",
            "last_name",
            "street",
            "house_number",
            "tenure",
            "rent",
            "team__name",
            "assignments__worker__username",
        )
    )


def test_seeds_the_asked_number_of_client_files_with_their_rows() -> None:
    output = _seed(40)
    counts = _counts()
    assert counts["Client"] == 40
    # One "created by seed_demo" line per file, and one of the non-take-up scan that follows
    # (the demo requests, made through the procedure's services, write their own lines).
    assert AccessLog.objects.exclude(what_key__startswith="procedure.").count() == 80
    assert AccessLog.objects.filter(actor_label=DEMO_ACTOR, action="create").count() == 40
    assert AccessLog.objects.filter(actor_label="scan", action="scan").count() == 40
    assert "Non-take-up scan: 40 clients" in output
    # Every file has an intake, a timeline and at least one journal entry.
    assert Trajectory.objects.filter(kind="intake").values("client").distinct().count() == 40
    assert JournalEntry.objects.values("client").distinct().count() == 40
    assert counts["TrajectoryEvent"] >= counts["Trajectory"]
    for name in ("HouseholdMember", "Income", "TrajectoryStep", "Debt"):
        assert counts[name] > 0, name
    assert "40 / 40 client files" in output
    assert "40 added, 40 in all" in output


def test_seeding_twice_adds_nothing_twice() -> None:
    _seed(40)
    first = _counts()
    output = _seed(40)
    assert _counts() == first
    assert "0 added, 40 in all" in output


def test_a_larger_number_adds_only_the_difference() -> None:
    _seed(25)
    before = _snapshot()
    _seed(40)
    assert Client.objects.count() == 40
    after = _snapshot()
    assert set(before) <= set(after)  # the first 25 files are untouched


def test_the_same_seed_gives_the_same_files() -> None:
    seed_city()
    today = dt.date(2025, 6, 2)
    teams = teams_for_demo(today=today)

    def files(seed: int) -> list[tuple[object, ...]]:
        drawer = FileDrawer(seed=seed, today=today, teams=teams, taken=set())
        drawn = [drawer.draw(index) for index in range(20)]
        return [
            (
                f.client.national_number,
                f.client.first_name,
                f.client.street,
                f.client.rent,
                [(i.kind, i.net_monthly) for i, _member in f.incomes],
                [e.text for e, _trajectory in f.journal],
            )
            for f in drawn
        ]

    assert files(7) == files(7)
    assert files(7) != files(8)


def test_every_client_has_one_open_assignment_to_an_active_social_worker_of_its_team() -> None:
    _seed(40)
    workers = set(
        active_memberships()
        .filter(role=Membership.Role.SOCIAL_WORKER, user__is_active=True)
        .values_list("user_id", "team_id")
    )
    open_assignments = Assignment.objects.filter(ended_at__isnull=True)
    assert open_assignments.count() == 40
    for client_id, worker_id, team_id in open_assignments.values_list(
        "client_id", "worker_id", "client__team_id"
    ):
        assert (worker_id, team_id) in workers, client_id
    # Earlier assignments (kept as history) ended when the current one started.
    for closed in Assignment.objects.filter(ended_at__isnull=False).select_related("client"):
        current = open_assignments.get(client=closed.client)
        assert closed.ended_at == current.started_at
        assert closed.end_reason


def test_every_clients_address_routes_to_its_team() -> None:
    _seed(40)
    for client in Client.objects.all():
        route = team_for_address(
            postcode=client.postcode, street=client.street, house_number=client.house_number
        )
        assert route.team is not None
        assert route.team.pk == client.team_id, client.street


def test_clients_are_spread_over_all_seven_teams() -> None:
    _seed(120)
    per_team = Counter(Client.objects.values_list("team__name", flat=True))
    assert len(per_team) == 7
    assert min(per_team.values()) >= 3


def test_national_numbers_are_valid_unique_and_match_birth_date_and_sex() -> None:
    _seed(40)
    numbers = list(Client.objects.values_list("national_number", "birth_date", "sex"))
    assert len({number for number, _birth, _sex in numbers}) == 40
    for number, birth, sex in numbers:
        assert national_number_clean(number) == number
        assert nn.get_birth_date(number) == birth
        serial = int(number[6:9])
        if sex != Sex.X:
            assert serial % 2 == (1 if sex == Sex.MALE else 0)


def test_a_full_birth_date_moves_to_the_next_day() -> None:
    # 997 serials per birth date: 498 for women. Clients drawn on a full date get the next one.
    numbers = NationalNumbers(set())
    day = dt.date(1980, 5, 17)
    issued = [numbers.issue(day, Sex.FEMALE) for _ in range(500)]
    assert len({number for _day, number in issued}) == 500
    assert Counter(day for day, _number in issued) == {day: 498, day + dt.timedelta(days=1): 2}


def test_every_seeded_row_passes_its_models_validation() -> None:
    _seed(40)
    for model in TABLES:
        for row in model.objects.all():
            row.full_clean(validate_unique=False)


def test_amounts_are_never_negative_and_debts_never_grow() -> None:
    _seed(60)
    assert not Income.objects.filter(
        Q(net_monthly__lt=0) | Q(gross_taxable_last_year__lt=0)
    ).exists()
    assert not Client.objects.filter(rent__lt=0).exists()
    for debt in Debt.objects.all():
        assert 0 <= debt.monthly_repayment <= debt.outstanding_amount <= debt.original_amount


def test_leefloon_uses_the_2025_amounts_of_its_category() -> None:
    _seed(120)
    leefloon = Income.objects.filter(kind="leefloon")
    assert leefloon.exists()
    amounts: Counter[bool] = Counter()
    for income in leefloon:
        full = LEEFLOON[Income.LeefloonCategory(income.leefloon_category)]
        assert 0 <= income.net_monthly <= full  # less when other means are counted in
        amounts[income.net_monthly == full] += 1
    assert amounts[True] > amounts[False]
    assert not Income.objects.exclude(kind="leefloon").exclude(leefloon_category="").exists()


def test_households_exercise_what_the_rights_rules_read() -> None:
    _seed(300)
    clients = Client.objects.all()
    members = HouseholdMember.objects.all()
    incomes = Income.objects.all()
    # Households: singles, single parents, couples with children of every school age.
    with_members = clients.annotate(
        partners=Count("members", filter=Q(members__relation="partner")),
        children=Count("members", filter=Q(members__relation="child")),
    )
    assert with_members.filter(partners=0, children=0).exists()
    assert with_members.filter(partners=0, children__gt=0).exists()
    assert with_members.filter(partners=1, children__gte=2).exists()
    for level in ("nursery", "primary", "secondary", "higher"):
        assert members.filter(school_level=level).exists(), level
    assert members.filter(is_dependant=True, relation="child").exists()
    assert members.filter(disability_percent__gte=66).exists()
    # Incomes of every kind, leefloon in every category.
    kinds = set(incomes.values_list("kind", flat=True))
    assert kinds >= {
        "wage",
        "unemployment",
        "sickness",
        "leefloon",
        "igo",
        "ivt_it",
        "pension",
        "groeipakket",
        "maintenance",
        "rent_premium",
    }
    assert set(
        incomes.exclude(leefloon_category="").values_list("leefloon_category", flat=True)
    ) == {
        "cohabitant",
        "single",
        "family",
    }
    assert incomes.filter(gross_taxable_last_year__gt=0).exists()
    # Housing: the tenure mix, private rents 450-950, social rents lower, heating oil, waits.
    assert set(clients.values_list("tenure", flat=True)) >= {"private", "social", "svk", "owner"}
    private_rents = clients.filter(tenure="private").values_list("rent", flat=True)
    assert all(rent is not None and 450 <= rent <= 950 for rent in private_rents)
    social_rents = clients.filter(tenure="social").values_list("rent", flat=True)
    assert all(rent is not None and rent < 600 for rent in social_rents)
    assert clients.filter(heating_fuel="heating_oil").exists()
    assert clients.filter(tenure="social", heating_fuel="gas", collective_heating=True).exists()
    assert clients.filter(social_housing_waiting_since__isnull=False).exists()
    # Statuses.
    assert clients.filter(leefloon_since__isnull=False).exists()
    assert clients.filter(debt_status="debt_mediation").exists()
    assert clients.filter(debt_status="collective_settlement").exists()
    assert clients.filter(budget_management=True).exists()
    assert clients.filter(disability_percent__isnull=False).exists()
    assert clients.filter(unemployed_since__isnull=False).exists()
    assert clients.filter(unfit_for_work_since__isnull=False).exists()
    assert clients.filter(pensioner=True).exists()
    # Residence and language.
    assert clients.exclude(residence_status="belgian").exists()
    assert clients.exclude(preferred_language="nl").exists()


def test_trajectories_and_journal_look_like_real_casework() -> None:
    _seed(300)
    trajectories = Trajectory.objects.all()
    assert trajectories.filter(kind="intake", status="closed").exists()
    assert trajectories.filter(kind="intake").exclude(status="closed").exists()
    debt_help = trajectories.filter(kind="debt_help")
    assert set(debt_help.values_list("debt_help_type", flat=True)) == {
        choice.value for choice in Trajectory.DebtHelpType
    }
    debts_per_trajectory = set(debt_help.annotate(n=Count("debts")).values_list("n", flat=True))
    assert min(debts_per_trajectory) >= 1
    assert max(debts_per_trajectory) <= 6
    activation = trajectories.filter(kind="activation")
    assert activation.exists()
    for trajectory in activation:
        assert trajectory.activation_type
        assert trajectory.partner
        assert trajectory.hours_per_week
        assert trajectory.starts_on is not None
        assert trajectory.ends_on is not None
    assert TrajectoryStep.objects.filter(done_on__isnull=True, due_on__isnull=False).exists()
    journal = JournalEntry.objects.all()
    assert journal.filter(confidential=True).exists()
    assert journal.filter(follow_up_on__isnull=False, follow_up_done_at__isnull=True).exists()
    today = journal.latest("occurred_on").occurred_on
    assert journal.filter(follow_up_on__lt=today, follow_up_done_at__isnull=True).exists()
    assert journal.filter(occurred_on__year__lt=today.year - 2).exists()  # over the last years


def test_queries_per_batch_stay_the_same_however_many_clients() -> None:
    seed_city()

    def seeding(target: int) -> tuple[int, list[int]]:
        """Queries in all, and after each batch (the progress callback runs after each)."""
        marks: list[int] = []
        with CaptureQueriesContext(connection) as queries:
            seed_clients(
                target=target,
                batch_size=40,
                progress=lambda done, to_do, seconds: marks.append(len(queries)),
            )
        return len(queries), marks

    one_batch, _ = seeding(40)
    three_batches, marks = seeding(160)  # 120 more: three batches of 40
    assert len(marks) == 3
    later_batches = [marks[1] - marks[0], marks[2] - marks[1]]
    # A batch: a savepoint and its release, and ten inserts (on PostgreSQL each is one query
    # reserving the ids, then a COPY). SQLite splits an insert above 999 parameters, so a batch
    # of 40 files may take a few more; never anything per client.
    assert max(later_batches) <= QUERIES_PER_BATCH
    # Three times the clients cost two batches more, not 120 clients more.
    assert three_batches - one_batch <= 2 * QUERIES_PER_BATCH
