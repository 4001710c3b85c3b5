"""`manage.py import_areas`: the areas of the wijkteams from a CSV file, all or nothing."""

from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from demo.city import seed_city
from tests.factories import AreaFactory, WijkteamFactory
from wijkteams.models import Area, Wijkteam
from wijkteams.services import team_for_address

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HEADER = "team;postcode;straat"


@pytest.fixture
def teams(db: None) -> dict[str, Wijkteam]:
    return {name: WijkteamFactory.create(name=name) for name in ("Centrum", "Noord", "Zuid")}


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    def write(*rows: str, header: str = HEADER, bom: bool = False) -> Path:
        path = tmp_path / "areas.csv"
        text = "\r\n".join([header, *rows]) + "\r\n"
        path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
        return path

    return write


def run(path: Path, *args: str) -> str:
    out, err = StringIO(), StringIO()
    call_command("import_areas", str(path), *args, stdout=out, stderr=err)
    assert err.getvalue() == ""
    return out.getvalue()


def refused(path: Path, *args: str) -> str:
    """The messages of a refused import, after checking that the areas did not change."""
    before = sorted(Area.objects.values_list("team__name", "postcode", "street_key"))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_areas", str(path), *args, stdout=out, stderr=err)
    assert "Er is niets geïmporteerd" in str(caught.value)
    assert sorted(Area.objects.values_list("team__name", "postcode", "street_key")) == before
    return err.getvalue()


def areas() -> set[tuple[str, str, str]]:
    return set(Area.objects.values_list("team__name", "postcode", "street"))


@pytest.mark.parametrize("bom", [True, False])
def test_a_valid_file_creates_the_areas_and_addresses_route_by_them(
    teams: dict[str, Wijkteam], write: Callable[..., Path], bom: bool
) -> None:
    out = run(write("Centrum;8500;", "Noord;8500;Sint-Jansplein", "noord;8520;", bom=bom))
    assert areas() == {
        ("Centrum", "8500", ""),
        ("Noord", "8500", "Sint-Jansplein"),
        ("Noord", "8520", ""),
    }
    assert Area.objects.get(street="Sint-Jansplein").street_key == "sint jansplein"
    assert "3 gebieden geïmporteerd, 0 bestaande gebieden vervangen." in out
    assert "Noord: 2 gebieden" in out
    assert team_for_address(postcode="8500", street="sint jansplein").team == teams["Noord"]
    assert team_for_address(postcode="8500", street="Budastraat").team == teams["Centrum"]


def test_the_street_and_municipality_columns_are_optional(
    teams: dict[str, Wijkteam], write: Callable[..., Path]
) -> None:
    run(write("Zuid;8510", header="team;postcode"))
    run(write("Zuid;8511;Aalbeke", header="team;postcode;gemeente"))
    assert areas() == {("Zuid", "8510", ""), ("Zuid", "8511", "")}
    assert Area.objects.get(postcode="8511").municipality == "Aalbeke"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Oost;8500;", "Rij 2: team: er is geen wijkteam “Oost”."),
        (";8500;", "Rij 2: team: geef de naam van een wijkteam."),
        ("Gestopt;8500;", "Rij 2: team: het wijkteam “Gestopt” is niet actief."),
        ("Centrum;850;", "Rij 2: postcode: Geef een Belgische postcode van vier cijfers"),
        ("Centrum;0850;", "Rij 2: postcode: Geef een Belgische postcode van vier cijfers"),
        ("Centrum;8500;" + "x" * 101, "Rij 2: straat: hoogstens 100 tekens."),
        ("Centrum;8500;--", "Rij 2: straat: een straatnaam heeft letters of cijfers nodig."),
        ("Centrum;8500;Budastraat;extra", "Rij 2: de rij heeft meer waarden dan de kopregel"),
    ],
)
def test_each_bad_row_is_refused_with_its_reason_and_nothing_is_saved(
    teams: dict[str, Wijkteam], write: Callable[..., Path], line: str, message: str
) -> None:
    WijkteamFactory.create(name="Gestopt", is_active=False)
    output = refused(write("Noord;8500;Lange Munte", line))
    assert message.replace("Rij 2", "Rij 3") in output
    assert not Area.objects.exists()


