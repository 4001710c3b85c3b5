"""Aid proposals and decisions: the worker proposes on a saved calculation, a team lead of the
client's team decides (four eyes), and a decided proposal has a printable letter in Dutch.

Who sees the team list: team leads see the proposals of the teams they lead, and social workers
those of the teams they work in, exactly the clients `clients_visible_to` opens to them. A worker
follows up their own proposals there, and colleagues may read these files anyway.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from budgets.filters import AidDecisionFilter
from budgets.forms.decisions import DecisionForm, ProposalForm
from budgets.log_actions import SEEN_DECISION, SEEN_LETTER, SEEN_PROPOSE
from budgets.models import AidCalculation, AidDecision
from budgets.selectors.decisions import (
    calculation_for_proposal,
    decision_actions,
    decision_get,
    decision_list,
    decision_proposers,
    decision_teams,
    decisions_visible_to,
    open_proposal,
)
from budgets.services.decisions import (
    aid_decision_approve,
    aid_decision_propose,
    aid_decision_reject,
    aid_decision_withdraw,
    aid_decisions_listed,
    first_of_next_month,
)
from budgets.services.letters import decision_letter_send
from clients.access_log import access_log_record
from clients.models import AccessLog
from clients.views.common import ClientFile, open_client_file
from core.http import form_errors_from
from core.paging import PAGE_PARAM
from wijkteams.permissions import acting_user, get_roles, role_required

PER_PAGE = 25


DECIDED = (AidDecision.Status.APPROVED, AidDecision.Status.REJECTED)


def _log_view_of_refused_form(request: HttpRequest, file: ClientFile, what: str) -> None:
    # A refused form shows client data again: that is a view (GETs log it on opening).
    access_log_record(
        client=file.client, actor=acting_user(request), action=AccessLog.Action.VIEW, what=what
    )


# --- the worker's proposal --------------------------------------------------------------------


@role_required(social_worker=True, team_lead=True)
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, pk: int, calculation_pk: int) -> HttpResponse:
    """Propose aid on a saved calculation: the client's social worker or the team lead."""
    file = open_client_file(request, pk, what=SEEN_PROPOSE, for_change=True)
    calculation = calculation_for_proposal(client=file.client, pk=calculation_pk)
    if request.method == "GET":
        form = ProposalForm(initial=_proposal_initial(calculation))
        return _propose_page(request, file, calculation, form)
    form = ProposalForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = aid_decision_propose(
                actor=acting_user(request),
                calculation=calculation,
                amount=data["amount"],
                starts_on=data["starts_on"],
                months=data["months"],
                motivation=data["motivation"],
                activation_commitment=data["activation_commitment"],
                exemption=data["exemption"],
                exemption_reason=data["exemption_reason"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The proposal is waiting for the team lead's decision."))
            return redirect("budgets:decision_detail", decision_pk=decision.pk)
    _log_view_of_refused_form(request, file, SEEN_PROPOSE)
    return _propose_page(request, file, calculation, form)


def _proposal_initial(calculation: AidCalculation) -> dict[str, Any]:
    return {
        "amount": calculation.proposed_aid if calculation.proposed_aid > 0 else None,
        "starts_on": first_of_next_month(timezone.localdate()),
        "months": calculation.policy.max_months,
    }


def _propose_page(
    request: HttpRequest, file: ClientFile, calculation: AidCalculation, form: ProposalForm
) -> HttpResponse:
    return render(
        request,
        "budgets/decisions/propose.html",
        file.context(
            calculation=calculation,
            policy=calculation.policy,
            open_proposal=open_proposal(client=file.client),
            form=form,
        ),
    )


# --- the team list ----------------------------------------------------------------------------


@role_required(social_worker=True, team_lead=True)
@require_GET
def decision_list_page(request: HttpRequest) -> HttpResponse:
    """The proposals and decisions of the user's teams, filtered, a page at a time."""
    user = acting_user(request)
    roles = get_roles(request)
    filterset = AidDecisionFilter(
        request.GET,
        queryset=decision_list(user=user, roles=roles),
        teams=list(decision_teams(user=user, roles=roles)),
        proposers=list(decision_proposers(decisions=decisions_visible_to(user, roles=roles))),
    )
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get(PAGE_PARAM))
    # Names and amounts of these clients are on the page: each is a view of their file.
    aid_decisions_listed(actor=user, clients=[decision.client for decision in page])
    return render(request, "budgets/decisions/list.html", {"filter": filterset, "page": page})


# --- one proposal: detail, decision, withdrawal ---------------------------------------------


@role_required(social_worker=True, team_lead=True)
@require_GET
def decision_detail(request: HttpRequest, decision_pk: int) -> HttpResponse:
    """The proposal with its calculation; the decision form for a lead who may decide."""
    decision = decision_get(user=acting_user(request), pk=decision_pk, roles=get_roles(request))
    file = open_client_file(request, decision.client_id, what=SEEN_DECISION)
    form = DecisionForm(initial={"expected_status": decision.status})
    return _detail_page(request, file, decision, form)


def _detail_page(
    request: HttpRequest, file: ClientFile, decision: AidDecision, form: DecisionForm
) -> HttpResponse:
    actions = decision_actions(
        user=acting_user(request),
        decision=decision,
        leads_team=file.is_lead,
        may_edit_file=file.can_edit,
    )
    return render(
        request,
        "budgets/decisions/detail.html",
        file.context(
            decision=decision,
            calculation=decision.calculation,
            form=form if actions.decide else None,
            actions=actions,
            has_letter=decision.status in DECIDED,
        ),
    )


@role_required(team_lead=True)
@require_POST
def decide(request: HttpRequest, decision_pk: int) -> HttpResponse:
    """Approve or reject (the button pressed), for a lead of the client's team only."""
    user = acting_user(request)
    decision = decision_get(user=user, pk=decision_pk, roles=get_roles(request))
    file = open_client_file(request, decision.client_id, what=SEEN_DECISION)
    if not file.is_lead:
        raise PermissionDenied
    form = DecisionForm(request.POST, initial={"expected_status": decision.status})
    if form.is_valid():
        data = form.cleaned_data
        service = aid_decision_approve if data["outcome"] == form.APPROVE else aid_decision_reject
        try:
            decided = service(
                actor=user,
                decision=decision,
                motivation=data["motivation"],
                expected_status=data["expected_status"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
            # Show the proposal as it is now: someone may have decided it meanwhile.
            decision = decision_get(user=user, pk=decision_pk, roles=get_roles(request))
        else:
            if decided.status == AidDecision.Status.APPROVED:
                messages.success(request, _("The aid is approved."))
            else:
                messages.success(request, _("The proposal is rejected."))
            return redirect("budgets:decision_detail", decision_pk=decision.pk)
    if decision.status != AidDecision.Status.PROPOSED:
        # Decided or withdrawn by someone else meanwhile: say so on the proposal as it is now.
        messages.error(request, " ".join(str(error) for error in form.non_field_errors()))
        return redirect("budgets:decision_detail", decision_pk=decision.pk)
    _log_view_of_refused_form(request, file, SEEN_DECISION)
    return _detail_page(request, file, decision, form)


@role_required(social_worker=True, team_lead=True)
@require_POST
def withdraw(request: HttpRequest, decision_pk: int) -> HttpResponse:
    """Withdraw an open proposal: the proposer, or whoever may edit the client file."""
    user = acting_user(request)
    decision = decision_get(user=user, pk=decision_pk, roles=get_roles(request))
    try:
        aid_decision_withdraw(actor=user, decision=decision)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposal is withdrawn."))
    return redirect("budgets:decision_detail", decision_pk=decision.pk)


# --- the decision letter ----------------------------------------------------------------------


@role_required(social_worker=True, team_lead=True)
@require_GET
def letter(request: HttpRequest, decision_pk: int) -> HttpResponse:
    """The decision letter to the client, in Dutch and ready to print; once decided only."""
    decision = decision_get(user=acting_user(request), pk=decision_pk, roles=get_roles(request))
    if decision.status not in DECIDED:
        messages.info(request, _("A letter exists once the proposal is approved or rejected."))
        return redirect("budgets:decision_detail", decision_pk=decision.pk)
    file = open_client_file(request, decision.client_id, what=SEEN_LETTER)
    return render(
        request,
        "budgets/decisions/letter.html",
        file.context(
            decision=decision,
            calculation=decision.calculation,
            today=timezone.localdate(),
        ),
    )


@role_required(social_worker=True, team_lead=True)
@require_POST
def letter_send(request: HttpRequest, decision_pk: int) -> HttpResponse:
    """Render the letter to PDF and keep it in the client's documents; for whoever may read the
    letter. Each press makes a new document."""
    user = acting_user(request)
    decision = decision_get(user=user, pk=decision_pk, roles=get_roles(request))
    try:
        document = decision_letter_send(actor=user, decision=decision)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("budgets:decision_detail", decision_pk=decision.pk)
    messages.success(request, _("The letter is kept as a PDF in the client's documents."))
    return redirect(
        reverse("documents:file_documents", args=[document.client_id]) + f"#document-{document.pk}"
    )


urlpatterns = [
    path(
        "dossiers/<int:pk>/steun/berekeningen/<int:calculation_pk>/voorstel/",
        propose,
        name="decision_propose",
    ),
    path("steunvoorstellen/", decision_list_page, name="decision_list"),
    path("steunvoorstellen/<int:decision_pk>/", decision_detail, name="decision_detail"),
    path("steunvoorstellen/<int:decision_pk>/beslissen/", decide, name="decision_decide"),
    path("steunvoorstellen/<int:decision_pk>/intrekken/", withdraw, name="decision_withdraw"),
    path("steunvoorstellen/<int:decision_pk>/brief/", letter, name="decision_letter"),
    path(
        "steunvoorstellen/<int:decision_pk>/brief/versturen/",
        letter_send,
        name="decision_letter_send",
    ),
]
