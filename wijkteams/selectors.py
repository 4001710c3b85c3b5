"""Reads of the organisation."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from wijkteams.models import Membership, User, Wijkteam


@dataclass(frozen=True)
class Roles:
    """What a user is, today: administrator, social worker in some teams, team lead of others."""

    is_administrator: bool
    worker_team_ids: frozenset[int]
    lead_team_ids: frozenset[int]
    # The data-protection officer reads and exports the access log; never a client file.
    is_data_protection_officer: bool = False
    # A member of the Special Committee for Social Services reads the pseudonymised agenda of
    # the sessions they sit in; as such never a client file (a member who also works in a
    # team keeps that team role beside it).
    is_committee_member: bool = False
    # (id, name) of the teams above, by name: read with the roles, so a page that names the
    # user's teams needs no query of its own. Not part of what the roles are (equality).
    teams: tuple[tuple[int, str], ...] = field(default=(), compare=False)

    def team_names(self, team_ids: frozenset[int]) -> list[str]:
        """The names of these of the user's teams, by name (no query)."""
        return [name for team_id, name in self.teams if team_id in team_ids]

    @property
    def is_social_worker(self) -> bool:
        return bool(self.worker_team_ids)

    @property
    def is_team_lead(self) -> bool:
        return bool(self.lead_team_ids)

    @property
    def has_any(self) -> bool:
        return (
            self.is_administrator
            or self.is_data_protection_officer
            or self.is_social_worker
            or self.is_team_lead
            or self.is_committee_member
        )


NO_ROLES = Roles(is_administrator=False, worker_team_ids=frozenset(), lead_team_ids=frozenset())
ADMINISTRATOR = Roles(is_administrator=True, worker_team_ids=frozenset(), lead_team_ids=frozenset())
DATA_PROTECTION_OFFICER = Roles(
    is_administrator=False,
    worker_team_ids=frozenset(),
    lead_team_ids=frozenset(),
    is_data_protection_officer=True,
)


def active_memberships(*, on: dt.date | None = None) -> QuerySet[Membership]:
    """Memberships in force on a day (today by default) in active teams."""
    return Membership.objects.in_force_on(on or timezone.localdate()).filter(team__is_active=True)


def roles_for(user: User, *, on: dt.date | None = None) -> Roles:
    """The roles of a user on a day, with the names of their teams. One query (none for an
    inactive, anonymous or staff user).

    An administrator (staff) is only that: memberships of a staff account give no team role,
    so an administrator never reaches client data, whatever the admin screens allow. The same
    holds for the data-protection officer, who reads the access log and nothing else. A
    committee member is that beside any team role they have.
    """
    if not user.is_authenticated or not user.is_active:
        return NO_ROLES
    if user.is_staff:
        return ADMINISTRATOR
    if user.is_data_protection_officer:
        return DATA_PROTECTION_OFFICER
    workers: set[int] = set()
    leads: set[int] = set()
    names: dict[int, str] = {}  # by team name: the order of the rows
    memberships = (
        active_memberships(on=on)
        .filter(user=user)
        .order_by("team__name", "team_id")
        .values_list("team_id", "role", "team__name")
    )
    for team_id, role, name in memberships:
        (leads if role == Membership.Role.TEAM_LEAD else workers).add(team_id)
        names[team_id] = name
    return Roles(
        is_administrator=False,
        worker_team_ids=frozenset(workers),
        lead_team_ids=frozenset(leads),
        is_committee_member=user.is_committee_member,
        teams=tuple(names.items()),
    )


def team_members(*, team_ids: frozenset[int], on: dt.date | None = None) -> QuerySet[Membership]:
    """Active memberships of the given teams, with user and team loaded."""
    return (
        active_memberships(on=on)
        .filter(team_id__in=team_ids)
        .select_related("user", "team")
        .order_by("team__name", "-role", "user__last_name", "user__first_name")
    )


def teams_overview(*, on: dt.date | None = None) -> QuerySet[Wijkteam]:
    """Every team with its number of locations, areas and active staff. One query."""
    day = on or timezone.localdate()
    active = Q(memberships__in=Membership.objects.in_force_on(day))
    return Wijkteam.objects.annotate(
        location_count=Count("locations", distinct=True),
        area_count=Count("areas", distinct=True),
        staff_count=Count("memberships__user", filter=active, distinct=True),
    ).order_by("name")
