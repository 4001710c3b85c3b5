"""Every URL of the project, for every kind of user: the answer each one must get.

A URL missing from the matrix fails the test, so a new page cannot ship without deciding who
may see it. GET for pages; for URLs that only act on POST, a refused POST must change nothing.
"""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from budgets.services.calculations import aid_calculation_save
from clients.models import (
    AccessLog,
)
from integration.models import ScaleStatus
from integration.services.gpmi import gpmi_contract_create
from procedure.models import Appeal, Decision, Inquiry, Proposal, Request
from rights.models import ScanRun
from tests.conftest import login
from tests.documents.helpers import thumbnail_stored
from tests.factories import (
    AgendaItemFactory,
    AidDecisionFactory,
    Art60ContractFactory,
    CommitteeSessionFactory,
    DebtFactory,
    DocumentFactory,
    GrantAmountFactory,
    HelpRequestFactory,
    HouseholdMemberFactory,
    IncomeFactory,
    JournalEntryFactory,
    LeefloonCalculationFactory,
    LeefloonScaleFactory,
    ScanRunFactory,
    TrajectoryFactory,
    TrajectoryStepFactory,
    WijkteamFactory,
    administrator,
    aid_policy,
    budget_version,
    client_of,
    data_protection_officer,
    flag_for,
    request_kind,
    right_of,
    right_parameters,
    social_worker,
    team_lead,
)
from wijkteams.models import User

ROLES = ["anonymous", "assigned", "colleague", "outsider", "lead", "other_lead", "admin", "dpo"]
LOGIN = "login"  # a redirect to the login page


def _row(**codes: int | str) -> dict[str, int | str]:
    assert set(codes) == set(ROLES), set(ROLES) ^ set(codes)
    return codes


# Pages of one client file that everybody of the team reads.
READ = _row(
    anonymous=LOGIN,
    assigned=200,
    colleague=200,
    outsider=404,
    lead=200,
    other_lead=404,
    admin=403,
    dpo=403,
)
# Forms of a client file on a page of their own: the assigned worker and the team lead only.
EDIT = _row(
    anonymous=LOGIN,
    assigned=200,
    colleague=403,
    outsider=404,
    lead=200,
    other_lead=404,
    admin=403,
    dpo=403,
)
# POST-only actions on a client file (their forms sit on the tabs): GET is not allowed.
ACTION = _row(
    anonymous=LOGIN,
    assigned=405,
    colleague=405,
    outsider=405,
    lead=405,
    other_lead=405,
    admin=403,
    dpo=403,
)
WORKERS = _row(
    anonymous=LOGIN,
    assigned=200,
    colleague=200,
    outsider=200,
    lead=403,
    other_lead=403,
    admin=403,
    dpo=403,
)
LEADS = _row(
    anonymous=LOGIN,
    assigned=403,
    colleague=403,
    outsider=403,
    lead=200,
    other_lead=200,
    admin=403,
    dpo=403,
)
# POST-only actions of team leads outside a client file: GET is not allowed.
LEAD_ACTION = _row(
    anonymous=LOGIN,
    assigned=403,
    colleague=403,
    outsider=403,
    lead=405,
    other_lead=405,
    admin=403,
    dpo=403,
)
STAFF = _row(
    anonymous=LOGIN,
    assigned=200,
    colleague=200,
    outsider=200,
    lead=200,
    other_lead=200,
    admin=200,
    dpo=403,
)
# Screens of the rights catalogue: administrators only (no client data on them).
RIGHTS_ADMIN = _row(
    anonymous=LOGIN,
    assigned=403,
    colleague=403,
    outsider=403,
    lead=403,
    other_lead=403,
    admin=200,
    dpo=403,
)
# Administrators' screens (reference budgets, aid policies): nobody else, whatever their team.
ADMINISTRATORS = _row(
    anonymous=LOGIN,
    assigned=403,
    colleague=403,
    outsider=403,
    lead=403,
    other_lead=403,
    admin=200,
    dpo=403,
)

# Figures of the teams (numbers only): team leads (their teams) and administrators (all).
LEADS_AND_ADMINISTRATORS = _row(
    anonymous=LOGIN,
    assigned=403,
    colleague=403,
    outsider=403,
    lead=200,
    other_lead=200,
    admin=200,
    dpo=403,
)

