"""Role checks for views. Roles are read once per request and cached on it."""

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from wijkteams.models import User
from wijkteams.selectors import NO_ROLES, Roles, roles_for

_CACHE_ATTR = "_ocmw_roles"

View = TypeVar("View", bound=Callable[..., HttpResponse])


def get_roles(request: HttpRequest) -> Roles:
    cached: Roles | None = getattr(request, _CACHE_ATTR, None)
    if cached is None:
        user = request.user
        cached = roles_for(user) if isinstance(user, User) else NO_ROLES
        setattr(request, _CACHE_ATTR, cached)
    return cached


def role_required(
    *,
    administrator: bool = False,
    social_worker: bool = False,
    team_lead: bool = False,
    data_protection_officer: bool = False,
    committee_member: bool = False,
) -> Callable[[View], View]:
    """Log in first; then 403 unless the user has one of the named roles today."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            roles = get_roles(request)
            allowed = (
                (administrator and roles.is_administrator)
                or (social_worker and roles.is_social_worker)
                or (team_lead and roles.is_team_lead)
                or (data_protection_officer and roles.is_data_protection_officer)
                or (committee_member and roles.is_committee_member)
            )
            if not allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]  # login_required erases the signature

    return decorator


def acting_user(request: HttpRequest) -> User:
    """The logged-in user of a view behind role_required (which sends anonymous users away)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
