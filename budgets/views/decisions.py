"""Aid proposals: the worker proposes aid on a saved calculation in answer to a request for
supplementary aid, which submits it in the procedure; the committee or a delegated team lead
decides it there (four eyes), and the proposal here follows. A decided proposal has a printable
letter in Dutch.

Who sees the team list: team leads see the proposals of the teams they lead, and social workers
those of the teams they work in, exactly the clients `clients_visible_to` opens to them. A worker
follows up their own proposals there, and colleagues may read these files anyway.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from budgets.filters import AidDecisionFilter
from budgets.forms.decisions import ProposalForm, WithdrawForm
from budgets.log_actions import SEEN_DECISION, SEEN_LETTER, SEEN_PROPOSE
from budgets.models import AidCalculation, AidDecision
from budgets.selectors.decisions import (
    calculation_for_proposal,
    decision_actions,
    decision_decider,
    decision_get,
    decision_letter_context,
    decision_list,
    decision_proposers,
    decision_teams,
    decisions_visible_to,
    open_proposal,
    requests_to_propose_on,
)
from budgets.services.decisions import (
    aid_decision_propose,
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
from procedure.models import Request
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
    """Propose aid on a saved calculation, in answer to one of the client's requests for
    supplementary aid under inquiry: the client's social worker or the team lead."""
    file = open_client_file(request, pk, what=SEEN_PROPOSE, for_change=True)
    calculation = calculation_for_proposal(client=file.client, pk=calculation_pk)
    requests = list(requests_to_propose_on(client=file.client))
    if request.method == "GET":
        form = ProposalForm(initial=_proposal_initial(calculation), requests=requests)
        return _propose_page(request, file, calculation, form, requests)
    form = ProposalForm(request.POST, requests=requests)
    if form.is_valid():
        data = form.cleaned_data
        chosen = next((r for r in requests if r.pk == data["help_request"]), None)
        try:
            decision = aid_decision_propose(
                actor=acting_user(request),
                calculation=calculation,
                request=chosen,
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
            messages.success(
                request,
                _("The proposal is submitted on the request: %(decider)s decides it.")
                % {"decider": decision_decider(decision)},
            )
            return redirect("budgets:decision_detail", decision_pk=decision.pk)
    _log_view_of_refused_form(request, file, SEEN_PROPOSE)
    return _propose_page(request, file, calculation, form, requests)


def _proposal_initial(calculation: AidCalculation) -> dict[str, Any]:
    return {
        "amount": calculation.proposed_aid if calculation.proposed_aid > 0 else None,
        "starts_on": first_of_next_month(timezone.localdate()),
        "months": calculation.policy.max_months,
    }


def _propose_page(
    request: HttpRequest,
    file: ClientFile,
    calculation: AidCalculation,
    form: ProposalForm,
    requests: list[Request],
) -> HttpResponse:
    return render(
        request,
        "budgets/decisions/propose.html",
        file.context(
            calculation=calculation,
            policy=calculation.policy,
            open_proposal=open_proposal(client=file.client),
            form=form,
            has_requests=bool(requests),
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


# --- one proposal: detail and withdrawal ---------------------------------------------------


@role_required(social_worker=True, team_lead=True)
@require_GET
def decision_detail(request: HttpRequest, decision_pk: int) -> HttpResponse:
    """The proposal with its calculation and its request for help (where it is decided)."""
    decision = decision_get(user=acting_user(request), pk=decision_pk, roles=get_roles(request))
    file = open_client_file(request, decision.client_id, what=SEEN_DECISION)
    return _detail_page(request, file, decision, WithdrawForm())


def _detail_page(
    request: HttpRequest, file: ClientFile, decision: AidDecision, withdraw_form: WithdrawForm
) -> HttpResponse:
    actions = decision_actions(
        user=acting_user(request), decision=decision, may_edit_file=file.can_edit
    )
    return render(
        request,
        "budgets/decisions/detail.html",
        file.context(
            decision=decision,
            calculation=decision.calculation,
            decider=decision_decider(decision),
            withdraw_form=withdraw_form if actions.withdraw else None,
            actions=actions,
            has_letter=decision.status in DECIDED,
        ),
    )


@role_required(social_worker=True, team_lead=True)
@require_POST
def withdraw(request: HttpRequest, decision_pk: int) -> HttpResponse:
    """Withdraw an open proposal; one on a request withdraws the request, with the reason."""
    user = acting_user(request)
    decision = decision_get(user=user, pk=decision_pk, roles=get_roles(request))
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            aid_decision_withdraw(actor=user, decision=decision, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # decided or withdrawn meanwhile
                messages.error(request, " ".join(error.messages))
                return redirect("budgets:decision_detail", decision_pk=decision.pk)
            form_errors_from(form, error)
        else:
            messages.success(request, _("The proposal is withdrawn."))
            return redirect("budgets:decision_detail", decision_pk=decision.pk)
    file = open_client_file(request, decision.client_id, what=SEEN_DECISION)
    return _detail_page(request, file, decision, form)


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
            **decision_letter_context(decision),
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
    path("steunvoorstellen/<int:decision_pk>/intrekken/", withdraw, name="decision_withdraw"),
    path("steunvoorstellen/<int:decision_pk>/brief/", letter, name="decision_letter"),
    path(
        "steunvoorstellen/<int:decision_pk>/brief/versturen/",
        letter_send,
        name="decision_letter_send",
    ),
]
