"""Reads of the committee's sessions: which sessions a user sees, the committee members to
choose from, and a session's agenda with what each item shows, in a fixed number of queries
whatever its length.

Who sees what of an item: a team lead sees the client's name, the proposal's motivation and a
link to the file for the items of the teams they lead; every other item, and every item for a
committee member, is pseudonymised: a reference made from the request's year and number, the
kind of help, the amount and period, and the household in words. Never the name, national
number, address or a motivation (it speaks of the person).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext

from clients.models import Client, HouseholdMember
from core.formats import amount_text
from procedure.models import (
    AgendaItem,
    CommitteeSession,
    Decider,
    Decision,
    DecisionOutcome,
    Outcome,
    Proposal,
    Request,
)
from wijkteams.models import User
from wijkteams.selectors import Roles

ADULT_AGE = 18
NONE_SHOWN = "\u2013"  # an en dash, as the pages show an absent value
# What an agenda reads of a client file; the rest (the national number, the address, ...) is
# not even loaded.
CLIENT_COLUMNS_SHOWN = ("id", "first_name", "last_name", "team")


def committee_members() -> QuerySet[User]:
    """The active members of the committee, to choose a session's members and chair from."""
    return User.objects.filter(is_committee_member=True, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def sessions_visible_to(*, user: User, roles: Roles) -> QuerySet[CommitteeSession]:
    """Every session for a team lead; for a committee member the sessions they sit in; nothing
    for anyone else. Newest first, with the number of items and of those still open."""
    if roles.is_team_lead:
        sessions = CommitteeSession.objects.all()
    elif roles.is_committee_member:
        sessions = CommitteeSession.objects.filter(members=user)
    else:
        return CommitteeSession.objects.none()
    return sessions.annotate(
        item_count=Count("items", distinct=True),
        open_count=Count("items", filter=Q(items__result=""), distinct=True),
    ).order_by("-held_on", "-pk")


def session_get(*, user: User, roles: Roles, pk: int) -> CommitteeSession:
    """One session the user sees, with its chair and members, or 404 (a session a committee
    member does not sit in is not theirs to know of)."""
    try:
        return (
            sessions_visible_to(user=user, roles=roles)
            .select_related("chair")
            .prefetch_related(
                Prefetch("members", queryset=User.objects.order_by("last_name", "first_name"))
            )
            .get(pk=pk)
        )
    except CommitteeSession.DoesNotExist:
        raise Http404 from None


def request_reference(request: Request) -> str:
    """The pseudonymised name of a request on an agenda: "A-2026-0042" (year received, number)."""
    return f"A-{request.received_on.year}-{request.pk:04d}"


def household_words(adults: int, children: int) -> str:
    """The household in words, the applicant counted: "1 adult, 2 children"."""
    words = ngettext("%(count)s adult", "%(count)s adults", adults) % {"count": adults}
    if children:
        words += ", " + ngettext("%(count)s child", "%(count)s children", children) % {
            "count": children
        }
    return words


@dataclass(frozen=True)
class AgendaRow:
    """One item as an agenda shows it, its texts made here (a template that looks each up per
    row of 200 takes most of the page's time). `in_full`: the reader leads the client's team
    and sees who it is; otherwise only what the pseudonymised agenda shows."""

    item: AgendaItem
    in_full: bool
    reference: str
    household: str
    kind: str
    purpose: str
    # The proposal, or for an item to ratify the urgent decision of the chair: what it says,
    # who decides it, its amount and period, its motivation.
    proposal: Proposal | None
    decision: Decision | None  # to ratify: the chair's; once decided here: the committee's
    outcome: str
    decider: str
    terms: str
    motivation: str
    result: str

    @property
    def request(self) -> Request:
        return self.item.request


class _Texts:
    """The labels an agenda repeats per row, translated once per agenda."""

    def __init__(self) -> None:
        def labels(choices: list[tuple[str, Any]]) -> dict[str, str]:
            return {value: capfirst(str(label)) for value, label in choices}

        self.purpose = labels(AgendaItem.Purpose.choices)
        self.result = labels(AgendaItem.Result.choices)
        self.proposal = labels(Outcome.choices)
        self.decision = labels(DecisionOutcome.choices)
        self.decider = labels(Decider.choices)
        self.body = labels(Decision.Body.choices)
        self.per_month = gettext("per month")
        self._months: dict[int, str] = {}

    def period(self, months: int | None) -> str:
        count = months or 0
        if count not in self._months:
            self._months[count] = ngettext(
                "from %(start)s, %(months)s month", "from %(start)s, %(months)s months", count
            )
        return self._months[count]

    def terms(self, amount: Decimal | None, starts_on: dt.date | None, months: int | None) -> str:
        """ "€ 180,00 per month, from 02/03/2026, 3 months", or a dash without an amount."""
        if amount is None:
            return NONE_SHOWN
        text = f"€\xa0{amount_text(amount)} {self.per_month}"
        if starts_on is not None:
            start = date_format(starts_on, "SHORT_DATE_FORMAT")
            text += ", " + self.period(months) % {"start": start, "months": months or 0}
        return text


def _household_count(*, adults: bool, on: dt.date) -> Coalesce:
    """The members living with the client on `on`, adults or children: a subquery per item."""
    try:
        born_by = on.replace(year=on.year - ADULT_AGE)
    except ValueError:  # 29 February
        born_by = on.replace(year=on.year - ADULT_AGE, day=28)
    members = HouseholdMember.objects.filter(client=OuterRef("request__client"), birth_date__lte=on)
    members = members.filter(Q(joined_on__isnull=True) | Q(joined_on__lte=on)).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=on)
    )
    members = (
        members.filter(birth_date__lte=born_by)
        if adults
        else members.filter(birth_date__gt=born_by)
    )
    counted = members.order_by().values("client").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _decision_of(item: AgendaItem, decisions: list[Decision]) -> Decision | None:
    if item.purpose == AgendaItem.Purpose.RATIFY:
        urgent = [d for d in decisions if d.body == Decision.Body.CHAIR]
        return urgent[-1] if urgent else None
    return next((d for d in decisions if d.session_id == item.session_id), None)


