import datetime as dt
import hashlib
import importlib
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from factory.declarations import (
    LazyAttribute,
    LazyFunction,
    SelfAttribute,
    Sequence,
    SubFactory,
    Trait,
)
from factory.django import DjangoModelFactory, Password
from factory.faker import Faker

from budgets.models import (
    AidCalculation,
    AidDecision,
    AidPolicy,
    BudgetAmount,
    BudgetVersion,
    Component,
)
from budgets.services.versions import (
    Cell,
    aid_policy_create,
    aid_policy_publish,
    all_cells,
    budget_version_create,
    budget_version_publish,
)
from clients.models import (
    AccessLog,
    Assignment,
    CaseloadCount,
    Client,
    Debt,
    FollowUpCount,
    HouseholdMember,
    Income,
    JournalEntry,
    Sex,
    Trajectory,
    TrajectoryEvent,
    TrajectoryStep,
)
from clients.national_number import national_number_for
from documents.models import Document, DocumentType
from documents.storage import file_store
from integration.models import (
    Art60Contract,
    Eligibility,
    Employer,
    GpmiContract,
    GpmiEvaluation,
    GrantAmount,
    LeefloonCalculation,
    LeefloonGrant,
    LeefloonScale,
    ScaleStatus,
)
from procedure.models import (
    AgendaItem,
    Appeal,
    CommitteeSession,
    Decider,
    Decision,
    DecisionOutcome,
    Delegation,
    Forwarding,
    Inquiry,
    Notification,
    Outcome,
    Proposal,
    Request,
    RequestDocument,
    RequestKind,
)
from rights.models import (
    ClientRight,
    ClientScanState,
    DataMissingNote,
    FlagEvent,
    NonTakeUpFlag,
    Right,
    RightParameters,
    ScanBatch,
    ScanRun,
)
from wijkteams.accounts.services import token_hash
from wijkteams.models import (
    AccountLog,
    Area,
    EnrolmentLink,
    Location,
    Membership,
    User,
    Wijkteam,
)
from wijkteams.services import normalize_street

PASSWORD = "correct-horse-battery"  # noqa: S105


