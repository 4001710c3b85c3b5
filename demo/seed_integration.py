"""Demo leefloon files (issue 20), through the same services as real ones, so they obey the same
rules: the eligibility check, the saved calculation, the proposal resting on it, the team lead's
delegated decision (the granted leefloon is made by the decision's listener,
integration/grants_hooks.py), the GPMI with its evaluations and the art. 60 contract.

For the demo social workers ma.centrum and ma.heule, four clients each, taken after the first 12
of their caseload (the requests of demo/procedure.py are on the first ones) among the adults of
20 to 60 who may have the leefloon and have nothing that would contradict it (no own income, no
partner, no request yet); a small demo has too few of them, and then the worker gets a new demo
file drawn as `--clients` draws them, the first that fits. One client at each stage:

- a leefloon request received last week, its eligibility check partly filled;
- a request with the check filled and a saved calculation, to propose;
- a leefloon granted about 215 days ago, with a signed GPMI whose first evaluation is held;
- a leefloon granted about 125 days ago, with a signed GPMI and an art. 60 contract running
  since a month and a half (the leefloon ended the day before the job started, the wage
  is the client's income from then).

Also the council's delegation of leefloon decisions to the team leads and a few art. 60
employers. Seeded once: no stage is added when any eligibility check exists.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from clients.models import Assignment, Client, HouseholdMember, Income
from clients.models.client import age_on
from clients.services.household import income_save
from demo.clients import FileDrawer, demo_client_count, files_insert, teams_for_demo
from demo.clients.plans import ClientFile, Team
from demo.procedure import _lead_of
from integration.calculation import Category
from integration.employment_rules import social_security_suggestion
from integration.models import (
    LEEFLOON_KIND,
    Condition,
    Eligibility,
    Employer,
    GpmiContract,
    LeefloonCalculation,
    LeefloonGrant,
    OtherRight,
    WorkWillingness,
)
from integration.selectors_eligibility import RESIDENCE_MET
from integration.services.calculations import CalculationChoices, household_on
from integration.services.calculations import leefloon_calculation_save as calculation_save
from integration.services.eligibility import eligibility_save
from integration.services.employment import art60_contract_create
from integration.services.gpmi import gpmi_contract_create, gpmi_evaluation_record
from integration.services.grants import grant_end
from procedure.deadlines import add_months
from procedure.models import Delegation, Notification, Request, RequestKind
from procedure.services import decisions, requests
from wijkteams.models import User

# The demo social workers: where they receive requests, and where their art. 60 client works
# (an employer of EMPLOYERS) as what.
WORKERS = {
    "ma.centrum": (
        "Sociaal Huis Budastraat",
        "Sociaal Huis, onderhoudsdienst",
        "Medewerker onderhoud",
    ),
    "ma.heule": ("Wijkcentrum Heule Dorp", "Kringloopcentrum Heule", "Winkelmedewerker"),
}
SKIP = 12  # the first files of a caseload carry the procedure's demo requests
MIN_AGE, MAX_AGE = 20, 60
# A caseload without a fitting client for a stage (a small demo: some 13 files a worker for
# 300 clients) gets one more demo file for the worker, drawn as `--clients` draws them (this
# seed, among the first DRAWS), the first that fits the stage; its access log names this
# actor, so `--clients N` does not count it.
FILE_SEED = 2002
DRAWS = 5000
FILE_ACTOR = "seed_demo leefloon"

# (name, kind, address, contact): where the demo's art. 60 workers work. Invented.
EMPLOYERS = [
    ("Sociaal Huis, onderhoudsdienst", Employer.Kind.INTERNAL, "Budastraat 27, 8500 Kortrijk", ""),
    (
        "Woonzorgcentrum De Leiemeersen",
        Employer.Kind.PARTNER,
        "Overleiestraat 80, 8500 Kortrijk",
        "An Verhaeghe",
    ),
    (
        "Kringloopcentrum Heule",
        Employer.Kind.PARTNER,
        "Peperstraat 52, 8501 Heule",
        "Dirk Vanhoutte",
    ),
]


@dataclass(frozen=True)
class Stage:
    """A leefloon request received `days_ago`, taken as far as `until`."""

    days_ago: int
    until: str  # checking, calculated, granted, employed


STAGES = [
    Stage(6, "checking"),
    Stage(16, "calculated"),
    Stage(215, "granted"),
    Stage(125, "employed"),
]
ORDER = ["checking", "calculated", "granted", "employed"]

# The other rights of art. 3 6°, all checked: none of them is open to these clients (the
# child benefit is read from the file, _child_benefit).
OTHER_RIGHTS_CHECKED = {
    "unemployment": OtherRight.NOT_ENTITLED,
    "sickness": OtherRight.NOT_ENTITLED,
    "pension": OtherRight.NOT_ENTITLED,
    "igo": OtherRight.NOT_ENTITLED,
    "child_benefit": OtherRight.NOT_ENTITLED,
    "maintenance": OtherRight.NOT_ENTITLED,
}


def _reached(stage: Stage, step: str) -> bool:
    return ORDER.index(stage.until) >= ORDER.index(step)


def _delegation() -> None:
    """The council delegates leefloon decisions (grants and refusals) to the team leads."""
    kind = RequestKind.objects.get(code=LEEFLOON_KIND)
    Delegation.objects.get_or_create(
        kind=kind, defaults={"up_to_amount": None, "covers_refusals": True}
    )


def _employers() -> None:
    for name, kind, address, contact in EMPLOYERS:
        Employer.objects.get_or_create(
            name=name, defaults={"kind": kind, "address": address, "contact": contact}
        )


# --- the clients -----------------------------------------------------------------------------


def _since(worker: User, client: Client) -> dt.date | None:
    """The day the worker's current assignment of the client started."""
    assignment = Assignment.objects.filter(
        worker=worker, client=client, ended_at__isnull=True
    ).first()
    return assignment.started_at.date() if assignment is not None else None


