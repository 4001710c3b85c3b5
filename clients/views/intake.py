"""Client search, and the intake: search first, then one guided form per life domain.

Names, birth dates and national numbers travel by POST (or in the session), never in a URL,
and are masked in Django's error reports.
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.forms import BaseForm, BaseFormSet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from stdnum.be import nn

from clients.access_log import access_log_listed, access_log_record
from clients.forms import (
    ClientSearchForm,
    IncomeFormSet,
    IntakeForm,
    IntakeLookupForm,
    MemberFormSet,
)
from clients.log_actions import SEEN_BY_LOOKUP, SEEN_SEARCH_LISTED
from clients.models import AccessLog, Client
from clients.national_number import national_number_identity
from clients.selectors import ExistingFile, client_lookup, client_search
from clients.services import IntakeError, client_intake, national_number_lookup_log
from clients.views.paging import OneQueryPaginator, link_rows
from core.http import HtmxHttpRequest
from wijkteams.models import User
from wijkteams.permissions import get_roles, role_required
from wijkteams.services import TeamRoute, team_for_address

SEARCH_PAGE_SIZE = 25
SEARCH_COLUMNS = (
    "first_name",
    "last_name",
    "national_number",
    "birth_date",
    "street",
    "house_number",
    "postcode",
    "municipality",
    "team__name",
)
# What the intake lookup typed, kept server-side between the two steps (never in the URL).
LOOKUP_SESSION_KEY = "clients.intake_lookup"


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # role_required has already sent anonymous users away
        raise PermissionDenied
    return user


@role_required(social_worker=True, team_lead=True)
@sensitive_post_parameters("query")
@require_http_methods(["GET", "POST"])
def search(request: HtmxHttpRequest) -> HttpResponse:
    """Find a visible client by name, address or national number (POSTed: never in a URL)."""
    page = None
    if request.method == "POST":
        form = ClientSearchForm(request.POST)
        if form.is_valid():
            results = client_search(
                user=_user(request), query=form.cleaned_data["query"], roles=get_roles(request)
            ).only(*SEARCH_COLUMNS)  # what the results show, not the rest of the file
            # The total comes with the page (one query); the results say how many were found.
            page = OneQueryPaginator(results, SEARCH_PAGE_SIZE).get_page(request.POST.get("page"))
            link_rows(page, "file_url", "clients:file")
            access_log_listed(
                actor=_user(request), client_ids=[c.pk for c in page], what=SEEN_SEARCH_LISTED
            )
    else:
        form = ClientSearchForm()
    template = "clients/search.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"form": form, "page": page})


@role_required(social_worker=True)
@sensitive_post_parameters("national_number", "last_name", "birth_date")
@require_http_methods(["GET", "POST"])
def intake_start(request: HttpRequest) -> HttpResponse:
    """Step 1, search first: offer an existing file instead of making a second one."""
    found: list[ExistingFile] = []
    if request.method == "POST":
        form = IntakeLookupForm(request.POST)
        if form.is_valid():
            lookup = form.cleaned_data
            found = client_lookup(user=_user(request), **lookup)
            confirmed = request.POST.get("confirmed_new") == "1"
            if not found or (confirmed and not any(f.by_national_number for f in found)):
                request.session[LOOKUP_SESSION_KEY] = {
                    "national_number": lookup["national_number"],
                    "last_name": lookup["last_name"].strip(),
                    "birth_date": lookup["birth_date"].isoformat() if lookup["birth_date"] else "",
                }
                if not found:
                    messages.info(request, _("No client file was found: start the intake."))
                return redirect("clients:intake_form")
            # Learning that a file exists (even only its team) is a look at it: log it.
            for existing in found:
                access_log_record(
                    # Only the id: the lookup keeps other teams' client rows out of the view.
                    client=Client(pk=existing.client_id),
                    actor=_user(request),
                    action=AccessLog.Action.VIEW,
                    what=SEEN_BY_LOOKUP,
                )
    else:
        form = IntakeLookupForm()
    return render(
        request,
        "clients/intake_start.html",
        {
            "form": form,
            "found": found,
            "can_continue": bool(found) and not any(f.by_national_number for f in found),
        },
    )


def _lookup_initial(lookup: dict[str, str]) -> dict[str, Any]:
    """What the lookup step typed, as initial values; a national number also tells the birth
    date and sex."""
    initial: dict[str, Any] = {"last_name": lookup.get("last_name", "")}
    if lookup.get("birth_date"):
        initial["birth_date"] = dt.date.fromisoformat(lookup["birth_date"])
    number = lookup.get("national_number", "")
    if number:
        initial["national_number"] = nn.format(number)
        # What the number does not know (a day, a BIS number's sex) is left to be typed.
        identity = national_number_identity(number)
        if identity.birth_date is not None:
            initial.setdefault("birth_date", identity.birth_date)
        if identity.sex is not None:
            initial["sex"] = identity.sex
    return initial


def _with_extra_row(data: QueryDict, prefix: str) -> QueryDict:
    total = data.get(f"{prefix}-TOTAL_FORMS", "")
    if not total.isdigit():
        return data  # a broken management form: the formset reports it
    data = data.copy()
    data[f"{prefix}-TOTAL_FORMS"] = str(int(total) + 1)
    return data


def _route(form: IntakeForm) -> TeamRoute | None:
    """The team the typed address belongs to; None while no postcode is typed."""
    postcode = str(form["postcode"].value() or "").strip()
    if not form.is_bound or not postcode:
        return None
    return team_for_address(
        postcode=postcode,
        street=str(form["street"].value() or ""),
        house_number=str(form["house_number"].value() or ""),
    )


def _render_intake(
    request: HtmxHttpRequest,
    form: IntakeForm,
    members: BaseFormSet[Any],
    incomes: BaseFormSet[Any],
    *,
    partial: str | None = None,
) -> HttpResponse:
    route = _route(form)
    # Choosing a team by hand is for addresses no team covers (or no address at all).
    show_team_choice = form.is_bound and (
        route is None or not route.found or form.has_error("team") or form.has_error("team_reason")
    )
    template = "clients/intake_form.html"
    if partial:
        template += f"#{partial}"
    return render(
        request,
        template,
        {
            "form": form,
            "members": members,
            "incomes": incomes,
            "route": route,
            "show_team_choice": show_team_choice,
        },
    )


def _add_errors(form: BaseForm, errors: dict[str, list[str]]) -> None:
    for name, messages_ in errors.items():
        field = name if name in form.fields and name != NON_FIELD_ERRORS else None
        form.add_error(field, messages_)


@role_required(social_worker=True)
@sensitive_post_parameters()  # error reports must not carry what the client told
@require_http_methods(["GET", "POST"])
def intake_form(request: HtmxHttpRequest) -> HttpResponse:
    """Step 2: the guided intake. Registers everything in one transaction, or nothing."""
    lookup = request.session.get(LOOKUP_SESSION_KEY)
    if lookup is None:
        messages.info(request, _("Search first whether the client already has a file."))
        return redirect("clients:intake")
    if request.method == "GET":
        return _render_intake(
            request,
            IntakeForm(initial=_lookup_initial(lookup)),
            MemberFormSet(prefix="members"),
            IncomeFormSet(prefix="incomes"),
        )

    data: QueryDict = request.POST
    # "Add a row" and "which team?" show the form again as typed, without judging it yet.
    draft = any(key in data for key in ("add_member", "add_income", "check_team"))
    if "add_member" in data:
        data = _with_extra_row(data, "members")
    if "add_income" in data:
        data = _with_extra_row(data, "incomes")
    form = IntakeForm(data, draft=draft)
    members = MemberFormSet(data, prefix="members", form_kwargs={"draft": draft})
    incomes = IncomeFormSet(data, prefix="incomes", form_kwargs={"draft": draft})
    if draft:
        partial = "team_route" if request.htmx and "check_team" in data else None
        return _render_intake(request, form, members, incomes, partial=partial)

    # Every part is validated, so that every error shows at once.
    valid = [form.is_valid(), members.is_valid(), incomes.is_valid()]
    if not all(valid):
        return _render_intake(request, form, members, incomes)
    try:
        client = client_intake(
            actor=_user(request),
            fields=form.client_fields(),
            members=[f.cleaned_fields() for f in members if f.has_changed()],
            incomes=[f.cleaned_fields() for f in incomes if f.has_changed()],
            health_note=form.cleaned_data["health_note"],
            household_complete=form.cleaned_data["household_complete"],
            open_debt_help=form.cleaned_data["open_debt_help"],
            team=form.cleaned_data["team"],
            team_reason=form.cleaned_data["team_reason"],
        )
    except IntakeError as error:
        national_number_lookup_log(actor=_user(request), error=error)
        _add_errors(form, error.client_errors)
        for rows, formset in ((error.member_errors, members), (error.income_errors, incomes)):
            changed = [f for f in formset if f.has_changed()]
            for index, errors in rows.items():
                _add_errors(changed[index], errors)
        return _render_intake(request, form, members, incomes)
    del request.session[LOOKUP_SESSION_KEY]
    messages.success(
        request,
        _("The client file of %(name)s is registered; you are their social worker.")
        % {"name": client.full_name},
    )
    return redirect("clients:file", pk=client.pk)
