"""A leefloon request's pages: the eligibility check (each condition of art. 3 of the law of 26
May 2002 met, not met or unknown, with what to ask), the calculation form (the household and
incomes as recorded on a day, the worker's choices) and a saved calculation with every step and
its rule; and the requests' part of the Leefloon tab.

Every view opens the file through clients' scoping (404 for another team's client, 403 for a
colleague who only reads it); the rules are in integration/services/."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clients.access_log import access_log_record
from clients.models import AccessLog
from clients.services import EditConflictError
from clients.views.common import ClientFile, client_file_load, render_file_page
from core.http import HtmxHttpRequest, form_errors_from
from integration import selectors_eligibility as selectors
from integration.forms_eligibility import CalculationForm, EligibilityForm
from integration.log_actions import SEEN_CALCULATION, SEEN_LEEFLOON_REQUEST
from integration.models import LeefloonCalculation, LeefloonScale
from integration.services.calculations import household_on, leefloon_calculation_save
from integration.services.eligibility import eligibility_save
from procedure.models import Request
from wijkteams.models import User
from wijkteams.permissions import acting_user, role_required

REQUEST_TEMPLATE = "integration/leefloon_request.html"
CALCULATION_FORM_TEMPLATE = "integration/calculation_form.html"
CALCULATION_TEMPLATE = "integration/calculation_detail.html"
CONFLICT = gettext_lazy("Someone else saved this check meanwhile. Check it as it is now.")


def tab_context(
    file: ClientFile, *, actor: User, today: dt.date, can_change: bool
) -> dict[str, Any]:
    """This topic's part of the Leefloon tab: the client's leefloon requests."""
    return {"leefloon_requests": list(selectors.client_leefloon_requests(file.client))}


def _request_of(file: ClientFile, request_pk: int) -> Request:
    found = selectors.leefloon_request_of(file.client, request_pk)
    if found is None:
        raise Http404
    return found


def request_url(request: Request) -> str:
    return reverse("integration:leefloon_request", args=[request.client_id, request.pk])


def _log_seen(http: HtmxHttpRequest, file: ClientFile, request: Request) -> None:
    access_log_record(
        client=file.client,
        actor=acting_user(http),
        action=AccessLog.Action.VIEW,
        what=SEEN_LEEFLOON_REQUEST,
        params={"request": request.pk},
    )


def _request_page(
    http: HtmxHttpRequest, file: ClientFile, request: Request, form: EligibilityForm | None = None
) -> HttpResponse:
    check = selectors.eligibility_of(request)
    calculations = list(selectors.calculations_of(request))
    can_change = file.can_edit and file.client.closed_on is None
    if form is None and can_change:
        form = EligibilityForm(
            instance=check, initial={"version": check.version if check is not None else 0}
        )
    return render_file_page(
        http,
        file,
        REQUEST_TEMPLATE,
        what=SEEN_LEEFLOON_REQUEST,
        leefloon_request=request,
        check=check,
        conditions=selectors.conditions(request, check, calculations[0] if calculations else None),
        first_to_use=selectors.to_use_first(file.client),
        calculations=calculations,
        form=form,
        can_change=can_change,
    )


@role_required(social_worker=True, team_lead=True)
def leefloon_request(http: HtmxHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """The request's eligibility check (GET) and its form (POST)."""
    if http.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    file = client_file_load(http, pk, for_change=http.method == "POST")
    request = _request_of(file, request_pk)
    if http.method == "GET":
        _log_seen(http, file, request)
        return _request_page(http, file, request)
    check = selectors.eligibility_of(request)
    form = EligibilityForm(http.POST, instance=check)
    if not form.is_valid():
        if "version" in form.errors:
            return HttpResponseBadRequest()  # only a hand-made POST lacks the hidden version
        return _request_page(http, file, request, form)
    data = form.cleaned_data
    try:
        eligibility_save(
            actor=acting_user(http),
            request=request,
            data={key: value for key, value in data.items() if key != "version"},
            expected_version=data["version"],
        )
    except EditConflictError:
        messages.error(http, str(CONFLICT))
        return redirect(request_url(request))
    except ValidationError as error:
        form_errors_from(form, error)
        return _request_page(http, file, request, form)
    messages.success(http, _("The eligibility check is saved."))
    return redirect(request_url(request))


