"""The client file's tab Trajectories: every trajectory with its steps, debts and timeline;
opening, editing, activating and closing them, adding steps and debts."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients import selectors, services
from clients.log_actions import SEEN_TRAJECTORIES
from clients.models import (
    Client,
    Debt,
    JournalEntry,
    Trajectory,
    TrajectoryStep,
)
from clients.registry import trajectory_sections
from clients.selectors import TIMELINE_LENGTH, DebtTotals
from clients.views.common import ClientFile, open_client_file, render_file_page
from clients.views.editing import done_redirect, open_for_change, row_edit
from clients.views.file_forms import (
    ActivationForm,
    DebtForm,
    DebtHelpForm,
    StepForm,
    TrajectoryCloseForm,
    trajectory_form_class,
)
from clients.views.paging import ids_url
from core.http import HtmxHttpRequest, form_errors_from
from wijkteams.permissions import acting_user, get_roles, role_required

# What the access log records for these pages (stored in English, translated when shown).


@role_required(social_worker=True, team_lead=True)
@require_GET
def trajectories(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Every trajectory with its steps, debts and timeline; forms to open and follow them up."""
    file = open_client_file(request, pk, what=SEEN_TRAJECTORIES)
    return _trajectories_page(request, file)


@dataclass(frozen=True)
class StepRow:
    step: TrajectoryStep
    overdue: bool
    done_url: str


@dataclass(frozen=True)
class DebtRow:
    debt: Debt
    edit_url: str


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
    debts: list[DebtRow]
    timeline: list[TimelineLine]
    totals: DebtTotals | None
    # The card's links by view name (CARD_LINKS), each view reversed once for the page.
    links: dict[str, str]
    forms: dict[str, BaseForm] = field(default_factory=dict)
    # What other apps add to the card (clients.registry.trajectory_sections): (template, section).
    sections: list[tuple[str, Any]] = field(default_factory=list)


# The links of a trajectory's card: views that take the client and the trajectory.
CARD_LINKS = (
    "trajectory_edit",
    "trajectory_activate",
    "step_add",
    "debt_add",
    "trajectory_close",
)


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
    # A card's links ({% url %} for each of them took a tenth of the page's CPU).
    client_pk = file.client.pk
    card_urls = {name: ids_url(f"clients:{name}", 2) for name in CARD_LINKS}
    step_done_url, debt_edit_url = ids_url("clients:step_done", 3), ids_url("clients:debt_edit", 3)
    cards = [
        TrajectoryCard(
            trajectory=t,
            steps=[
                StepRow(
                    s,
                    s.done_on is None and s.due_on is not None and s.due_on < today,
                    step_done_url(client_pk, t.pk, s.pk),
                )
                for s in t.steps.all()
            ],
            debts=[DebtRow(d, debt_edit_url(client_pk, t.pk, d.pk)) for d in t.debts.all()],
            links={name: url(client_pk, t.pk) for name, url in card_urls.items()},
            timeline=_timeline(t),
            # From the prefetched debts, as the debts' table on the card lists them.
            totals=selectors.debt_totals_of(t.debts.all())
            if t.kind == Trajectory.Kind.DEBT_HELP
            else None,
            forms=_trajectory_forms(t, bound) if file.can_edit else {},
        )
        for t in selectors.trajectories_for(
            user=acting_user(request),
            client=file.client,
            roles=get_roles(request),
            confidential_readable=file.can_edit,
        )
    ]
    _add_sections(file, cards)
    context: dict[str, Any] = {"cards": cards, "timeline_length": TIMELINE_LENGTH}
    # The partial of one trajectory (htmx) reads it as `card`.
    context["card"] = next((c for c in cards if c.trajectory.pk == trajectory_pk), None)
    if file.can_edit:
        context["debt_help_form"] = bound.get("debt-help") or DebtHelpForm(prefix="debt-help")
        context["activation_form"] = bound.get("activation") or ActivationForm(prefix="activation")
        context["open_urls"] = {
            kind: reverse("clients:trajectory_open", args=[client_pk, kind])
            for kind in (Trajectory.Kind.DEBT_HELP, Trajectory.Kind.ACTIVATION)
        }
    return render_file_page(
        request,
        file,
        "clients/file/trajectories.html",
        what=SEEN_TRAJECTORIES,
        partial=partial,
        **context,
    )


def _add_sections(file: ClientFile, cards: list[TrajectoryCard]) -> None:
    """The sections the apps above add to each trajectory, each asked once for all of them."""
    trajectories = [card.trajectory for card in cards]
    for section in trajectory_sections():
        by_pk = section.context(file, trajectories) if trajectories else {}
        for card in cards:
            if card.trajectory.pk in by_pk:
                card.sections.append((section.template, by_pk[card.trajectory.pk]))


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
