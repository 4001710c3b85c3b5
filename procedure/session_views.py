"""The committee's pages under /comite/: the sessions, planning one, a session with its agenda
(names only for the items of the teams the lead leads), the result of an item, the minutes and
the closing, and the printable agenda in full and pseudonymised.

Team leads keep the sessions. A committee member sees the sessions they sit in and their
pseudonymised agenda, nothing else: no name, no file. Every page that shows an item logs the
clients it shows (pseudonymised too: the reference leads back to the person)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from clients.services import EditConflictError
from clients.views.paging import OneQueryPaginator
from core.http import form_errors_from
from core.paging import PAGE_PARAM
from procedure import session_selectors as selectors
from procedure.log_actions import SEEN_AGENDA, SEEN_AGENDA_PSEUDONYMISED, SEEN_SESSION
from procedure.models import AgendaItem, CommitteeSession
from procedure.services import sessions as services
from procedure.session_forms import (
    AgendaItemForm,
    SessionCloseForm,
    SessionMinutesForm,
    SessionPlanForm,
)
from wijkteams.permissions import acting_user, get_roles, role_required

PER_PAGE = 25
CONFLICT = gettext_lazy(
    "Someone else changed this meanwhile. Check it as it is now and send the form again."
)


# A number no row has: reversed once in place of each row's own (reverse() for each row of an
# agenda of 200 took a tenth of the page's time).
_ROW = 987654321


def _links(rows: list[selectors.AgendaRow], session: CommitteeSession) -> list[dict[str, Any]]:
    """Each row with the links of its item and of its client's requests (for the rows in full)."""
    item_url = reverse("procedure:agenda_item", args=[session.pk, _ROW])
    file_url = reverse("procedure:file_requests", args=[_ROW])
    mark = str(_ROW)
    return [
        {
            "row": row,
            "item_url": item_url.replace(mark, str(row.item.pk)),
            "file_url": file_url.replace(mark, str(row.request.client_id))
            + f"#aanvraag-{row.request.pk}",
        }
        if row.in_full
        else {"row": row}
        for row in rows
    ]


def _session(request: HttpRequest, session_pk: int) -> CommitteeSession:
    return selectors.session_get(user=acting_user(request), roles=get_roles(request), pk=session_pk)


def _detail_url(session: CommitteeSession, item: AgendaItem | None = None) -> str:
    url = reverse("procedure:session_detail", args=[session.pk])
    return f"{url}#punt-{item.position}" if item else url


@role_required(team_lead=True, committee_member=True)
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    """The sessions, newest first: every one for a team lead, those they sit in for a member."""
    roles = get_roles(request)
    sessions = selectors.sessions_visible_to(user=acting_user(request), roles=roles)
    page = OneQueryPaginator(sessions, PER_PAGE).get_page(request.GET.get(PAGE_PARAM))
    return render(
        request,
        "procedure/sessions/list.html",
        {"page": page, "can_plan": roles.is_team_lead, "today": timezone.localdate()},
    )


