"""How a higher app plugs into the procedure (procedure never names budgets or integration):

- a *proposal basis* for a kind of help: what a proposal of that kind rests on, for example
  the saved aid calculation of budgets for supplementary aid. The proposal form offers the
  client's bases of that kind, the service checks the chosen one belongs to the client, and the
  request shows a link to it;
- a *decision listener*: called inside the transaction that records a standing decision (and
  again when an urgent decision is not ratified), so that the higher app can follow it (budgets
  marks its aid proposal granted or refused);
- a *withdrawal listener*: called inside the transaction that withdraws a request, so that
  the higher app can close what it keeps open for it (budgets withdraws its aid proposal).

All are filled from the higher app's `AppConfig.ready()`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.functional import Promise

from clients.models import Client

if TYPE_CHECKING:
    from procedure.models import Decision, Request


@dataclass(frozen=True)
class BasisChoice:
    """One basis a proposal can rest on: its id, what the form shows, the amount it suggests."""

    id: int
    label: str
    amount: Decimal | None = None


@dataclass(frozen=True)
class ProposalBasis:
    kind_code: str  # RequestKind.code
    link_code: str  # stored on the proposal, e.g. "budgets.calculation"
    label: Promise  # the form field's label
    choices: Callable[[Client], list[BasisChoice]]  # the client's bases, newest first
    url: Callable[[Client, int], str]  # where the request links to one
    required: bool = True  # a proposal to grant needs one
    # The error when a basis of the client does not fit the request (e.g. it was made for
    # another request of the client), else "".
    fits: Callable[["Request", int], str] | None = None


_bases: dict[str, ProposalBasis] = {}
_listeners: dict[str, Callable[["Decision"], None]] = {}
_withdrawal_listeners: dict[str, Callable[["Request"], None]] = {}


def proposal_basis_register(basis: ProposalBasis) -> None:
    _bases[basis.kind_code] = basis


def proposal_basis_for(kind_code: str) -> ProposalBasis | None:
    return _bases.get(kind_code)


def proposal_basis_by_link(link_code: str) -> ProposalBasis | None:
    return next((basis for basis in _bases.values() if basis.link_code == link_code), None)


def decision_listener_register(key: str, listener: Callable[["Decision"], None]) -> None:
    """`listener(decision)` runs in the transaction that records or overturns `decision`."""
    _listeners[key] = listener


def decision_listeners() -> list[Callable[["Decision"], None]]:
    return list(_listeners.values())


def withdrawal_listener_register(key: str, listener: Callable[["Request"], None]) -> None:
    """`listener(request)` runs in the transaction that withdraws `request`."""
    _withdrawal_listeners[key] = listener


def withdrawal_listeners() -> list[Callable[["Request"], None]]:
    return list(_withdrawal_listeners.values())
