"""The administrator's side: the rights catalogue, the texts of a right, and its parameter
versions, with a preview of how many flags a new version would open and close before it is
saved. Administrators see numbers only, never a client."""

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rights import selectors, services
from rights.forms import ParametersForm, RightTextsForm
from rights.models import Right, RightParameters
from rights.scan import preview_parameters
from wijkteams.permissions import acting_user, role_required


def _show_errors(form: BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            field = name if name in form.fields else f"value_{name}"
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@role_required(administrator=True)
@require_http_methods(["GET"])
def catalogue(request: HttpRequest) -> HttpResponse:
    """Every right, with the version of its thresholds in force and the next one planned, and
    those whose thresholds are due for a check (in force for more than a year)."""
    rights = list(selectors.rights_catalogue())
    return render(
        request,
        "rights/admin/catalogue.html",
        {"rights": rights, "check_due": sum(right.check_due for right in rights)},
    )


@role_required(administrator=True)
@require_http_methods(["GET", "POST"])
def right_edit(request: HttpRequest, right_pk: int) -> HttpResponse:
    """The texts of a right in Dutch and English: name, what it gives, how to apply, documents."""
    right = get_object_or_404(Right, pk=right_pk)
    form = RightTextsForm(request.POST or None, instance=right)
    if request.method == "POST" and form.is_valid():
        texts = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.right_update(actor=acting_user(request), right=right, texts=texts)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The texts of %(right)s are saved.") % {"right": right})
            return redirect("rights:catalogue")
    return render(request, "rights/admin/right_edit.html", {"right": right, "form": form})


# --- parameter versions -----------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    """What a version would do on the day it starts, had it been in force (numbers only)."""

    valid_from: dt.date
    would_open: int
    would_close: int


def _preview(right: Right, values: dict[str, str], on: dt.date) -> Preview:
    would_open, would_close = preview_parameters(right=right, values=values, on=on)
    return Preview(valid_from=on, would_open=would_open, would_close=would_close)


@dataclass(frozen=True)
class VersionRow:
    version: RightParameters
    state: str  # "past", "current" or "future"
    values: list[tuple[str, str]]


def _version_rows(right: Right) -> list[VersionRow]:
    today = timezone.localdate()
    rows, current_seen = [], False
    for version in selectors.parameter_versions(right=right):  # newest first
        if version.valid_from > today:
            state = "future"
        elif not current_seen:
            state, current_seen = "current", True
        else:
            state = "past"
        rows.append(VersionRow(version, state, sorted(version.values.items())))
    return rows


def _parameters_page(
    request: HttpRequest,
    right: Right,
    form: ParametersForm | None,
    *,
    editing: RightParameters | None = None,
    preview: Preview | None = None,
) -> HttpResponse:
    return render(
        request,
        "rights/admin/parameters.html",
        {
            "right": right,
            "versions": _version_rows(right),
            "form": form,
            "editing": editing,
            "preview": preview,
        },
    )


def _submit(
    request: HttpRequest,
    right: Right,
    template: dict[str, str],
    *,
    editing: RightParameters | None = None,
) -> HttpResponse:
    """A POSTed version: preview it, or save it when exactly these values were previewed."""
    form = ParametersForm(request.POST, template=template)
    if not form.is_valid():
        return _parameters_page(request, right, form, editing=editing)
    data = form.cleaned_data
    values = form.values()
    if request.POST.get("action") == "save" and form.was_previewed():
        actor = acting_user(request)
        try:
            if editing is None:
                services.right_parameters_create(
                    actor=actor,
                    right=right,
                    valid_from=data["valid_from"],
                    values=values,
                    source=data["source"],
                )
            else:
                services.right_parameters_update(
                    actor=actor,
                    parameters=editing,
                    valid_from=data["valid_from"],
                    values=values,
                    source=data["source"],
                )
        except ValidationError as error:
            _show_errors(form, error)
            return _parameters_page(request, right, form, editing=editing)
        messages.success(
            request,
            _("The thresholds of %(right)s from %(day)s are saved.")
            % {"right": right, "day": data["valid_from"].strftime("%d/%m/%Y")},
        )
        return redirect("rights:parameters", right_pk=right.pk)
    try:
        cleaned = services.right_parameters_check(
            right=right, valid_from=data["valid_from"], values=values, editing=editing
        )
    except ValidationError as error:
        _show_errors(form, error)
        return _parameters_page(request, right, form, editing=editing)
    preview = _preview(right, cleaned, data["valid_from"])
    # The same form again, now marked as previewed: saving is offered for these values only.
    posted = request.POST.copy()
    posted["previewed"] = form.fingerprint()
    previewed = ParametersForm(posted, template=template)
    previewed.is_valid()
    return _parameters_page(request, right, previewed, editing=editing, preview=preview)


@role_required(administrator=True)
@require_http_methods(["GET", "POST"])
def parameters(request: HttpRequest, right_pk: int) -> HttpResponse:
    """The versions of a right's thresholds, and the form for a new one: prefilled from the
    current version, previewed, then saved."""
    right = get_object_or_404(Right, pk=right_pk)
    current = selectors.right_parameters_current(right=right)
    if current is None:
        # The catalogue seeds a first version of every right; without it there is no shape.
        return _parameters_page(request, right, None)
    template = dict(current.values)
    if request.method == "POST":
        return _submit(request, right, template)
    initial = ParametersForm.initial_for(template)
    return _parameters_page(request, right, ParametersForm(initial=initial, template=template))


def _future_version(
    request: HttpRequest, right: Right, parameters_pk: int
) -> RightParameters | None:
    version = get_object_or_404(RightParameters, pk=parameters_pk, right=right)
    if version.valid_from <= timezone.localdate():
        messages.error(
            request,
            _("This version is in force or has been: it never changes. Add a new version."),
        )
        return None
    return version


@role_required(administrator=True)
@require_http_methods(["GET", "POST"])
def parameters_edit(request: HttpRequest, right_pk: int, parameters_pk: int) -> HttpResponse:
    """Change a version that has not started yet, with the same preview."""
    right = get_object_or_404(Right, pk=right_pk)
    version = _future_version(request, right, parameters_pk)
    if version is None:
        return redirect("rights:parameters", right_pk=right.pk)
    template = dict(version.values)
    if request.method == "POST":
        return _submit(request, right, template, editing=version)
    initial = ParametersForm.initial_for(
        template, valid_from=version.valid_from, source=version.source
    )
    form = ParametersForm(initial=initial, template=template)
    return _parameters_page(request, right, form, editing=version)


@role_required(administrator=True)
@require_POST
def parameters_delete(request: HttpRequest, right_pk: int, parameters_pk: int) -> HttpResponse:
    """Delete a version that has not started yet."""
    right = get_object_or_404(Right, pk=right_pk)
    version = _future_version(request, right, parameters_pk)
    if version is not None:
        try:
            services.right_parameters_delete(actor=acting_user(request), parameters=version)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The planned version is deleted."))
    return redirect("rights:parameters", right_pk=right.pk)