# Two-factor pages that first need the other step: a redirect for every logged-in user.
SECOND_STEP_FIRST = _row(
    anonymous=LOGIN,
    assigned=302,
    colleague=302,
    outsider=302,
    lead=302,
    other_lead=302,
    admin=302,
    dpo=302,
)

# Container health checks (wijkteams/health.py): everybody, logged in or not, no personal data.
OPEN = _row(
    anonymous=200,
    assigned=200,
    colleague=200,
    outsider=200,
    lead=200,
    other_lead=200,
    admin=200,
    dpo=200,
)
# The data-protection officer's access log and its export: the officer only.
DPO_ONLY = _row(
    anonymous=LOGIN,
    assigned=403,
    colleague=403,
    outsider=403,
    lead=403,
    other_lead=403,
    admin=403,
    dpo=200,
)
# Pages about staff accounts and logins (no client data): the administrators and the officer.
ADMINISTRATORS_AND_OFFICER = _row(
    anonymous=LOGIN,
    assigned=403,
    colleague=403,
    outsider=403,
    lead=403,
    other_lead=403,
    admin=200,
    dpo=200,
)

MATRIX: dict[str, dict[str, int | str]] = {
    "healthz": OPEN,
    "readyz": OPEN,
    "home": _row(
        anonymous=LOGIN,
        assigned=302,
        colleague=302,
        outsider=302,
        lead=302,
        other_lead=302,
        admin=302,
        dpo=302,
    ),
    "login": _row(
        anonymous=200,
        assigned=302,
        colleague=302,
        outsider=302,
        lead=302,
        other_lead=302,
        admin=302,
        dpo=302,
    ),
    "logout": _row(
        anonymous=405,
        assigned=405,
        colleague=405,
        outsider=405,
        lead=405,
        other_lead=405,
        admin=405,
        dpo=405,
    ),
    "set_language": _row(
        anonymous=302,
        assigned=302,
        colleague=302,
        outsider=302,
        lead=302,
        other_lead=302,
        admin=302,
        dpo=302,
    ),
    "wijkteams:my_team": LEADS,
    "wijkteams:configuration": _row(
        anonymous=LOGIN,
        assigned=403,
        colleague=403,
        outsider=403,
        lead=403,
        other_lead=403,
        admin=200,
        dpo=403,
    ),
    "wijkteams:address_lookup": STAFF,
    # Issue 17: the login lockouts in force, read only (administrators lift them in the admin).
    "wijkteams:lockouts": ADMINISTRATORS_AND_OFFICER,
    # Issue 17 point 4: the account log of resets, enrolments and role changes, and its export:
    # the officer and the administrators.
    "wijkteams:account_log": ADMINISTRATORS_AND_OFFICER,
    "wijkteams:account_log_csv": ADMINISTRATORS_AND_OFFICER,
    # The enrolment link is public (the link is the key): a token nobody was given is not found,
    # whoever asks, logged in or not.
    "wijkteams:enrolment": _row(
        anonymous=404,
        assigned=404,
        colleague=404,
        outsider=404,
        lead=404,
        other_lead=404,
        admin=404,
        dpo=404,
    ),
    # Issue 6: two-factor login. Setting up an app is for every logged-in user; without an app
    # (as in this world) verification sends on to the set-up, and the backup codes need both
    # steps done first.
    "wijkteams:two_factor_setup": _row(
        anonymous=LOGIN,
        assigned=200,
        colleague=200,
        outsider=200,
        lead=200,
        other_lead=200,
        admin=200,
        dpo=200,
    ),
    "wijkteams:two_factor_verify": SECOND_STEP_FIRST,
    "wijkteams:two_factor_backup_codes": SECOND_STEP_FIRST,
    "wijkteams:two_factor_backup_codes_regenerate": SECOND_STEP_FIRST,
    "clients:my_cases": WORKERS,
    "clients:team_caseload": LEADS,
    "clients:team_worker_clients": _row(
        anonymous=LOGIN,
        assigned=403,
        colleague=403,
        outsider=403,
        lead=200,
        other_lead=404,
        admin=403,
        dpo=403,
    ),
    "clients:team_transfer": _row(
        anonymous=LOGIN,
        assigned=403,
        colleague=403,
        outsider=403,
        lead=405,
        other_lead=405,
        admin=403,
        dpo=403,
    ),
    "clients:search": _row(
        anonymous=LOGIN,
        assigned=200,
        colleague=200,
        outsider=200,
        lead=200,
        other_lead=200,
        admin=403,
        dpo=403,
    ),
    "clients:intake": WORKERS,
    "clients:intake_form": _row(
        anonymous=LOGIN,
        assigned=302,
        colleague=302,
        outsider=302,
        lead=403,
        other_lead=403,
        admin=403,
        dpo=403,
    ),
    "clients:file": READ,
    "clients:file_edit": EDIT,
    "clients:file_team": _row(
        anonymous=LOGIN,
        assigned=403,
        colleague=403,
        outsider=403,
        lead=405,
        other_lead=405,
        admin=403,
        dpo=403,
    ),
    "clients:file_household": READ,
    "clients:member_add": ACTION,
    "clients:member_edit": EDIT,
    "clients:member_remove": ACTION,
    "clients:income_add": ACTION,
    "clients:income_edit": EDIT,
    "clients:income_remove": ACTION,
    "clients:household_confirm": ACTION,
    "clients:file_trajectories": READ,
    "clients:trajectory_open": ACTION,
    "clients:trajectory_edit": EDIT,
    "clients:trajectory_activate": ACTION,
    "clients:trajectory_close": ACTION,
    "clients:step_add": ACTION,
    "clients:step_done": ACTION,
    "clients:debt_add": ACTION,
    "clients:debt_edit": EDIT,
    "clients:file_journal": READ,
    "clients:journal_add": ACTION,
    "clients:journal_follow_up_done": ACTION,
    "clients:file_access": _row(
        anonymous=LOGIN,
        assigned=403,
        colleague=403,
        outsider=403,
        lead=200,
        other_lead=404,
        admin=403,
        dpo=403,
    ),
    "clients:file_transfer": READ,  # the assignment history; only editors get the form
    # Closing and reopening the file (clients/views/closing.py): forms on the overview.
    "clients:file_close": ACTION,
    "clients:file_reopen": ACTION,
    # Issue 6: the access log of all files (clients/views/access_log.py).
    "clients:access_log": DPO_ONLY,
    "clients:access_log_csv": DPO_ONLY,
    # Issue 6: the GDPR export (clients/views/gdpr.py): the lead of the client's team only.
    "clients:file_gdpr": _row(
        anonymous=LOGIN,
        assigned=403,
        colleague=403,
        outsider=403,
        lead=200,
        other_lead=404,
        admin=403,
        dpo=403,
    ),
    # Issue 18: the file's documents (documents/views.py). Everybody of the team reads them; the
    # assigned worker and the lead add and withdraw (the forms sit on the tab).
    "documents:file_documents": READ,
    "documents:upload": ACTION,
    "documents:view": READ,
    "documents:download": READ,
    "documents:withdraw": ACTION,
    # Issue 18 points 4 and 8: a document's page (details, the document inline) and its
    # thumbnail, for whoever reads the file's documents.
    "documents:viewer": READ,
    "documents:thumbnail": READ,
    # Issue 19: the file's requests for help (procedure/views.py). Everybody of the team reads
    # them and prints a receipt; the assigned worker and the lead register, withdraw and
    # forward (the forms sit on the tab).
    "procedure:file_requests": READ,
    "procedure:register": ACTION,
    "procedure:withdraw": ACTION,
    "procedure:forward": ACTION,
    "procedure:receipt": READ,
    "procedure:receipt_keep": ACTION,
    # The steps after the receipt (procedure/steps.py), forms on the tab: the assigned worker
    # and the lead; recording a decision is for team leads only (the service then refuses the
    # proposer and a lead of another team). The world's request is decided, with an appeal.
    "procedure:inquiry": ACTION,
    "procedure:propose": ACTION,
    "procedure:decide": _row(
        anonymous=LOGIN,
        assigned=403,
        colleague=403,
        outsider=403,
        lead=405,
        other_lead=405,
        admin=403,
        dpo=403,
    ),
    "procedure:decide_urgent": _row(
        anonymous=LOGIN,
        assigned=403,
        colleague=403,
        outsider=403,
        lead=405,
        other_lead=405,
        admin=403,
        dpo=403,
    ),
    "procedure:notify": ACTION,
    "procedure:appeal": ACTION,
    "procedure:judgment": ACTION,
    "procedure:documents_upload": ACTION,
    # The decision letter: everybody of the team prints it, as the receipt.
    "procedure:decision_letter": READ,
    # The register of the led teams' requests and its CSV: team leads only.
    "procedure:register_list": LEADS,
    "procedure:register_csv": LEADS,
    # Issue 19 point 6: the figures per month of the led teams' requests.
    "procedure:register_figures": LEADS,
    # Issue 20: the Leefloon tab of a file, read as the other tabs.
    "integration:file_leefloon": READ,
    # integration: eligibility and calculation (rows below this line)
    "integration:leefloon_request": READ,
    "integration:calculation_new": EDIT,
    "integration:calculation_detail": READ,
    # integration: grants, payments and amounts (rows below this line)
    "integration:grant_detail": READ,
    "integration:grant_end": ACTION,
    # integration: GPMI (rows below this line)
    "integration:gpmi_detail": READ,
    "integration:gpmi_new": EDIT,
    "integration:gpmi_edit": EDIT,
    "integration:gpmi_evaluation_record": ACTION,
    # integration: art. 60 and figures (rows below this line)
    "integration:art60_new": EDIT,
    "integration:art60_detail": READ,
    "integration:art60_edit": EDIT,
    "integration:art60_end": ACTION,
    "integration:figures": LEADS_AND_ADMINISTRATORS,
    # The leefloon amounts (integration/views/scales.py): administrators only. Publish and
    # delete answer GET with their confirmation page (publish: with the preview).
    "integration:scale_list": ADMINISTRATORS,
    "integration:scale_create": ADMINISTRATORS,
    "integration:scale_index": ADMINISTRATORS,
    "integration:scale_detail": ADMINISTRATORS,
    "integration:scale_edit": ADMINISTRATORS,
    "integration:scale_publish": ADMINISTRATORS,
    "integration:scale_delete": ADMINISTRATORS,
    "integration:figures_csv": LEADS_AND_ADMINISTRATORS,
    # Issue 19 point 5: the committee's sessions (procedure/session_views.py), kept by team
    # leads; an item's page only for the leads of the client's team. Committee members, who
    # see the list and the pseudonymised agenda, have their own matrix with a session they sit
    # in and one they do not (tests/procedure/test_session_permissions.py).
    "procedure:session_list": LEADS,
    "procedure:session_plan": LEADS,
    "procedure:session_detail": LEADS,
    "procedure:session_refresh": LEAD_ACTION,
    "procedure:session_minutes": LEAD_ACTION,
    "procedure:session_close": LEAD_ACTION,
    "procedure:agenda_item": _row(
        anonymous=LOGIN,
        assigned=403,
        colleague=403,
        outsider=403,
        lead=200,
        other_lead=404,
        admin=403,
        dpo=403,
    ),
    "procedure:agenda_print": LEADS,
    "procedure:agenda_pseudonymised": LEADS,
    # Issue 4: reference budget versions and aid policies (budgets/views/admin.py). Publish and
    # delete answer GET with their confirmation page (publish: with the impact preview).
    "budgets:version_list": ADMINISTRATORS,
    "budgets:version_create": ADMINISTRATORS,
    "budgets:version_detail": ADMINISTRATORS,
    "budgets:version_edit": ADMINISTRATORS,
    "budgets:version_index": ADMINISTRATORS,
    "budgets:version_publish": ADMINISTRATORS,
    "budgets:version_delete": ADMINISTRATORS,
    "budgets:version_export": ADMINISTRATORS,
    "budgets:version_import": ADMINISTRATORS,
    "budgets:version_compare": ADMINISTRATORS,
    "budgets:policy_list": ADMINISTRATORS,
    "budgets:policy_create": ADMINISTRATORS,
    "budgets:policy_detail": ADMINISTRATORS,
    "budgets:policy_edit": ADMINISTRATORS,
    "budgets:policy_publish": ADMINISTRATORS,
    "budgets:policy_delete": ADMINISTRATORS,
    # Issue 4: aid proposals and decisions (budgets/views/decisions.py). Workers and leads see
    # the proposals of their own teams; since issue 19 the procedure decides them (no URL here).
    "budgets:decision_propose": EDIT,
    "budgets:decision_list": _row(
        anonymous=LOGIN,
        assigned=200,
        colleague=200,
        outsider=200,
        lead=200,
        other_lead=200,
        admin=403,
        dpo=403,
    ),
    "budgets:decision_detail": READ,
    "budgets:decision_withdraw": ACTION,
    # The world's proposal is still open: no letter yet, back to the proposal.
    "budgets:decision_letter": _row(
        anonymous=LOGIN,
        assigned=302,
        colleague=302,
        outsider=404,
        lead=302,
        other_lead=404,
        admin=403,
        dpo=403,
    ),
    # Issue 18: the letter kept as PDF in the documents, for whoever may read the letter; POST
    # only. A refused POST: the world's proposal is still open (403), another team's 404.
    "budgets:decision_letter_send": ACTION,
    # Issue 4: aid calculations on the client file (budgets/views/calculations.py).
    "budgets:file_aid": READ,
    "budgets:calculation_new": EDIT,
    "budgets:calculation_what_if": EDIT,
    "budgets:calculation_detail": READ,
    # Issue 5: non-take-up. The client file's tab and its actions (rights/views/worker.py).
    "rights:file_rights": READ,
    "rights:client_right_record": ACTION,
    "rights:flag_act": ACTION,
    "rights:flag_review": ACTION,
    # The list of flags: own clients for workers, the led teams' clients for leads.
    "rights:flags": _row(
        anonymous=LOGIN,
        assigned=200,
        colleague=200,
        outsider=200,
        lead=200,
        other_lead=200,
        admin=403,
        dpo=403,
    ),
    # Scan runs and team figures (rights/views/team.py): numbers for team leads.
    "rights:scan_runs": LEADS,
    "rights:scan_start": _row(
        anonymous=LOGIN,
        assigned=403,
        colleague=403,
        outsider=403,
        lead=405,
        other_lead=405,
        admin=403,
        dpo=403,
    ),
    "rights:figures": LEADS,
    "rights:figures_csv": LEADS,
    # The catalogue and its parameter versions (rights/views/admin.py): administrators only.
    "rights:catalogue": RIGHTS_ADMIN,
    "rights:right_edit": RIGHTS_ADMIN,
    "rights:parameters": RIGHTS_ADMIN,
    "rights:parameters_edit": RIGHTS_ADMIN,  # the world's version starts in the future
    "rights:parameters_delete": _row(
        anonymous=LOGIN,
        assigned=403,
        colleague=403,
        outsider=403,
        lead=403,
        other_lead=403,
        admin=405,
        dpo=403,
    ),
}


