"""Writes and rules of the organisation, and the routing of an address to its wijkteam."""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from core.dates import date_range_errors
from wijkteams.models import Area, Membership, Wijkteam

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_LEADING_NUMBER = re.compile(r"^\s*(\d+)")


def normalize_street(street: str) -> str:
    """Fold case, accents and punctuation so 'Sint-Janslaan' matches 'sint janslaan'."""
    decomposed = unicodedata.normalize("NFKD", street)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", ascii_only.lower()).strip()


def parse_house_number(house_number: str) -> int | None:
    """The number part of '12', '12A' or '12 bus 3'; None when there is none."""
    match = _LEADING_NUMBER.match(house_number or "")
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class TeamRoute:
    """The outcome of routing an address: the team and the area that decided, or neither."""

    team: Wijkteam | None
    area: Area | None

    @property
    def found(self) -> bool:
        return self.team is not None


NO_TEAM = TeamRoute(team=None, area=None)


def _specificity(area: Area) -> tuple[int, int]:
    """Higher sorts first: a number range beats a street, which beats a postcode; among
    overlapping ranges the narrower one wins."""
    if area.has_number_range:
        width = (area.number_to or 10**9) - (area.number_from or 1)
        return (3, -width)
    if area.street_key:
        return (2, 0)
    return (1, 0)


def team_for_address(*, postcode: str, street: str = "", house_number: str = "") -> TeamRoute:
    """The wijkteam serving an address: the most specific active area wins.

    An address no area covers gives NO_TEAM, never an exception. One query.
    """
    postcode = (postcode or "").strip()
    if not postcode:
        return NO_TEAM
    street_key = normalize_street(street)
    number = parse_house_number(house_number)

    street_match = Q(street_key="")
    if street_key:
        street_match |= Q(street_key=street_key)
    candidates = Area.objects.filter(street_match, postcode=postcode, team__is_active=True)
    return _most_specific(candidates.select_related("team"), number)


def teams_for_addresses(addresses: Sequence[tuple[str, str, str]]) -> list[TeamRoute]:
    """`team_for_address` for many (postcode, street, house number) at once, in order: for
    imports, one query per 500 postcodes instead of one per address."""
    postcodes = sorted({(postcode or "").strip() for postcode, _street, _number in addresses})
    postcodes = [postcode for postcode in postcodes if postcode]
    areas: dict[tuple[str, str], list[Area]] = {}
    for start in range(0, len(postcodes), 500):
        chunk = postcodes[start : start + 500]
        for area in Area.objects.filter(postcode__in=chunk, team__is_active=True).select_related(
            "team"
        ):
            areas.setdefault((area.postcode, area.street_key), []).append(area)
    routes = []
    for postcode, street, house_number in addresses:
        postcode = (postcode or "").strip()
        street_key = normalize_street(street)
        candidates = areas.get((postcode, ""), [])
        if street_key:
            candidates = candidates + areas.get((postcode, street_key), [])
        routes.append(_most_specific(candidates, parse_house_number(house_number)))
    return routes


def _most_specific(candidates: Iterable[Area], number: int | None) -> TeamRoute:
    applicable = [area for area in candidates if _covers(area, number)]
    if not applicable:
        return NO_TEAM
    # Ties within one level are impossible for postcode and street (unique constraints); for
    # equally wide ranges the lower id wins so the answer never depends on row order.
    best = max(applicable, key=lambda area: (*_specificity(area), -area.pk))
    return TeamRoute(team=best.team, area=best)


def _covers(area: Area, number: int | None) -> bool:
    if not area.has_number_range:
        return True
    if number is None:
        # A ranged area cannot claim an address whose number we do not know.
        return False
    low = area.number_from or 1
    high = area.number_to if area.number_to is not None else number
    return low <= number <= high


def area_validate(area: Area) -> None:
    """Shape rules beyond the database constraints, with messages for the admin form."""
    area.street_key = normalize_street(area.street)
    if area.has_number_range and not area.street_key:
        raise ValidationError({"number_from": _("A house number range needs a street.")})
    if (
        area.number_from is not None
        and area.number_to is not None
        and area.number_to < area.number_from
    ):
        raise ValidationError(
            {"number_to": _("The last house number must not be lower than the first.")}
        )
    same_place = Area.objects.filter(postcode=area.postcode, street_key=area.street_key).exclude(
        pk=area.pk
    )
    if (
        not area.has_number_range
        and same_place.filter(number_from__isnull=True, number_to__isnull=True).exists()
    ):
        if area.street_key:
            message = _("This street already has a team.")
        else:
            message = _("This postcode already has a team.")
        raise ValidationError(message)
    if area.has_number_range:
        low, high = area.number_from or 1, area.number_to
        overlapping = same_place.filter(
            Q(number_from__isnull=False) | Q(number_to__isnull=False)
        ).filter(Q(number_to__isnull=True) | Q(number_to__gte=low))
        if high is not None:
            overlapping = overlapping.filter(Q(number_from__isnull=True) | Q(number_from__lte=high))
        if overlapping.exists():
            raise ValidationError(
                _("These house numbers overlap with another range of this street.")
            )


def membership_validate(membership: Membership) -> None:
    """A user holds one role in one team over any given day: periods may not overlap."""
    out_of_range = date_range_errors(starts_on=membership.starts_on, ends_on=membership.ends_on)
    if out_of_range:
        raise ValidationError(out_of_range)
    if membership.ends_on is not None and membership.ends_on < membership.starts_on:
        raise ValidationError({"ends_on": _("The end date must not be before the start date.")})
    if not (membership.user_id and membership.team_id):
        return
    if membership.user.is_staff:
        # Administrators see no client data; a team role would give them some.
        raise ValidationError(
            {"user": _("An administrator cannot be a member of a wijkteam: use a second account.")}
        )
    overlapping = (
        Membership.objects.filter(
            user_id=membership.user_id, team_id=membership.team_id, role=membership.role
        )
        .exclude(pk=membership.pk)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=membership.starts_on))
    )
    if membership.ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=membership.ends_on)
    if overlapping.exists():
        raise ValidationError(
            _("This user already has this role in this team during (part of) this period.")
        )
