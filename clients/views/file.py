"""The client file, one page per tab. Stubs: each tab is being built (issue 3)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients import selectors, services
from clients.forms import (
    ClientEditForm,
    LoadedRecordForm,
    TeamOverrideForm,
)
from clients.log_actions import (
    SEEN_ACCESS,
    SEEN_JOURNAL,
    SEEN_OVERVIEW,
    SEEN_RECORD_EDIT,
    SEEN_TRAJECTORIES,
    SEEN_TRANSFER,
)
from clients.models import (
    Assignment,
    Client,
    JournalEntry,
    Trajectory,
    TrajectoryStep,
)
from clients.selectors import TIMELINE_LENGTH, DebtTotals, client_get
from clients.views.common import ClientFile, open_client_file, render_file_page
from clients.views.editing import done_redirect, open_for_change, row_edit
from clients.views.file_forms import (
    ActivationForm,
    DebtForm,
    DebtHelpForm,
    JournalEntryForm,
    StepForm,
    TrajectoryCloseForm,
    TransferForm,
    trajectory_form_class,
)
from core.http import HtmxHttpRequest, form_errors_from
from wijkteams.models import User
from wijkteams.permissions import acting_user, get_roles, role_required


@role_required(social_worker=True, team_lead=True)
@require_GET
def overview(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The client at a glance: identity, contact, address and team, worker, housing, statuses,
    open trajectories. A constant number of queries, whatever the size of the file."""
    file = open_client_file(request, pk, what=SEEN_OVERVIEW)
    return overview_page(request, file)


# --- Overview: editing the record and choosing the team --------------------------------------


def overview_page(
    request: HtmxHttpRequest,
    file: ClientFile,
    *,
    team_form: TeamOverrideForm | None = None,
    **forms: Any,
) -> HttpResponse:
    """The overview tab; `forms` replace its empty forms with refused ones (see closing.py)."""
    if team_form is None and file.is_lead:
        team_form = TeamOverrideForm(initial={"team": file.client.team_id})
    return render_file_page(
        request,
        file,
        "clients/file/overview.html",
        what=SEEN_OVERVIEW,
        overview=selectors.client_overview(client=file.client),
        age=file.client.age_on(timezone.localdate()),
        team_form=team_form,
        **forms,
    )


def _record_page(
    request: HtmxHttpRequest,
    file: ClientFile,
    form: ClientEditForm,
    loaded_form: LoadedRecordForm,
    **context: Any,
) -> HttpResponse:
    return render_file_page(
        request,
        file,
        "clients/file/overview_edit.html",
        what=SEEN_RECORD_EDIT,
        form=form,
        loaded_form=loaded_form,
        **context,
    )


@role_required(social_worker=True, team_lead=True)
@sensitive_post_parameters()  # error reports must not carry the client's data
@require_http_methods(["GET", "POST"])
def overview_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Edit the record, for the client's social worker and the team lead (others: 403).

    Optimistic locking: the form carries the version and the values the user loaded. If someone
    saved meanwhile, the form comes back with what they changed beside what this user typed,
    nothing typed lost, and the new version, so that saving again is a deliberate choice.
    """
    user = acting_user(request)
    file = open_client_file(request, pk, what=SEEN_RECORD_EDIT, for_change=True)
    client = file.client
    if request.method == "GET":
        return _record_page(
            request, file, ClientEditForm(instance=client), LoadedRecordForm.of(client)
        )
    form = ClientEditForm(request.POST)
    loaded_form = LoadedRecordForm(request.POST)
    if not loaded_form.is_valid():
        return HttpResponseBadRequest()
    if not form.is_valid():
        return _record_page(request, file, form, loaded_form)
    loaded = loaded_form.cleaned_data
    changes = form.changes_from(loaded)
    if not changes:
        messages.info(request, _("Nothing was changed."))
        return redirect("clients:file", pk=pk)
    try:
        services.client_update(
            actor=user, client_id=pk, expected_version=loaded["version"], changes=changes
        )
    except services.EditConflictError as conflict:
        conflicts, data = form.merge_conflict(loaded=loaded, current=conflict.current)
        return _record_page(
            request,
            file,
            ClientEditForm(data),
            LoadedRecordForm.of(conflict.current),
            conflicts=conflicts,
            last_change=selectors.client_last_change(client=client),
        )
    except ValidationError as error:
        form_errors_from(form, error)
        return _record_page(request, file, form, loaded_form)
    messages.success(request, _("The client file is saved."))
    return redirect("clients:file", pk=pk)


@role_required(team_lead=True)
@require_POST
def overview_team(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The lead of the client's team puts the client in another team, with a reason."""
    file = open_client_file(request, pk, what=SEEN_OVERVIEW)
    if not file.is_lead:
        raise PermissionDenied
    form = TeamOverrideForm(request.POST)
    if form.is_valid():
        team = form.cleaned_data["team"]
        try:
            services.client_set_team(
                actor=acting_user(request),
                client=file.client,
                team=team,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request, _("The client now belongs to wijkteam %(team)s.") % {"team": team.name}
            )
            if selectors.clients_visible_to(acting_user(request)).filter(pk=pk).exists():
                return redirect("clients:file", pk=pk)
            return redirect("home")  # moved to a team this lead does not lead
    return overview_page(request, file, team_form=form)


