"""What an account-log row says, in the reader's language (wijkteams.accounts.log)."""

from django import template

from wijkteams.accounts.log import account_log_actor, account_log_details
from wijkteams.models import AccountLog

register = template.Library()


@register.filter(name="account_log_by")
def account_log_by(row: AccountLog) -> str:
    return account_log_actor(row)


@register.filter(name="account_log_details")
def account_log_details_filter(row: AccountLog) -> str:
    return account_log_details(row)
