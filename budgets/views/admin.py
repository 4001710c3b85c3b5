"""Administrators' screens: reference budget versions (matrix, edit, index, publish with an impact
preview, CSV export and import, comparison) and aid policies. Nobody else may open them.

Every write goes through budgets/services/versions.py (or budgets/csv_io.py, which calls it);
a published version or policy never changes, so their edit, publish and delete pages send the
administrator back with the reason.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from budgets.csv_io import (
    CsvImportError,
    budget_version_import,
    budget_version_rows,
    export_filename,
)
from budgets.forms.admin import (
    AmountsForm,
    CompareForm,
    ImportForm,
    IndexForm,
    PolicyForm,
    VersionCreateForm,
    VersionForm,
)
from budgets.impact import impact_preview
from budgets.models import AidPolicy, BudgetVersion
from budgets.selectors.versions import (
    aid_policies_for,
    aid_policy_get,
    budget_version_get,
    budget_versions_for,
    published_closed_by,
    version_diff,
    version_matrix,
)
from budgets.services import versions as services
from clients.models import Income
from core.csv_writing import csv_download
from core.http import form_errors_from
from wijkteams.permissions import acting_user, role_required

PER_PAGE = 25
administrator_only = role_required(administrator=True)


def _published_refusal(request: HttpRequest, what: BudgetVersion | AidPolicy) -> HttpResponse:
    if isinstance(what, BudgetVersion):
        messages.error(
            request,
            _("%(name)s is published: a published version never changes. Index or copy it.")
            % {"name": what.name},
        )
        return redirect("budgets:version_detail", version_pk=what.pk)
    messages.error(
        request,
        _("%(name)s is published: a published policy never changes. Make a new draft.")
        % {"name": what.name},
    )
    return redirect("budgets:policy_detail", policy_pk=what.pk)


# --- budget versions ------------------------------------------------------------------------


@administrator_only
@require_GET
def version_list(request: HttpRequest) -> HttpResponse:
    """Every version, newest first, with status, period and who made and published it."""
    page = Paginator(budget_versions_for(acting_user(request)), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "budgets/admin/version_list.html", {"page": page})


@administrator_only
@require_GET
def version_detail(request: HttpRequest, version_pk: int) -> HttpResponse:
    """One version as two matrices (per person, per household) with its audit trail."""
    version = budget_version_get(user=acting_user(request), pk=version_pk)
    return render(
        request,
        "budgets/admin/version_detail.html",
        {"version": version, "matrix": version_matrix(services.version_amounts(version))},
    )


@administrator_only
@require_http_methods(["GET", "POST"])
def version_create(request: HttpRequest) -> HttpResponse:
    """A new draft, empty or copied from an existing version."""
    actor = acting_user(request)
    versions = budget_versions_for(actor)
    if request.method == "GET":
        form = VersionCreateForm(versions=versions, initial={"copy_from": request.GET.get("van")})
        return render(request, "budgets/admin/version_create.html", {"form": form})
    form = VersionCreateForm(request.POST, versions=versions)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["copy_from"] is not None:
                version = services.budget_version_copy(
                    actor=actor,
                    source=data["copy_from"],
                    name=data["name"],
                    valid_from=data["valid_from"],
                    valid_to=data["valid_to"],
                    notes=data["notes"],
                )
                if data["is_demo"] != version.is_demo:
                    services.budget_version_update(
                        actor=actor, version=version, fields={"is_demo": data["is_demo"]}
                    )
            else:
                version = services.budget_version_create(
                    actor=actor,
                    name=data["name"],
                    valid_from=data["valid_from"],
                    valid_to=data["valid_to"],
                    notes=data["notes"],
                    is_demo=data["is_demo"],
                )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The draft %(name)s is made.") % {"name": version.name})
            return redirect("budgets:version_edit", draft_pk=version.pk)
    return render(request, "budgets/admin/version_create.html", {"form": form})


@administrator_only
@require_http_methods(["GET", "POST"])
def version_edit(request: HttpRequest, draft_pk: int) -> HttpResponse:
    """The draft's name, period and notes, and every amount as a matrix of inputs. Nothing is
    saved while one cell is wrong; everything typed is shown again."""
    actor = acting_user(request)
    version = budget_version_get(user=actor, pk=draft_pk)
    if version.is_published:
        return _published_refusal(request, version)
    amounts = services.version_amounts(version)
    if request.method == "GET":
        form, amounts_form = VersionForm.of(version), AmountsForm(amounts=amounts)
    else:
        form = VersionForm(request.POST)
        amounts_form = AmountsForm(request.POST, amounts=amounts)
        if form.is_valid() and amounts_form.is_valid():
            try:
                services.budget_version_update(
                    actor=actor,
                    version=version,
                    fields=form.cleaned_data,
                    amounts=amounts_form.amounts(),
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect("budgets:version_detail", version_pk=version.pk)
    return render(
        request,
        "budgets/admin/version_edit.html",
        {"version": version, "form": form, "amounts_form": amounts_form},
    )


@administrator_only
@require_http_methods(["GET", "POST"])
def version_index(request: HttpRequest, version_pk: int) -> HttpResponse:
    """A new draft with every amount of a published version raised by a percentage."""
    actor = acting_user(request)
    version = budget_version_get(user=actor, pk=version_pk)
    if not version.is_published:
        messages.error(request, _("Only a published version can be indexed."))
        return redirect("budgets:version_detail", version_pk=version.pk)
    if request.method == "GET":
        form = IndexForm()
    else:
        form = IndexForm(request.POST)
        if form.is_valid():
            try:
                draft = services.budget_version_index(
                    actor=actor,
                    source=version,
                    percent=form.cleaned_data["percent"],
                    valid_from=form.cleaned_data["valid_from"],
                    name=form.cleaned_data["name"],
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(
                    request,
                    _("The draft %(name)s is made. Check it, then publish it.")
                    % {"name": draft.name},
                )
                return redirect("budgets:version_detail", version_pk=draft.pk)
    return render(request, "budgets/admin/version_index.html", {"version": version, "form": form})


@administrator_only
@require_http_methods(["GET", "POST"])
def version_publish(request: HttpRequest, draft_pk: int) -> HttpResponse:
    """GET: what publishing would change (the impact preview); POST: publish."""
    actor = acting_user(request)
    version = budget_version_get(user=actor, pk=draft_pk)
    if version.is_published:
        return _published_refusal(request, version)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.budget_version_publish(actor=actor, version=version)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("%(name)s is published.") % {"name": version.name})
            return redirect("budgets:version_detail", version_pk=version.pk)
    return render(
        request,
        "budgets/admin/version_publish.html",
        {
            "version": version,
            "impact": impact_preview(version=version),
            "closes": published_closed_by(version),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@administrator_only
@require_http_methods(["GET", "POST"])
def version_delete(request: HttpRequest, draft_pk: int) -> HttpResponse:
    actor = acting_user(request)
    version = budget_version_get(user=actor, pk=draft_pk)
    if version.is_published:
        return _published_refusal(request, version)
    if request.method == "POST":
        services.budget_version_delete(actor=actor, version=version)
        messages.success(request, _("The draft %(name)s is deleted.") % {"name": version.name})
        return redirect("budgets:version_list")
    return render(request, "budgets/admin/version_delete.html", {"version": version})


@administrator_only
@require_GET
def version_export(request: HttpRequest, version_pk: int) -> HttpResponse:
    version = budget_version_get(user=acting_user(request), pk=version_pk)
    return csv_download(budget_version_rows(version), filename=export_filename(version))


@administrator_only
@require_http_methods(["GET", "POST"])
def version_import(request: HttpRequest) -> HttpResponse:
    """A new draft from a CSV file: all rows are right, or nothing is saved."""
    if request.method == "GET":
        form = ImportForm()
        return render(request, "budgets/admin/version_import.html", {"form": form})
    form = ImportForm(request.POST, request.FILES)
    rejected: list[str] = []
    if form.is_valid():
        data = form.cleaned_data
        try:
            version = budget_version_import(
                actor=acting_user(request),
                data=data["file"].read(),
                name=data["name"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                notes=data["notes"],
            )
        except CsvImportError as error:
            rejected = error.messages
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The draft %(name)s is imported.") % {"name": version.name})
            return redirect("budgets:version_detail", version_pk=version.pk)
    return render(
        request,
        "budgets/admin/version_import.html",
        {"form": form, "rejected": rejected},
        status=400 if rejected else 200,
    )


@administrator_only
@require_GET
def version_compare(request: HttpRequest) -> HttpResponse:
    """Two versions side by side, cell by cell: old, new, difference and percentage."""
    versions = budget_versions_for(acting_user(request))
    if request.GET:
        form = CompareForm(request.GET, versions=versions)
    else:  # the newest version beside the one before it
        newest = list(versions.values_list("pk", flat=True)[:2])
        initial = dict(zip(["b", "a"], newest, strict=False))
        form = CompareForm(versions=versions, initial=initial)
    diff = None
    if form.is_valid():
        diff = version_diff(
            services.version_amounts(form.cleaned_data["a"]),
            services.version_amounts(form.cleaned_data["b"]),
        )
    return render(request, "budgets/admin/version_compare.html", {"form": form, "diff": diff})


# --- aid policies ---------------------------------------------------------------------------


@administrator_only
@require_GET
def policy_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(aid_policies_for(acting_user(request)), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "budgets/admin/policy_list.html", {"page": page})


@administrator_only
@require_GET
def policy_detail(request: HttpRequest, policy_pk: int) -> HttpResponse:
    policy = aid_policy_get(user=acting_user(request), pk=policy_pk)
    excluded = [
        Income.Kind(kind).label
        for kind in policy.excluded_income_kinds
        if kind in Income.Kind.values
    ]
    return render(
        request, "budgets/admin/policy_detail.html", {"policy": policy, "excluded": excluded}
    )


def _policy_form_page(
    request: HttpRequest, form: PolicyForm, policy: AidPolicy | None = None
) -> HttpResponse:
    return render(request, "budgets/admin/policy_form.html", {"form": form, "policy": policy})


@administrator_only
@require_http_methods(["GET", "POST"])
def policy_create(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _policy_form_page(request, PolicyForm.blank())
    form = PolicyForm(request.POST)
    if form.is_valid():
        try:
            policy = services.aid_policy_create(
                actor=acting_user(request), fields=form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request, _("The draft policy %(name)s is made.") % {"name": policy.name}
            )
            return redirect("budgets:policy_detail", policy_pk=policy.pk)
    return _policy_form_page(request, form)


@administrator_only
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, policy_draft_pk: int) -> HttpResponse:
    actor = acting_user(request)
    policy = aid_policy_get(user=actor, pk=policy_draft_pk)
    if policy.is_published:
        return _published_refusal(request, policy)
    if request.method == "GET":
        return _policy_form_page(request, PolicyForm.of(policy), policy)
    form = PolicyForm(request.POST)
    if form.is_valid():
        try:
            services.aid_policy_update(actor=actor, policy=policy, fields=form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The draft policy is saved."))
            return redirect("budgets:policy_detail", policy_pk=policy.pk)
    return _policy_form_page(request, form, policy)


@administrator_only
@require_http_methods(["GET", "POST"])
def policy_publish(request: HttpRequest, policy_draft_pk: int) -> HttpResponse:
    actor = acting_user(request)
    policy = aid_policy_get(user=actor, pk=policy_draft_pk)
    if policy.is_published:
        return _published_refusal(request, policy)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.aid_policy_publish(actor=actor, policy=policy)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("%(name)s is published.") % {"name": policy.name})
            return redirect("budgets:policy_detail", policy_pk=policy.pk)
    return render(
        request,
        "budgets/admin/policy_publish.html",
        {"policy": policy, "errors": errors, "closes": published_closed_by(policy)},
        status=400 if errors else 200,
    )


@administrator_only
@require_http_methods(["GET", "POST"])
def policy_delete(request: HttpRequest, policy_draft_pk: int) -> HttpResponse:
    actor = acting_user(request)
    policy = aid_policy_get(user=actor, pk=policy_draft_pk)
    if policy.is_published:
        return _published_refusal(request, policy)
    if request.method == "POST":
        services.aid_policy_delete(actor=actor, policy=policy)
        messages.success(
            request, _("The draft policy %(name)s is deleted.") % {"name": policy.name}
        )
        return redirect("budgets:policy_list")
    return render(request, "budgets/admin/policy_delete.html", {"policy": policy})


urlpatterns: list[URLPattern] = [
    path("referentiebudgetten/", version_list, name="version_list"),
    path("referentiebudgetten/nieuw/", version_create, name="version_create"),
    path("referentiebudgetten/import/", version_import, name="version_import"),
    path("referentiebudgetten/vergelijken/", version_compare, name="version_compare"),
    path("referentiebudgetten/<int:version_pk>/", version_detail, name="version_detail"),
    path("referentiebudgetten/<int:draft_pk>/bewerken/", version_edit, name="version_edit"),
    path("referentiebudgetten/<int:version_pk>/indexeren/", version_index, name="version_index"),
    path("referentiebudgetten/<int:draft_pk>/publiceren/", version_publish, name="version_publish"),
    path("referentiebudgetten/<int:draft_pk>/verwijderen/", version_delete, name="version_delete"),
    path("referentiebudgetten/<int:version_pk>/export.csv", version_export, name="version_export"),
    path("steunbeleid/", policy_list, name="policy_list"),
    path("steunbeleid/nieuw/", policy_create, name="policy_create"),
    path("steunbeleid/<int:policy_pk>/", policy_detail, name="policy_detail"),
    path("steunbeleid/<int:policy_draft_pk>/bewerken/", policy_edit, name="policy_edit"),
    path("steunbeleid/<int:policy_draft_pk>/publiceren/", policy_publish, name="policy_publish"),
    path("steunbeleid/<int:policy_draft_pk>/verwijderen/", policy_delete, name="policy_delete"),
]
