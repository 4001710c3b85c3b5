"""The client file's tab Household and income: the members, everyone's incomes and the
statement that both are recorded completely; adding, editing and removing them."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients import selectors, services
from clients.forms import HouseholdMemberForm
from clients.log_actions import SEEN_HOUSEHOLD
from clients.models import Client, HouseholdMember, Income, age_on, member_lives_there_on, runs_on
from clients.views.common import ClientFile, open_client_file, render_file_page
from clients.views.editing import done_redirect, open_for_change, row_edit
from clients.views.file_forms import IncomeEditForm, IncomeForm
from core.http import HtmxHttpRequest, form_errors_from
from wijkteams.permissions import acting_user, role_required


@role_required(social_worker=True, team_lead=True)
@require_GET
def household(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The household members and everyone's incomes, with the household's total."""
    file = open_client_file(request, pk, what=SEEN_HOUSEHOLD)
    return _household_page(request, file)


@dataclass(frozen=True)
class MemberRow:
    member: HouseholdMember
    age: int
    lives_there: bool  # today: born, joined and not left


@dataclass(frozen=True)
class IncomeRow:
    income: Income
    runs: bool  # today: started (or no start) and not ended


@dataclass(frozen=True)
class PersonIncomes:
    """The client or one household member, with their incomes."""

    name: str
    relation: str
    incomes: list[IncomeRow]
    total: Decimal  # of the incomes that run today


def _household_page(
    request: HtmxHttpRequest,
    file: ClientFile,
    *,
    member_form: HouseholdMemberForm | None = None,
    income_form: IncomeForm | None = None,
    partial: str | None = None,
) -> HttpResponse:
    client = file.client
    today = timezone.localdate()
    members = list(selectors.household_members(client=client))
    incomes = list(selectors.incomes_for(client=client))
    # Today's figures count the members who live there today and the incomes that run today;
    # ended lines and members who left stay listed, marked, for the file's history.
    present = {m.pk for m in members if member_lives_there_on(m, today)}
    by_person: dict[int | None, list[IncomeRow]] = defaultdict(list)
    for income in incomes:
        runs = runs_on(income.starts_on, income.ends_on, today) and (
            income.member_id is None or income.member_id in present
        )
        by_person[income.member_id].append(IncomeRow(income, runs))

    def person(name: str, relation: str, key: int | None) -> PersonIncomes:
        own = by_person[key]
        total = sum((row.income.net_monthly for row in own if row.runs), Decimal("0.00"))
        return PersonIncomes(name, relation, own, total)

    people = [person(client.full_name, _("client"), None)]
    people += [person(str(m), m.get_relation_display(), m.pk) for m in members]
    context: dict[str, Any] = {
        "members": [MemberRow(m, age_on(m.birth_date, today), m.pk in present) for m in members],
        "people": people,
        "total_net": sum((p.total for p in people), Decimal("0.00")),
        # A confirmation too old to tell last year's incomes is shown as such: the rights
        # check reads the household as unknown again (rights.facts' household_known).
        "confirmation_current": client.household_confirmation_current(today),
    }
    if file.can_edit:
        context["member_form"] = member_form or HouseholdMemberForm(prefix="member")
        context["income_form"] = income_form or IncomeForm(
            prefix="income", members=selectors.household_members(client=client)
        )
    return render_file_page(
        request,
        file,
        "clients/file/household.html",
        what=SEEN_HOUSEHOLD,
        partial=partial,
        **context,
    )


# A row removed (by someone else) while this user edited it.
MEMBER_REMOVED = gettext_lazy(
    "This household member was removed meanwhile, so your changes to it were not saved."
)
INCOME_REMOVED = gettext_lazy(
    "This income was removed meanwhile, so your changes to it were not saved."
)


def _household_url(client: Client) -> str:
    return reverse("clients:file_household", args=[client.pk])


