"""What an access-log row says, in the language of whoever reads the page."""

from django import template

from clients.access_log import access_log_what
from clients.models import AccessLog

register = template.Library()


@register.filter
def what_shown(row: AccessLog) -> str:
    """`{{ log|what_shown }}`: the row's key and parameters as text (clients.access_log)."""
    return access_log_what(row)
