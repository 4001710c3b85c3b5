"""The area service: which wijkteam serves an address."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import AreaFactory, WijkteamFactory
from wijkteams.models import Area, Wijkteam
from wijkteams.services import (
    area_validate,
    normalize_street,
    parse_house_number,
    team_for_address,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams() -> dict[str, Wijkteam]:
    return {name: WijkteamFactory.create(name=name) for name in ["Centrum", "Noord", "Zuid"]}


def test_postcode_area_routes_any_street_in_it(teams: dict[str, Wijkteam]) -> None:
    AreaFactory.create(team=teams["Centrum"], postcode="8500")
    route = team_for_address(postcode="8500", street="Grote Markt", house_number="1")
    assert route.team == teams["Centrum"]


def test_street_area_wins_over_its_postcode(teams: dict[str, Wijkteam]) -> None:
    AreaFactory.create(team=teams["Centrum"], postcode="8500")
    AreaFactory.create(team=teams["Noord"], postcode="8500", street="Lange Munte")
    assert team_for_address(postcode="8500", street="Lange Munte").team == teams["Noord"]
    assert team_for_address(postcode="8500", street="Budastraat").team == teams["Centrum"]


def test_number_range_wins_over_its_street(teams: dict[str, Wijkteam]) -> None:
    AreaFactory.create(team=teams["Centrum"], postcode="8500")
    AreaFactory.create(team=teams["Zuid"], postcode="8500", street="Doorniksesteenweg")
    AreaFactory.create(
        team=teams["Centrum"],
        postcode="8500",
        street="Doorniksesteenweg",
        number_from=1,
        number_to=99,
    )
    assert (
        team_for_address(postcode="8500", street="Doorniksesteenweg", house_number="99").team
        == (teams["Centrum"])
    )
    assert (
        team_for_address(postcode="8500", street="Doorniksesteenweg", house_number="100").team
        == (teams["Zuid"])
    )
    # Without a number the range cannot decide, so the street does.
    assert team_for_address(postcode="8500", street="Doorniksesteenweg").team == teams["Zuid"]


def test_overlapping_ranges_the_narrower_one_wins(teams: dict[str, Wijkteam]) -> None:
    AreaFactory.create(team=teams["Zuid"], postcode="8500", street="Kortrijkstraat", number_from=1)
    AreaFactory.create(
        team=teams["Noord"], postcode="8500", street="Kortrijkstraat", number_from=10, number_to=20
    )
    assert (
        team_for_address(postcode="8500", street="Kortrijkstraat", house_number="15").team
        == (teams["Noord"])
    )
    assert (
        team_for_address(postcode="8500", street="Kortrijkstraat", house_number="21").team
        == (teams["Zuid"])
    )


def test_street_matching_ignores_case_accents_and_punctuation(teams: dict[str, Wijkteam]) -> None:
    AreaFactory.create(team=teams["Noord"], postcode="8500", street="Sint-Jansplein")
    route = team_for_address(postcode="8500", street="  sint jansPLEIN ", house_number="3 bus 2")
    assert route.team == teams["Noord"]
    assert normalize_street("Rue de l'Église") == "rue de l eglise"


def test_same_street_name_in_another_postcode_is_another_area(teams: dict[str, Wijkteam]) -> None:
    AreaFactory.create(team=teams["Noord"], postcode="8500", street="Kerkstraat")
    assert team_for_address(postcode="8510", street="Kerkstraat").found is False


def test_address_no_area_covers_gives_no_team_not_an_error(teams: dict[str, Wijkteam]) -> None:
    AreaFactory.create(team=teams["Centrum"], postcode="8500")
    route = team_for_address(postcode="9000", street="Veldstraat", house_number="1")
    assert route.found is False
    assert route.team is None
    assert route.area is None
    assert team_for_address(postcode="", street="Veldstraat").found is False


def test_area_of_an_inactive_team_routes_nowhere(teams: dict[str, Wijkteam]) -> None:
    teams["Noord"].is_active = False
    teams["Noord"].save()
    AreaFactory.create(team=teams["Centrum"], postcode="8500")
    AreaFactory.create(team=teams["Noord"], postcode="8500", street="Lange Munte")
    # The street's own team is inactive: the postcode's team takes the address.
    assert team_for_address(postcode="8500", street="Lange Munte").team == teams["Centrum"]


def test_routing_is_one_query(teams: dict[str, Wijkteam], django_assert_num_queries) -> None:
    AreaFactory.create(team=teams["Centrum"], postcode="8500")
    AreaFactory.create(team=teams["Noord"], postcode="8500", street="Lange Munte")
    with django_assert_num_queries(1):  # the candidate areas with their teams
        team_for_address(postcode="8500", street="Lange Munte", house_number="4")


@pytest.mark.parametrize(
    ("raw", "number"), [("12", 12), ("12A", 12), (" 7 bus 3", 7), ("", None), ("z/n", None)]
)
def test_parse_house_number(raw: str, number: int | None) -> None:
    assert parse_house_number(raw) == number


def test_second_team_for_one_postcode_is_refused(teams: dict[str, Wijkteam]) -> None:
    AreaFactory.create(team=teams["Centrum"], postcode="8500")
    with pytest.raises(ValidationError, match="postcode heeft al een team"):
        area_validate(Area(team=teams["Noord"], postcode="8500"))
    with pytest.raises(IntegrityError), transaction.atomic():
        AreaFactory.create(team=teams["Noord"], postcode="8500")


def test_second_team_for_one_street_is_refused_whatever_its_spelling(
    teams: dict[str, Wijkteam],
) -> None:
    AreaFactory.create(team=teams["Noord"], postcode="8500", street="Lange Munte")
    with pytest.raises(ValidationError, match="straat heeft al een team"):
        area_validate(Area(team=teams["Zuid"], postcode="8500", street="lange-munte"))


def test_overlapping_number_ranges_are_refused(teams: dict[str, Wijkteam]) -> None:
    AreaFactory.create(
        team=teams["Noord"], postcode="8500", street="Kerkstraat", number_from=1, number_to=50
    )
    with pytest.raises(ValidationError, match="overlappen"):
        area_validate(
            Area(team=teams["Zuid"], postcode="8500", street="Kerkstraat", number_from=50)
        )
    area_validate(Area(team=teams["Zuid"], postcode="8500", street="Kerkstraat", number_from=51))


def test_number_range_without_street_is_refused(teams: dict[str, Wijkteam]) -> None:
    with pytest.raises(ValidationError) as error:
        area_validate(Area(team=teams["Zuid"], postcode="8500", number_from=1, number_to=9))
    assert "number_from" in error.value.message_dict
