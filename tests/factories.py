import datetime as dt

import factory
from factory.django import DjangoModelFactory

from wijkteams.models import Area, Location, Membership, User, Wijkteam
from wijkteams.services import normalize_street

PASSWORD = "correct-horse-battery"  # noqa: S105


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    password = factory.django.Password(PASSWORD)


class WijkteamFactory(DjangoModelFactory[Wijkteam]):
    class Meta:
        model = Wijkteam
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Team {n}")


class LocationFactory(DjangoModelFactory[Location]):
    class Meta:
        model = Location

    team = factory.SubFactory(WijkteamFactory)
    name = factory.Sequence(lambda n: f"Wijkcentrum {n}")
    street = "Budastraat"
    house_number = "27"
    postcode = "8500"
    municipality = "Kortrijk"


class AreaFactory(DjangoModelFactory[Area]):
    class Meta:
        model = Area

    team = factory.SubFactory(WijkteamFactory)
    postcode = "8500"
    street = ""
    street_key = factory.LazyAttribute(lambda area: normalize_street(area.street))


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(WijkteamFactory)
    role = Membership.Role.SOCIAL_WORKER
    starts_on = dt.date(2024, 1, 1)
    ends_on = None


def social_worker(team: Wijkteam, **kwargs: object) -> User:
    return MembershipFactory(team=team, role=Membership.Role.SOCIAL_WORKER, **kwargs).user


def team_lead(team: Wijkteam, **kwargs: object) -> User:
    return MembershipFactory(team=team, role=Membership.Role.TEAM_LEAD, **kwargs).user


def administrator(**kwargs: object) -> User:
    return UserFactory(is_staff=True, **kwargs)