@role_required(social_worker=True, team_lead=True)
@require_GET
def trajectories(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Every trajectory with its steps, debts and timeline; forms to open and follow them up."""
    file = open_client_file(request, pk, what=SEEN_TRAJECTORIES)
    return _trajectories_page(request, file)


@role_required(social_worker=True, team_lead=True)
@require_GET
def journal(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The journal, newest first, a page at a time; htmx pages swap only the list."""
    file = open_client_file(request, pk, what=SEEN_JOURNAL)
    return _journal_page(request, file, partial="entries")


@role_required(team_lead=True)
@require_GET
def access(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Who opened or changed the file: for the lead of the client's team only."""
    roles = get_roles(request)
    # Checked before opening the file, so that a refused look is not logged as a view.
    client = client_get(user=acting_user(request), pk=pk, roles=roles)
    if not selectors.client_is_led_by(acting_user(request), client, roles=roles):
        raise PermissionDenied
    file = open_client_file(request, pk, what=SEEN_ACCESS)
    page = Paginator(selectors.access_history(client=file.client), ACCESS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render_file_page(
        request, file, "clients/file/access.html", what=SEEN_ACCESS, partial="entries", page=page
    )


# --- Household and income, trajectories, journal, transfer, access history -------------------
# The tab views household, trajectories, journal and access are above, where the stubs were;
# their helpers and the views that change something follow here.

JOURNAL_PAGE_SIZE = 25
ACCESS_PAGE_SIZE = 50

# Trajectories.


@dataclass(frozen=True)
class StepRow:
    step: TrajectoryStep
    overdue: bool


@dataclass(frozen=True)
class TimelineLine:
    """One line of a trajectory's timeline: an event, or a journal entry linked to it."""

    day: dt.date
    at: dt.datetime
    who: str
    text: str
    entry: JournalEntry | None = None


@dataclass
class TrajectoryCard:
    trajectory: Trajectory
    steps: list[StepRow]
    timeline: list[TimelineLine]
    totals: DebtTotals | None
    forms: dict[str, BaseForm] = field(default_factory=dict)


def _timeline(trajectory: Trajectory) -> list[TimelineLine]:
    events, journal = selectors.prefetched_timeline(trajectory)
    lines = [
        TimelineLine(
            day=timezone.localdate(event.at),
            at=event.at,
            who=event.actor.get_full_name() or event.actor.username,
            text=event.description,
        )
        for event in events
    ]
    lines += [
        TimelineLine(
            day=entry.occurred_on,
            at=entry.created_at,
            who=entry.author.get_full_name() or entry.author.username,
            text=entry.text,
            entry=entry,
        )
        for entry in journal
    ]
    lines.sort(key=lambda line: (line.day, line.at), reverse=True)
    return lines[:TIMELINE_LENGTH]


def _trajectory_forms(trajectory: Trajectory, bound: dict[str, BaseForm]) -> dict[str, BaseForm]:
    """The forms of an open or active trajectory, by name; a refused one comes back bound."""
    if trajectory.status == Trajectory.Status.CLOSED:
        return {}
    prefix = f"t{trajectory.pk}"
    forms: dict[str, BaseForm] = {
        "step": StepForm(prefix=f"{prefix}-step"),
        "close": TrajectoryCloseForm(prefix=f"{prefix}-close"),
    }
    if trajectory.kind == Trajectory.Kind.DEBT_HELP:
        forms["debt"] = DebtForm(prefix=f"{prefix}-debt")
    return {name: bound.get(form.prefix or "", form) for name, form in forms.items()}


def _trajectories_page(
    request: HtmxHttpRequest,
    file: ClientFile,
    *,
    bound: dict[str, BaseForm] | None = None,
    partial: str | None = None,
    trajectory_pk: int | None = None,
) -> HttpResponse:
    bound = bound or {}
    today = timezone.localdate()
    totals = selectors.debt_totals_by_trajectory(client=file.client)
    zero = Decimal("0.00")
    no_debts = DebtTotals(original=zero, outstanding=zero, monthly_repayment=zero, count=0)
    cards = [
        TrajectoryCard(
            trajectory=t,
            steps=[
                StepRow(s, s.done_on is None and s.due_on is not None and s.due_on < today)
                for s in t.steps.all()
            ],
            timeline=_timeline(t),
            totals=totals.get(t.pk, no_debts) if t.kind == Trajectory.Kind.DEBT_HELP else None,
            forms=_trajectory_forms(t, bound) if file.can_edit else {},
        )
        for t in selectors.trajectories_for(
            user=acting_user(request), client=file.client, roles=get_roles(request)
        )
    ]
    context: dict[str, Any] = {"cards": cards, "timeline_length": TIMELINE_LENGTH}
    # The partial of one trajectory (htmx) reads it as `card`.
    context["card"] = next((c for c in cards if c.trajectory.pk == trajectory_pk), None)
    if file.can_edit:
        context["debt_help_form"] = bound.get("debt-help") or DebtHelpForm(prefix="debt-help")
        context["activation_form"] = bound.get("activation") or ActivationForm(prefix="activation")
    return render_file_page(
        request,
        file,
        "clients/file/trajectories.html",
        what=SEEN_TRAJECTORIES,
        partial=partial,
        **context,
    )


def _trajectories_url(client: Client, trajectory: Trajectory | None = None) -> str:
    url = reverse("clients:file_trajectories", args=[client.pk])
    return f"{url}#traject-{trajectory.pk}" if trajectory else url


def _trajectory_of(file: ClientFile, trajectory_pk: int) -> Trajectory:
    trajectory = get_object_or_404(Trajectory.objects.filter(client=file.client), pk=trajectory_pk)
    trajectory.client = file.client  # the services read it; spare them a query
    return trajectory


@role_required(social_worker=True, team_lead=True)
@require_POST
def trajectory_open(request: HtmxHttpRequest, pk: int, kind: str) -> HttpResponse:
    """Open a debt-help or an activation trajectory (the intake opens with the file)."""
    file = open_for_change(request, pk, what=SEEN_TRAJECTORIES)
    form: DebtHelpForm | ActivationForm
    if kind == Trajectory.Kind.DEBT_HELP:
        form = DebtHelpForm(request.POST, prefix="debt-help")
    elif kind == Trajectory.Kind.ACTIVATION:
        form = ActivationForm(request.POST, prefix="activation")
    else:
        raise Http404
    if form.is_valid():
        trajectory = form.save(commit=False)
        trajectory.kind = kind
        try:
            services.trajectory_open(
                actor=acting_user(request), client=file.client, trajectory=trajectory
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return done_redirect(
                request,
                _trajectories_url(file.client, trajectory),
                _("Trajectory %(kind)s opened.") % {"kind": trajectory.get_kind_display()},
            )
    return _trajectories_page(
        request, file, bound={form.prefix or "": form}, partial="open-trajectory"
    )


@role_required(social_worker=True, team_lead=True)
@require_http_methods(["GET", "POST"])
def trajectory_edit(request: HtmxHttpRequest, pk: int, trajectory_pk: int) -> HttpResponse:
    """Change the details of a debt-help or activation trajectory."""
    file = open_for_change(request, pk, what=SEEN_TRAJECTORIES)
    trajectory = _trajectory_of(file, trajectory_pk)
    form_class = trajectory_form_class(trajectory.kind)
    if form_class is None or trajectory.status == Trajectory.Status.CLOSED:
        raise Http404

    def save(row: Trajectory, version: int) -> None:
        row.client = file.client  # the service reads it; spare it a query
        services.trajectory_save(
            actor=acting_user(request), trajectory=row, expected_version=version
        )

    return row_edit(
        request,
        file,
        trajectory,
        make_form=lambda data, instance: form_class(data, instance=instance, prefix="details"),
        save=save,
        template="clients/file/trajectories_edit.html",
        what=SEEN_TRAJECTORIES,
        done_url=_trajectories_url(file.client, trajectory),
        saved=_("Trajectory saved."),
        trajectory=trajectory,
    )


@role_required(social_worker=True, team_lead=True)
@require_POST
def trajectory_activate(request: HtmxHttpRequest, pk: int, trajectory_pk: int) -> HttpResponse:
    file = open_for_change(request, pk, what=SEEN_TRAJECTORIES)
    trajectory = _trajectory_of(file, trajectory_pk)
    try:
        services.trajectory_activate(actor=acting_user(request), trajectory=trajectory)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_trajectories_url(file.client, trajectory))
    return done_redirect(
        request, _trajectories_url(file.client, trajectory), _("The trajectory is active.")
    )


@role_required(social_worker=True, team_lead=True)
@require_POST
def trajectory_close(request: HtmxHttpRequest, pk: int, trajectory_pk: int) -> HttpResponse:
    file = open_for_change(request, pk, what=SEEN_TRAJECTORIES)
    trajectory = _trajectory_of(file, trajectory_pk)
    form = TrajectoryCloseForm(request.POST, prefix=f"t{trajectory.pk}-close")
    if form.is_valid():
        try:
            services.trajectory_close(
                actor=acting_user(request),
                trajectory=trajectory,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                closed_on=form.cleaned_data["closed_on"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return done_redirect(
                request, _trajectories_url(file.client, trajectory), _("The trajectory is closed.")
            )
    return _trajectories_page(
        request,
        file,
        bound={form.prefix or "": form},
        partial="trajectory",
        trajectory_pk=trajectory.pk,
    )


@role_required(social_worker=True, team_lead=True)
@require_POST
def step_add(request: HtmxHttpRequest, pk: int, trajectory_pk: int) -> HttpResponse:
    file = open_for_change(request, pk, what=SEEN_TRAJECTORIES)
    trajectory = _trajectory_of(file, trajectory_pk)
    form = StepForm(request.POST, prefix=f"t{trajectory.pk}-step")
    if form.is_valid():
        try:
            services.step_save(
                actor=acting_user(request), trajectory=trajectory, step=form.save(commit=False)
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return done_redirect(
                request, _trajectories_url(file.client, trajectory), _("Step added.")
            )
    return _trajectories_page(
        request,
        file,
        bound={form.prefix or "": form},
        partial="trajectory",
        trajectory_pk=trajectory.pk,
    )


@role_required(social_worker=True, team_lead=True)
@require_POST
def step_done(request: HtmxHttpRequest, pk: int, trajectory_pk: int, step_pk: int) -> HttpResponse:
    file = open_for_change(request, pk, what=SEEN_TRAJECTORIES)
    trajectory = _trajectory_of(file, trajectory_pk)
    step = get_object_or_404(trajectory.steps.filter(done_on__isnull=True), pk=step_pk)
    step.trajectory = trajectory
    services.step_done(actor=acting_user(request), step=step)
    return done_redirect(
        request,
        _trajectories_url(file.client, trajectory),
        _("Step done: %(step)s") % {"step": step.description},
    )


@role_required(social_worker=True, team_lead=True)
@require_POST
def debt_add(request: HtmxHttpRequest, pk: int, trajectory_pk: int) -> HttpResponse:
    file = open_for_change(request, pk, what=SEEN_TRAJECTORIES)
    trajectory = _trajectory_of(file, trajectory_pk)
    form = DebtForm(request.POST, prefix=f"t{trajectory.pk}-debt")
    if form.is_valid():
        try:
            debt = services.debt_save(
                actor=acting_user(request), trajectory=trajectory, debt=form.save(commit=False)
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return done_redirect(
                request,
                _trajectories_url(file.client, trajectory),
                _("Debt to %(creditor)s added.") % {"creditor": debt.creditor},
            )
    return _trajectories_page(
        request,
        file,
        bound={form.prefix or "": form},
        partial="trajectory",
        trajectory_pk=trajectory.pk,
    )


@role_required(social_worker=True, team_lead=True)
@require_http_methods(["GET", "POST"])
def debt_edit(request: HtmxHttpRequest, pk: int, trajectory_pk: int, debt_pk: int) -> HttpResponse:
    file = open_for_change(request, pk, what=SEEN_TRAJECTORIES)
    trajectory = _trajectory_of(file, trajectory_pk)
    debt = get_object_or_404(trajectory.debts.all(), pk=debt_pk)
    return row_edit(
        request,
        file,
        debt,
        make_form=lambda data, instance: DebtForm(data, instance=instance, prefix="debt"),
        save=lambda row, version: services.debt_save(
            actor=acting_user(request), trajectory=trajectory, debt=row, expected_version=version
        ),
        template="clients/file/trajectories_debt.html",
        what=SEEN_TRAJECTORIES,
        done_url=_trajectories_url(file.client, trajectory),
        saved=_("Debt saved."),
        trajectory=trajectory,
        debt=debt,
    )


# Journal.


def _journal_page(
    request: HtmxHttpRequest,
    file: ClientFile,
    *,
    form: JournalEntryForm | None = None,
    partial: str | None = None,
) -> HttpResponse:
    entries = selectors.journal_for(
        user=acting_user(request), client=file.client, roles=get_roles(request)
    ).order_by("-occurred_on", "-pk")
    page = Paginator(entries, JOURNAL_PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {"page": page, "today": timezone.localdate()}
    if file.can_edit:
        context["form"] = form or JournalEntryForm(
            prefix="entry", trajectories=_open_trajectories(file.client)
        )
    return render_file_page(
        request, file, "clients/file/journal.html", what=SEEN_JOURNAL, partial=partial, **context
    )


def _open_trajectories(client: Client) -> QuerySet[Trajectory]:
    return Trajectory.objects.filter(client=client).exclude(status=Trajectory.Status.CLOSED)


@role_required(social_worker=True, team_lead=True)
@require_POST
def journal_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    file = open_for_change(request, pk, what=SEEN_JOURNAL)
    form = JournalEntryForm(
        request.POST, prefix="entry", trajectories=_open_trajectories(file.client)
    )
    if form.is_valid():
        try:
            services.journal_add(
                actor=acting_user(request), client=file.client, entry=form.save(commit=False)
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return done_redirect(
                request,
                reverse("clients:file_journal", args=[file.client.pk]),
                _("Journal entry added."),
            )
    return _journal_page(request, file, form=form, partial="entry-form")


@role_required(social_worker=True, team_lead=True)
@require_POST
def journal_follow_up_done(request: HtmxHttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    file = open_for_change(request, pk, what=SEEN_JOURNAL)
    entries = selectors.journal_for(
        user=acting_user(request), client=file.client, roles=get_roles(request)
    )
    entry = get_object_or_404(
        entries.filter(follow_up_on__isnull=False, follow_up_done_at__isnull=True), pk=entry_pk
    )
    url = reverse("clients:file_journal", args=[file.client.pk])
    page = request.POST.get("page", "")
    back = f"{url}?page={page}" if page.isdigit() else url
    try:
        services.journal_follow_up_done(actor=acting_user(request), entry=entry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    return done_redirect(request, back, _("Follow-up done."))


# Transfer to another social worker.


@dataclass(frozen=True)
class TransferLine:
    """One line of the assignment history: who handed the client from whom to whom, and why."""

    at: dt.datetime
    by: User
    from_worker: User | None
    to_worker: User
    reason: str


def _transfer_lines(client: Client) -> list[TransferLine]:
    lines: list[TransferLine] = []
    previous: Assignment | None = None
    for assignment in selectors.assignment_history(client=client):
        lines.append(
            TransferLine(
                at=assignment.started_at,
                by=assignment.assigned_by,
                from_worker=previous.worker if previous else None,
                to_worker=assignment.worker,
                reason=previous.end_reason if previous else "",
            )
        )
        previous = assignment
    lines.reverse()
    return lines


@role_required(social_worker=True, team_lead=True)
@require_http_methods(["GET", "POST"])
def transfer(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Hand the client to another social worker of the team; the history of who had them."""
    file = open_client_file(request, pk, what=SEEN_TRANSFER)
    current_id = file.assignment.worker_id if file.assignment else None
    candidates = selectors.transfer_candidates(client=file.client, exclude_worker_id=current_id)
    form = None
    if request.method == "POST":
        if not file.can_edit:
            raise PermissionDenied
        form = TransferForm(request.POST, candidates=candidates)
        if form.is_valid():
            to_worker = form.cleaned_data["to_worker"]
            try:
                services.assignment_transfer(
                    actor=acting_user(request),
                    client=file.client,
                    to_worker=to_worker,
                    reason=form.cleaned_data["reason"],
                    expected_worker_id=form.cleaned_data["expected_worker"],
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                return done_redirect(
                    request,
                    reverse("clients:file_transfer", args=[file.client.pk]),
                    _("%(client)s now has %(worker)s as social worker.")
                    % {"client": file.client.full_name, "worker": to_worker.get_full_name()},
                )
    elif file.can_edit and file.assignment:
        form = TransferForm(candidates=candidates)
    return render_file_page(
        request,
        file,
        "clients/file/transfer.html",
        what=SEEN_TRANSFER,
        form=form,
        lines=_transfer_lines(file.client),
    )