def _fits(client: Client, *, earliest: dt.date, today: dt.date) -> bool:
    """An adult of 20 to 60 with a residence that gives the right, not on the leefloon, with no
    own income, partner or unknown income amount since `earliest`, and no request yet: nothing
    in the file contradicts a leefloon request from `earliest` on."""
    if not (
        age_on(client.birth_date, earliest) >= MIN_AGE
        and age_on(client.birth_date, today) <= MAX_AGE
    ):
        return False
    if client.residence_status not in RESIDENCE_MET or client.leefloon_since is not None:
        return False
    since = Q(ends_on__isnull=True) | Q(ends_on__gte=earliest)
    incomes = Income.objects.filter(since, client=client)
    if (
        incomes.filter(member__isnull=True).exists()
        or incomes.filter(net_monthly__isnull=True).exists()
    ):
        return False
    partner = HouseholdMember.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gte=earliest),
        client=client,
        relation=HouseholdMember.Relation.PARTNER,
    )
    return not partner.exists() and not Request.objects.filter(client=client).exists()


def _plan_fits(plan: ClientFile, *, earliest: dt.date, today: dt.date) -> bool:
    """A drawn file that would pass _fits and was the worker's from `earliest` on."""
    client = plan.client
    started = min(assignment.started_at.date() for assignment in plan.assignments)
    return (
        len(plan.assignments) == 1
        and started <= earliest
        and age_on(client.birth_date, earliest) >= MIN_AGE
        and age_on(client.birth_date, today) <= MAX_AGE
        and client.residence_status in RESIDENCE_MET
        and client.leefloon_since is None
        and not any(member is None for _income, member in plan.incomes)
        and all(income.net_monthly is not None for income, _member in plan.incomes)
        and not any(m.relation == HouseholdMember.Relation.PARTNER for m in plan.members)
    )


def _draws(worker: User, seed: int, today: dt.date) -> Iterator[ClientFile]:
    """Demo files of the worker as `--clients` draws them (see FILE_SEED), one after another."""
    team = next(
        (t for t in teams_for_demo(today=today) if any(w.user_id == worker.pk for w in t.workers)),
        None,
    )
    if team is None:
        return
    alone = Team(
        team.team_id,
        team.name,
        [w for w in team.workers if w.user_id == worker.pk],
        team.lead_id,
        team.streets,
    )
    taken = set(Client.objects.values_list("national_number", flat=True))
    drawer = FileDrawer(seed=seed, today=today, teams=[alone], taken=taken)
    for index in range(DRAWS):
        yield drawer.draw(index)


def _drawn_client(draws: Iterator[ClientFile], stage: Stage, today: dt.date) -> Client | None:
    """The next drawn file that fits the stage, inserted; None when none of them does."""
    received_on = today - dt.timedelta(days=stage.days_ago)
    for plan in draws:
        if _plan_fits(plan, earliest=received_on, today=today):
            files_insert([plan], actor_label=FILE_ACTOR)
            return plan.client
    return None


