"""A Kortrijk-like demo city: seven wijkteams on twelve locations, areas and staff.

Streets and names are plausible, not an official map of Kortrijk's wijkteams.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from wijkteams.models import Area, Location, Membership, User, Wijkteam
from wijkteams.services import normalize_street

DEMO_PASSWORD = "demo-ocmw"  # noqa: S105  # demo data only, never used by settings


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    is_staff: bool = False


@dataclass(frozen=True)
class DemoMembership:
    username: str
    team: str
    role: Membership.Role
    starts_on: dt.date
    ends_on: dt.date | None = None


# (team, location name, street, number, postcode, municipality)
LOCATIONS = [
    ("Centrum", "Sociaal Huis Budastraat", "Budastraat", "27", "8500", "Kortrijk"),
    ("Centrum", "Wijkcentrum Overleie", "Overleiestraat", "62", "8500", "Kortrijk"),
    ("Noord", "Wijkcentrum Lange Munte", "Lange Munte", "118", "8500", "Kortrijk"),
    ("Noord", "Wijkcentrum Sint-Jan", "Sint-Jansplein", "3", "8500", "Kortrijk"),
    ("Zuid", "Wijkcentrum Pottelberg", "Pottelberg", "35", "8500", "Kortrijk"),
    ("Zuid", "Wijkcentrum Sint-Elisabeth", "Sint-Elisabethlaan", "12", "8500", "Kortrijk"),
    ("Heule", "Wijkcentrum Heule Dorp", "Heulsekasteelstraat", "2", "8501", "Heule"),
    ("Heule", "Wijkcentrum Watermolen", "Peperstraat", "44", "8501", "Heule"),
    ("Bissegem", "Wijkcentrum Bissegem", "Bissegemplaats", "9", "8501", "Bissegem"),
    ("Marke", "Wijkcentrum Marke", "Marktplein", "14", "8510", "Marke"),
    ("Zuidelijke Rand", "Wijkcentrum Bellegem", "Kerkomtrek", "5", "8510", "Bellegem"),
    ("Zuidelijke Rand", "Wijkcentrum Rollegem", "Rollegemplaats", "21", "8510", "Rollegem"),
]

# (team, postcode, municipality, street or "", number_from, number_to). A postcode-wide area is
# the fallback; streets and number ranges in it win, the most specific first.
AREAS: list[tuple[str, str, str, str, int | None, int | None]] = [
    ("Centrum", "8500", "Kortrijk", "", None, None),
    ("Noord", "8500", "Kortrijk", "Lange Munte", None, None),
    ("Noord", "8500", "Kortrijk", "Brugsesteenweg", None, None),
    ("Noord", "8500", "Kortrijk", "Sint-Jansplein", None, None),
    ("Noord", "8500", "Kortrijk", "Noordstraat", None, None),
    ("Noord", "8500", "Kortrijk", "Meensesteenweg", None, None),
    ("Zuid", "8500", "Kortrijk", "Pottelberg", None, None),
    ("Zuid", "8500", "Kortrijk", "Sint-Elisabethlaan", None, None),
    ("Zuid", "8500", "Kortrijk", "Kortrijkstraat", None, None),
    # The Doorniksesteenweg is split: the first stretch belongs to the centre.
    ("Zuid", "8500", "Kortrijk", "Doorniksesteenweg", None, None),
    ("Centrum", "8500", "Kortrijk", "Doorniksesteenweg", 1, 99),
    ("Heule", "8501", "Heule", "", None, None),
    ("Bissegem", "8501", "Bissegem", "Bissegemplaats", None, None),
    ("Bissegem", "8501", "Bissegem", "Driekerkenstraat", None, None),
    ("Bissegem", "8501", "Bissegem", "Vaartstraat", None, None),
    ("Bissegem", "8501", "Bissegem", "Kapel ter Bede", None, None),
    ("Bissegem", "8501", "Bissegem", "Pluimstraat", None, None),
    ("Zuidelijke Rand", "8510", "Bellegem", "", None, None),
    ("Marke", "8510", "Marke", "Marktplein", None, None),
    ("Marke", "8510", "Marke", "Rekkemstraat", None, None),
    ("Marke", "8510", "Marke", "Hellestraat", None, None),
    ("Marke", "8510", "Marke", "Marionettenlaan", None, None),
    ("Marke", "8510", "Marke", "Vlaanderenstraat", None, None),
    ("Zuidelijke Rand", "8511", "Aalbeke", "", None, None),
]

_SINCE = dt.date(2024, 1, 1)

# More social workers, so a few thousand demo client files still make plausible caseloads:
# (username, first name, last name, team). The logins listed in the README stay as they are.
EXTRA_WORKERS = [
    ("ma.centrum3", "Hanne", "Vanneste", "Centrum"),
    ("ma.centrum4", "Karim", "Bouzid", "Centrum"),
    ("ma.centrum5", "Eline", "Deconinck", "Centrum"),
    ("ma.centrum6", "Wout", "Vandewalle", "Centrum"),
    ("ma.centrum7", "Fien", "Debels", "Centrum"),
    ("ma.noord2", "Zeynep", "Kaya", "Noord"),
    ("ma.noord3", "Stijn", "Mortier", "Noord"),
    ("ma.noord4", "Lotte", "Coussens", "Noord"),
    ("ma.noord5", "Jeroen", "Vanhee", "Noord"),
    ("ma.zuid2", "Charlotte", "Depoorter", "Zuid"),
    ("ma.zuid3", "Ruben", "Dewulf", "Zuid"),
    ("ma.zuid4", "Amina", "Tahiri", "Zuid"),
    ("ma.zuid5", "Pieter-Jan", "Seynaeve", "Zuid"),
    ("ma.heule2", "Katrien", "Bossuyt", "Heule"),
    ("ma.heule3", "Thomas", "Dhondt", "Heule"),
    ("ma.heule4", "Julie", "Vanlerberghe", "Heule"),
    ("ma.bissegem2", "Brecht", "Verstraete", "Bissegem"),
    ("ma.bissegem3", "Leen", "Degryse", "Bissegem"),
    ("ma.marke2", "Sarah", "Delbaere", "Marke"),
    ("ma.marke3", "Mathias", "Vandekerckhove", "Marke"),
    ("ma.zuidrand2", "Evelien", "Lagae", "Zuidelijke Rand"),
    ("ma.zuidrand3", "Bert", "Pattyn", "Zuidelijke Rand"),
]

USERS = [
    DemoUser("beheerder", "Annelies", "Goethals", is_staff=True),
    DemoUser("lead.centrum", "Pieter", "Desmet"),
    DemoUser("ma.centrum", "Sofie", "Vandenberghe"),
    DemoUser("ma.centrum2", "Jonas", "Declercq"),
    DemoUser("ma.heule", "Lien", "Vermeulen"),
    DemoUser("lead.heule", "Koen", "Maes"),
    DemoUser("lead.noord", "Els", "Vanhoutte"),
    DemoUser("ma.noord", "Bram", "Lambrecht"),
    DemoUser("lead.zuid", "Griet", "Devos"),
    DemoUser("ma.zuid", "Arne", "Claeys"),
    DemoUser("lead.bissegem", "Hilde", "Vandamme"),
    DemoUser("ma.bissegem", "Yasmina", "El Idrissi"),
    DemoUser("lead.marke", "Tom", "Verhaeghe"),
    DemoUser("ma.marke", "Nele", "Dewitte"),
    DemoUser("lead.zuidrand", "Dirk", "Vercruysse"),
    DemoUser("ma.zuidrand", "Ines", "Callewaert"),
    *[DemoUser(username, first, last) for username, first, last, _team in EXTRA_WORKERS],
]

SW = Membership.Role.SOCIAL_WORKER
LEAD = Membership.Role.TEAM_LEAD
MEMBERSHIPS = [
    DemoMembership("lead.centrum", "Centrum", LEAD, _SINCE),
    DemoMembership("ma.centrum", "Centrum", SW, dt.date(2025, 3, 1)),
    # Her earlier membership of Noord has ended: it must no longer give her any access there.
    DemoMembership("ma.centrum", "Noord", SW, _SINCE, ends_on=dt.date(2025, 2, 28)),
    DemoMembership("ma.centrum2", "Centrum", SW, _SINCE),
    DemoMembership("ma.heule", "Heule", SW, _SINCE),
    DemoMembership("lead.heule", "Heule", LEAD, _SINCE),
    DemoMembership("lead.noord", "Noord", LEAD, _SINCE),
    DemoMembership("ma.noord", "Noord", SW, _SINCE),
    DemoMembership("lead.zuid", "Zuid", LEAD, _SINCE),
    DemoMembership("ma.zuid", "Zuid", SW, _SINCE),
    DemoMembership("lead.bissegem", "Bissegem", LEAD, _SINCE),
    DemoMembership("ma.bissegem", "Bissegem", SW, _SINCE),
    DemoMembership("lead.marke", "Marke", LEAD, _SINCE),
    DemoMembership("ma.marke", "Marke", SW, _SINCE),
    DemoMembership("lead.zuidrand", "Zuidelijke Rand", LEAD, _SINCE),
    DemoMembership("ma.zuidrand", "Zuidelijke Rand", SW, _SINCE),
    *[DemoMembership(username, team, SW, _SINCE) for username, _f, _l, team in EXTRA_WORKERS],
]

# What `make run` prints: the logins the issue promises, by role.
DEMO_LOGINS = [
    ("ma.centrum", "maatschappelijk assistent, wijkteam Centrum"),
    ("ma.centrum2", "maatschappelijk assistent, wijkteam Centrum"),
    ("ma.heule", "maatschappelijk assistent, wijkteam Heule"),
    ("lead.centrum", "teamverantwoordelijke, wijkteam Centrum"),
    ("beheerder", "beheerder (geen team)"),
    ("comite.lid1", "lid van het Bijzonder Comité (ziet alleen de agenda)"),
]


@dataclass(frozen=True)
class SeedReport:
    teams: int
    locations: int
    areas: int
    users: int
    memberships: int


@transaction.atomic
def seed_city() -> SeedReport:
    """Create what is missing of the demo city; running it again creates nothing twice."""
    created = dict.fromkeys(["teams", "locations", "areas", "users", "memberships"], 0)
    team_names = sorted({row[0] for row in LOCATIONS})
    teams = {}
    for name in team_names:
        teams[name], new = Wijkteam.objects.get_or_create(name=name)
        created["teams"] += new

    for team, name, street, number, postcode, municipality in LOCATIONS:
        _, new = Location.objects.get_or_create(
            team=teams[team],
            name=name,
            defaults={
                "street": street,
                "house_number": number,
                "postcode": postcode,
                "municipality": municipality,
            },
        )
        created["locations"] += new

    for team, postcode, municipality, street, number_from, number_to in AREAS:
        _, new = Area.objects.get_or_create(
            postcode=postcode,
            street_key=normalize_street(street),
            number_from=number_from,
            number_to=number_to,
            defaults={"team": teams[team], "street": street, "municipality": municipality},
        )
        created["areas"] += new

    # One hash for all demo accounts: hashing is slow by design, and these share a password.
    password_hash = make_password(DEMO_PASSWORD)
    users = {}
    for demo in USERS:
        users[demo.username], new = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@ocmw.example",
                "is_staff": demo.is_staff,
                "password": password_hash,
            },
        )
        created["users"] += new

    for m in MEMBERSHIPS:
        _, new = Membership.objects.get_or_create(
            user=users[m.username],
            team=teams[m.team],
            role=m.role,
            starts_on=m.starts_on,
            defaults={"ends_on": m.ends_on},
        )
        created["memberships"] += new
    return SeedReport(**created)
