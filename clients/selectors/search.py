"""The client search and the intake lookup (does a file exist for this person, in any team?)."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import (
    CharField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Concat

from clients.models import (
    Assignment,
    Client,
)
from clients.national_number import national_number_clean
from clients.selectors.scoping import clients_visible_to
from wijkteams.models import Membership, User
from wijkteams.selectors import Roles, team_members


def search_text() -> Concat:
    """The fields a search word may occur in, as one string: first and last name, street and
    municipality, separated by spaces. A word (never a space) occurs in it exactly when it
    occurs in one of the fields. On PostgreSQL a trigram index on UPPER() of this expression
    serves `icontains`, so a search reads the matching rows, not all clients.
    """
    return Concat(
        "first_name",
        Value(" "),
        "last_name",
        Value(" "),
        "street",
        Value(" "),
        "municipality",
        output_field=CharField(),
    )


def client_search(*, user: User, query: str, roles: Roles | None = None) -> QuerySet[Client]:
    """Visible clients matching a search: a valid national number matches exactly; otherwise
    every word must appear in the first or last name, street or municipality, or begin the
    postcode.

    Each client carries `worker_first_name` and `worker_last_name` of its current social worker,
    so a page of results is one query (plus the paginator's count).
    """
    query = query.strip()
    visible = clients_visible_to(user, roles=roles)
    if not query:
        return visible.none()
    try:
        number = national_number_clean(query)
    except ValidationError:
        visible = visible.alias(search_text=search_text())
        for word in query.split():
            # icontains: LIKE on SQLite (case-insensitive for ASCII), UPPER(..) LIKE on PostgreSQL.
            match = Q(search_text__icontains=word)
            if word.isascii() and word.isdigit():  # a postcode is four digits, or empty
                match |= Q(postcode__startswith=word)
            visible = visible.filter(match)
    else:
        visible = visible.filter(national_number=number)
    current = Assignment.objects.filter(client=OuterRef("pk"), ended_at__isnull=True)
    return (
        visible.select_related("team")
        .annotate(
            worker_first_name=Subquery(current.values("worker__first_name")[:1]),
            worker_last_name=Subquery(current.values("worker__last_name")[:1]),
        )
        # By name, as `last_name || ''`: the same order, but one no index provides. Otherwise
        # PostgreSQL may walk a name index for the first 25 matches, guessing they come early,
        # and read all 100,000 clients when they are Vandenberghes (seconds instead of ms).
        .order_by(Concat("last_name", Value("")), "first_name", "pk")
    )


@dataclass(frozen=True)
class ExistingFile:
    """A client file found by the intake lookup. `client` is set only if the user may see it;
    otherwise only the team and whom to contact there are told, never anything of the client."""

    client: Client | None
    team_name: str
    contacts: tuple[str, ...]
    by_national_number: bool
    # For the access log only (finding a file is a look at it); never shown.
    client_id: int


def client_lookup(
    *,
    user: User,
    national_number: str = "",
    last_name: str = "",
    birth_date: dt.date | None = None,
    limit: int = 10,
) -> list[ExistingFile]:
    """Intake, search first: does a file exist for this person, in any team?

    Matches a (clean) national number exactly, or the last name (case-insensitive) with the
    birth date. Looks at ALL clients, so a second file cannot be made for someone helped by
    another team, but reveals only what `user` may see. Three queries at most.
    """
    match = Q(pk__in=[])
    if national_number:
        match |= Q(national_number=national_number)
    if last_name.strip() and birth_date is not None:
        match |= Q(last_name__iexact=last_name.strip(), birth_date=birth_date)
    found = list(Client.objects.filter(match).select_related("team").order_by("pk")[:limit])
    if not found:
        return []
    visible_ids = set(
        clients_visible_to(user).filter(pk__in=[c.pk for c in found]).values_list("pk", flat=True)
    )
    hidden_team_ids = {c.team_id for c in found if c.pk not in visible_ids and c.team_id}
    leads: dict[int, list[str]] = {}
    if hidden_team_ids:
        for membership in team_members(team_ids=frozenset(hidden_team_ids)).filter(
            role=Membership.Role.TEAM_LEAD
        ):
            name = membership.user.get_full_name() or membership.user.username
            leads.setdefault(membership.team_id, []).append(name)
    return [
        ExistingFile(
            client=client if client.pk in visible_ids else None,
            team_name=client.team.name if client.team else "",
            contacts=() if client.pk in visible_ids else tuple(leads.get(client.team_id or 0, ())),
            by_national_number=bool(national_number) and client.national_number == national_number,
            client_id=client.pk,
        )
        for client in found
    ]
