"""Administrators' pages of the leefloon amounts (/leefloonbedragen/): every version, a draft
typed or indexed by a percentage, its changes, and publishing it after the preview of what it
does to the running leefloons (as for reference budgets). Every write goes through
integration/services/scales.py; a published version never changes. Numbers only: no client is
named on these pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from clients.services import EditConflictError
from core.http import form_errors_from
from integration.calculation import cents
from integration.forms_grants import SCALE_FIELDS, IndexationForm, ScaleForm
from integration.models import LeefloonScale
from integration.models.scales import Category
from integration.selectors_scales import indexation_preview, latest_published, leefloon_scales
from integration.services import scales as services
from wijkteams.permissions import acting_user, role_required

administrator_only = role_required(administrator=True)
CONFLICT = gettext_lazy(
    "Someone else changed these amounts since you opened them. Check them again: your changes "
    "are not saved."
)


def _published_refusal(request: HttpRequest, scale: LeefloonScale) -> HttpResponse:
    messages.error(
        request, _("Published amounts never change. Make a new draft for the next indexation.")
    )
    return redirect("integration:scale_detail", scale_pk=scale.pk)


@administrator_only
@require_GET
def scale_list(request: HttpRequest) -> HttpResponse:
    return render(request, "integration/scale_list.html", {"scales": leefloon_scales()})


@administrator_only
@require_GET
def scale_detail(request: HttpRequest, scale_pk: int) -> HttpResponse:
    scale = get_object_or_404(leefloon_scales(), pk=scale_pk)
    rows = [
        {
            "label": category.label,
            "yearly": scale.yearly(category),
            "monthly": cents(scale.yearly(category) / 12),
            "exemption": scale.general_exemption(category),
        }
        for category in Category
    ]
    return render(request, "integration/scale_detail.html", {"scale": scale, "rows": rows})


@administrator_only
@require_http_methods(["GET", "POST"])
def scale_create(request: HttpRequest) -> HttpResponse:
    """A draft typed by hand, its fields filled with the latest published amounts."""
    if request.method == "GET":
        latest = latest_published()
        initial = {name: getattr(latest, name) for name in SCALE_FIELDS} if latest else {}
        initial.pop("valid_from", None)
        initial.pop("source", None)
        form = ScaleForm(initial=initial)
    else:
        form = ScaleForm(request.POST)
        if form.is_valid():
            try:
                scale = services.scale_draft_create(
                    actor=acting_user(request), fields=form.cleaned_data
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("The draft is saved. Check it, then publish it."))
                return redirect("integration:scale_detail", scale_pk=scale.pk)
    return render(request, "integration/scale_form.html", {"form": form, "scale": None})


@administrator_only
@require_http_methods(["GET", "POST"])
def scale_edit(request: HttpRequest, scale_pk: int) -> HttpResponse:
    scale = get_object_or_404(leefloon_scales(), pk=scale_pk)
    if scale.is_published:
        return _published_refusal(request, scale)
    if request.method == "GET":
        form = ScaleForm(instance=scale, initial={"version": scale.version})
    else:
        form = ScaleForm(request.POST, instance=scale)
        if form.is_valid():
            try:
                services.scale_draft_update(
                    actor=acting_user(request),
                    scale=scale,
                    expected_version=form.cleaned_data["version"] or 0,
                    fields={name: form.cleaned_data[name] for name in SCALE_FIELDS},
                )
            except EditConflictError:
                form.add_error(None, str(CONFLICT))
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect("integration:scale_detail", scale_pk=scale.pk)
    return render(request, "integration/scale_form.html", {"form": form, "scale": scale})


@administrator_only
@require_http_methods(["GET", "POST"])
def scale_index(request: HttpRequest) -> HttpResponse:
    """A draft: the latest published amounts raised by a percentage from a day."""
    latest = latest_published()
    form = IndexationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scale = services.scale_index(actor=acting_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The draft is made. Check it, then publish it."))
            return redirect("integration:scale_detail", scale_pk=scale.pk)
    return render(request, "integration/scale_index.html", {"form": form, "latest": latest})


@administrator_only
@require_http_methods(["GET", "POST"])
def scale_publish(request: HttpRequest, scale_pk: int) -> HttpResponse:
    """GET: what publishing would do to the running leefloons; POST: publish and index them."""
    scale = get_object_or_404(leefloon_scales(), pk=scale_pk)
    if scale.is_published:
        return _published_refusal(request, scale)
    errors: list[str] = []
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", "0"))
        except ValueError:
            version = 0
        try:
            done = services.scale_publish(
                actor=acting_user(request), scale=scale, expected_version=version
            )
        except EditConflictError:
            errors = [str(CONFLICT)]
            scale.refresh_from_db()
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("The amounts are published: %(count)s running leefloons are indexed.")
                % {"count": done.total.grants},
            )
            return redirect("integration:scale_detail", scale_pk=scale.pk)
    return render(
        request,
        "integration/scale_publish.html",
        {"scale": scale, "preview": indexation_preview(scale=scale), "errors": errors},
        status=400 if errors else 200,
    )


@administrator_only
@require_http_methods(["GET", "POST"])
def scale_delete(request: HttpRequest, scale_pk: int) -> HttpResponse:
    scale = get_object_or_404(leefloon_scales(), pk=scale_pk)
    if scale.is_published:
        return _published_refusal(request, scale)
    if request.method == "POST":
        services.scale_draft_delete(actor=acting_user(request), scale=scale)
        messages.success(request, _("The draft is deleted."))
        return redirect("integration:scale_list")
    return render(request, "integration/scale_delete.html", {"scale": scale})


urlpatterns: list[URLPattern] = [
    path("leefloonbedragen/", scale_list, name="scale_list"),
    path("leefloonbedragen/nieuw/", scale_create, name="scale_create"),
    path("leefloonbedragen/indexeren/", scale_index, name="scale_index"),
    path("leefloonbedragen/<int:scale_pk>/", scale_detail, name="scale_detail"),
    path("leefloonbedragen/<int:scale_pk>/bewerken/", scale_edit, name="scale_edit"),
    path("leefloonbedragen/<int:scale_pk>/publiceren/", scale_publish, name="scale_publish"),
    path("leefloonbedragen/<int:scale_pk>/verwijderen/", scale_delete, name="scale_delete"),
]