@role_required(social_worker=True, team_lead=True)
@require_POST
def household_member_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    file = open_for_change(request, pk, what=SEEN_HOUSEHOLD)
    form = HouseholdMemberForm(request.POST, prefix="member")
    if form.is_valid():
        try:
            member = services.household_member_save(
                actor=acting_user(request), client=file.client, member=form.save(commit=False)
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return done_redirect(
                request,
                _household_url(file.client),
                _("%(name)s was added to the household.") % {"name": member},
            )
    return _household_page(request, file, member_form=form, partial="member-form")


@role_required(social_worker=True, team_lead=True)
@require_http_methods(["GET", "POST"])
def household_member_edit(request: HtmxHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    file = open_for_change(request, pk, what=SEEN_HOUSEHOLD)
    member = selectors.household_members(client=file.client).filter(pk=member_pk).first()
    if member is None:
        if request.method == "POST":
            return done_redirect(
                request, _household_url(file.client), str(MEMBER_REMOVED), messages.WARNING
            )
        raise Http404
    return row_edit(
        request,
        file,
        member,
        make_form=lambda data, instance: HouseholdMemberForm(
            data, instance=instance, prefix="member"
        ),
        save=lambda row, version: services.household_member_save(
            actor=acting_user(request), client=file.client, member=row, expected_version=version
        ),
        template="clients/file/household_member.html",
        what=SEEN_HOUSEHOLD,
        done_url=_household_url(file.client),
        saved=_("Household member saved."),
        removed=MEMBER_REMOVED,
        member=member,
    )


@role_required(social_worker=True, team_lead=True)
@require_POST
def household_member_remove(request: HtmxHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    file = open_for_change(request, pk, what=SEEN_HOUSEHOLD)
    member = get_object_or_404(selectors.household_members(client=file.client), pk=member_pk)
    name = str(member)
    try:
        services.household_member_remove(actor=acting_user(request), member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_household_url(file.client))
    return done_redirect(
        request,
        _household_url(file.client),
        _("%(name)s was removed from the household, with their incomes.") % {"name": name},
    )


@role_required(social_worker=True, team_lead=True)
@require_POST
def income_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    file = open_for_change(request, pk, what=SEEN_HOUSEHOLD)
    form = IncomeForm(
        request.POST, prefix="income", members=selectors.household_members(client=file.client)
    )
    if form.is_valid():
        try:
            services.income_save(
                actor=acting_user(request), client=file.client, income=form.save(commit=False)
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return done_redirect(request, _household_url(file.client), _("Income added."))
    return _household_page(request, file, income_form=form, partial="income-form")


@role_required(social_worker=True, team_lead=True)
@require_http_methods(["GET", "POST"])
def income_edit(request: HtmxHttpRequest, pk: int, income_pk: int) -> HttpResponse:
    file = open_for_change(request, pk, what=SEEN_HOUSEHOLD)
    income = selectors.incomes_for(client=file.client).filter(pk=income_pk).first()
    if income is None:
        if request.method == "POST":
            return done_redirect(
                request, _household_url(file.client), str(INCOME_REMOVED), messages.WARNING
            )
        raise Http404
    forms: list[IncomeEditForm] = []

    def make_form(data: Any, instance: Income) -> IncomeEditForm:
        form = IncomeEditForm(
            data,
            instance=instance,
            prefix="income",
            members=selectors.household_members(client=file.client),
        )
        forms.append(form)
        return form

    def save(row: Income, version: int) -> None:
        # The form's own "from a date": a change that keeps the line as it was before it.
        on = forms[0].cleaned_data.get("effective_from") if forms[0].is_bound else None
        actor = acting_user(request)
        if on is None:
            services.income_save(
                actor=actor, client=file.client, income=row, expected_version=version
            )
        else:
            services.income_change_from(
                actor=actor, client=file.client, income=row, expected_version=version, on=on
            )

    return row_edit(
        request,
        file,
        income,
        make_form=make_form,
        save=save,
        template="clients/file/household_income.html",
        what=SEEN_HOUSEHOLD,
        done_url=_household_url(file.client),
        saved=_("Income saved."),
        removed=INCOME_REMOVED,
        income=income,
    )


@role_required(social_worker=True, team_lead=True)
@require_POST
def income_remove(request: HtmxHttpRequest, pk: int, income_pk: int) -> HttpResponse:
    file = open_for_change(request, pk, what=SEEN_HOUSEHOLD)
    income = get_object_or_404(selectors.incomes_for(client=file.client), pk=income_pk)
    try:
        services.income_remove(actor=acting_user(request), income=income)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_household_url(file.client))
    return done_redirect(request, _household_url(file.client), _("Income removed."))


@role_required(social_worker=True, team_lead=True)
@require_POST
def household_confirm(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Confirm that the household and its incomes are recorded completely (complete=1), or
    withdraw that (complete=0)."""
    file = open_for_change(request, pk, what=SEEN_HOUSEHOLD)
    complete = request.POST.get("complete") == "1"
    try:
        services.household_confirm(
            actor=acting_user(request), client=file.client, complete=complete
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_household_url(file.client))
    return done_redirect(
        request,
        _household_url(file.client),
        _("The household and its incomes are confirmed complete.")
        if complete
        else _("The household and its incomes are no longer confirmed complete."),
    )