@role_required(team_lead=True)
def session_plan(request: HttpRequest) -> HttpResponse:
    """Plan a session: its day, place and members; it takes its agenda at once."""
    members = selectors.committee_members()
    if request.method == "POST":
        form = SessionPlanForm(request.POST, members=members)
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = services.session_plan(
                    actor=acting_user(request),
                    held_on=data["held_on"],
                    place=data["place"],
                    member_ids=[member.pk for member in data["members"]],
                    chair_id=data["chair"].pk if data["chair"] else None,
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                count = session.items.count()
                messages.success(
                    request,
                    ngettext(
                        "The session is planned; its agenda has %(count)s item.",
                        "The session is planned; its agenda has %(count)s items.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect(_detail_url(session))
    else:
        form = SessionPlanForm(members=members)
    return render(
        request, "procedure/sessions/plan.html", {"form": form, "has_members": members.exists()}
    )


def _detail_page(
    request: HttpRequest,
    session: CommitteeSession,
    *,
    minutes_form: SessionMinutesForm | None = None,
) -> HttpResponse:
    roles = get_roles(request)
    rows = selectors.agenda_rows(session=session, roles=roles)
    services.agenda_listed(
        actor=acting_user(request),
        session=session,
        # Every row: a pseudonymised reference leads back to the person too.
        client_ids=[row.request.client_id for row in rows],
        what=SEEN_SESSION,
    )
    is_open = session.state == CommitteeSession.State.PLANNED
    context: dict[str, Any] = {
        "session": session,
        "rows": _links(rows, session),
        "is_open": is_open,
        "can_record": is_open and session.held_on <= timezone.localdate(),
        "members": selectors.session_member_names(session),
    }
    if is_open:
        context["minutes_form"] = minutes_form or SessionMinutesForm(
            initial={"version": session.version, "minutes": session.minutes}
        )
    return render(request, "procedure/sessions/detail.html", context)


@role_required(team_lead=True)
@require_GET
def session_detail(request: HttpRequest, session_pk: int) -> HttpResponse:
    """A session and its agenda; for the items of the lead's teams, the way to record them."""
    return _detail_page(request, _session(request, session_pk))


@role_required(team_lead=True)
@require_POST
def session_refresh(request: HttpRequest, session_pk: int) -> HttpResponse:
    """Add the proposals and urgent decisions that came in since the session was planned."""
    session = _session(request, session_pk)
    try:
        added = services.session_agenda_refresh(actor=acting_user(request), session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s item added to the agenda.", "%(count)s items added to the agenda.", added
            )
            % {"count": added},
        )
    return redirect(_detail_url(session))


@role_required(team_lead=True)
@require_POST
def session_minutes(request: HttpRequest, session_pk: int) -> HttpResponse:
    """Save the minutes; a refusal shows the session again with what was typed."""
    session = _session(request, session_pk)
    form = SessionMinutesForm(request.POST)
    if not form.is_valid():
        if "version" in form.errors:
            return HttpResponseBadRequest()  # only a hand-made POST lacks the hidden version
        return _detail_page(request, session, minutes_form=form)
    try:
        services.session_minutes_save(
            actor=acting_user(request),
            session=session,
            expected_version=form.cleaned_data["version"],
            minutes=form.cleaned_data["minutes"],
        )
    except EditConflictError as conflict:
        # What was typed stays; sent again it replaces the minutes now shown above it.
        messages.error(request, str(CONFLICT))
        data = request.POST.copy()
        data["version"] = str(conflict.current.version)
        return _detail_page(request, conflict.current, minutes_form=SessionMinutesForm(data))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_detail_url(session))
    messages.success(request, _("The minutes are saved."))
    return redirect(_detail_url(session) + "#notulen")


@role_required(team_lead=True)
@require_POST
def session_close(request: HttpRequest, session_pk: int) -> HttpResponse:
    """Close the session: every item recorded and the minutes written."""
    session = _session(request, session_pk)
    form = SessionCloseForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    try:
        services.session_close(
            actor=acting_user(request),
            session=session,
            expected_version=form.cleaned_data["version"],
        )
    except EditConflictError:
        messages.error(request, str(CONFLICT))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The session is closed."))
    return redirect(_detail_url(session))


def _item_initial(row: selectors.AgendaRow, session: CommitteeSession) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": row.request.version, "decided_on": session.held_on}
    if row.proposal is not None:
        proposal = row.proposal
        initial |= {
            "motivation": proposal.motivation,
            "amount": proposal.amount,
            "starts_on": proposal.starts_on,
            "months": proposal.months,
        }
    return initial


@role_required(team_lead=True)
def agenda_item(request: HttpRequest, session_pk: int, item_pk: int) -> HttpResponse:
    """One item of the lead's teams: the proposal (or the urgent decision) in full and the form
    to record the committee's answer, filled in with the proposal's terms."""
    session = _session(request, session_pk)
    roles = get_roles(request)
    row = selectors.agenda_item_get(session=session, roles=roles, pk=item_pk)
    item = row.item
    form = None
    can_record = (
        session.state == CommitteeSession.State.PLANNED
        and item.result == AgendaItem.Result.PENDING
        and session.held_on <= timezone.localdate()
    )
    if can_record and request.method == "POST":
        form = AgendaItemForm(request.POST, purpose=item.purpose)
        if form.is_valid():
            data = form.cleaned_data
            try:
                recorded = services.agenda_item_record(
                    actor=acting_user(request),
                    item=item,
                    expected_version=data["version"],
                    result=data["result"],
                    reason=data["reason"],
                    motivation=data.get("motivation", ""),
                    decided_on=data.get("decided_on"),
                    amount=data.get("amount"),
                    starts_on=data.get("starts_on"),
                    months=data.get("months"),
                )
            except EditConflictError:
                messages.error(request, str(CONFLICT))
                return redirect(request.path)
            except PermissionDenied as refused:
                messages.error(request, str(refused))
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    form_errors_from(form, error)
                else:  # the item, request or session no longer allows it: said above the page
                    messages.error(request, " ".join(error.messages))
                    return redirect(request.path)
            else:
                messages.success(
                    request,
                    _("Item %(position)s is recorded: %(result)s.")
                    % {"position": recorded.position, "result": recorded.get_result_display()},
                )
                return redirect(_detail_url(session, recorded))
        elif "version" in form.errors:
            return HttpResponseBadRequest()
    elif can_record:
        form = AgendaItemForm(initial=_item_initial(row, session), purpose=item.purpose)
    services.agenda_item_seen(actor=acting_user(request), item=item)
    return render(
        request,
        "procedure/sessions/item.html",
        {"session": session, "row": row, "form": form, "can_record": can_record},
    )


@role_required(team_lead=True)
@require_GET
def agenda_print(request: HttpRequest, session_pk: int) -> HttpResponse:
    """The printable agenda for a team lead: names and motivations for the items of the teams
    they lead, the others pseudonymised."""
    session = _session(request, session_pk)
    rows = selectors.agenda_rows(session=session, roles=get_roles(request))
    services.agenda_listed(
        actor=acting_user(request),
        session=session,
        # Every row: a pseudonymised reference leads back to the person too.
        client_ids=[row.request.client_id for row in rows],
        what=SEEN_AGENDA,
    )
    return render(
        request,
        "procedure/sessions/agenda.html",
        {
            "session": session,
            "rows": rows,
            "pseudonymised": False,
            "members": selectors.session_member_names(session),
        },
    )


@role_required(team_lead=True, committee_member=True)
@require_GET
def agenda_pseudonymised(request: HttpRequest, session_pk: int) -> HttpResponse:
    """The printable agenda the members get: per item a reference, the kind of help, the amount,
    period and household, and no name, number, address or motivation."""
    session = _session(request, session_pk)
    rows = selectors.agenda_rows(session=session, roles=get_roles(request), pseudonymised=True)
    services.agenda_listed(
        actor=acting_user(request),
        session=session,
        client_ids=[row.request.client_id for row in rows],
        what=SEEN_AGENDA_PSEUDONYMISED,
    )
    return render(
        request,
        "procedure/sessions/agenda.html",
        {
            "session": session,
            "rows": rows,
            "pseudonymised": True,
            "members": selectors.session_member_names(session),
        },
    )
