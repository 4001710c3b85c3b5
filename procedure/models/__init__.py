"""The legal path of a request for help, one module per step: the register (requests.py), the
social inquiry, proposal and delegation (inquiry.py), committee sessions (sessions.py), and the
decision, notification and appeal (decisions.py). The deadlines each request runs against are
computed, never stored (procedure/deadlines.py)."""

from procedure.models.decisions import Appeal, Decision, DecisionOutcome, Notification
from procedure.models.inquiry import (
    Decider,
    Delegation,
    Inquiry,
    LifeDomain,
    Outcome,
    Proposal,
)
from procedure.models.requests import (
    REQUEST_STATES,
    Forwarding,
    Request,
    RequestDocument,
    RequestKind,
    RequestState,
)
from procedure.models.sessions import AgendaItem, CommitteeSession

__all__ = [
    "REQUEST_STATES",
    "AgendaItem",
    "Appeal",
    "CommitteeSession",
    "Decider",
    "Decision",
    "DecisionOutcome",
    "Delegation",
    "Forwarding",
    "Inquiry",
    "LifeDomain",
    "Notification",
    "Outcome",
    "Proposal",
    "Request",
    "RequestDocument",
    "RequestKind",
    "RequestState",
]