def _clients_for(worker: User, today: dt.date) -> list[tuple[Stage, Client, User]]:
    """Per stage, the first client after the first SKIP of the worker's open caseload who fits
    it, was the worker's on the day its request was received and has a team lead; a stage
    that finds none gets a new demo file (_drawn_client)."""
    caseload = list(
        Client.objects.filter(
            pk__in=Assignment.objects.filter(worker=worker, ended_at__isnull=True).values(
                "client_id"
            ),
            closed_on__isnull=True,
        ).order_by("pk")[SKIP:]
    )
    taken: set[int] = set()
    # Each worker's own draws: the same seed would draw the same people.
    draws = _draws(worker, FILE_SEED + list(WORKERS).index(worker.username), today)
    chosen = []
    for stage in sorted(STAGES, key=lambda s: -s.days_ago):
        received_on = today - dt.timedelta(days=stage.days_ago)
        for client in caseload:
            since = _since(worker, client)
            if (
                client.pk in taken
                or since is None
                or since > received_on
                or not _fits(client, earliest=received_on, today=today)
            ):
                continue
            lead = _lead_of(client, today)
            if lead is not None and lead != worker:
                taken.add(client.pk)
                chosen.append((stage, client, lead))
                break
        else:
            drawn = _drawn_client(draws, stage, today)
            lead = _lead_of(drawn, today) if drawn is not None else None
            if drawn is not None and lead is not None and lead != worker:
                chosen.append((stage, drawn, lead))
    return sorted(chosen, key=lambda pair: STAGES.index(pair[0]))


# --- one client through the services ---------------------------------------------------------


def _child_benefit(request: Request) -> str:
    """The Groeipakket as the file shows it on the day of the request: received when a child's
    line runs, applied for when minor children live there without one, else not entitled."""
    household = household_on(request.client, request.received_on)
    if any(income.kind == Income.Kind.GROEIPAKKET for income in household.incomes):
        return OtherRight.RECEIVED
    if household.proposed == Category.FAMILY:
        return OtherRight.APPLIED
    return OtherRight.NOT_ENTITLED


def _check(worker: User, request: Request, *, complete: bool) -> Eligibility:
    """The check as far as the intake goes (residence and unemployment benefit) or complete,
    every condition met."""
    data: dict[str, str] = {
        "actual_residence": Condition.MET,
        "actual_residence_note": "Woont op het adres volgens het rijksregister.",
        "unemployment": OtherRight.NOT_ENTITLED,
    }
    if complete:
        data |= {
            "actual_residence_note": "Woont er effectief; gezien bij het huisbezoek.",
            "work_willingness": WorkWillingness.WILLING,
            "work_willingness_note": "Ingeschreven bij VDAB; wil werken.",
            **OTHER_RIGHTS_CHECKED,
            "child_benefit": _child_benefit(request),
            "other_rights_note": "Geen recht op een werkloosheids- of ziekte-uitkering; "
            "geen onderhoudsplichtigen die bijdragen.",
        }
    return eligibility_save(actor=worker, request=request, data=data, expected_version=0)


def _calculate(worker: User, request: Request) -> LeefloonCalculation:
    """The calculation of the household on the day of the request, from that day, in the
    category the household suggests; relatives who owe maintenance (if any) not counted."""
    received_on = request.received_on
    household = household_on(request.client, received_on)
    motivation = (
        "De ouders of meerderjarige kinderen kunnen niet bijdragen; niet meegeteld."
        if household.relatives
        else ""
    )
    return calculation_save(
        actor=worker,
        request=request,
        choices=CalculationChoices(
            calculated_on=received_on,
            starts_on=received_on,
            category=household.proposed,
            relatives_motivation=motivation,
        ),
    )


def _inquiry(worker: User, request: Request) -> None:
    """The social inquiry with its home visit three days after the request."""
    decisions.inquiry_save(
        actor=worker,
        request=request,
        expected_version=request.version,
        findings={
            "income": "Geen inkomen; rekeninguittreksels van de voorbije drie maanden gezien.",
            "housing": "Huurt privé; huurcontract gezien.",
        },
        home_visit_on=request.received_on + dt.timedelta(days=3),
    )
    request.refresh_from_db()


def _grant(
    worker: User, lead: User, request: Request, calculation: LeefloonCalculation
) -> tuple[dt.date, LeefloonGrant]:
    """The proposal resting on the calculation and the lead's delegated decision three weeks
    after the request (within the 30 days); the decision's listener makes the leefloon.
    Returns the day of the decision and the leefloon."""
    received_on = request.received_on
    amount = calculation.monthly_amount
    decisions.proposal_submit(
        actor=worker,
        request=request,
        expected_version=request.version,
        outcome="grant",
        amount=amount,
        starts_on=received_on,
        months=12,
        motivation="Geen bestaansmiddelen; voldoet aan de voorwaarden van art. 3 van de wet.",
        link_id=calculation.pk,
    )
    request.refresh_from_db()
    decided_on = received_on + dt.timedelta(days=21)
    decision = decisions.decision_record_delegated(
        actor=lead,
        request=request,
        expected_version=request.version,
        outcome="granted",
        motivation="Voldoet aan de voorwaarden volgens het sociaal onderzoek.",
        decided_on=decided_on,
        amount=amount,
        starts_on=received_on,
        months=12,
    )
    request.refresh_from_db()
    decisions.notification_record(
        actor=worker,
        request=request,
        expected_version=request.version,
        notified_on=decided_on + dt.timedelta(days=2),
        way=Notification.Way.REGISTERED,
    )
    return decided_on, LeefloonGrant.objects.get(decision=decision)


