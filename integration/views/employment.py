"""Art. 60 §7 employment on the Leefloon tab and its own pages: the client's contracts with the
suggested day of social security rights (integration/employment_rules.py) and a warning when a
contract ends before it, a contract's page with its early end and a link to budgets' what-if
with the net wage as the client's new income, and the form to record or change a contract.

Every view opens the file through clients' scoping (404 for another team's client, 403 for a
colleague who only reads it) and leaves the rules to integration/services/employment.py."""

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from budgets.calculation import CLIENT_KEY
from clients.access_log import access_log_record
from clients.models import AccessLog
from clients.services import EditConflictError
from clients.views.common import ClientFile, client_file_load, open_client_file, render_file_page
from clients.views.editing import row_edit
from core.http import HtmxHttpRequest, form_errors_from
from integration.employment_rules import SocialSecuritySuggestion, social_security_suggestion
from integration.forms_employment import Art60ContractForm, Art60EndForm
from integration.log_actions import SEEN_ART60, SEEN_LEEFLOON
from integration.models import Art60Contract, Employer
from integration.services import employment as services
from wijkteams.models import User
from wijkteams.permissions import acting_user, role_required

DETAIL_TEMPLATE = "integration/art60_detail.html"
FORM_TEMPLATE = "integration/art60_form.html"


@dataclass(frozen=True)
class ContractView:
    contract: Art60Contract
    suggestion: SocialSecuritySuggestion
    running: bool

    @property
    def last_day(self) -> dt.date:
        return self.contract.ended_early_on or self.contract.ends_on

    @property
    def rights_from(self) -> dt.date | None:
        """The day recorded by the worker, else the suggested one (None: unknown)."""
        return self.contract.social_security_from or self.suggestion.day

    @property
    def ends_too_early(self) -> bool:
        """Whether the contract's last day comes before the day before `rights_from`: the
        client would stop working before having built the rights (art. 60 §7)."""
        day = self.rights_from
        return day is not None and self.last_day < day - dt.timedelta(days=1)


def contract_view(contract: Art60Contract, today: dt.date) -> ContractView:
    suggestion = social_security_suggestion(
        birth_date=contract.client.birth_date,
        starts_on=contract.starts_on,
        hours_per_week=contract.hours_per_week,
    )
    return ContractView(contract, suggestion, services.art60_is_running(contract, today))


def client_contracts(file: ClientFile) -> QuerySet[Art60Contract]:
    return Art60Contract.objects.filter(client=file.client).select_related("employer", "client")


def tab_context(
    file: ClientFile, *, actor: User, today: dt.date, can_change: bool
) -> dict[str, Any]:
    """This topic's part of the Leefloon tab: the client's contracts in one query."""
    return {"art60_contracts": [contract_view(c, today) for c in client_contracts(file)]}


def what_if_url(contract: Art60Contract) -> str:
    """Budgets' own what-if (a GET form that saves nothing) with the contract's net wage as the
    client's new job: what it does to the household's supplementary aid."""
    wage = f"{contract.net_wage_monthly:.2f}".replace(".", ",")
    query = urlencode({"job_person": CLIENT_KEY, "job_wage": wage})
    return f"{reverse('budgets:calculation_what_if', args=[contract.client_id])}?{query}"


def detail_url(contract: Art60Contract) -> str:
    return reverse("integration:art60_detail", args=[contract.client_id, contract.pk])


def _contract_of(file: ClientFile, art60_pk: int) -> Art60Contract:
    try:
        return client_contracts(file).get(pk=art60_pk)
    except Art60Contract.DoesNotExist:
        raise Http404 from None


def _employers(also: int | None = None) -> QuerySet[Employer]:
    """The active employers, and the contract's own even when it is no longer active."""
    employers = Employer.objects.filter(is_active=True)
    if also is not None:
        employers = employers | Employer.objects.filter(pk=also)
    return employers.order_by("name")


def _end_form(contract: Art60Contract, data: Any = None) -> Art60EndForm:
    return Art60EndForm(data, initial=None if data else {"version": contract.version})


