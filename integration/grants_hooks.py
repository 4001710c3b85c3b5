"""What the grants part of integration registers with the lower apps (called from hooks.py): the
procedure's decision on a leefloon request makes (or, when it no longer stands, removes) the
granted leefloon, and a withdrawn request keeps none."""

from integration.services.grants import grant_from_decision, grant_request_withdrawn
from procedure.models import Decision, Request
from procedure.registry import decision_listener_register, withdrawal_listener_register


def _follow_decision(decision: Decision) -> None:
    grant_from_decision(decision=decision)


def _follow_withdrawal(request: Request) -> None:
    grant_request_withdrawn(request=request)


def register() -> None:
    decision_listener_register("integration.leefloon_grant", _follow_decision)
    withdrawal_listener_register("integration.leefloon_grant", _follow_withdrawal)
