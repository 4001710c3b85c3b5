"""The social worker's side: the "Rechten" tab of a client file (flags with their explanation
and the steps to record, and the rights register), and the list of flags to work on."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clients.access_log import access_log_listed, access_log_record
from clients.models import AccessLog
from clients.views.common import ClientFile, open_client_file
from clients.views.paging import OneQueryPaginator, link_rows
from core.http import form_errors_from
from core.paging import PAGE_PARAM
from rights import selectors, services
from rights.facts import lines_from_json
from rights.filters import FlagFilter
from rights.forms import ClientRightForm, FlagActionForm, FlagReviewForm
from rights.log_actions import SEEN_FLAGS_LISTED, SEEN_RIGHTS
from rights.models import FlagEvent, NonTakeUpFlag
from wijkteams.models import Wijkteam
from wijkteams.permissions import acting_user, get_roles, role_required

PER_PAGE = 25


Status = NonTakeUpFlag.Status

# The steps a flag offers in each open status (see rights/services.py for the workflow).
STEPS: dict[str, tuple[str, ...]] = {
    Status.OPEN: (Status.CONTACTED, Status.APPLIED, Status.GRANTED, Status.DISMISSED),
    Status.CONTACTED: (Status.APPLIED, Status.GRANTED, Status.DISMISSED),
    Status.APPLIED: (Status.GRANTED, Status.DISMISSED),
}


# --- the client file's tab ----------------------------------------------------------------


@dataclass
class Explanation:
    """A stored explanation (the rule's finding as JSON) rendered in the reader's language."""

    matched: list[str]
    missing: list[str]
    valid_from: dt.date | None  # of the thresholds it used
    value_basis: str  # how the yearly value was estimated ("" without an estimate)


def _explained(data: object) -> Explanation:
    explanation: dict[str, Any] = data if isinstance(data, dict) else {}
    valid_from = (explanation.get("parameters") or {}).get("valid_from")
    value = explanation.get("value") or {}
    return Explanation(
        matched=[line.render() for line in lines_from_json(explanation.get("matched", []))],
        missing=[line.render() for line in lines_from_json(explanation.get("missing", []))],
        valid_from=dt.date.fromisoformat(valid_from) if valid_from else None,
        value_basis=lines_from_json([value["basis"]])[0].render() if value.get("basis") else "",
    )


@dataclass
class HistoryLine:
    """An event of the flag's history; when the scan rewrote the explanation, the one before."""

    event: FlagEvent
    previous: Explanation | None


@dataclass
class FlagCard:
    """A flag as the tab shows it: its explanation rendered in the reader's language, and, for
    whoever may edit the file, the forms to record a step and the type of non-take-up. Its
    history shows the explanations the scan replaced, rendered the same way; `updated_at` is
    when it last did."""

    flag: NonTakeUpFlag
    matched: list[str]
    missing: list[str]
    value_basis: str
    history: list[HistoryLine]
    updated_at: dt.datetime | None
    steps: tuple[str, ...]
    action_form: FlagActionForm | None
    review_form: FlagReviewForm | None


def _card(
    flag: NonTakeUpFlag,
    *,
    can_edit: bool,
    action_forms: dict[int, FlagActionForm],
    review_forms: dict[int, FlagReviewForm],
) -> FlagCard:
    current = _explained(flag.explanation)
    history = [
        HistoryLine(
            event=event,
            previous=_explained(event.previous_explanation)
            if event.kind == FlagEvent.Kind.EXPLANATION
            else None,
        )
        for event in flag.events.all()  # prefetched, in order (selectors.client_flags)
    ]
    updates = [line.event.at for line in history if line.previous is not None]
    steps = STEPS.get(flag.status, ()) if can_edit else ()
    prefix = f"flag{flag.pk}"
    return FlagCard(
        flag=flag,
        matched=current.matched,
        missing=current.missing,
        value_basis=current.value_basis,
        history=history,
        updated_at=max(updates, default=None),
        steps=steps,
        action_form=action_forms.get(flag.pk, FlagActionForm(prefix=prefix)) if steps else None,
        review_form=(
            review_forms.get(
                flag.pk,
                FlagReviewForm(
                    prefix=f"{prefix}-type",
                    initial={"non_take_up_type": flag.non_take_up_type},
                ),
            )
            if can_edit
            else None
        ),
    )


def _page(
    request: HttpRequest,
    file: ClientFile,
    *,
    action_forms: dict[int, FlagActionForm] | None = None,
    review_forms: dict[int, FlagReviewForm] | None = None,
    register_form: ClientRightForm | None = None,
) -> HttpResponse:
    if request.method != "GET":
        # A refused form shows the file again, and that is a view (GETs log it on opening).
        access_log_record(
            client=file.client,
            actor=acting_user(request),
            action=AccessLog.Action.VIEW,
            what=SEEN_RIGHTS,
        )
    open_flags, closed_flags = selectors.client_flags(client=file.client)

    def card(flag: NonTakeUpFlag) -> FlagCard:
        return _card(
            flag,
            can_edit=file.can_edit,
            action_forms=action_forms or {},
            review_forms=review_forms or {},
        )

    context: dict[str, Any] = {
        "open_cards": [card(f) for f in open_flags],
        "closed_cards": [card(f) for f in closed_flags],
        "register": list(selectors.client_register(client=file.client)),
        "data_missing": [
            (note, [line.render() for line in lines_from_json(note.explanation.get("missing", []))])
            for note in selectors.client_data_missing(client=file.client)
        ],
    }
    if file.can_edit:
        context["register_form"] = register_form or ClientRightForm(
            rights=selectors.rights_active()
        )
    return render(request, "rights/file_rights.html", file.context(**context))


def _tab_url(pk: int, anchor: str = "") -> str:
    url = reverse("rights:file_rights", args=[pk])
    return f"{url}#{anchor}" if anchor else url


@role_required(social_worker=True, team_lead=True)
@require_GET
def file_rights(request: HttpRequest, pk: int) -> HttpResponse:
    """The client's non-take-up flags (open ones with what to do, then the latest closed ones)
    and the rights register."""
    file = open_client_file(request, pk, what=SEEN_RIGHTS)
    return _page(request, file)


def _flag_of(file: ClientFile, flag_pk: int) -> NonTakeUpFlag:
    try:
        return selectors.client_flag_get(client=file.client, pk=flag_pk)
    except NonTakeUpFlag.DoesNotExist:
        raise Http404 from None


@role_required(social_worker=True, team_lead=True)
@require_POST
def flag_act(request: HttpRequest, pk: int, flag_pk: int) -> HttpResponse:
    """Record a step on a flag: contacted, applied, granted or dismissed (with a reason)."""
    file = open_client_file(request, pk, what=SEEN_RIGHTS, for_change=True)
    flag = _flag_of(file, flag_pk)
    form = FlagActionForm(request.POST, prefix=f"flag{flag.pk}")
    if form.is_valid():
        actor, data = acting_user(request), form.cleaned_data
        action = data["action"]
        try:
            if action == Status.CONTACTED:
                services.flag_contacted(actor=actor, flag=flag, note=data["note"])
            elif action == Status.APPLIED:
                services.flag_applied(actor=actor, flag=flag, note=data["note"])
            elif action == Status.GRANTED:
                services.flag_granted(
                    actor=actor, flag=flag, note=data["note"], evidence=data["evidence"]
                )
            else:
                services.flag_dismiss(
                    actor=actor, flag=flag, reason=data["reason"], note=data["note"]
                )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form_errors_from(form, error)
                return _page(request, file, action_forms={flag.pk: form})
            # The step itself is refused (the flag closed meanwhile): say so above the tab.
            messages.error(request, " ".join(error.messages))
            return redirect(_tab_url(pk, f"signaal-{flag.pk}"))
        else:
            messages.success(
                request,
                _("%(right)s: “%(step)s” recorded.")
                % {"right": flag.right.name, "step": Status(action).label},
            )
            return redirect(_tab_url(pk, f"signaal-{flag.pk}"))
    return _page(request, file, action_forms={flag.pk: form})


@role_required(social_worker=True, team_lead=True)
@require_POST
def flag_review(request: HttpRequest, pk: int, flag_pk: int) -> HttpResponse:
    """Record the type of non-take-up of a flag."""
    file = open_client_file(request, pk, what=SEEN_RIGHTS, for_change=True)
    flag = _flag_of(file, flag_pk)
    form = FlagReviewForm(request.POST, prefix=f"flag{flag.pk}-type")
    if form.is_valid():
        try:
            services.flag_review(
                actor=acting_user(request),
                flag=flag,
                non_take_up_type=form.cleaned_data["non_take_up_type"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Refused as a whole (the file is closed): say so above the tab, as flag_act.
                messages.error(request, " ".join(error.messages))
                return redirect(_tab_url(pk, f"signaal-{flag.pk}"))
            form_errors_from(form, error)
        else:
            messages.success(
                request, _("%(right)s: type of non-take-up saved.") % {"right": flag.right.name}
            )
            return redirect(_tab_url(pk, f"signaal-{flag.pk}"))
    return _page(request, file, review_forms={flag.pk: form})


@role_required(social_worker=True, team_lead=True)
@require_POST
def client_right_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a line of the rights register (a new status replaces the right's old one)."""
    file = open_client_file(request, pk, what=SEEN_RIGHTS, for_change=True)
    form = ClientRightForm(request.POST, rights=selectors.rights_active())
    if form.is_valid():
        data = form.cleaned_data
        try:
            record = services.client_right_record(
                actor=acting_user(request),
                client=file.client,
                right=data["right"],
                status=data["status"],
                since=data["since"],
                evidence=data["evidence"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                _("Rights register: %(right)s, %(status)s.")
                % {"right": record.right.name, "status": record.get_status_display()},
            )
            return redirect(_tab_url(pk, "rechtenregister"))
    return _page(request, file, register_form=form)


# --- the list of flags ----------------------------------------------------------------------


@role_required(social_worker=True, team_lead=True)
@require_GET
def flags(request: HttpRequest) -> HttpResponse:
    """The flags to work on: of the worker's own clients, and for a team lead of every client
    of the teams they lead; open ones unless a status is chosen. A fixed number of queries."""
    user, roles = acting_user(request), get_roles(request)
    teams = (
        list(Wijkteam.objects.filter(pk__in=roles.lead_team_ids).order_by("name"))
        if roles.is_team_lead
        else []
    )
    filterset = FlagFilter(request.GET, user=user, roles=roles, teams=teams)
    # The page and the number of flags in one query; each row's link reversed once.
    page = OneQueryPaginator(filterset.qs, PER_PAGE).get_page(request.GET.get(PAGE_PARAM))
    link_rows(page, "rights_url", "rights:file_rights", pk_attr="client_id")
    access_log_listed(
        actor=user, client_ids=[flag.client_id for flag in page], what=SEEN_FLAGS_LISTED
    )
    return render(
        request,
        "rights/flags.html",
        {
            "filter": filterset,
            "page": page,
            "show_worker": roles.is_team_lead,
        },
    )
