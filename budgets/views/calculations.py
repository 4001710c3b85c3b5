"""The aid calculation of a client, for the social worker: the file's tab "financial aid" with the
saved calculations, the live calculation (saved on request), a what-if, and a saved calculation
shown from its snapshot. All results go through one template partial (result.html)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from budgets.calculation import (
    CLIENT_KEY,
    RENT_LINE,
    Household,
    IncomeLine,
    JobStart,
    Result,
    result_from_json,
)
from budgets.forms.calculations import COSTS, CalculationForm, WhatIfForm
from budgets.log_actions import SEEN_AID, SEEN_CALCULATION, SEEN_SAVED, SEEN_WHAT_IF
from budgets.models import AgeBand
from budgets.selectors.calculations import (
    aid_calculation_get,
    aid_calculation_latest,
    aid_calculation_latest_pk,
    aid_calculations_for,
)
from budgets.selectors.decisions import decisions_for_client
from budgets.services.calculations import (
    aid_calculation_run,
    aid_calculation_save,
    calculation_household,
    calculation_unknowns,
)
from budgets.views.recalculation import income_notice
from clients.models import HouseholdMember, Income
from clients.views.common import ClientFile, open_client_file, render_file_page
from core.formats import euro_text
from core.http import HtmxHttpRequest
from wijkteams.permissions import acting_user, get_roles, role_required

PAGE_SIZE = 25


# --- a result as the pages show it -------------------------------------------------------------

ADJUSTMENT_LABELS: dict[str, Promise] = {
    "rent": gettext_lazy("actual rent"),
    "childcare": gettext_lazy("child care actually paid"),
    "school": gettext_lazy("school costs actually paid"),
    "illness": gettext_lazy("illness-related costs"),
    "car": gettext_lazy("car costs (a car is necessary)"),
}
COST_LABELS: dict[str, Promise] = {
    "rent": gettext_lazy("rent"),
    "childcare": gettext_lazy("child care"),
    "school": gettext_lazy("school costs"),
    "illness": gettext_lazy("illness-related costs"),
    "car_necessary": gettext_lazy("a car is necessary"),
    "car": gettext_lazy("car costs"),
}


@dataclass(frozen=True)
class PersonRow:
    name: str
    relation: str
    age: int | None
    age_band: str


@dataclass(frozen=True)
class AdjustmentRow:
    label: str
    amount: Decimal


@dataclass(frozen=True)
class LineRow:
    label: str
    standard: Decimal
    adjustments: list[AdjustmentRow]
    replaced: bool
    amount: Decimal
    has_standard: bool  # the rent has none: it is always the rent actually paid


@dataclass(frozen=True)
class IncomeRow:
    who: str
    kind: str
    amount: Decimal
    counts: bool
    hypothetical: bool


@dataclass(frozen=True)
class ReasonRow:
    cost: str
    value: str
    reason: str


@dataclass(frozen=True)
class ShownResult:
    """A Result with labels for the template: names, relations, age bands, kinds."""

    result: Result
    persons: list[PersonRow]
    lines: list[LineRow]
    incomes: list[IncomeRow]
    reasons: list[ReasonRow]
    # Every income, also what the policy does not count: what the household has to live on.
    total_income: Decimal

    @property
    def total_with_aid(self) -> Decimal:
        return self.total_income + self.result.proposed_aid


def relation_label(relation: str) -> str:
    if relation == CLIENT_KEY:
        return _("client")
    return _label(HouseholdMember.Relation, relation)


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:  # a value a later version of the code no longer knows: show it as it is
        return value


def _cost_value(value: Decimal | bool | None) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None:
        return _("not known (the standard amount is used)")
    return euro_text(value)


def _names(household: Household) -> dict[str, str]:
    return {person.key: person.name for person in household.persons}


def _income_row(line: IncomeLine, names: dict[str, str], counts: bool) -> IncomeRow:
    return IncomeRow(
        who=names.get(line.person_key, line.person_key),
        kind=_label(Income.Kind, line.kind),
        amount=line.amount,
        counts=counts,
        hypothetical=line.hypothetical,
    )


def shown(result: Result) -> ShownResult:
    household = result.household
    names = _names(household)
    lines = []
    for line in result.lines:
        adjustments = [
            AdjustmentRow(str(ADJUSTMENT_LABELS.get(a.kind, a.kind)), a.amount)
            for a in line.adjustments
        ]
        if line.component == RENT_LINE:
            adjustments = [AdjustmentRow(str(ADJUSTMENT_LABELS["rent"]), line.amount)]
        lines.append(
            LineRow(
                label=line.label,
                standard=line.standard,
                adjustments=adjustments,
                replaced=line.replaced,
                amount=line.amount,
                has_standard=line.component != RENT_LINE,
            )
        )
    return ShownResult(
        result=result,
        persons=[
            PersonRow(
                name=p.name,
                relation=relation_label(p.relation),
                age=p.age,
                age_band=_label(AgeBand, p.age_band) if p.age_band else "",
            )
            for p in household.persons
        ],
        lines=lines,
        incomes=[_income_row(i.line, names, i.counts) for i in result.incomes],
        reasons=[
            ReasonRow(
                cost=str(COST_LABELS.get(name, name)),
                value=_cost_value(getattr(household.costs, name, None)),
                reason=reason,
            )
            for name, reason in household.reasons.items()
        ],
        total_income=sum((line.amount for line in household.incomes), Decimal("0.00")),
    )


# --- helpers ------------------------------------------------------------------------------------


def _run(household: Household) -> tuple[Result | None, list[str]]:
    """The result, or the engine's reasons why there is none (no budget valid on the date...)."""
    try:
        return aid_calculation_run(household=household), []
    except ValidationError as error:
        return None, error.messages