def _agenda_items(session: CommitteeSession) -> QuerySet[AgendaItem]:
    return (
        AgendaItem.objects.filter(session=session)
        .select_related("request__client", "request__kind", "request__proposal", "recorded_by")
        .defer(
            *(
                f"request__client__{field.name}"
                for field in Client._meta.concrete_fields
                if field.name not in CLIENT_COLUMNS_SHOWN
            )
        )
        .annotate(
            adults=_household_count(adults=True, on=session.held_on),
            children=_household_count(adults=False, on=session.held_on),
        )
        .prefetch_related(
            Prefetch(
                "request__decisions",
                queryset=Decision.objects.order_by("pk"),
                to_attr="all_decisions",
            )
        )
        .order_by("position")
    )


def _row(item: AgendaItem, *, roles: Roles, pseudonymised: bool, texts: _Texts) -> AgendaRow:
    request = item.request
    proposal: Proposal | None = getattr(request, "proposal", None)
    decision = _decision_of(item, request.all_decisions)  # type: ignore[attr-defined]  # prefetched
    if item.purpose == AgendaItem.Purpose.RATIFY and decision is not None:
        outcome = "{} ({}, {})".format(
            texts.decision[decision.outcome],
            texts.body[decision.body].lower(),
            date_format(decision.decided_on, "SHORT_DATE_FORMAT"),
        )
        decider = ""
        terms = texts.terms(decision.amount, decision.starts_on, decision.months)
        motivation = decision.motivation
    elif proposal is not None:
        outcome = texts.proposal[proposal.outcome]
        decider = texts.decider[proposal.decider]
        terms = texts.terms(proposal.amount, proposal.starts_on, proposal.months)
        motivation = proposal.motivation
    else:
        outcome, decider, terms, motivation = NONE_SHOWN, "", NONE_SHOWN, ""
    return AgendaRow(
        item=item,
        in_full=not pseudonymised and request.client.team_id in roles.lead_team_ids,
        reference=request_reference(request),
        household=household_words(1 + item.adults, item.children),  # type: ignore[attr-defined]  # annotated
        kind=request.kind.name,
        purpose=texts.purpose[item.purpose],
        proposal=proposal,
        decision=decision,
        outcome=outcome,
        decider=decider,
        terms=terms,
        motivation=motivation,
        result=texts.result[item.result],
    )


def agenda_rows(
    *, session: CommitteeSession, roles: Roles, pseudonymised: bool = False
) -> list[AgendaRow]:
    """The agenda of `session` in order, each item with its request, client, kind, proposal,
    decisions and household: two queries whatever the number of items. `pseudonymised`: no
    item in full, whoever reads."""
    texts = _Texts()
    return [
        _row(item, roles=roles, pseudonymised=pseudonymised, texts=texts)
        for item in _agenda_items(session)
    ]


def agenda_item_get(*, session: CommitteeSession, roles: Roles, pk: int) -> AgendaRow:
    """One item of `session`, of a client of a team the lead leads, in full; or 404."""
    item = _agenda_items(session).filter(pk=pk).first()
    if item is None:
        raise Http404
    row = _row(item, roles=roles, pseudonymised=False, texts=_Texts())
    if not row.in_full:
        raise Http404
    return row


def session_member_names(session: CommitteeSession) -> str:
    """The members as a sentence (prefetched by session_get)."""
    names = [str(member) for member in session.members.all()]
    return ", ".join(names) if names else gettext("none yet")