# Staff names come from these lists, not from Faker: tests look for a client's name in a page
# and assert that another is absent, and a generated staff name on the same page ("Nathalie
# Claessens" holding "Claes", a "D'Hondt" shown HTML-escaped) made such tests fail at random.
# tests/test_factories.py checks no name here holds a capitalised string another test uses.
STAFF_FIRST_NAMES = (
    "Brecht", "Dries", "Femke", "Griet", "Hanne", "Ilse", "Joris", "Lotte",
    "Mathias", "Nele", "Oona", "Roel", "Sien", "Tijs", "Veerle", "Wout",
)  # fmt: skip
STAFF_LAST_NAMES = (
    "Cools", "De Wulf", "Engels", "Goossens", "Hermans", "Jacobs", "Lambrechts", "Michiels",
    "Nijs", "Pauwels", "Raes", "Smets", "Thys", "Verbeke", "Willems", "Wuyts",
)  # fmt: skip


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = Sequence(lambda n: f"user{n}")
    first_name = Sequence(lambda n: STAFF_FIRST_NAMES[n % len(STAFF_FIRST_NAMES)])
    last_name = Sequence(
        lambda n: STAFF_LAST_NAMES[n // len(STAFF_FIRST_NAMES) % len(STAFF_LAST_NAMES)]
    )
    password = Password(PASSWORD)


class WijkteamFactory(DjangoModelFactory[Wijkteam]):
    class Meta:
        model = Wijkteam
        django_get_or_create = ["name"]

    name = Sequence(lambda n: f"Team {n}")


class LocationFactory(DjangoModelFactory[Location]):
    class Meta:
        model = Location

    team = SubFactory(WijkteamFactory)
    name = Sequence(lambda n: f"Wijkcentrum {n}")
    street = "Budastraat"
    house_number = "27"
    postcode = "8500"
    municipality = "Kortrijk"


class AreaFactory(DjangoModelFactory[Area]):
    class Meta:
        model = Area

    team = SubFactory(WijkteamFactory)
    postcode = "8500"
    street = ""
    street_key = LazyAttribute(lambda area: normalize_street(area.street))


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = SubFactory(UserFactory)
    team = SubFactory(WijkteamFactory)
    role = Membership.Role.SOCIAL_WORKER
    starts_on = dt.date(2024, 1, 1)
    ends_on = None


class AccountLogFactory(DjangoModelFactory[AccountLog]):
    """A row of the account log as the log module writes it (tests of the reads)."""

    class Meta:
        model = AccountLog

    actor = SubFactory(UserFactory, is_staff=True)
    subject = SubFactory(UserFactory)
    action = AccountLog.Action.ACTIVATED
    params = LazyFunction(dict)


class EnrolmentLinkFactory(DjangoModelFactory[EnrolmentLink]):
    """An open link; pass `token=` to know its token (only the hash is stored)."""

    class Meta:
        model = EnrolmentLink

    class Params:
        token = Sequence(lambda n: f"test-token-{n:04d}")

    user = SubFactory(UserFactory)
    created_by = SubFactory(UserFactory, is_staff=True)
    token_hash = LazyAttribute(lambda link: token_hash(link.token))
    expires_at = LazyFunction(lambda: timezone.now() + dt.timedelta(hours=72))


# --- two-factor devices (django-otp's models) -----------------------------------------------


class TOTPDeviceFactory(DjangoModelFactory[TOTPDevice]):
    class Meta:
        model = TOTPDevice

    user = SubFactory(UserFactory)
    name = "app"
    confirmed = True


class StaticDeviceFactory(DjangoModelFactory[StaticDevice]):
    """Backup codes."""

    class Meta:
        model = StaticDevice

    user = SubFactory(UserFactory)
    name = "backup"
    confirmed = True


class StaticTokenFactory(DjangoModelFactory[StaticToken]):
    class Meta:
        model = StaticToken

    device = SubFactory(StaticDeviceFactory)
    token = Sequence(lambda n: f"code{n:04d}")


def social_worker(team: Wijkteam, **user_fields: object) -> User:
    user = UserFactory.create(**user_fields)
    MembershipFactory.create(user=user, team=team, role=Membership.Role.SOCIAL_WORKER)
    return user


def team_lead(team: Wijkteam, **user_fields: object) -> User:
    user = UserFactory.create(**user_fields)
    MembershipFactory.create(user=user, team=team, role=Membership.Role.TEAM_LEAD)
    return user


def administrator(**kwargs: object) -> User:
    return UserFactory.create(is_staff=True, **kwargs)


def data_protection_officer(**kwargs: object) -> User:
    return UserFactory.create(is_data_protection_officer=True, **kwargs)


_serials = itertools.count(1)


def _national_number(client: Any) -> str:
    """A number that agrees with the client's birth date and sex, as the services require:
    serials 2k+1 for men, 2k+2 for women (and for X, who may hold either), k = 0..497."""
    step = next(_serials) % 498
    return national_number_for(client.birth_date, 2 * step + (1 if client.sex == Sex.MALE else 2))


class ClientFactory(DjangoModelFactory[Client]):
    class Meta:
        model = Client

    first_name = Faker("first_name", locale="nl_BE")
    last_name = Faker("last_name", locale="nl_BE")
    # Cycles through 1960-2013, so a long test run never reaches a birth date in the future.
    birth_date = Sequence(lambda n: dt.date(1960, 1, 1) + dt.timedelta(days=97 * (n % 200)))
    national_number = LazyAttribute(_national_number)
    sex = Sex.FEMALE
    street = "Budastraat"
    house_number = "1"
    postcode = "8500"
    municipality = "Kortrijk"
    team = SubFactory(WijkteamFactory)
    rent = None

    class Params:
        # A file whose intake is finished: the household and its incomes confirmed complete,
        # the housing recorded (renting privately when a rent is given, else an owner). By
        # default a file says nothing it was not told: income and housing unknown.
        complete = Trait(
            household_confirmed_on=LazyFunction(timezone.localdate),
            tenure=LazyAttribute(
                lambda o: Client.Tenure.PRIVATE if o.rent is not None else Client.Tenure.OWNER
            ),
        )


def client_of(worker: User, team: Wijkteam | None = None, **fields: Any) -> Client:
    """A client of `team` (default: the worker's first team) assigned to `worker`."""
    if team is None:
        team = worker.memberships.get().team
    client = ClientFactory.create(team=team, **fields)
    AssignmentFactory.create(client=client, worker=worker, assigned_by=worker)
    return client


# --- the rest of a client file ----------------------------------------------------------------
# Each factory declares only what the model requires; what a model leaves empty by default
# stays empty, so a test that needs a value states it.


class AssignmentFactory(DjangoModelFactory[Assignment]):
    class Meta:
        model = Assignment

    client = SubFactory(ClientFactory)
    worker = SubFactory(UserFactory)
    started_at = LazyFunction(timezone.now)
    assigned_by = SelfAttribute("worker")


class HouseholdMemberFactory(DjangoModelFactory[HouseholdMember]):
    class Meta:
        model = HouseholdMember

    client = SubFactory(ClientFactory)
    first_name = Faker("first_name", locale="nl_BE")
    last_name = SelfAttribute("client.last_name")
    birth_date = dt.date(2012, 5, 1)
    sex = Sex.FEMALE
    relation = HouseholdMember.Relation.CHILD


class IncomeFactory(DjangoModelFactory[Income]):
    class Meta:
        model = Income

    client = SubFactory(ClientFactory)
    kind = Income.Kind.WAGE
    net_monthly = Decimal("1500.00")


class TrajectoryFactory(DjangoModelFactory[Trajectory]):
    class Meta:
        model = Trajectory

    client = SubFactory(ClientFactory)
    kind = Trajectory.Kind.INTAKE
    opened_on = dt.date(2024, 1, 1)
    created_by = SubFactory(UserFactory)


class TrajectoryStepFactory(DjangoModelFactory[TrajectoryStep]):
    class Meta:
        model = TrajectoryStep

    trajectory = SubFactory(TrajectoryFactory)
    description = Sequence(lambda n: f"Stap {n}")


class TrajectoryEventFactory(DjangoModelFactory[TrajectoryEvent]):
    class Meta:
        model = TrajectoryEvent

    trajectory = SubFactory(TrajectoryFactory)
    at = LazyFunction(timezone.now)
    actor = SelfAttribute("trajectory.created_by")
    description = "Traject geopend"


class DebtFactory(DjangoModelFactory[Debt]):
    class Meta:
        model = Debt

    trajectory = SubFactory(TrajectoryFactory, kind=Trajectory.Kind.DEBT_HELP)
    creditor = "Fluvius"
    original_amount = Decimal("100.00")
    outstanding_amount = Decimal("100.00")


class JournalEntryFactory(DjangoModelFactory[JournalEntry]):
    class Meta:
        model = JournalEntry

    client = SubFactory(ClientFactory)
    author = SubFactory(UserFactory)
    occurred_on = dt.date(2024, 1, 1)
    kind = JournalEntry.Kind.NOTE
    text = "Gesprek"


class AccessLogFactory(DjangoModelFactory[AccessLog]):
    """A row as it would be stored; the write path itself is clients.access_log's."""

    class Meta:
        model = AccessLog

    client = SubFactory(ClientFactory)
    actor = SubFactory(UserFactory)
    action = AccessLog.Action.VIEW
    what = "overview"


class CaseloadCountFactory(DjangoModelFactory[CaseloadCount]):
    class Meta:
        model = CaseloadCount

    team = SubFactory(WijkteamFactory)
    worker = SubFactory(UserFactory)


class FollowUpCountFactory(DjangoModelFactory[FollowUpCount]):
    class Meta:
        model = FollowUpCount

    team = SubFactory(WijkteamFactory)
    worker = SubFactory(UserFactory)
    due_on = dt.date(2024, 1, 1)


# --- reference budgets and aid policies (made through the services, so always valid) -------


def budget_version(
    *,
    person: Decimal = Decimal("10.00"),
    household: Decimal = Decimal("100.00"),
    amounts: dict[Cell, Decimal] | None = None,
    valid_from: dt.date = dt.date(2020, 1, 1),
    valid_to: dt.date | None = None,
    published: bool = True,
    name: str = "",
    actor: User | None = None,
) -> BudgetVersion:
    """A complete version: every person cell `person`, every household cell `household`, unless
    `amounts` gives them. Easy to compute by hand: a household of n people has
    8 x n x person + 5 x household (plus rent and actual costs)."""
    actor = actor or administrator()
    if amounts is None:
        amounts = {cell: (household if cell[3] is not None else person) for cell in all_cells()}
    version = budget_version_create(
        actor=actor,
        name=name or f"Budget {valid_from.isoformat()}",
        valid_from=valid_from,
        valid_to=valid_to,
        amounts=amounts,
    )
    if published:
        version = budget_version_publish(actor=actor, version=version)
    return version


def aid_policy(*, published: bool = True, actor: User | None = None, **fields: Any) -> AidPolicy:
    """A policy that covers the whole shortfall, without cap, minimum or rounding, unless told."""
    actor = actor or administrator()
    values: dict[str, Any] = {
        "name": "Beleid",
        "valid_from": dt.date(2020, 1, 1),
        "coverage_percent": Decimal("100.00"),
        "monthly_cap": None,
        "minimum_amount": Decimal("0.00"),
        "rounding": AidPolicy.Rounding.CENT,
        "max_months": 6,
        "activation_required": True,
        "excluded_income_kinds": [],
        "spi_exemption": Decimal("309.48"),
        "spi_exemption_source": "Testbron",
        **fields,
    }
    policy = aid_policy_create(actor=actor, fields=values)
    if published:
        policy = aid_policy_publish(actor=actor, policy=policy)
    return policy


class BudgetVersionFactory(DjangoModelFactory[BudgetVersion]):
    """A bare draft version without amounts; `budget_version()` makes a complete one."""

    class Meta:
        model = BudgetVersion

    name = Sequence(lambda n: f"Budget {n}")
    valid_from = dt.date(2020, 1, 1)
    created_by = SubFactory(UserFactory, is_staff=True)


class BudgetAmountFactory(DjangoModelFactory[BudgetAmount]):
    class Meta:
        model = BudgetAmount

    version = SubFactory(BudgetVersionFactory)
    component = Component.FOOD
    amount = Decimal("10.00")


class AidPolicyFactory(DjangoModelFactory[AidPolicy]):
    """A bare draft policy; `aid_policy()` makes one through the services."""

    class Meta:
        model = AidPolicy

    name = Sequence(lambda n: f"Beleid {n}")
    valid_from = dt.date(2020, 1, 1)
    created_by = SubFactory(UserFactory, is_staff=True)
    coverage_percent = Decimal("100.00")
    max_months = 6
    spi_exemption = Decimal("309.48")
    spi_exemption_source = "Testbron"


class AidCalculationFactory(DjangoModelFactory[AidCalculation]):
    """A stored snapshot with the figures a test gives (not computed: `aid_calculation_save`
    computes one)."""

    class Meta:
        model = AidCalculation

    client = SubFactory(ClientFactory)
    calculated_on = dt.date(2024, 1, 1)
    budget_version = SubFactory(BudgetVersionFactory)
    policy = SubFactory(AidPolicyFactory)
    inputs = LazyFunction(dict)
    breakdown = LazyFunction(dict)
    reference_budget = Decimal("1500.00")
    available_income = Decimal("1000.00")
    saldo = Decimal("500.00")
    proposed_aid = Decimal("500.00")
    created_by = SubFactory(UserFactory)


class AidDecisionFactory(DjangoModelFactory[AidDecision]):
    class Meta:
        model = AidDecision

    client = SubFactory(ClientFactory)
    calculation = SubFactory(AidCalculationFactory, client=SelfAttribute("..client"))
    amount = Decimal("100.00")
    starts_on = dt.date(2024, 1, 1)
    months = 3
    motivation = "Motivering"
    proposed_by = SubFactory(UserFactory)
    proposed_at = LazyFunction(timezone.now)


# --- rights and non-take-up flags (rows made directly; the scan has its own tests) ----------


def right_of(code: str = "verhoogde_tegemoetkoming", **fields: Any) -> Any:
    """The catalogue's right with this code (migrate seeds the catalogue), or a new one."""
    from rights.models import Right

    name = code.replace("_", " ").capitalize()
    defaults: dict[str, Any] = {
        "name_nl": name,
        "name_en": name,
        "gives_nl": "Een voordeel.",
        "gives_en": "An advantage.",
        "how_to_apply_nl": "Bij het loket.",
        "how_to_apply_en": "At the desk.",
        "automatic": "no",
        **fields,
    }
    right, _created = Right.objects.get_or_create(code=code, defaults=defaults)
    return right


def right_parameters(
    right: Any,
    *,
    valid_from: dt.date = dt.date(2020, 1, 1),
    values: dict[str, str] | None = None,
    source: str = "test",
) -> Any:
    """A parameter version of `right` (the one of that day if it exists)."""
    from rights.models import RightParameters

    parameters, _created = RightParameters.objects.get_or_create(
        right=right,
        valid_from=valid_from,
        defaults={"values": values or {"limit": "1000.00", "months": "3"}, "source": source},
    )
    return parameters


def flag_for(
    client: Client,
    *,
    right_code: str = "verhoogde_tegemoetkoming",
    status: str = "open",
    opened_at: dt.datetime | None = None,
    matched: tuple[tuple[str, dict[str, str]], ...] = (
        ("Receives the income guarantee for the elderly (IGO).", {}),
    ),
    missing: tuple[tuple[str, dict[str, str]], ...] = (),
    **fields: Any,
) -> Any:
    """A non-take-up flag of `client`, as the scan would have opened it (closed ones get a
    closing date)."""
    from rights.facts import Finding, Line
    from rights.models import NonTakeUpFlag

    right = right_of(right_code)
    parameters = fields.pop("parameters", None) or right.parameters.order_by("valid_from").first()
    if parameters is None:
        parameters = right_parameters(right)
    finding = Finding(
        right=right_code,
        eligible=True,
        matched=tuple(Line(text, values) for text, values in matched),
        missing=tuple(Line(text, values) for text, values in missing),
        facts={"test": "yes"},
    )
    opened_at = opened_at or timezone.now()
    if status not in NonTakeUpFlag.OPEN_STATUSES:
        fields.setdefault("closed_at", opened_at)
    return NonTakeUpFlagFactory.create(
        client=client,
        right=right,
        parameters=parameters,
        status=status,
        explanation=finding.as_json(parameters_id=parameters.pk, valid_from=parameters.valid_from),
        facts_fingerprint=finding.fingerprint,
        opened_at=opened_at,
        **fields,
    )


class RightFactory(DjangoModelFactory[Right]):
    """A right outside the catalogue; `right_of()` returns the catalogue's."""

    class Meta:
        model = Right

    code = Sequence(lambda n: f"test_right_{n}")
    name_nl = Sequence(lambda n: f"Testrecht {n}")
    name_en = Sequence(lambda n: f"Test right {n}")
    gives_nl = "Een voordeel."
    gives_en = "An advantage."
    how_to_apply_nl = "Bij het loket."
    how_to_apply_en = "At the desk."
    automatic = "no"


class RightParametersFactory(DjangoModelFactory[RightParameters]):
    class Meta:
        model = RightParameters

    right = SubFactory(RightFactory)
    valid_from = dt.date(2020, 1, 1)
    values = LazyFunction(lambda: {"limit": "1000.00", "months": "3"})


class ClientRightFactory(DjangoModelFactory[ClientRight]):
    class Meta:
        model = ClientRight

    client = SubFactory(ClientFactory)
    right = SubFactory(RightFactory)
    status = ClientRight.Status.RECEIVES
    since = dt.date(2024, 1, 1)
    recorded_by = SubFactory(UserFactory)


class NonTakeUpFlagFactory(DjangoModelFactory[NonTakeUpFlag]):
    """A bare flag row; `flag_for()` makes one with the explanation the scan would write."""

    class Meta:
        model = NonTakeUpFlag

    client = SubFactory(ClientFactory)
    right = SubFactory(RightFactory)
    parameters = SubFactory(RightParametersFactory, right=SelfAttribute("..right"))
    explanation = LazyFunction(dict)
    facts_fingerprint = "x"
    opened_at = LazyFunction(timezone.now)


class FlagEventFactory(DjangoModelFactory[FlagEvent]):
    class Meta:
        model = FlagEvent

    flag = SubFactory(NonTakeUpFlagFactory)
    at = LazyFunction(timezone.now)
    status = SelfAttribute("flag.status")


class ScanRunFactory(DjangoModelFactory[ScanRun]):
    class Meta:
        model = ScanRun

    kind = ScanRun.Kind.NIGHTLY
    started_at = LazyFunction(timezone.now)
    scan_date = LazyFunction(timezone.localdate)


class ScanBatchFactory(DjangoModelFactory[ScanBatch]):
    """The one batch of a run: every active client."""

    class Meta:
        model = ScanBatch

    run = SubFactory(ScanRunFactory)
    after_id = 0
    up_to_id = None


class ClientScanStateFactory(DjangoModelFactory[ClientScanState]):
    """What a full scan kept of a client's evaluation that changed nothing."""

    class Meta:
        model = ClientScanState
        django_get_or_create = ("client",)  # one per client

    client = SubFactory(ClientFactory)
    digest = "0" * 32
    horizon = None
    evaluated_on = LazyFunction(timezone.localdate)


class DataMissingNoteFactory(DjangoModelFactory[DataMissingNote]):
    class Meta:
        model = DataMissingNote

    client = SubFactory(ClientFactory)
    right = SubFactory(RightFactory)
    parameters = SubFactory(RightParametersFactory, right=SelfAttribute("..right"))
    explanation = LazyFunction(dict)
    facts_fingerprint = "x"
    noted_at = LazyFunction(timezone.now)


def aid_calculations_forge(queryset: Any, **changes: Any) -> None:
    """Rewrite saved calculations, for tests that need an old or altered snapshot. On
    PostgreSQL a trigger (migration budgets 0002) refuses every change; it is switched off for
    this one statement, inside the test's transaction."""
    from django.db import connection

    guard = "ALTER TABLE budgets_aidcalculation {} TRIGGER aidcalculation_immutable"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE waits for no deferred foreign-key check of this transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(guard.format("DISABLE"))
        queryset.update(**changes)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(guard.format("ENABLE"))
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# --- documents -----------------------------------------------------------------------------


# The smallest PDF a viewer opens: one empty page.
TINY_PDF: bytes = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class DocumentTypeFactory(DjangoModelFactory[DocumentType]):
    class Meta:
        model = DocumentType
        django_get_or_create = ("code",)

    code = Sequence(lambda n: f"type_{n}")
    name_nl = Sequence(lambda n: f"Documentsoort {n}")
    name_en = Sequence(lambda n: f"Document type {n}")
    expires = False


class DocumentFactory(DjangoModelFactory[Document]):
    """A document row with a stored (encrypted) tiny PDF behind it."""

    class Meta:
        model = Document

    client = SubFactory(ClientFactory)
    document_type = SubFactory(DocumentTypeFactory)
    document_date = LazyFunction(timezone.localdate)
    original_name = "attest.pdf"
    content_type = "application/pdf"
    size = LazyAttribute(lambda o: len(TINY_PDF))
    sha256 = LazyAttribute(lambda o: hashlib.sha256(TINY_PDF).hexdigest())
    storage_name = LazyFunction(lambda: file_store(TINY_PDF))
    uploaded_by = SubFactory(UserFactory)
    uploaded_at = LazyFunction(timezone.now)


# --- procedure ---------------------------------------------------------------------------------


class RequestKindFactory(DjangoModelFactory[RequestKind]):
    class Meta:
        model = RequestKind
        django_get_or_create = ("code",)

    code = Sequence(lambda n: f"kind_{n}")
    name_nl = Sequence(lambda n: f"Hulpvorm {n}")
    name_en = Sequence(lambda n: f"Kind of help {n}")


def request_kind(code: str = "leefloon") -> RequestKind:
    """A kind seeded by procedure's migration 0002, made again when a transactional test's
    flush emptied the table."""
    names = {
        "leefloon": ("Leefloon", "Leefloon"),
        "equivalent_leefloon": ("Equivalent leefloon", "Equivalent leefloon"),
        "medical_card": ("Medische kaart", "Medical card"),
    }
    name_nl, name_en = names.get(code, (code, code))
    # The flags migration 0004 seeds: the kinds granted as an amount, those with a home visit.
    flags = importlib.import_module("procedure.migrations.0004_kind_flags")
    kind = RequestKindFactory.create(code=code, name_nl=name_nl, name_en=name_en)
    has_amount, home_visit = code in flags.WITH_AMOUNT, code in flags.HOME_VISIT
    if (kind.has_amount, kind.home_visit_required) != (has_amount, home_visit):
        kind.has_amount, kind.home_visit_required = has_amount, home_visit
        kind.save(update_fields=["has_amount", "home_visit_required"])
    return kind


class HelpRequestFactory(DjangoModelFactory[Request]):
    class Meta:
        model = Request

    client = SubFactory(ClientFactory)
    kind = SubFactory(RequestKindFactory)
    received_on = LazyFunction(timezone.localdate)
    received_by = SubFactory(UserFactory)
    location = "Sociaal huis"


class ForwardingFactory(DjangoModelFactory[Forwarding]):
    class Meta:
        model = Forwarding

    request = SubFactory(HelpRequestFactory, state=Request.State.FORWARDED)
    reason = "Woont in een andere gemeente"
    forwarded_to = "OCMW Gent"
    forwarded_on = LazyAttribute(lambda o: o.request.received_on)
    forwarded_by = SubFactory(UserFactory)


class ProposalFactory(DjangoModelFactory[Proposal]):
    """A proposal to refuse, decided by a team lead (no amount needed)."""

    class Meta:
        model = Proposal

    request = SubFactory(HelpRequestFactory, state=Request.State.PROPOSED)
    outcome = Outcome.REFUSE
    motivation = "Geen behoeftigheid vastgesteld"
    decider = Decider.TEAM_LEAD
    proposed_by = SubFactory(UserFactory)
    proposed_at = LazyFunction(timezone.now)


class DecisionFactory(DjangoModelFactory[Decision]):
    """A standing decision by a delegated team lead, on the day of the receipt unless told;
    who proposed it is someone else than who decided it (four eyes)."""

    class Meta:
        model = Decision

    request = SubFactory(HelpRequestFactory, state=Request.State.DECIDED)
    outcome = DecisionOutcome.REFUSED  # no amount needed
    motivation = "Geen behoeftigheid vastgesteld"
    decided_on = LazyAttribute(lambda o: o.request.received_on)
    body = Decision.Body.TEAM_LEAD
    decided_by = SubFactory(UserFactory)
    proposed_by = SubFactory(UserFactory)


class NotificationFactory(DjangoModelFactory[Notification]):
    class Meta:
        model = Notification

    request = SubFactory(HelpRequestFactory, state=Request.State.NOTIFIED)
    decision = SubFactory(DecisionFactory, request=SelfAttribute("..request"))
    notified_on = LazyAttribute(lambda o: o.decision.decided_on)
    way = Notification.Way.REGISTERED
    recorded_by = SubFactory(UserFactory)


class DelegationFactory(DjangoModelFactory[Delegation]):
    class Meta:
        model = Delegation

    kind = SubFactory(RequestKindFactory)


def committee_member(**user_fields: object) -> User:
    return UserFactory.create(is_committee_member=True, **user_fields)


class CommitteeSessionFactory(DjangoModelFactory[CommitteeSession]):
    class Meta:
        model = CommitteeSession

    held_on = LazyFunction(timezone.localdate)
    place = "Raadzaal"
    created_by = SubFactory(UserFactory)


class AgendaItemFactory(DjangoModelFactory[AgendaItem]):
    class Meta:
        model = AgendaItem

    session = SubFactory(CommitteeSessionFactory)
    request = SubFactory(HelpRequestFactory, state=Request.State.PROPOSED)
    position = Sequence(lambda n: n + 1)


class InquiryFactory(DjangoModelFactory[Inquiry]):
    class Meta:
        model = Inquiry

    request = SubFactory(HelpRequestFactory, state=Request.State.UNDER_INQUIRY)
    findings_income = "Geen inkomen sinds vorige maand"
    written_by = SubFactory(UserFactory)


class AppealFactory(DjangoModelFactory[Appeal]):
    """An appeal lodged, no judgment yet, on a notified request."""

    class Meta:
        model = Appeal

    request = SubFactory(HelpRequestFactory, state=Request.State.NOTIFIED)
    lodged_on = LazyAttribute(lambda o: o.request.received_on)
    court = "Arbeidsrechtbank Gent, afdeling Kortrijk"
    recorded_by = SubFactory(UserFactory)


class RequestDocumentFactory(DjangoModelFactory[RequestDocument]):
    """A document of the client's file that belongs to one of the client's requests."""

    class Meta:
        model = RequestDocument

    request = SubFactory(HelpRequestFactory)
    document = SubFactory(DocumentFactory, client=SelfAttribute("..request.client"))


# --- integration -------------------------------------------------------------------------------


class LeefloonScaleFactory(DjangoModelFactory[LeefloonScale]):
    """The amounts of 1 February 2025 as migration 0002 seeds them (monthly 876.13 / 1,314.20 /
    1,776.07), published."""

    class Meta:
        model = LeefloonScale
        django_get_or_create = ("valid_from",)

    valid_from = dt.date(2025, 2, 1)
    status = ScaleStatus.PUBLISHED
    cohabitant_yearly = Decimal("10513.60")
    single_yearly = Decimal("15770.41")
    family_yearly = Decimal("21312.84")
    exemption_cohabitant_yearly = Decimal("155.00")
    exemption_single_yearly = Decimal("250.00")
    exemption_family_yearly = Decimal("310.00")
    spi_monthly = Decimal("309.48")
    spi_student_grant_monthly = Decimal("309.48")
    spi_student_monthly = Decimal("309.48")
    spi_max_months = 36
    source = "test"
    published_at = LazyFunction(timezone.now)


class EligibilityFactory(DjangoModelFactory[Eligibility]):
    class Meta:
        model = Eligibility

    request = SubFactory(HelpRequestFactory, kind=LazyFunction(request_kind))
    checked_by = SubFactory(UserFactory)


class LeefloonCalculationFactory(DjangoModelFactory[LeefloonCalculation]):
    """A single person without resources from the day of the request (amounts of 1-2-2025)."""

    class Meta:
        model = LeefloonCalculation

    request = SubFactory(HelpRequestFactory, kind=LazyFunction(request_kind))
    client = SelfAttribute("request.client")
    scale = SubFactory(LeefloonScaleFactory)
    calculated_on = SelfAttribute("request.received_on")
    starts_on = SelfAttribute("request.received_on")
    category = "single"
    proposed_category = "single"
    inputs = LazyAttribute(
        lambda o: {
            "category": "single",
            "starts_on": o.starts_on.isoformat(),
            "applicant": [],
            "partner": None,
            "relatives": [],
        }
    )
    category_yearly = Decimal("15770.41")
    resources_yearly = Decimal("0.00")
    yearly_amount = Decimal("15770.41")
    monthly_amount = Decimal("1314.20")
    first_month_amount = Decimal("1314.20")
    created_by = SubFactory(UserFactory)


class LeefloonGrantFactory(DjangoModelFactory[LeefloonGrant]):
    class Meta:
        model = LeefloonGrant

    calculation = SubFactory(LeefloonCalculationFactory)
    request = SelfAttribute("calculation.request")
    client = SelfAttribute("calculation.client")
    decision = SubFactory(
        DecisionFactory,
        request=SelfAttribute("..calculation.request"),
        outcome="granted",
        amount=SelfAttribute("..calculation.monthly_amount"),
    )
    category = SelfAttribute("calculation.category")
    starts_on = SelfAttribute("calculation.starts_on")
    review_on = LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=365))