def _named_patterns(patterns: list[URLPattern | URLResolver], ns: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{ns}{pattern.namespace}:" if pattern.namespace else ns
            yield from _named_patterns(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{ns}{pattern.name}"


# The Django admin has its own tests (tests/wijkteams/test_admin.py): staff only, by design.
PROJECT_URLS = sorted(
    name
    for name in set(_named_patterns(get_resolver().url_patterns))
    if not name.startswith("admin:")
)


def test_every_url_is_in_the_matrix() -> None:
    assert sorted(MATRIX) == PROJECT_URLS


@pytest.fixture
def world(db: None) -> dict[str, object]:
    centrum = WijkteamFactory.create(name="Centrum")
    heule = WijkteamFactory.create(name="Heule")
    users = {
        "assigned": social_worker(centrum),
        "colleague": social_worker(centrum),
        "outsider": social_worker(heule),
        "lead": team_lead(centrum),
        "other_lead": team_lead(heule),
        "admin": administrator(),
        "dpo": data_protection_officer(),
    }
    # A name no page prints by accident: where it shows, the page showed this client.
    client = client_of(
        users["assigned"], team=centrum, complete=True, first_name="Zenobia", last_name="Quist"
    )
    member = HouseholdMemberFactory.create(
        client=client,
        first_name="Noor",
        last_name="X",
        birth_date=dt.date(2015, 3, 1),
        sex="F",
        relation="child",
    )
    income = IncomeFactory.create(client=client, kind="wage", net_monthly=Decimal("1500.00"))
    trajectory = TrajectoryFactory.create(
        client=client,
        kind="debt_help",
        opened_on=timezone.localdate(),
        created_by=users["assigned"],
    )
    step = TrajectoryStepFactory.create(trajectory=trajectory, description="Budgetplan")
    debt = DebtFactory.create(
        trajectory=trajectory,
        creditor="Fluvius",
        original_amount=Decimal("100"),
        outstanding_amount=Decimal("100"),
    )
    entry = JournalEntryFactory.create(
        client=client,
        author=users["assigned"],
        occurred_on=timezone.localdate(),
        kind="phone",
        text="x",
        follow_up_on=timezone.localdate(),
    )
    # Issue 4: a published version and policy, a draft version, a saved calculation and a
    # proposal on it (made by the assigned worker).
    version = budget_version(actor=users["admin"])
    draft = budget_version(actor=users["admin"], published=False, valid_from=dt.date(2030, 1, 1))
    policy = aid_policy(actor=users["admin"])
    policy_draft = aid_policy(published=False, actor=users["admin"], valid_from=dt.date(2030, 1, 1))
    calculation = aid_calculation_save(
        actor=users["assigned"], client=client, on=timezone.localdate()
    )
    decision = AidDecisionFactory.create(
        client=client,
        calculation=calculation,
        amount=Decimal("100.00"),
        starts_on=timezone.localdate().replace(day=1),
        months=3,
        motivation="x",
        activation_commitment="x",
        proposed_by=users["assigned"],
        proposed_at=timezone.now(),
    )
    kwargs = {
        "pk": client.pk,
        "version_pk": version.pk,
        "draft_pk": draft.pk,
        "policy_pk": policy.pk,
        "policy_draft_pk": policy_draft.pk,
        "calculation_pk": calculation.pk,
        "decision_pk": decision.pk,
        "member_pk": member.pk,
        "income_pk": income.pk,
        "trajectory_pk": trajectory.pk,
        "step_pk": step.pk,
        "debt_pk": debt.pk,
        "entry_pk": entry.pk,
        "worker_id": users["assigned"].pk,
        "token": "a-token-nobody-was-given",
        "kind": "debt_help",
    }
    # Issue 5: a flag of the client, a right with a version planned for next month, a scan run.
    flag = flag_for(client)
    right = right_of()
    planned = right_parameters(
        right,
        valid_from=timezone.localdate() + dt.timedelta(days=30),
        values=dict(right.parameters.order_by("-valid_from").first().values),
    )
    run = ScanRunFactory.create(
        kind=ScanRun.Kind.MANUAL, started_at=timezone.now(), scan_date=timezone.localdate()
    )
    kwargs |= {
        "flag_pk": flag.pk,
        "right_pk": right.pk,
        "parameters_pk": planned.pk,
        "run_pk": run.pk,
    }
    # Issue 18: a document of the client, uploaded by the assigned worker, with a thumbnail.
    document = DocumentFactory.create(
        client=client, uploaded_by=users["assigned"], thumbnail_name=thumbnail_stored()
    )
    kwargs |= {"document_pk": document.pk}
    # Issue 19: a request of the client, received today by the assigned worker, decided by the
    # lead on the worker's proposal, and appealed.
    help_request = HelpRequestFactory.create(
        client=client, kind=request_kind(), received_by=users["assigned"]
    )
    Inquiry.objects.create(request=help_request, written_by=users["assigned"])
    Proposal.objects.create(
        request=help_request,
        outcome="refuse",
        motivation="x",
        decider="team_lead",
        proposed_by=users["assigned"],
        proposed_at=timezone.now(),
    )
    Decision.objects.create(
        request=help_request,
        outcome="refused",
        motivation="x",
        decided_on=timezone.localdate(),
        body="team_lead",
        decided_by=users["lead"],
        proposed_by=users["assigned"],
    )
    Request.objects.filter(pk=help_request.pk).update(state=Request.State.DECIDED)
    appeal = Appeal.objects.create(
        request=help_request,
        lodged_on=timezone.localdate(),
        court="Arbeidsrechtbank",
        recorded_by=users["assigned"],
    )
    kwargs |= {"request_pk": help_request.pk, "appeal_pk": appeal.pk}
    kwargs |= {"request_pk": help_request.pk}
    # Issue 19 point 5: a committee session held today with the request on its agenda.
    item = AgendaItemFactory.create(
        request=help_request, session=CommitteeSessionFactory.create(created_by=users["lead"])
    )
    kwargs |= {"session_pk": item.session_id, "item_pk": item.pk}
    # integration: eligibility and calculation (world below this line)
    # A saved calculation of the leefloon request above.
    leefloon_calculation = LeefloonCalculationFactory.create(
        request=help_request, created_by=users["assigned"]
    )
    kwargs |= {"calc_pk": leefloon_calculation.pk}
    # integration: grants, payments and amounts (world below this line)
    grant = GrantAmountFactory.create(
        grant__calculation__request__client=client,
        grant__calculation__request__kind=request_kind("leefloon"),
    ).grant
    kwargs |= {"grant_pk": grant.pk}
    # A draft of leefloon amounts, after every published one.
    scale = LeefloonScaleFactory.create(
        valid_from=dt.date(2027, 1, 1), status=ScaleStatus.DRAFT, published_at=None
    )
    kwargs |= {"scale_pk": scale.pk}
    # integration: GPMI (world below this line)
    # A contract signed by both sides a month ago, with its evaluations scheduled.
    contract = gpmi_contract_create(
        actor=users["assigned"],
        client=client,
        request=None,
        starts_on=timezone.localdate() - dt.timedelta(days=30),
        ends_on=None,
        goals="x",
        client_commitments="x",
        ocmw_commitments="x",
        signed_by_client_on=timezone.localdate() - dt.timedelta(days=30),
        signed_by_ocmw_on=timezone.localdate() - dt.timedelta(days=30),
        signed_for_ocmw_by=users["lead"],
        today=timezone.localdate(),
    )
    kwargs |= {"gpmi_pk": contract.pk, "evaluation_pk": contract.evaluations.earliest("due_on").pk}
    # integration: art. 60 and figures (world below this line)
    art60 = Art60ContractFactory.create(client=client, created_by=users["assigned"])
    kwargs |= {"art60_pk": art60.pk}
    return {"users": users, "kwargs": kwargs, "client": client}


def _reverse_with_subset(name: str, kwargs: dict[str, object]) -> str:
    from itertools import combinations

    from django.urls import NoReverseMatch

    keys = list(kwargs)
    for size in range(len(keys) + 1):
        for subset in combinations(keys, size):
            try:
                return reverse(name, kwargs={k: kwargs[k] for k in subset})
            except NoReverseMatch:
                continue
    raise AssertionError(f"cannot build a URL for {name}")


CASES = [(name, role) for name in sorted(MATRIX) for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES)
def test_get_answers_as_the_matrix_says(
    client: HttpClient, world: dict[str, object], name: str, role: str
) -> None:
    users: dict[str, User] = world["users"]  # type: ignore[assignment]
    if role != "anonymous":
        login(client, users[role])
    url = _reverse_with_subset(name, world["kwargs"])  # type: ignore[arg-type]
    response = client.get(url)
    expected = MATRIX[name][role]
    if expected == LOGIN:
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"].startswith(reverse("login")), response["Location"]
    else:
        assert response.status_code == expected, (url, response.status_code)


def _logged(client_pk: int, user: User) -> int:
    return AccessLog.objects.filter(client_id=client_pk, actor=user).count()


# The officer's reading of the access log itself names clients: that is the audit of the log,
# not a look at a file, and logging it would add a row for every row read.
NOT_A_LOOK_AT_A_FILE = {("clients:access_log", "dpo"), ("clients:access_log_csv", "dpo")}
SHOWING = [
    (n, r)
    for n, r in CASES
    if MATRIX[n][r] == 200 and r != "anonymous" and (n, r) not in NOT_A_LOOK_AT_A_FILE
]


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize(("name", "role"), SHOWING)
def test_a_page_that_shows_a_client_has_logged_it(
    client: HttpClient, world: dict[str, object], name: str, role: str, htmx: bool
) -> None:
    """Every page (and its htmx partial) that renders the client's name wrote an access-log
    row for that client and that user: a new list that forgets fails here."""
    users: dict[str, User] = world["users"]  # type: ignore[assignment]
    user, shown = users[role], world["client"]
    login(client, user)
    url = _reverse_with_subset(name, world["kwargs"])  # type: ignore[arg-type]
    before = _logged(shown.pk, user)  # type: ignore[attr-defined]
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(url, headers=headers)
    # A streamed CSV file is read whole, as its reader would.
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    if "Quist" in body.decode(errors="replace"):
        assert _logged(shown.pk, user) > before, f"{url} shows the client without a log row"  # type: ignore[attr-defined]


REFUSED_POST = {
    "colleague": 403,
    "outsider": 404,
    "other_lead": 404,
    "admin": 403,
}
WRITE_URLS = [name for name, row in MATRIX.items() if row in (EDIT, ACTION)] + [
    "clients:file_transfer",
    "clients:file_team",
    "procedure:decide",
    "procedure:decide_urgent",
    "clients:file_gdpr",
]
# Changing the team is for team leads only: a worker of either team is refused by role first.
REFUSED_POST_OVERRIDES = {
    ("clients:file_team", "outsider"): 403,
    ("procedure:decide", "outsider"): 403,  # recording a decision is for team leads only
    ("procedure:decide_urgent", "outsider"): 403,
    ("clients:file_gdpr", "outsider"): 403,  # exporting is for team leads only
}


@pytest.mark.parametrize("role", sorted(REFUSED_POST))
@pytest.mark.parametrize("name", sorted(WRITE_URLS))
def test_refused_post_changes_nothing(
    client: HttpClient, world: dict[str, object], name: str, role: str
) -> None:
    users: dict[str, User] = world["users"]  # type: ignore[assignment]
    login(client, users[role])
    url = _reverse_with_subset(name, world["kwargs"])  # type: ignore[arg-type]
    before = _case_data()
    response = client.post(url, {"reason": "x", "text": "x"})
    expected = REFUSED_POST_OVERRIDES.get((name, role), REFUSED_POST[role])
    assert response.status_code == expected, (url, response.status_code)
    assert _case_data() == before


def _case_data() -> dict[str, list[tuple[object, ...]]]:
    """Every row of the apps that hold case data, except the access log's views (a refused
    form may show the file again, and that is a view)."""
    data = {}
    for label in ("clients", "documents", "procedure", "budgets", "integration", "rights"):
        for model in apps.get_app_config(label).get_models():
            rows = model._default_manager.order_by("pk")
            if model is AccessLog:
                rows = rows.exclude(action=AccessLog.Action.VIEW)
            data[model._meta.label] = list(rows.values_list())
    return data


@pytest.mark.parametrize("name", ["clients:file_edit", "clients:member_edit", "clients:debt_edit"])
def test_refused_edit_page_is_not_logged_as_a_view(
    client: HttpClient, world: dict[str, object], name: str
) -> None:
    users: dict[str, User] = world["users"]  # type: ignore[assignment]
    login(client, users["colleague"])
    url = _reverse_with_subset(name, world["kwargs"])  # type: ignore[arg-type]
    assert client.get(url).status_code == 403
    assert not AccessLog.objects.filter(actor=users["colleague"]).exists()


@pytest.mark.parametrize("role", ["assigned", "colleague", "lead"])
def test_search_results_that_show_a_client_have_logged_it(
    client: HttpClient, world: dict[str, object], role: str
) -> None:
    """The search is POSTed (never in a URL): the walk above sees only its empty form."""
    users: dict[str, User] = world["users"]  # type: ignore[assignment]
    user, shown = users[role], world["client"]
    login(client, user)
    before = _logged(shown.pk, user)  # type: ignore[attr-defined]
    response = client.post(reverse("clients:search"), {"query": "Quist"})
    assert "Quist" in response.content.decode()
    assert _logged(shown.pk, user) == before + 1  # type: ignore[attr-defined]
