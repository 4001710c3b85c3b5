"""Demo requests for help, through the same services as real ones (so they obey the same
rules: dates not in the future nor before the receipt, four eyes, the home visit a kind needs,
the delegation table): for the clients of the named demo social workers, one request at each
stage of the procedure, received some days before `today`; the council's delegations; and
the committee's members (users `comite.*`, who see the pseudonymised agenda only) and a
session a week ahead whose agenda takes the proposals the committee decides.

Seeded once: nothing is added when any request exists.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from clients.models import Assignment, Client
from demo.city import DEMO_PASSWORD
from procedure.models import Delegation, Notification, Request, RequestKind
from procedure.services import decisions, requests, sessions
from wijkteams.models import Membership, User
from wijkteams.selectors import active_memberships

# (username, first name, last name): the committee (no team, no client file).
COMMITTEE = [
    ("comite.voorzitter", "Marleen", "Vandeputte"),
    ("comite.lid1", "Filip", "Desmedt"),
    ("comite.lid2", "Nadia", "Benali"),
]

# kind code -> (up to amount or None, also refusals): what the council delegated to team leads.
DELEGATIONS: dict[str, tuple[Decimal | None, bool]] = {
    "medical_card": (None, True),
    "food_material_aid": (None, True),
    "heating_allowance": (Decimal("300.00"), False),
}

WORKERS = ["ma.centrum", "ma.centrum2", "ma.heule", "ma.noord", "ma.zuid"]


@dataclass(frozen=True)
class Stage:
    """A request of `kind` received `days_ago`, taken as far as `until` (a stage name)."""

    kind: str
    days_ago: int
    until: str  # received, forwarded, inquiry, proposed, decided, notified, appealed
    amount: Decimal | None = None
    decided_days_ago: int = 0
    notified_days_ago: int = 0


STAGES = [
    Stage("medical_card", 2, "received"),
    Stage("leefloon", 4, "forwarded"),
    Stage("installation_premium", 12, "inquiry"),
    # No decision after more than 30 days: the applicant may appeal.
    Stage("leefloon", 38, "inquiry"),
    Stage("equivalent_leefloon", 20, "proposed", amount=Decimal("1264.56")),
    Stage("heating_allowance", 9, "proposed", amount=Decimal("250.00")),
    Stage("medical_card", 26, "decided", decided_days_ago=3),
    Stage("food_material_aid", 60, "notified", decided_days_ago=40, notified_days_ago=36),
    Stage(
        "heating_allowance",
        150,
        "appealed",
        amount=Decimal("210.00"),
        decided_days_ago=125,
        notified_days_ago=120,
    ),
]

ORDER = ["received", "forwarded", "inquiry", "proposed", "decided", "notified", "appealed"]


def _reached(stage: Stage, step: str) -> bool:
    return ORDER.index(stage.until) >= ORDER.index(step) and not (
        stage.until == "forwarded" and step != "forwarded"
    )


def _committee() -> int:
    password_hash = make_password(DEMO_PASSWORD)
    added = 0
    for username, first, last in COMMITTEE:
        _user, new = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@ocmw.example",
                "password": password_hash,
                "is_committee_member": True,
            },
        )
        added += new
    return added


def _delegations() -> None:
    for code, (up_to, refusals) in DELEGATIONS.items():
        kind = RequestKind.objects.get(code=code)
        Delegation.objects.get_or_create(
            kind=kind, defaults={"up_to_amount": up_to, "covers_refusals": refusals}
        )


def _lead_of(client: Client, today: dt.date) -> User | None:
    membership = (
        active_memberships(on=today)
        .filter(team_id=client.team_id, role=Membership.Role.TEAM_LEAD)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _take(stage: Stage, *, client: Client, worker: User, lead: User, today: dt.date) -> Request:
    """One request through the services, as far as its stage."""
    received_on = today - dt.timedelta(days=stage.days_ago)
    kind = RequestKind.objects.get(code=stage.kind)
    request = requests.request_register(
        actor=worker,
        client=client,
        kind=kind,
        received_on=received_on,
        location="Sociaal Huis Budastraat",
        own_words="Ik kom mijn rekeningen niet meer rond.",
    )
    if stage.until == "forwarded":
        requests.request_forward(
            actor=worker,
            request=request,
            expected_version=request.version,
            reason="Woont sinds vorige maand in Gent.",
            forwarded_to="OCMW Gent",
            forwarded_on=received_on + dt.timedelta(days=2),
        )
        return request
    if not _reached(stage, "inquiry"):
        return request
    decisions.inquiry_save(
        actor=worker,
        request=request,
        expected_version=request.version,
        findings={
            "income": "Geen of onvoldoende inkomen; loonbrieven en rekeninguittreksels gezien.",
            "housing": "Huurt privé; huurcontract gezien.",
        },
        home_visit_on=received_on + dt.timedelta(days=1) if kind.home_visit_required else None,
    )
    request.refresh_from_db()
    if not _reached(stage, "proposed"):
        return request
    grant_amount = stage.amount if kind.has_amount else None
    decisions.proposal_submit(
        actor=worker,
        request=request,
        expected_version=request.version,
        outcome="grant",
        amount=grant_amount,
        starts_on=received_on if grant_amount else None,
        months=12 if grant_amount else None,
        motivation="Het sociaal onderzoek toont een tekort aan bestaansmiddelen.",
    )
    request.refresh_from_db()
    if not _reached(stage, "decided"):
        return request
    decided_on = today - dt.timedelta(days=stage.decided_days_ago)
    decisions.decision_record_delegated(
        actor=lead,
        request=request,
        expected_version=request.version,
        outcome="granted",
        motivation="Voldoet aan de voorwaarden volgens het sociaal onderzoek.",
        decided_on=decided_on,
        amount=grant_amount,
        starts_on=received_on if grant_amount else None,
        months=12 if grant_amount else None,
    )
    request.refresh_from_db()
    if not _reached(stage, "notified"):
        return request
    notified_on = today - dt.timedelta(days=stage.notified_days_ago)
    decisions.notification_record(
        actor=worker,
        request=request,
        expected_version=request.version,
        notified_on=notified_on,
        way=Notification.Way.REGISTERED,
    )
    if _reached(stage, "appealed"):
        decisions.appeal_register(
            actor=worker,
            request=request,
            lodged_on=notified_on + dt.timedelta(days=30),
            court="Arbeidsrechtbank Gent, afdeling Kortrijk",
        )
    return request


def _session(today: dt.date) -> None:
    """A committee session a week from `today`, planned by the lead of Centrum with the demo
    committee, whose agenda takes the proposals waiting for the committee."""
    lead = User.objects.filter(username="lead.centrum").first()
    members = list(User.objects.filter(username__in=[c[0] for c in COMMITTEE]))
    if lead is None or not members:
        return
    chair = next((m for m in members if m.username == "comite.voorzitter"), None)
    sessions.session_plan(
        actor=lead,
        held_on=today + dt.timedelta(days=7),
        place="Raadzaal, Grote Markt 54",
        member_ids=[member.pk for member in members],
        chair_id=chair.pk if chair else None,
    )


@transaction.atomic
def seed_procedure(*, today: dt.date) -> int:
    """The committee's members, the delegations and, once, the demo requests; the number of
    requests added (0 when there were requests already or no demo client files)."""
    _committee()
    _delegations()
    if Request.objects.exists():
        return 0
    added = 0
    for username in WORKERS:
        worker = User.objects.filter(username=username).first()
        if worker is None:
            continue
        clients = list(
            Client.objects.filter(
                pk__in=Assignment.objects.filter(worker=worker, ended_at__isnull=True).values(
                    "client_id"
                ),
                closed_on__isnull=True,
            ).order_by("pk")[: len(STAGES)]
        )
        for stage, client in zip(STAGES, clients, strict=False):
            lead = _lead_of(client, today)
            if lead is None:
                continue
            if stage.until in ("decided", "notified", "appealed") and kind_routed_to_committee(
                stage
            ):
                continue
            _take(stage, client=client, worker=worker, lead=lead, today=today)
            added += 1
    if added:
        _session(today)
    return added


def kind_routed_to_committee(stage: Stage) -> bool:
    """Whether the delegations leave a grant of this stage to the committee (then the demo
    does not decide it outside a session)."""
    up_to, _refusals = DELEGATIONS.get(stage.kind, (Decimal(0), False))
    if stage.kind not in DELEGATIONS:
        return True
    return up_to is not None and (stage.amount is None or stage.amount > up_to)