def _gpmi(
    worker: User, lead: User, request: Request, *, starts_on: dt.date, today: dt.date
) -> GpmiContract:
    return gpmi_contract_create(
        actor=worker,
        client=request.client,
        request=request,
        starts_on=starts_on,
        ends_on=None,
        goals="Werk vinden binnen het jaar; Nederlands op niveau 2; schulden in kaart.",
        client_commitments="Volgt de opleiding bij VDAB; komt elke maand op gesprek.",
        ocmw_commitments="Begeleiding naar werk; budgetbegeleiding; kosten van de opleiding.",
        signed_by_client_on=starts_on,
        signed_by_ocmw_on=starts_on,
        signed_for_ocmw_by=lead,
        today=today,
    )


def _first_evaluation(worker: User, contract: GpmiContract, today: dt.date) -> None:
    evaluation = contract.evaluations.order_by("due_on").first()
    if evaluation is None or evaluation.due_on > today:
        return
    gpmi_evaluation_record(
        actor=worker,
        evaluation_id=evaluation.pk,
        expected_version=evaluation.version,
        held_on=evaluation.due_on,
        in_person=True,
        report="Volgt de opleiding trouw; solliciteert; de schulden zijn in kaart gebracht.",
        today=today,
    )


def _art60(worker: User, grant: LeefloonGrant, *, today: dt.date) -> None:
    """A full-time art. 60 job since 45 days, until the client has built social security rights
    (the suggested day, at least a year); the leefloon ends the day before and the wage is the
    client's income from then."""
    client = grant.client
    _location, employer, job_title = WORKERS[worker.username]
    starts_on = today - dt.timedelta(days=45)
    hours = Decimal("38.0")
    suggestion = social_security_suggestion(
        birth_date=client.birth_date, starts_on=starts_on, hours_per_week=hours
    )
    ends_on = max(suggestion.day or starts_on, add_months(starts_on, 12))
    net_wage = Decimal("1795.40")
    art60_contract_create(
        actor=worker,
        client=client,
        employer=Employer.objects.get(name=employer),
        job_title=job_title,
        starts_on=starts_on,
        ends_on=ends_on,
        hours_per_week=hours,
        wage_cost_monthly=Decimal("3120.00"),
        subsidy_monthly=Decimal("1314.20"),
        net_wage_monthly=net_wage,
        social_security_from=suggestion.day,
        note="Doel uit het GPMI: werkervaring en recht op werkloosheidsuitkering.",
    )
    grant_end(
        actor=worker,
        grant=grant,
        expected_version=grant.version,
        ended_on=starts_on - dt.timedelta(days=1),
        reason="Tewerkgesteld in art. 60 §7: het loon vervangt het leefloon.",
    )
    income_save(
        actor=worker,
        client=client,
        income=Income(kind=Income.Kind.WAGE, net_monthly=net_wage, starts_on=starts_on),
    )


def _take(stage: Stage, *, client: Client, worker: User, lead: User, today: dt.date) -> Request:
    received_on = today - dt.timedelta(days=stage.days_ago)
    request = requests.request_register(
        actor=worker,
        client=client,
        kind=RequestKind.objects.get(code=LEEFLOON_KIND),
        received_on=received_on,
        location=WORKERS[worker.username][0],
        own_words="Ik heb geen inkomen meer en kan de huur niet betalen.",
    )
    if not _reached(stage, "calculated"):
        _check(worker, request, complete=False)
        return request
    _inquiry(worker, request)
    _check(worker, request, complete=True)
    calculation = _calculate(worker, request)
    if not _reached(stage, "granted"):
        return request
    decided_on, grant = _grant(worker, lead, request, calculation)
    contract = _gpmi(
        worker, lead, request, starts_on=decided_on + dt.timedelta(days=14), today=today
    )
    _first_evaluation(worker, contract, today)
    if _reached(stage, "employed"):
        _art60(worker, grant, today=today)
    return request


@transaction.atomic
def seed_integration(*, today: dt.date) -> int:
    """The leefloon delegation, the art. 60 employers and, once, the demo leefloon files; the
    number of clients taken (0 when there were eligibility checks already, or no fitting
    demo client files)."""
    _delegation()
    _employers()
    # Without demo client files (`seed_demo` without --clients) no file is drawn either.
    if Eligibility.objects.exists() or not demo_client_count():
        return 0
    added = 0
    for username in WORKERS:
        worker = User.objects.filter(username=username).first()
        if worker is None:
            continue
        for stage, client, lead in _clients_for(worker, today):
            _take(stage, client=client, worker=worker, lead=lead, today=today)
            added += 1
    return added
