"""Reads of aid proposals and decisions, scoped through `clients_visible_to`."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from budgets.models import SUPPLEMENTARY_AID, AidCalculation, AidDecision
from clients.models import Client
from clients.selectors import client_editable_by, clients_visible_to
from procedure.models import Decision as ProcedureDecision
from procedure.models import Notification, Proposal, Request
from procedure.selectors import appeal_last_day, client_requests_under_inquiry
from wijkteams.models import User, Wijkteam
from wijkteams.selectors import Roles, roles_for


def decisions_visible_to(user: User, *, roles: Roles | None = None) -> QuerySet[AidDecision]:
    """The proposals and decisions of the clients the user may see; none for administrators."""
    return AidDecision.objects.filter(client__in=clients_visible_to(user, roles=roles))


def decision_list(*, user: User, roles: Roles | None = None) -> QuerySet[AidDecision]:
    """The team list: open proposals first (they wait for a decision), then newest first, with
    client, team, proposer and decider loaded: one query per page."""
    return (
        decisions_visible_to(user, roles=roles)
        .select_related("client", "client__team", "proposed_by", "decided_by", "request")
        .alias(
            waiting=Case(
                When(status=AidDecision.Status.PROPOSED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting", "-proposed_at", "-pk")
    )


def decision_get(*, user: User, pk: int, roles: Roles | None = None) -> AidDecision:
    """One visible proposal with its client, calculation (version, policy) and people, or 404
    (never 403: whether it exists is not told)."""
    try:
        return (
            decisions_visible_to(user, roles=roles)
            .select_related(
                "client",
                "client__team",
                "calculation__budget_version",
                "calculation__policy",
                "proposed_by",
                "decided_by",
                "request__kind",
                "request__proposal",
            )
            .get(pk=pk)
        )
    except AidDecision.DoesNotExist:
        raise Http404 from None


def decisions_for_client(*, client: Client) -> QuerySet[AidDecision]:
    """Every proposal and decision of one client, newest first, with the people and the request
    loaded. The caller has already opened the client file (scoping and access log)."""
    return (
        AidDecision.objects.filter(client=client)
        .select_related("proposed_by", "decided_by", "request")
        .order_by("-proposed_at", "-pk")
    )


def open_proposal(*, client: Client) -> AidDecision | None:
    """The client's proposal waiting for a decision, if any (at most one)."""
    return (
        AidDecision.objects.filter(client=client, status=AidDecision.Status.PROPOSED)
        .order_by("-proposed_at")
        .first()
    )


def decision_decider(decision: AidDecision) -> str:
    """Who decides the proposal in the procedure (the committee, or a delegated team lead), as
    the proposal was routed; "" for a proposal from before requests for help."""
    if decision.request is None:
        return ""
    try:
        return str(decision.request.proposal.get_decider_display())
    except Proposal.DoesNotExist:
        return ""


def decision_signer(decision: AidDecision) -> ProcedureDecision | None:
    """The procedure's standing decision on the aid's request: the letter is signed in the role
    of the body that took it (the committee, a delegated team lead, the chair urgently). None
    for a proposal from before requests for help, which a team lead decided."""
    if decision.request_id is None:
        return None
    return (
        ProcedureDecision.objects.standing()
        .filter(request_id=decision.request_id)
        .select_related("notification")
        .first()
    )


def decision_letter_context(decision: AidDecision) -> dict[str, Any]:
    """What the aid letter takes from the procedure: the standing decision it is signed for
    (`signer`), the last day to appeal once that decision is notified (`appeal_until`, else
    None: "three months from the notification"), and the labour court of the district."""
    signer = decision_signer(decision)
    notification: Notification | None = None
    if signer is not None:
        try:
            notification = signer.notification
        except Notification.DoesNotExist:
            notification = None
    return {
        "signer": signer,
        "appeal_until": appeal_last_day(notification.notified_on) if notification else None,
        "court_name": settings.OCMW_LABOUR_COURT_NAME,
        "court_address": settings.OCMW_LABOUR_COURT_ADDRESS,
    }


def requests_to_propose_on(*, client: Client) -> QuerySet[Request]:
    """The client's requests for supplementary aid under inquiry: what a proposal can answer."""
    return client_requests_under_inquiry(client=client, kind_code=SUPPLEMENTARY_AID)


def calculation_for_proposal(*, client: Client, pk: int) -> AidCalculation:
    """A saved calculation of the (already opened) client, with version and policy, or 404."""
    try:
        return AidCalculation.objects.select_related("budget_version", "policy").get(
            client=client, pk=pk
        )
    except AidCalculation.DoesNotExist:
        raise Http404 from None


def decision_teams(*, user: User, roles: Roles | None = None) -> QuerySet[Wijkteam]:
    """The teams whose proposals the user sees (worked in or led), by name."""
    roles = roles if roles is not None else roles_for(user)
    return Wijkteam.objects.filter(pk__in=roles.worker_team_ids | roles.lead_team_ids).order_by(
        "name"
    )


def decision_proposers(*, decisions: QuerySet[AidDecision]) -> QuerySet[User]:
    """Everyone who proposed one of these decisions, former staff included, by name."""
    return User.objects.filter(pk__in=decisions.values("proposed_by_id")).order_by(
        "last_name", "first_name", "pk"
    )


# --- what a user may do with one proposal -----------------------------------------------------


@dataclass(frozen=True)
class DecisionActions:
    """What a user may do with one aid proposal: the page offers exactly these, and the service
    refuses the rest. Deciding is the procedure's (the committee, or a delegated team lead on
    the request, four eyes); here a proposal can only be withdrawn."""

    is_open: bool
    own_proposal: bool  # the user proposed it
    may_edit_file: bool  # the client's social worker or the team lead
    on_request: bool  # it answers a request for help (since issue 19)

    @property
    def withdraw(self) -> bool:
        """A proposal on a request is withdrawn with the request, by who may change the file
        (the procedure's rule); an older one also by its proposer."""
        return self.is_open and (self.may_edit_file or (self.own_proposal and not self.on_request))


def decision_actions(
    *,
    user: User,
    decision: AidDecision,
    roles: Roles | None = None,
    may_edit_file: bool | None = None,
) -> DecisionActions:
    """The actions `user` may take on `decision`. A caller that has opened the client file
    passes what it knows (`may_edit_file`), which saves the queries."""
    if may_edit_file is None:
        may_edit_file = client_editable_by(user=user, client=decision.client, roles=roles)
    return DecisionActions(
        is_open=decision.status == AidDecision.Status.PROPOSED,
        own_proposal=decision.proposed_by_id == user.pk,
        may_edit_file=may_edit_file,
        on_request=decision.request_id is not None,
    )
