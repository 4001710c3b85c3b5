"""The GPMI on the Leefloon tab and its own pages: the client's contracts with their evaluations
(due, held, overdue, and who holds each: the client's worker on its due day), a contract's page
with the form to record each open evaluation, the form to draw one up or change and sign it, and
the lists of evaluations overdue or due soon on the worker's home and the lead's team page.

Every view opens the file through clients' scoping (404 for another team's client, 403 for a
colleague who only reads it) and leaves the rules to integration/services/gpmi.py: a refusal
comes back at the field with what was typed, a stale form is a conflict."""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from clients.access_log import access_log_listed, access_log_record
from clients.models import AccessLog, Assignment
from clients.services import EditConflictError
from clients.views.common import ClientFile, client_file_load, open_client_file, render_file_page
from clients.views.editing import row_edit
from core.http import HtmxHttpRequest, form_errors_from
from integration import selectors_gpmi as selectors
from integration.forms_gpmi import GpmiContractForm, GpmiEvaluationForm
from integration.log_actions import SEEN_GPMI, SEEN_LEEFLOON, SEEN_OVERDUE_LISTED
from integration.models import GpmiContract, GpmiEvaluation
from integration.services import gpmi as services
from wijkteams.models import User
from wijkteams.permissions import acting_user, get_roles, role_required

DETAIL_TEMPLATE = "integration/gpmi_detail.html"
FORM_TEMPLATE = "integration/gpmi_form.html"
EVALUATION_CONFLICT = gettext_lazy(
    "Someone else recorded this evaluation meanwhile. Check it as it is now."
)
DUE_LIST_LIMIT = 50


class EvaluationStatus(StrEnum):
    HELD = "held"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    PLANNED = "planned"


@dataclass(frozen=True)
class EvaluationRow:
    evaluation: GpmiEvaluation
    status: EvaluationStatus
    holder: User | None  # the client's worker on the due day; None: nobody was assigned
    days: int  # days left until the due day (negative: late)

    @property
    def days_late(self) -> int:
        return -self.days


def _status(evaluation: GpmiEvaluation, today: dt.date) -> EvaluationStatus:
    if evaluation.held_on is not None:
        return EvaluationStatus.HELD
    if evaluation.due_on < today:
        return EvaluationStatus.OVERDUE
    if evaluation.due_on <= today + dt.timedelta(days=selectors.DUE_SOON_DAYS):
        return EvaluationStatus.DUE_SOON
    return EvaluationStatus.PLANNED


def _row(
    evaluation: GpmiEvaluation, assignments: Sequence[Assignment], today: dt.date
) -> EvaluationRow:
    return EvaluationRow(
        evaluation=evaluation,
        status=_status(evaluation, today),
        holder=selectors.worker_on(assignments, evaluation.due_on),
        days=(evaluation.due_on - today).days,
    )


@dataclass(frozen=True)
class ContractView:
    contract: GpmiContract
    rows: list[EvaluationRow]

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.rows if row.status == EvaluationStatus.OVERDUE)


def _contract_views(
    contracts: Sequence[GpmiContract], assignments: Sequence[Assignment], today: dt.date
) -> list[ContractView]:
    return [
        ContractView(
            contract=contract,
            rows=[
                _row(evaluation, assignments, today) for evaluation in contract.evaluations.all()
            ],
        )
        for contract in contracts
    ]


def tab_context(
    file: ClientFile, *, actor: User, today: dt.date, can_change: bool
) -> dict[str, Any]:
    """This topic's part of the Leefloon tab: the client's contracts with their evaluations,
    in three queries whatever their number (contracts, evaluations, assignments)."""
    contracts = list(selectors.client_gpmi_contracts(file.client))
    assignments = selectors.assignments_of([file.client.pk])[file.client.pk] if contracts else []
    return {"gpmi_contracts": _contract_views(contracts, assignments, today)}


# --- a contract's page and the record of its evaluations ------------------------------------------


def _contract_of(file: ClientFile, gpmi_pk: int) -> GpmiContract:
    try:
        return selectors.client_gpmi_contract(file.client, gpmi_pk)
    except GpmiContract.DoesNotExist:
        raise Http404 from None


def _evaluation_form(
    evaluation: GpmiEvaluation, today: dt.date, data: Any = None
) -> GpmiEvaluationForm:
    initial = {
        "version": evaluation.version,
        "in_person": evaluation.in_person,
        "held_on": min(evaluation.due_on, today),
    }
    return GpmiEvaluationForm(data, prefix=f"ev{evaluation.pk}", initial=None if data else initial)


