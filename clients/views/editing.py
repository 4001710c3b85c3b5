"""Changing a client file's rows: the file opened for a change, the redirect after a save, and
the edit of one row with optimistic locking (a household member, an income, a trajectory's
details, a debt). Shared by the file's views modules."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import BaseForm, ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from clients import selectors, services
from clients.forms import loaded_form_class, merge_conflict
from clients.views.common import ClientFile, open_client_file, render_file_page
from core.http import HtmxHttpRequest, form_errors_from


def open_for_change(request: HttpRequest, pk: int, *, what: str) -> ClientFile:
    """The file for a change: 404 if the user may not see it, 403 unless they may edit it."""
    return open_client_file(request, pk, what=what, for_change=True)


def done_redirect(
    request: HtmxHttpRequest, url: str, message: str, level: int = messages.SUCCESS
) -> HttpResponse:
    messages.add_message(request, level, message)
    if request.htmx:
        # Without the #fragment: from the same page, a fragment alone would not reload it.
        return HttpResponseClientRedirect(url.split("#", 1)[0])
    return redirect(url)


def row_edit(
    request: HtmxHttpRequest,
    file: ClientFile,
    row: Model,
    *,
    make_form: Callable[..., ModelForm[Any]],
    save: Callable[[Any, int], object],
    template: str,
    what: str,
    done_url: str,
    saved: str,
    removed: str | Promise | None = None,
    **context: Any,
) -> HttpResponse:
    """Edit one row of the file (a household member, an income, a trajectory's details, a debt)
    with optimistic locking, as overview_edit does for the record: the page carries the row's
    version and the values loaded (a LoadedValuesForm). If someone saved the row meanwhile, the
    page comes back with what they changed beside what this user typed, nothing typed lost, and
    the new version; nothing is saved. A row removed meanwhile sends the user back to the list
    with `removed` (404 without one).

    `make_form(data, instance=row)` builds the edit form; `save(row, expected_version)` saves
    the row the form changed.
    """

    def page(form: ModelForm[Any], loaded_form: BaseForm, **more: Any) -> HttpResponse:
        return render_file_page(
            request,
            file,
            template,
            what=what,
            form=form,
            loaded_form=loaded_form,
            **context,
            **more,
        )

    form = make_form(request.POST or None, instance=row)
    loaded_class = loaded_form_class(type(form))
    if request.method != "POST":
        return page(form, loaded_class.of(row))
    loaded_form = loaded_class(request.POST)
    if not loaded_form.is_valid():
        return HttpResponseBadRequest()
    if not form.is_valid():
        return page(form, loaded_form)
    if not form.has_changed():  # as the row is now: nothing to save, nothing to log
        return done_redirect(request, done_url, _("Nothing was changed."), messages.INFO)
    loaded = loaded_form.cleaned_data
    try:
        save(form.save(commit=False), loaded["version"])
    except services.EditConflictError as conflict:
        conflicts, data = merge_conflict(
            form, loaded_class.field_names, loaded=loaded, current=conflict.current
        )
        return page(
            make_form(data, instance=conflict.current),
            loaded_class.of(conflict.current),
            conflicts=conflicts,
            last_change=selectors.client_last_change(client=file.client),
        )
    except services.RecordRemovedError:
        if removed is None:
            raise Http404 from None
        return done_redirect(request, done_url, str(removed), messages.WARNING)
    except ValidationError as error:
        form_errors_from(form, error)
        return page(form, loaded_form)
    return done_redirect(request, done_url, saved)
