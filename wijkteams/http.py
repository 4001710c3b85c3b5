"""Request helpers every app's views share."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from wijkteams.models import User


class HtmxHttpRequest(HttpRequest):
    """The request as django-htmx's middleware leaves it, for the type checker."""

    htmx: HtmxDetails


def acting_user(request: HttpRequest) -> User:
    """The logged-in user of a view behind role_required (which sends anonymous users away)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def form_errors_from(form: BaseForm, error: ValidationError) -> None:
    """A service's ValidationError next to the fields it names; the rest above the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error)
