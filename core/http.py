"""Request helpers every app's views share."""

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """The request as django-htmx's middleware leaves it, for the type checker."""

    htmx: HtmxDetails


def form_errors_from(form: BaseForm, error: ValidationError) -> None:
    """A service's ValidationError next to the fields it names; the rest above the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error)