def _day(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _scale_note(day: dt.date) -> LeefloonScale | None:
    return LeefloonScale.objects.on(day)


@role_required(social_worker=True, team_lead=True)
def calculation_new(http: HtmxHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """The calculation form of a request: GET ?op=<day> shows the household of that day."""
    if http.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    file = client_file_load(http, pk, for_change=True)
    if file.client.closed_on is not None:
        raise PermissionDenied  # a closed file is read-only (client_require_open)
    request = _request_of(file, request_pk)
    source = http.POST if http.method == "POST" else http.GET
    day = _day(source.get("calculated_on") or source.get("op"), request.received_on)
    household = household_on(file.client, day)
    if http.method == "GET":
        _log_seen(http, file, request)
        form = CalculationForm(
            household=household,
            initial={
                "calculated_on": day,
                "starts_on": request.received_on,
                "category": household.proposed,
            },
        )
    else:
        form = CalculationForm(http.POST, household=household)
        if form.is_valid():
            try:
                calculation = leefloon_calculation_save(
                    actor=acting_user(http), request=request, choices=form.choices()
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(http, _("The calculation is saved."))
                return redirect(calculation_url(calculation))
    starts = form["starts_on"].value()
    starts_on = starts if isinstance(starts, dt.date) else _day(starts, request.received_on)
    return render_file_page(
        http,
        file,
        CALCULATION_FORM_TEMPLATE,
        what=SEEN_LEEFLOON_REQUEST,
        leefloon_request=request,
        household=household,
        form=form,
        scale=_scale_note(starts_on),
    )


def calculation_url(calculation: LeefloonCalculation) -> str:
    return reverse("integration:calculation_detail", args=[calculation.client_id, calculation.pk])


def _steps(calculation: LeefloonCalculation) -> list[tuple[str, Decimal | None, str]]:
    """Every step of the saved result (inputs["result"]) with its rule."""
    result = calculation.inputs.get("result", {})

    def amount(key: str) -> Decimal | None:
        return Decimal(result[key]) if key in result else None

    return [
        (_("Category amount per year"), amount("category_yearly"), _("law art. 14 §1")),
        (_("The applicant's resources counted per year"), amount("own_yearly"), _("law art. 16")),
        (
            _("Exempt: socio-professional integration or student's job"),
            amount("art35_exempt_yearly"),
            _("KB art. 35"),
        ),
        (_("The partner's resources per year"), amount("partner_yearly"), _("KB art. 34 §1")),
        (_("Of which counted"), amount("partner_part_yearly"), _("KB art. 34 §1")),
        (
            _("The counted relatives' resources per year"),
            amount("relatives_yearly"),
            _("KB art. 34 §2"),
        ),
        (
            _("Left to them: the cohabitant amount per relative counted"),
            amount("relatives_allowance_yearly"),
            _("KB art. 34 §2"),
        ),
        (
            _("Of the rest, counted (the share chosen)"),
            amount("relatives_part_yearly"),
            _("KB art. 34 §2"),
        ),
        (_("General exemption"), amount("general_exemption_yearly"), _("KB art. 22 §2")),
        (_("Resources deducted per year"), amount("resources_yearly"), _("law art. 16")),
        (_("Leefloon per year"), amount("yearly_amount"), _("law art. 14 §1")),
        (_("Leefloon per month (a twelfth)"), amount("monthly_amount"), _("law art. 14 §1")),
        (
            _("First month, pro rata of its days"),
            amount("first_month_amount"),
            _("law art. 21 §1; the pro-rata method is this app's"),
        ),
    ]


@role_required(social_worker=True, team_lead=True)
def calculation_detail(http: HtmxHttpRequest, pk: int, calc_pk: int) -> HttpResponse:
    """A saved calculation: what was counted and why, every step with its rule."""
    if http.method != "GET":
        return HttpResponse(status=405)
    file = client_file_load(http, pk)
    calculation = (
        LeefloonCalculation.objects.filter(client=file.client, pk=calc_pk)
        .select_related("request__kind", "scale", "created_by")
        .first()
    )
    if calculation is None:
        raise Http404
    access_log_record(
        client=file.client,
        actor=acting_user(http),
        action=AccessLog.Action.VIEW,
        what=SEEN_CALCULATION,
        params={"calculation": calculation.pk},
    )
    inputs = calculation.inputs
    labels: dict[str, str] = inputs.get("labels", {})
    since: dict[str, str] = inputs.get("exemption_since", {})
    lines = []
    for who, resources in (
        (_("The applicant"), inputs.get("applicant", [])),
        (_("The partner"), inputs.get("partner") or []),
        *(
            (labels.get(relative["key"], relative["key"]), relative["resources"])
            for relative in inputs.get("relatives", [])
        ),
    ):
        for resource in resources:
            lines.append(
                {
                    "who": who,
                    "label": labels.get(resource["key"], resource["key"]),
                    "monthly": Decimal(resource["monthly"]),
                    "counted": resource["counted"],
                    "reason": resource.get("reason", ""),
                    "exemption": resource.get("exemption", ""),
                    "since": since.get(resource["key"], ""),
                }
            )
    return render_file_page(
        http,
        file,
        CALCULATION_TEMPLATE,
        what=SEEN_CALCULATION,
        calculation=calculation,
        lines=lines,
        relatives=[
            {"name": labels.get(r["key"], r["key"]), "counted": r["counted"]}
            for r in inputs.get("relatives", [])
        ],
        steps=_steps(calculation),
    )


urlpatterns: list[URLPattern] = [
    path(
        "dossiers/<int:pk>/leefloon/aanvragen/<int:request_pk>/",
        leefloon_request,
        name="leefloon_request",
    ),
    path(
        "dossiers/<int:pk>/leefloon/aanvragen/<int:request_pk>/berekenen/",
        calculation_new,
        name="calculation_new",
    ),
    path(
        "dossiers/<int:pk>/leefloon/berekeningen/<int:calc_pk>/",
        calculation_detail,
        name="calculation_detail",
    ),
]