def _errors_on_form(form: CalculationForm, error: ValidationError) -> list[str]:
    """A missing reason goes next to the reason field of its cost; the rest is returned, to show
    above the form."""
    if not hasattr(error, "error_dict"):
        return error.messages
    rest = []
    for name, texts in error.message_dict.items():
        if name in COSTS:
            form.add_error(f"{name}_reason", texts)
        else:
            rest += texts
    return rest


# --- the tab: saved calculations ----------------------------------------------------------------


@role_required(social_worker=True, team_lead=True)
@require_GET
def file_aid(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The client's saved calculations, newest first, a page at a time; for everyone who reads
    the file, with the notice when the file's incomes changed since the latest. A fixed number
    of queries whatever the number of calculations and income lines."""
    file = open_client_file(request, pk, what=SEEN_AID)
    user, roles = acting_user(request), get_roles(request)
    calculations = aid_calculations_for(user=user, client=file.client, roles=roles)
    page = Paginator(calculations, PAGE_SIZE).get_page(request.GET.get("page"))
    latest = aid_calculation_latest(user=user, client=file.client, roles=roles)
    return render_file_page(
        request,
        file,
        "budgets/calculations/file_aid.html",
        what=SEEN_AID,
        partial="calculations",
        page=page,
        decisions=decisions_for_client(client=file.client),
        notice=income_notice(calculation=latest, client=file.client) if latest else None,
    )


# --- the live calculation -----------------------------------------------------------------------


def _calculation_page(
    request: HtmxHttpRequest,
    file: ClientFile,
    form: CalculationForm,
    result: Result | None,
    problems: list[str],
    unknowns: list[str] | None = None,
) -> HttpResponse:
    return render_file_page(
        request,
        file,
        "budgets/calculations/calculation.html",
        what=SEEN_CALCULATION,
        form=form,
        shown=shown(result) if result else None,
        problems=problems,
        unknowns=unknowns or [],
    )


@role_required(social_worker=True, team_lead=True)
@sensitive_post_parameters()  # error reports must not carry the client's data
@require_http_methods(["GET", "POST"])
def calculation_new(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Calculate for the client's social worker or the team lead: GET shows the calculation for
    today from the client file; "recalculate" shows it with the worker's date and costs, without
    saving; "save" stores the snapshot and opens it."""
    file = open_client_file(request, pk, what=SEEN_CALCULATION, for_change=True)
    client = file.client
    if request.method == "GET":
        today = timezone.localdate()
        form = CalculationForm(initial=CalculationForm.initial_for(client, today), client=client)
        household = calculation_household(client=client, on=today)
        result, problems = _run(household)
        unknowns = calculation_unknowns(client=client, household=household)
        return _calculation_page(request, file, form, result, problems, unknowns)

    form = CalculationForm(request.POST, client=client)
    if not form.is_valid():
        return _calculation_page(request, file, form, None, [])
    on: dt.date = form.cleaned_data["on"]
    result = None
    try:
        if request.POST.get("action") == "save":
            calculation = aid_calculation_save(
                actor=acting_user(request),
                client=client,
                on=on,
                costs=form.costs(),
                reasons=form.reasons(),
                note=form.cleaned_data["note"].strip(),
            )
            messages.success(request, _("The calculation is saved."))
            return redirect(
                "budgets:calculation_detail", pk=client.pk, calculation_pk=calculation.pk
            )
        household = calculation_household(
            client=client, on=on, costs=form.costs(), reasons=form.reasons()
        )
        result, problems = _run(household)
        unknowns = calculation_unknowns(client=client, household=household)
    except ValidationError as error:
        problems, unknowns = _errors_on_form(form, error), []
    return _calculation_page(request, file, form, result, problems, unknowns)


# --- what-if ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompareRow:
    label: str
    current: Decimal
    what_if: Decimal

    @property
    def difference(self) -> Decimal:
        return self.what_if - self.current


@dataclass(frozen=True)
class IncomeChange:
    row: IncomeRow  # the line in the what-if, or the line it stops
    added: bool  # added by the what-if, or else stopped or changed by it
    before: Decimal | None = None  # changed (a leefloon less part of a wage): the amount before


@dataclass(frozen=True)
class ShownJob:
    """What a job does in the what-if, for the page to explain (what_if.html)."""

    name: str
    start: JobStart
    stopped: list[IncomeRow]


@dataclass(frozen=True)
class Comparison:
    current: ShownResult
    what_if: ShownResult
    figures: list[CompareRow]
    lines: list[CompareRow]  # the budget lines that differ
    incomes: list[IncomeChange]  # the income lines that differ
    moved_out: list[str]
    job: ShownJob | None = None


def _income_changes(current: Result, what_if: Result) -> list[IncomeChange]:
    """Income lines are values: what the what-if stopped or added is a difference of
    multisets. A stopped line with an added one of the same person and kind (a leefloon that
    continues lower) is one change."""
    counts_now = {i.line: i.counts for i in current.incomes}
    counts_then = {i.line: i.counts for i in what_if.incomes}
    lines_now, lines_after = _lines(current), _lines(what_if)
    stopped = list((lines_now - lines_after).elements())
    added = list((lines_after - lines_now).elements())
    names = _names(current.household)
    changes = []
    for line in stopped:
        same = (line.person_key, line.kind)
        new = next((a for a in added if (a.person_key, a.kind) == same), None)
        if new is None:
            changes.append(IncomeChange(_income_row(line, names, counts_now[line]), added=False))
        else:
            added.remove(new)
            row = _income_row(new, names, counts_then[new])
            changes.append(IncomeChange(row, added=False, before=line.amount))
    return changes + [
        IncomeChange(_income_row(line, names, counts_then[line]), added=True) for line in added
    ]


def _lines(result: Result) -> Counter[IncomeLine]:
    return Counter(i.line for i in result.incomes)


def comparison(current: Result, what_if: Result, job: JobStart | None = None) -> Comparison:
    now, then = shown(current), shown(what_if)
    figures = [
        CompareRow(_("Reference budget"), current.reference_budget, what_if.reference_budget),
        CompareRow(_("Available income"), current.available_income, what_if.available_income),
        CompareRow(_("Saldo"), current.saldo, what_if.saldo),
        CompareRow(_("Proposed aid"), current.proposed_aid, what_if.proposed_aid),
        CompareRow(_("Total income incl. aid"), now.total_with_aid, then.total_with_aid),
    ]
    lines_then = {line.component: line for line in what_if.lines}
    lines = [
        CompareRow(line.label, line.amount, lines_then[line.component].amount)
        for line in current.lines
        if line.component in lines_then and lines_then[line.component].amount != line.amount
    ]
    names = _names(current.household)
    counts_now = {i.line: i.counts for i in current.incomes}
    shown_job = None
    if job is not None:
        shown_job = ShownJob(
            name=names.get(job.person_key, job.person_key),
            start=job,
            stopped=[_income_row(line, names, counts_now[line]) for line in job.stopped],
        )
    keys_then = {p.key for p in what_if.household.persons}
    moved_out = [p.name for p in current.household.persons if p.key not in keys_then]
    return Comparison(
        now, then, figures, lines, _income_changes(current, what_if), moved_out, shown_job
    )


def _spi_exemption(current: Result) -> Decimal:
    """The exemption for socio-professional integration of the policy in force, which the
    what-if uses on the same day as `current`."""
    exemption = current.policy.spi_exemption
    if exemption is None:  # only a snapshot saved before budgets 0005 lacks it, never a live run
        raise ValueError("the policy in force has no exemption for socio-professional integration")
    return exemption


def _person_choice(key: str, name: str, relation: str) -> tuple[str, str]:
    return key, f"{name} ({relation_label(relation)})"


@role_required(social_worker=True, team_lead=True)
@require_http_methods(["GET", "POST"])
def calculation_what_if(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Try changes on the household (a new rent, a job, someone moving out) and compare with
    today's calculation. A GET form: it saves nothing."""
    file = open_client_file(request, pk, what=SEEN_WHAT_IF, for_change=True)
    if request.method != "GET":
        # Refused only after opening the file, so that a user who may not edit the file gets
        # the same answer (403 or 404) here as on every other form of the file.
        return HttpResponseNotAllowed(["GET"])
    household = calculation_household(client=file.client, on=timezone.localdate())
    persons = [_person_choice(p.key, p.name, p.relation) for p in household.persons]
    bound = any(name in request.GET for name in WhatIfForm.base_fields)
    form = WhatIfForm(
        request.GET if bound else None,
        persons=persons,
        members=[choice for choice in persons if choice[0] != CLIENT_KEY],
    )
    current, problems = _run(household)
    compared = None
    if current is not None and bound and form.is_valid():
        exemption = _spi_exemption(current)
        what_if, problems = _run(form.apply(household, spi_exemption=exemption))
        if what_if is not None:
            job = form.job_start(household, spi_exemption=exemption)
            compared = comparison(current, what_if, job)
    return render_file_page(
        request,
        file,
        "budgets/calculations/what_if.html",
        what=SEEN_WHAT_IF,
        form=form,
        current=shown(current) if current else None,
        compared=compared,
        problems=problems,
    )


# --- a saved calculation ------------------------------------------------------------------------


@role_required(social_worker=True, team_lead=True)
@require_GET
def calculation_detail(request: HtmxHttpRequest, pk: int, calculation_pk: int) -> HttpResponse:
    """A saved calculation exactly as it was saved: read from its snapshot, never recomputed.
    The latest one carries the notice when the file's incomes changed since."""
    file = open_client_file(request, pk, what=SEEN_SAVED)
    user, roles = acting_user(request), get_roles(request)
    calculation = aid_calculation_get(user=user, client=file.client, pk=calculation_pk, roles=roles)
    result = result_from_json(calculation.inputs, calculation.breakdown)
    latest = calculation.pk == aid_calculation_latest_pk(user=user, client=file.client, roles=roles)
    return render_file_page(
        request,
        file,
        "budgets/calculations/detail.html",
        what=SEEN_SAVED,
        calculation=calculation,
        shown=shown(result),
        notice=income_notice(calculation=calculation, client=file.client) if latest else None,
    )


urlpatterns: list[URLPattern] = [
    path("dossiers/<int:pk>/steun/", file_aid, name="file_aid"),
    path("dossiers/<int:pk>/steun/berekenen/", calculation_new, name="calculation_new"),
    path("dossiers/<int:pk>/steun/wat-als/", calculation_what_if, name="calculation_what_if"),
    path(
        "dossiers/<int:pk>/steun/berekeningen/<int:calculation_pk>/",
        calculation_detail,
        name="calculation_detail",
    ),
]
