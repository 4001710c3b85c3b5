"""Committee sessions: planning a session, its agenda, the decisions recorded per item and
the minutes. (First part: putting an urgent decision of the chair on the agenda of the next
session for ratification.)"""

from django.db.models import Max

from procedure.models import AgendaItem, CommitteeSession, Decision


def _next_position(session: CommitteeSession) -> int:
    last = AgendaItem.objects.filter(session=session).aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


def ratification_schedule(*, decision: Decision) -> AgendaItem | None:
    """Put an urgent decision of the chair on the agenda of the committee's next planned
    session (the first on or after the decision's date) to ratify; none planned yet: the
    session planned next takes it when it is created. The caller holds the transaction."""
    session = (
        CommitteeSession.objects.select_for_update()
        .filter(state=CommitteeSession.State.PLANNED, held_on__gte=decision.decided_on)
        .order_by("held_on", "pk")
        .first()
    )
    if session is None:
        return None
    return AgendaItem.objects.create(
        session=session,
        request_id=decision.request_id,
        purpose=AgendaItem.Purpose.RATIFY,
        position=_next_position(session),
    )
