import datetime as dt

from factory.declarations import LazyAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory, Password
from factory.faker import Faker

from wijkteams.models import Area, Location, Membership, User, Wijkteam
from wijkteams.services import normalize_street

PASSWORD = "correct-horse-battery"  # noqa: S105


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = Sequence(lambda n: f"user{n}")
    first_name = Faker("first_name", locale="nl_BE")
    last_name = Faker("last_name", locale="nl_BE")
    password = Password(PASSWORD)


class WijkteamFactory(DjangoModelFactory[Wijkteam]):
    class Meta:
        model = Wijkteam
        django_get_or_create = ["name"]

    name = Sequence(lambda n: f"Team {n}")


class LocationFactory(DjangoModelFactory[Location]):
    class Meta:
        model = Location

    team = SubFactory(WijkteamFactory)
    name = Sequence(lambda n: f"Wijkcentrum {n}")
    street = "Budastraat"
    house_number = "27"
    postcode = "8500"
    municipality = "Kortrijk"


class AreaFactory(DjangoModelFactory[Area]):
    class Meta:
        model = Area

    team = SubFactory(WijkteamFactory)
    postcode = "8500"
    street = ""
    street_key = LazyAttribute(lambda area: normalize_street(area.street))


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = SubFactory(UserFactory)
    team = SubFactory(WijkteamFactory)
    role = Membership.Role.SOCIAL_WORKER
    starts_on = dt.date(2024, 1, 1)
    ends_on = None


def social_worker(team: Wijkteam, **user_fields: object) -> User:
    user = UserFactory.create(**user_fields)
    MembershipFactory.create(user=user, team=team, role=Membership.Role.SOCIAL_WORKER)
    return user


def team_lead(team: Wijkteam, **user_fields: object) -> User:
    user = UserFactory.create(**user_fields)
    MembershipFactory.create(user=user, team=team, role=Membership.Role.TEAM_LEAD)
    return user


def administrator(**kwargs: object) -> User:
    return UserFactory.create(is_staff=True, **kwargs)
