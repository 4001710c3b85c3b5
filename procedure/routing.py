"""Who decides a proposal: the delegation table the administrator sets (procedure.models.
Delegation). A delegation covers a proposal of its kind of help to grant up to its amount (no
amount: any), and a proposal to refuse when it says so; everything it does not cover goes to
the Special Committee for Social Services, as the organic law makes the rule."""

from decimal import Decimal

from procedure.models import Decider, Delegation, Outcome, RequestKind


def delegation_covers(delegation: Delegation, *, outcome: str, amount: Decimal | None) -> bool:
    if outcome == Outcome.REFUSE:
        return delegation.covers_refusals
    if delegation.up_to_amount is None:
        return True
    return amount is not None and amount <= delegation.up_to_amount


def decider_for(*, kind: RequestKind, outcome: str, amount: Decimal | None) -> Decider:
    """The decider of a proposal of `kind` to `outcome` for `amount` (per month; None: no
    amount). One query."""
    for delegation in Delegation.objects.filter(kind=kind):
        if delegation_covers(delegation, outcome=outcome, amount=amount):
            return Decider(delegation.decider)
    return Decider.COMMITTEE
