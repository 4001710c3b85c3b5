from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from wijkteams.permissions import get_roles


def roles(request: HttpRequest) -> dict[str, object]:
    """`roles` in every template, read only if the template uses it (the login page does not)."""
    return {"roles": SimpleLazyObject(lambda: get_roles(request))}
