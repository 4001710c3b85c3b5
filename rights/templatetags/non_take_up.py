"""Template tags for pages of other apps that show a piece of non-take-up.

The worker's home (clients/my_cases.html) shows the number of open flags in a panel rights
registers there (rights/my_cases_non_take_up.html, rights/hooks.py); the panel asks here.
"""

from typing import Any

from django import template

from rights.selectors import open_flag_count as _open_flag_count
from wijkteams.models import User
from wijkteams.permissions import get_roles

register = template.Library()


@register.simple_tag(takes_context=True)
def open_flag_count(context: dict[str, Any]) -> int:
    """Open flags of the clients assigned to the user of the request. One query."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not isinstance(user, User):
        return 0
    return _open_flag_count(user=user, roles=get_roles(request))