def test_a_place_twice_in_the_file_names_the_first_row(
    teams: dict[str, Wijkteam], write: Callable[..., Path]
) -> None:
    output = refused(
        write(
            "Noord;8500;Sint-Jansplein", "Centrum;8500;", "Zuid;8500;sint jansplein", "Zuid;8500;"
        )
    )
    assert "Rij 4: sint jansplein in 8500 staat al in rij 2." in output
    assert "Rij 5: postcode 8500 staat al in rij 3." in output


def test_a_place_another_team_has_is_refused_naming_that_team(
    teams: dict[str, Wijkteam], write: Callable[..., Path]
) -> None:
    AreaFactory.create(team=teams["Centrum"], postcode="8500")
    AreaFactory.create(team=teams["Zuid"], postcode="8500", street="Pottelberg")
    output = refused(write("Noord;8500;", "Noord;8500;POTTELBERG", "Noord;8500;Lange Munte"))
    assert "Rij 2: postcode 8500 hoort al bij wijkteam Centrum." in output
    assert "Rij 3: POTTELBERG in 8500 hoort al bij wijkteam Zuid." in output
    assert "Rij 4" not in output  # a street in a postcode of another team is no conflict


def test_replace_swaps_the_areas_of_the_teams_in_the_file_only(
    teams: dict[str, Wijkteam], write: Callable[..., Path]
) -> None:
    AreaFactory.create(team=teams["Noord"], postcode="8500", street="Lange Munte")
    AreaFactory.create(team=teams["Noord"], postcode="8501")
    AreaFactory.create(team=teams["Zuid"], postcode="8500", street="Pottelberg")
    path = write("Noord;8500;Lange Munte", "Noord;8500;Noordstraat")
    assert "Gebruik --replace" in refused(path)
    out = run(path, "--replace")
    assert "2 gebieden geïmporteerd, 2 bestaande gebieden vervangen." in out
    assert areas() == {
        ("Noord", "8500", "Lange Munte"),
        ("Noord", "8500", "Noordstraat"),
        ("Zuid", "8500", "Pottelberg"),
    }


def test_replace_still_refuses_a_place_of_a_team_not_in_the_file_and_keeps_the_old_areas(
    teams: dict[str, Wijkteam], write: Callable[..., Path]
) -> None:
    AreaFactory.create(team=teams["Noord"], postcode="8501")
    AreaFactory.create(team=teams["Zuid"], postcode="8500", street="Pottelberg")
    output = refused(write("Noord;8500;Pottelberg"), "--replace")
    assert "Rij 2: Pottelberg in 8500 hoort al bij wijkteam Zuid." in output
    assert "--replace" not in output.split("Zuid.")[1]
    assert ("Noord", "8501", "") in areas()


def test_a_dry_run_reports_and_saves_nothing(
    teams: dict[str, Wijkteam], write: Callable[..., Path]
) -> None:
    AreaFactory.create(team=teams["Noord"], postcode="8501")
    out = run(write("Noord;8500;Lange Munte", "Centrum;8500;"), "--dry-run", "--replace")
    assert (
        "Proefdraaien: 2 gebieden zouden geïmporteerd worden en 1 bestaande gebieden vervangen. "
        "Er is niets opgeslagen."
    ) in out
    assert areas() == {("Noord", "8501", "")}


def test_a_bad_header_or_an_empty_file_is_refused(
    teams: dict[str, Wijkteam], write: Callable[..., Path]
) -> None:
    output = refused(write("Centrum;8500", header="wijk;postcode"))
    assert "Rij 1: onbekende kolom “wijk”" in output
    assert "Rij 1: het bestand mist de kolommen team." in output
    assert "Het bestand bevat geen gebieden, alleen een kopregel." in refused(write())


def test_a_missing_file_is_refused(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        call_command("import_areas", str(tmp_path / "nergens.csv"), stderr=StringIO())


def test_the_sample_file_imports_into_the_demo_city(db: None) -> None:
    seed_city()
    out = run(ROOT / "demo" / "samples" / "areas.csv")
    assert "4 gebieden geïmporteerd" in out
    assert team_for_address(postcode="8520", street="Markt").team == Wijkteam.objects.get(
        name="Noord"
    )