def _detail_page(
    request: HtmxHttpRequest,
    file: ClientFile,
    contract: GpmiContract,
    *,
    bound: GpmiEvaluationForm | None = None,
    bound_pk: int | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    can_change = file.can_edit and file.client.closed_on is None
    view = _contract_views(
        [contract], selectors.assignments_of([file.client.pk])[file.client.pk], today
    )[0]
    # The form of each evaluation still open (the one sent back with its messages).
    forms: list[tuple[EvaluationRow, GpmiEvaluationForm]] = []
    if can_change:
        for row in view.rows:
            if row.evaluation.held_on is not None:
                continue
            if bound is not None and row.evaluation.pk == bound_pk:
                forms.append((row, bound))
            else:
                forms.append((row, _evaluation_form(row.evaluation, today)))
    return render_file_page(
        request,
        file,
        DETAIL_TEMPLATE,
        what=SEEN_GPMI,
        view=view,
        contract=contract,
        evaluation_forms=forms,
        can_change=can_change,
        today=today,
    )


@role_required(social_worker=True, team_lead=True)
@require_GET
def gpmi_detail(request: HtmxHttpRequest, pk: int, gpmi_pk: int) -> HttpResponse:
    """A contract with its goals, commitments, signatures and evaluations."""
    file = client_file_load(request, pk)
    contract = _contract_of(file, gpmi_pk)
    access_log_record(
        client=file.client,
        actor=acting_user(request),
        action=AccessLog.Action.VIEW,
        what=SEEN_GPMI,
        params={"contract": contract.pk},
    )
    return _detail_page(request, file, contract)


def detail_url(contract: GpmiContract) -> str:
    return reverse("integration:gpmi_detail", args=[contract.client_id, contract.pk])


@role_required(social_worker=True, team_lead=True)
@require_POST
def gpmi_evaluation_record(
    request: HtmxHttpRequest, pk: int, gpmi_pk: int, evaluation_pk: int
) -> HttpResponse:
    """Record one evaluation of the contract: held on, in person or not, the report."""
    file = client_file_load(request, pk, for_change=True)
    contract = _contract_of(file, gpmi_pk)
    evaluation = next((row for row in contract.evaluations.all() if row.pk == evaluation_pk), None)
    if evaluation is None:
        raise Http404
    form = GpmiEvaluationForm(request.POST, prefix=f"ev{evaluation.pk}")
    if not form.is_valid():
        if "version" in form.errors:
            return HttpResponseBadRequest()  # only a hand-made POST lacks the hidden version
        return _detail_page(request, file, contract, bound=form, bound_pk=evaluation.pk)
    data = form.cleaned_data
    try:
        services.gpmi_evaluation_record(
            actor=acting_user(request),
            evaluation_id=evaluation.pk,
            expected_version=data["version"],
            held_on=data["held_on"],
            in_person=data["in_person"],
            report=data["report"],
            note=data["note"],
            today=timezone.localdate(),
        )
    except EditConflictError:
        messages.error(request, str(EVALUATION_CONFLICT))
        return redirect(f"{detail_url(contract)}#evaluatie-{evaluation.pk}")
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            messages.error(request, " ".join(error.messages))
            return redirect(f"{detail_url(contract)}#evaluatie-{evaluation.pk}")
        form_errors_from(form, error)
        return _detail_page(request, file, contract, bound=form, bound_pk=evaluation.pk)
    messages.success(
        request,
        _("The evaluation due on %(day)s is recorded.") % {"day": f"{evaluation.due_on:%d/%m/%Y}"},
    )
    return redirect(f"{detail_url(contract)}#evaluatie-{evaluation.pk}")


# --- drawing up and changing a contract -----------------------------------------------------------


def _contract_form(
    file: ClientFile, *, data: Any = None, instance: GpmiContract | None = None
) -> GpmiContractForm:
    also = instance.signed_for_ocmw_by_id if instance is not None else None
    return GpmiContractForm(
        data,
        instance=instance,
        requests=selectors.leefloon_requests_of(file.client),
        signers=selectors.ocmw_signers(file.client, also=also),
    )


def _service_fields(data: Any) -> dict[str, Any]:
    """The contract's fields from a form's cleaned data or an instance the form changed."""
    get: Callable[[str], Any] = (
        data.get if isinstance(data, dict) else lambda name: getattr(data, name)
    )
    return {
        name: get(name)
        for name in (
            "request",
            "starts_on",
            "ends_on",
            "goals",
            "client_commitments",
            "ocmw_commitments",
            "signed_by_client_on",
            "signed_by_ocmw_on",
            "signed_for_ocmw_by",
        )
    }


@role_required(social_worker=True, team_lead=True)
def gpmi_new(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Draw up a GPMI contract (and record its signatures, now or later)."""
    file = open_client_file(request, pk, what=SEEN_LEEFLOON, for_change=True)
    today = timezone.localdate()
    if request.method == "POST":
        form = _contract_form(file, data=request.POST)
        if form.is_valid():
            try:
                contract = services.gpmi_contract_create(
                    actor=acting_user(request),
                    client=file.client,
                    today=today,
                    **_service_fields(form.cleaned_data),
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _saved_message(contract))
                return redirect(detail_url(contract))
    else:
        form = _contract_form(file)
        form.initial = {"starts_on": today}
    return render_file_page(
        request, file, FORM_TEMPLATE, what=SEEN_LEEFLOON, form=form, contract=None
    )


def _saved_message(contract: GpmiContract) -> str:
    if contract.is_signed:
        return _("The GPMI contract is saved and signed; its evaluations are scheduled.")
    return _("The GPMI contract is saved. Its evaluations are scheduled once both sides sign.")


@role_required(social_worker=True, team_lead=True)
def gpmi_edit(request: HtmxHttpRequest, pk: int, gpmi_pk: int) -> HttpResponse:
    """Change a contract, or record its signatures (optimistic locking, conflicts shown)."""
    file = client_file_load(request, pk, for_change=True)
    contract = _contract_of(file, gpmi_pk)
    actor = acting_user(request)
    if request.method == "GET":
        access_log_record(
            client=file.client,
            actor=actor,
            action=AccessLog.Action.VIEW,
            what=SEEN_GPMI,
            params={"contract": contract.pk},
        )
    was_signed = contract.is_signed  # before the form changes the loaded row
    saved: list[GpmiContract] = []

    def save(row: GpmiContract, expected_version: int) -> None:
        saved.append(
            services.gpmi_contract_save(
                actor=actor,
                contract_id=row.pk,
                expected_version=expected_version,
                today=timezone.localdate(),
                **_service_fields(row),
            )
        )

    response = row_edit(
        request,
        file,
        contract,
        make_form=lambda data, instance: _contract_form(file, data=data, instance=instance),
        save=save,
        template=FORM_TEMPLATE,
        what=SEEN_GPMI,
        done_url=detail_url(contract),
        saved=_("The GPMI contract is saved."),
        contract=contract,
    )
    if saved and saved[0].is_signed and not was_signed:
        messages.info(request, _("Both sides have signed: the evaluations are scheduled."))
    return response


# --- overdue and due soon: the worker's home and the lead's team page -----------------------------


@dataclass(frozen=True)
class DueRow:
    client_id: int
    client_name: str
    contract_id: int
    evaluation_id: int
    row: EvaluationRow


@dataclass(frozen=True)
class DueList:
    rows: list[DueRow]
    more: bool


def due_list(request: HttpRequest, scope: selectors.DueScope) -> DueList:
    """The evaluations overdue or due within 14 days of the user's own clients ("assigned") or
    of the teams the user leads ("led"), the earliest first, at most DUE_LIST_LIMIT: three
    queries whatever their number (the evaluations, the assignments of the clients shown, one
    access-log row per client shown, on the worker's home in the page's one insert), one when
    there is none."""
    user = request.user
    if not isinstance(user, User):
        return DueList(rows=[], more=False)
    today = timezone.localdate()
    evaluations = list(
        selectors.evaluations_due(user=user, scope=scope, today=today, roles=get_roles(request))[
            : DUE_LIST_LIMIT + 1
        ]
    )
    shown = evaluations[:DUE_LIST_LIMIT]
    if not shown:
        return DueList(rows=[], more=False)
    client_ids = [evaluation.contract.client_id for evaluation in shown]
    assignments = selectors.assignments_of(client_ids)
    rows = [
        DueRow(
            client_id=evaluation.contract.client_id,
            client_name=evaluation.contract.client.full_name,
            contract_id=evaluation.contract_id,
            evaluation_id=evaluation.pk,
            row=_row(evaluation, assignments[evaluation.contract.client_id], today),
        )
        for evaluation in shown
    ]
    access_log_listed(actor=user, client_ids=client_ids, what=SEEN_OVERDUE_LISTED, request=request)
    return DueList(rows=rows, more=len(evaluations) > len(shown))


def due_context(scope: selectors.DueScope) -> Callable[[HttpRequest], dict[str, Any]]:
    """The context function of a panel: `gpmi_due` for the request."""

    def context(request: HttpRequest) -> dict[str, Any]:
        return {"gpmi_due": due_list(request, scope)}

    return context


urlpatterns: list[URLPattern] = [
    path("dossiers/<int:pk>/leefloon/gpmi/nieuw/", gpmi_new, name="gpmi_new"),
    path("dossiers/<int:pk>/leefloon/gpmi/<int:gpmi_pk>/", gpmi_detail, name="gpmi_detail"),
    path("dossiers/<int:pk>/leefloon/gpmi/<int:gpmi_pk>/wijzigen/", gpmi_edit, name="gpmi_edit"),
    path(
        "dossiers/<int:pk>/leefloon/gpmi/<int:gpmi_pk>/evaluaties/<int:evaluation_pk>/",
        gpmi_evaluation_record,
        name="gpmi_evaluation_record",
    ),
]
