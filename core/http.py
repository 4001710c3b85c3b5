"""Request helpers every app's views share."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """The request as django-htmx's middleware leaves it, for the type checker."""

    htmx: HtmxDetails


def form_errors_from(
    form: BaseForm, error: ValidationError, *, fields: Mapping[str, str] | None = None
) -> None:
    """A service's ValidationError next to the fields it names; the rest above the form.
    `fields` maps a service's field name to the form's where they differ."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            name = (fields or {}).get(name, name)
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error)