class GrantAmountFactory(DjangoModelFactory[GrantAmount]):
    class Meta:
        model = GrantAmount

    grant = SubFactory(LeefloonGrantFactory)
    valid_from = SelfAttribute("grant.starts_on")
    monthly_amount = SelfAttribute("grant.calculation.monthly_amount")
    reason = GrantAmount.Reason.DECISION
    scale = SelfAttribute("grant.calculation.scale")


class GpmiContractFactory(DjangoModelFactory[GpmiContract]):
    class Meta:
        model = GpmiContract

    client = SubFactory(ClientFactory)
    starts_on = LazyFunction(timezone.localdate)
    goals = "Nederlands leren en een opleiding logistiek volgen"
    client_commitments = "Lessen volgen, afspraken nakomen"
    ocmw_commitments = "Inschrijving regelen, kosten opleiding dragen"
    created_by = SubFactory(UserFactory)


class GpmiEvaluationFactory(DjangoModelFactory[GpmiEvaluation]):
    class Meta:
        model = GpmiEvaluation

    contract = SubFactory(GpmiContractFactory)
    due_on = LazyAttribute(lambda o: o.contract.starts_on + dt.timedelta(days=120))


class EmployerFactory(DjangoModelFactory[Employer]):
    class Meta:
        model = Employer
        django_get_or_create = ("name",)

    name = Sequence(lambda n: f"Kringwinkel {n}")
    kind = Employer.Kind.PARTNER


class Art60ContractFactory(DjangoModelFactory[Art60Contract]):
    class Meta:
        model = Art60Contract

    client = SubFactory(ClientFactory)
    employer = SubFactory(EmployerFactory)
    job_title = "Magazijnier"
    starts_on = LazyFunction(timezone.localdate)
    ends_on = LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=365))
    hours_per_week = Decimal("38.0")
    wage_cost_monthly = Decimal("3100.00")
    subsidy_monthly = Decimal("1776.07")
    net_wage_monthly = Decimal("1850.00")
    created_by = SubFactory(UserFactory)
