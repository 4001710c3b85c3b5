"""A granted leefloon on the Leefloon tab and on its own page: the payment schedule (the monthly
amount per month from the start to the review or the end, the first incomplete month pro rata
as the calculation gave it, each amount naming its version of the amounts, the date it is valid
from and its source) and the form to end it. Pages open the file through clients' scoping (404
for another team's client, 403 for a colleague who only reads it); the rules are the service's
(integration/services/grants.py)."""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from clients.access_log import access_log_record
from clients.models import AccessLog
from clients.services import EditConflictError
from clients.views.common import ClientFile, client_file_load, render_file_page
from core.http import HtmxHttpRequest, form_errors_from
from integration.calculation import cents
from integration.forms_grants import GrantEndForm
from integration.log_actions import SEEN_GRANT
from integration.models import GrantAmount, LeefloonGrant
from integration.services import grants as services
from wijkteams.models import User
from wijkteams.permissions import acting_user, role_required

DETAIL_TEMPLATE = "integration/grant_detail.html"
GRANT_CONFLICT = gettext_lazy(
    "Someone else changed this leefloon meanwhile. Check it as it is now."
)


@dataclass(frozen=True)
class Payment:
    """One month of the schedule: the amount paid for it and what it rests on."""

    month: dt.date  # its first day
    days: int  # the days paid (the month's length when whole)
    length: int
    amount: Decimal
    monthly: GrantAmount  # the monthly amount it is paid from

    @property
    def partial(self) -> bool:
        return self.days != self.length


def payment_schedule(grant: LeefloonGrant, amounts: list[GrantAmount]) -> list[Payment]:
    """Per month from the start to the day before the review (or to the end): the amount valid
    on the first day paid of the month; a month paid in part pro rata for its calendar days
    (the app's method, docs/integration.md step 8), the first month as the calculation gave it
    when its amount is the calculation's."""
    last = grant.review_on - dt.timedelta(days=1)
    if grant.ended_on is not None:
        last = min(last, grant.ended_on)
    ordered = sorted(amounts, key=lambda amount: amount.valid_from)
    payments = []
    month = grant.starts_on.replace(day=1)
    while month <= last and ordered:
        length = calendar.monthrange(month.year, month.month)[1]
        first_day = max(month, grant.starts_on)
        last_day = min(month.replace(day=length), last)
        valid = [amount for amount in ordered if amount.valid_from <= first_day] or ordered[:1]
        monthly = valid[-1]
        days = (last_day - first_day).days + 1
        if days == length:
            paid = monthly.monthly_amount
        elif (
            first_day == grant.starts_on == grant.calculation.starts_on
            and last_day.day == length
            and monthly.monthly_amount == grant.calculation.monthly_amount
        ):
            paid = grant.calculation.first_month_amount
        else:
            paid = cents(monthly.monthly_amount * days / length)
        payments.append(Payment(month, days, length, paid, monthly))
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return payments


def _grants_of(file: ClientFile) -> list[LeefloonGrant]:
    """The client's leefloons with their amounts and versions: two queries whatever their
    number."""
    return list(
        LeefloonGrant.objects.filter(client=file.client)
        .select_related("calculation", "request")
        .prefetch_related(Prefetch("amounts", queryset=GrantAmount.objects.select_related("scale")))
    )


def tab_context(
    file: ClientFile, *, actor: User, today: dt.date, can_change: bool
) -> dict[str, Any]:
    """This topic's part of the Leefloon tab: the client's leefloons, each with its amount today."""
    rows = []
    for grant in _grants_of(file):
        amounts = list(grant.amounts.all())
        now = [amount for amount in amounts if amount.valid_from <= today]
        shown = now or amounts[:1]
        rows.append({"grant": grant, "amount": shown[-1] if shown else None})
    return {"leefloon_grants": rows}


def _grant_of(file: ClientFile, grant_pk: int) -> LeefloonGrant:
    grant = next((grant for grant in _grants_of(file) if grant.pk == grant_pk), None)
    if grant is None:
        raise Http404
    return grant


def detail_url(grant: LeefloonGrant) -> str:
    return reverse("integration:grant_detail", args=[grant.client_id, grant.pk])


def _detail_page(
    request: HtmxHttpRequest,
    file: ClientFile,
    grant: LeefloonGrant,
    form: GrantEndForm | None = None,
) -> HttpResponse:
    can_change = file.can_edit and file.client.closed_on is None and grant.ended_on is None
    if form is None and can_change:
        form = GrantEndForm(initial={"version": grant.version})
    amounts = list(grant.amounts.all())
    return render_file_page(
        request,
        file,
        DETAIL_TEMPLATE,
        what=SEEN_GRANT,
        grant=grant,
        amounts=amounts,
        payments=payment_schedule(grant, amounts),
        end_form=form if can_change else None,
    )


@role_required(social_worker=True, team_lead=True)
@require_GET
def grant_detail(request: HtmxHttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    """A leefloon with its amounts over time and its payment schedule."""
    file = client_file_load(request, pk)
    grant = _grant_of(file, grant_pk)
    access_log_record(
        client=file.client,
        actor=acting_user(request),
        action=AccessLog.Action.VIEW,
        what=SEEN_GRANT,
        params={"grant": grant.pk},
    )
    return _detail_page(request, file, grant)


@role_required(social_worker=True, team_lead=True)
@require_POST
def grant_end(request: HtmxHttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    """End the leefloon: its last day and the reason."""
    file = client_file_load(request, pk, for_change=True)
    grant = _grant_of(file, grant_pk)
    form = GrantEndForm(request.POST)
    if not form.is_valid():
        if "version" in form.errors:
            return HttpResponseBadRequest()  # only a hand-made POST lacks the hidden version
        return _detail_page(request, file, grant, form)
    data = form.cleaned_data
    try:
        services.grant_end(
            actor=acting_user(request),
            grant=grant,
            expected_version=data["version"],
            ended_on=data["ended_on"],
            reason=data["reason"],
        )
    except EditConflictError:
        messages.error(request, str(GRANT_CONFLICT))
        return redirect(detail_url(grant))
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            messages.error(request, " ".join(error.messages))
            return redirect(detail_url(grant))
        form_errors_from(form, error)
        return _detail_page(request, file, grant, form)
    messages.success(
        request,
        _("The leefloon ends on %(day)s.") % {"day": f"{data['ended_on']:%d/%m/%Y}"},
    )
    return redirect(detail_url(grant))


urlpatterns: list[URLPattern] = [
    path("dossiers/<int:pk>/leefloon/<int:grant_pk>/", grant_detail, name="grant_detail"),
    path("dossiers/<int:pk>/leefloon/<int:grant_pk>/einde/", grant_end, name="grant_end"),
]