def _detail_page(
    request: HtmxHttpRequest,
    file: ClientFile,
    contract: Art60Contract,
    *,
    end_form: Art60EndForm | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    can_change = file.can_edit and file.client.closed_on is None
    if end_form is None and can_change and contract.ended_early_on is None:
        end_form = _end_form(contract)
    return render_file_page(
        request,
        file,
        DETAIL_TEMPLATE,
        what=SEEN_ART60,
        view=contract_view(contract, today),
        contract=contract,
        end_form=end_form if can_change else None,
        what_if_url=what_if_url(contract) if can_change else None,
        can_change=can_change,
        today=today,
    )


@role_required(social_worker=True, team_lead=True)
@require_GET
def art60_detail(request: HtmxHttpRequest, pk: int, art60_pk: int) -> HttpResponse:
    """A contract with its amounts, the day of social security rights and its early end."""
    file = client_file_load(request, pk)
    contract = _contract_of(file, art60_pk)
    access_log_record(
        client=file.client,
        actor=acting_user(request),
        action=AccessLog.Action.VIEW,
        what=SEEN_ART60,
        params={"contract": contract.pk},
    )
    return _detail_page(request, file, contract)


@role_required(social_worker=True, team_lead=True)
@require_POST
def art60_end(request: HtmxHttpRequest, pk: int, art60_pk: int) -> HttpResponse:
    """End the contract early: the last day of work and why."""
    file = client_file_load(request, pk, for_change=True)
    contract = _contract_of(file, art60_pk)
    form = Art60EndForm(request.POST)
    if not form.is_valid():
        if "version" in form.errors:
            return HttpResponseBadRequest()  # only a hand-made POST lacks the hidden version
        return _detail_page(request, file, contract, end_form=form)
    data = form.cleaned_data
    try:
        services.art60_contract_end_early(
            actor=acting_user(request),
            contract_id=contract.pk,
            expected_version=data["version"],
            ended_on=data["ended_early_on"],
            reason=data["end_reason"],
        )
    except EditConflictError:
        messages.error(request, _("Someone else changed this contract meanwhile. Check it again."))
        return redirect(detail_url(contract))
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            messages.error(request, " ".join(error.messages))
            return redirect(detail_url(contract))
        form_errors_from(form, error)
        return _detail_page(request, file, contract, end_form=form)
    messages.success(request, _("The contract is ended early."))
    return redirect(detail_url(contract))


def _service_fields(row: Any) -> dict[str, Any]:
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    return {name: get(name) for name in services.FIELDS}


@role_required(social_worker=True, team_lead=True)
def art60_new(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Record an art. 60 contract of the client."""
    file = open_client_file(request, pk, what=SEEN_LEEFLOON, for_change=True)
    if request.method == "POST":
        form = Art60ContractForm(request.POST, employers=_employers())
        if form.is_valid():
            try:
                contract = services.art60_contract_create(
                    actor=acting_user(request),
                    client=file.client,
                    **_service_fields(form.cleaned_data),
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("The art. 60 contract is saved."))
                return redirect(detail_url(contract))
    else:
        form = Art60ContractForm(employers=_employers())
        form.initial = {"starts_on": timezone.localdate()}
    return render_file_page(
        request, file, FORM_TEMPLATE, what=SEEN_LEEFLOON, form=form, contract=None
    )


@role_required(social_worker=True, team_lead=True)
def art60_edit(request: HtmxHttpRequest, pk: int, art60_pk: int) -> HttpResponse:
    """Change a contract (optimistic locking, conflicts shown beside what was typed)."""
    file = client_file_load(request, pk, for_change=True)
    contract = _contract_of(file, art60_pk)
    actor = acting_user(request)
    if request.method == "GET":
        access_log_record(
            client=file.client,
            actor=actor,
            action=AccessLog.Action.VIEW,
            what=SEEN_ART60,
            params={"contract": contract.pk},
        )

    def save(row: Art60Contract, expected_version: int) -> None:
        services.art60_contract_save(
            actor=actor,
            contract_id=row.pk,
            expected_version=expected_version,
            **_service_fields(row),
        )

    return row_edit(
        request,
        file,
        contract,
        make_form=lambda data, instance: Art60ContractForm(
            data, instance=instance, employers=_employers(also=instance.employer_id)
        ),
        save=save,
        template=FORM_TEMPLATE,
        what=SEEN_ART60,
        done_url=detail_url(contract),
        saved=_("The art. 60 contract is saved."),
        contract=contract,
        view=contract_view(contract, timezone.localdate()),
    )


urlpatterns: list[URLPattern] = [
    path("dossiers/<int:pk>/leefloon/art60/nieuw/", art60_new, name="art60_new"),
    path("dossiers/<int:pk>/leefloon/art60/<int:art60_pk>/", art60_detail, name="art60_detail"),
    path(
        "dossiers/<int:pk>/leefloon/art60/<int:art60_pk>/wijzigen/", art60_edit, name="art60_edit"
    ),
    path(
        "dossiers/<int:pk>/leefloon/art60/<int:art60_pk>/stopzetten/", art60_end, name="art60_end"
    ),
]
