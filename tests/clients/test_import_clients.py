"""`manage.py import_clients`: client files from a legacy CSV export, all or nothing."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients.imports import IMPORT_ACTOR
from clients.log_actions import LOGGED_IMPORTED
from clients.models import AccessLog, Assignment, Client, Sex, mask_national_number
from clients.national_number import national_number_for
from demo.city import seed_city
from tests.factories import (
    AreaFactory,
    ClientFactory,
    MembershipFactory,
    WijkteamFactory,
    administrator,
    social_worker,
    team_lead,
)
from wijkteams.models import Wijkteam
from wijkteams.services import team_for_address, teams_for_addresses

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HEADER = (
    "rijksregisternummer;voornaam;achternaam;geboortedatum;geslacht;telefoon;email;straat;"
    "huisnummer;postcode;gemeente;taal;verblijfsstatus;woonsituatie;huur;medewerker"
)
ANNA = national_number_for(dt.date(1985, 7, 30), 482)
BRAM = national_number_for(dt.date(1972, 2, 14), 123)
LIEN = national_number_for(dt.date(1990, 11, 3), 356)
ELS = national_number_for(dt.date(1980, 1, 1), 2)
KAREL = national_number_for(dt.date(1970, 1, 1), 7)
# The birth date and sex each number encodes (odd serials are men): a row must agree with them.
PERSON_OF = {
    ANNA: ("30/07/1985", "V"),
    BRAM: ("14/02/1972", "M"),
    LIEN: ("03/11/1990", "V"),
    ELS: ("01/01/1980", "V"),
    KAREL: ("01/01/1970", "M"),
}


@pytest.fixture
def city(db: None) -> dict[str, Any]:
    """Centrum serves postcode 8500, Heule 8501; one social worker in each."""
    centrum = WijkteamFactory.create(name="Centrum")
    heule = WijkteamFactory.create(name="Heule")
    AreaFactory.create(team=centrum, postcode="8500")
    AreaFactory.create(team=heule, postcode="8501")
    return {
        "centrum": centrum,
        "heule": heule,
        "ma.centrum": social_worker(centrum, username="ma.centrum"),
        "ma.heule": social_worker(heule, username="ma.heule"),
    }


def row(**changes: str) -> str:
    """A valid row (Anna, Budastraat 12 in 8500, worker ma.centrum) with some columns changed;
    another person's national number brings their birth date and sex."""
    birth_date, sex = PERSON_OF.get(changes.get("rijksregisternummer", ANNA), PERSON_OF[ANNA])
    values = {
        "rijksregisternummer": ANNA,
        "voornaam": "Anna",
        "achternaam": "Vercammen",
        "geboortedatum": birth_date,
        "geslacht": sex,
        "telefoon": "056 11 22 33",
        "email": "anna@example.org",
        "straat": "Budastraat",
        "huisnummer": "12",
        "postcode": "8500",
        "gemeente": "Kortrijk",
        "taal": "nl",
        "verblijfsstatus": "belgian",
        "woonsituatie": "private",
        "huur": "650,50",
        "medewerker": "ma.centrum",
    }
    unknown = set(changes) - set(values)
    assert not unknown, unknown
    values.update(changes)
    return ";".join(values[column] for column in HEADER.split(";"))


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    def write(*rows: str, header: str = HEADER, bom: bool = False) -> Path:
        path = tmp_path / "clients.csv"
        text = "\r\n".join([header, *rows]) + "\r\n"
        path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
        return path

    return write


def run(path: Path, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_clients", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(path: Path, *args: str) -> str:
    """The messages of a refused import (stderr and the CommandError), after checking that it
    saved nothing."""
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_clients", str(path), *args, stdout=out, stderr=err)
    assert str(caught.value) == (
        "Er is niets geïmporteerd: verbeter het bestand en voer de opdracht opnieuw uit."
    )
    assert Client.objects.count() == 0
    assert Assignment.objects.count() == 0
    assert AccessLog.objects.count() == 0
    return out.getvalue() + err.getvalue()


@pytest.mark.parametrize("bom", [True, False])
def test_a_valid_file_creates_routed_clients_with_their_worker(
    city: dict[str, Any], write: Callable[..., Path], bom: bool
) -> None:
    path = write(
        row(),
        row(
            rijksregisternummer=BRAM,
            voornaam="Bram",
            geboortedatum="14/02/1972",
            geslacht="M",
            straat="Peperstraat",
            postcode="8501",
            gemeente="Heule",
            taal="Frans",  # a Dutch label is taken as well as the code
            woonsituatie="social",
            huur="1.234,56",
            medewerker="ma.heule",
        ),
        bom=bom,
    )
    out, err = run(path)
    assert err == ""
    assert "Centrum: 1 cliënt" in out
    assert "Heule: 1 cliënt" in out
    assert "2 cliënten geïmporteerd." in out
    anna = Client.objects.get(national_number=ANNA)
    assert anna.first_name == "Anna"  # the BOM did not end up in the first column's header
    assert anna.birth_date == dt.date(1985, 7, 30)
    assert anna.sex == Sex.FEMALE
    assert anna.rent == Decimal("650.50")
    assert anna.team == city["centrum"]
    assert anna.tenure == Client.Tenure.PRIVATE
    bram = Client.objects.get(national_number=BRAM)
    assert bram.team == city["heule"]
    assert bram.rent == Decimal("1234.56")
    assert bram.preferred_language == Client.Language.FRENCH
    assert bram.tenure == Client.Tenure.SOCIAL
    assignment = Assignment.objects.get(client=bram, ended_at__isnull=True)
    assert assignment.worker == city["ma.heule"]
    log = AccessLog.objects.get(client=anna)
    assert (log.actor, log.actor_label, log.action, log.what_key) == (
        None,
        IMPORT_ACTOR,
        AccessLog.Action.CREATE,
        LOGGED_IMPORTED,
    )


def test_optional_columns_may_be_absent_and_worker_may_come_from_the_option(
    city: dict[str, Any], write: Callable[..., Path]
) -> None:
    path = write(
        f"{ANNA};Anna;Vercammen;30/07/1985;v;8500",
        header="rijksregisternummer;voornaam;achternaam;geboortedatum;geslacht;postcode",
    )
    run(path, "--worker", "ma.centrum")
    anna = Client.objects.get()
    assert (anna.team, anna.rent, anna.tenure) == (city["centrum"], None, Client.Tenure.UNKNOWN)
    assert Assignment.objects.get().worker == city["ma.centrum"]


def test_the_worker_column_wins_over_the_option(
    city: dict[str, Any], write: Callable[..., Path]
) -> None:
    colleague = social_worker(city["centrum"], username="ma.centrum2")
    run(write(row(medewerker=""), row(rijksregisternummer=BRAM)), "--worker", "ma.centrum2")
    workers = dict(Assignment.objects.values_list("client__national_number", "worker"))
    assert workers == {ANNA: colleague.pk, BRAM: city["ma.centrum"].pk}


def test_an_unknown_worker_option_refuses_the_file(
    city: dict[str, Any], write: Callable[..., Path]
) -> None:
    output = refused(write(row()), "--worker", "ma.niemand")
    assert "--worker: er is geen gebruiker “ma.niemand”." in output


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"rijksregisternummer": ANNA[:-1] + str((int(ANNA[-1]) + 1) % 10)},
            "Rij 2: rijksregisternummer: Dit is geen geldig rijksregister- of BIS-nummer",
        ),
        ({"voornaam": ""}, "Rij 2: voornaam: Dit veld kan niet leeg zijn"),
        ({"geboortedatum": "31/02/1985"}, "Rij 2: geboortedatum: “31/02/1985” is geen datum"),
        ({"geboortedatum": "1/1/2999"}, "Rij 2: geboortedatum: Deze datum kan niet in de toekomst"),
        ({"geslacht": "Q"}, "Rij 2: geslacht: onbekende waarde “Q” (gebruik F, M, X)."),
        (
            {"geboortedatum": "31/07/1985"},
            "Rij 2: geboortedatum: De geboortedatum komt niet overeen met het rijksregisternummer.",
        ),
        (
            {"geslacht": "M"},
            "Rij 2: geslacht: Het geslacht komt niet overeen met het rijksregisternummer.",
        ),
        ({"email": "anna-at-home"}, "Rij 2: email: Voer een geldig e-mailadres in."),
        ({"postcode": "850"}, "Rij 2: postcode: Geef een Belgische postcode van vier cijfers"),
        ({"postcode": ""}, "Rij 2: postcode: geef de postcode: die bepaalt het wijkteam."),
        (
            {"postcode": "9000"},
            "Rij 2: postcode: geen wijkteam bedient dit adres: controleer de postcode en de "
            "straat.",
        ),
        ({"taal": "klingon"}, "Rij 2: taal: onbekende waarde “klingon”"),
        ({"woonsituatie": "kasteel"}, "Rij 2: woonsituatie: onbekende waarde “kasteel”"),
        ({"huur": "zeshonderd"}, "Rij 2: huur: “zeshonderd” is geen bedrag (schrijf 650,00)."),
        ({"huur": "-5,00"}, "Rij 2: huur: Zorg ervoor dat deze waarde minstens 0.00 is."),
        ({"huur": "650,555"}, "Rij 2: huur: Zorg dat er niet meer dan 2 cijfers achter de komma"),
        ({"medewerker": ""}, "Rij 2: medewerker: geef de gebruikersnaam van de maatschappelijk"),
        ({"medewerker": "ma.niemand"}, "Rij 2: medewerker: er is geen gebruiker “ma.niemand”."),
        (
            {"medewerker": "ma.heule"},
            "Rij 2: medewerker: “ma.heule” is geen maatschappelijk assistent van wijkteam "
            "Centrum, waar dit adres bij hoort.",
        ),
    ],
)
def test_each_bad_row_is_refused_with_its_reason_and_nothing_is_saved(
    city: dict[str, Any], write: Callable[..., Path], changes: dict[str, str], message: str
) -> None:
    output = refused(write(row(**changes)))
    assert message in output
    assert changes.get("rijksregisternummer", ANNA) not in output


def test_the_worker_must_be_an_active_social_worker_today(
    city: dict[str, Any], write: Callable[..., Path]
) -> None:
    centrum = city["centrum"]
    gone = social_worker(centrum, username="ma.weg", is_active=False)
    ended = social_worker(WijkteamFactory.create(name="Elders"), username="ma.vroeger")
    MembershipFactory.create(
        user=ended, team=centrum, starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 12, 31)
    )
    team_lead(centrum, username="lead.centrum")
    admin = administrator(username="beheer")
    MembershipFactory.create(user=admin, team=centrum)
    output = refused(
        write(
            row(medewerker=gone.username),
            row(rijksregisternummer=BRAM, medewerker=ended.username),
            row(rijksregisternummer=LIEN, medewerker="lead.centrum"),
            row(rijksregisternummer=ELS, medewerker="beheer"),
        )
    )
    assert "Rij 2: medewerker: de gebruiker “ma.weg” is niet actief." in output
    assert "Rij 3: medewerker: “ma.vroeger” is geen maatschappelijk assistent" in output
    assert "Rij 4: medewerker: “lead.centrum” is geen maatschappelijk assistent" in output
    assert "Rij 5: medewerker: “beheer” is geen maatschappelijk assistent" in output


def test_every_bad_row_is_listed_with_its_number_in_the_file(
    city: dict[str, Any], write: Callable[..., Path]
) -> None:
    # Row 3 is empty: it is skipped but still counts, as in the spreadsheet.
    path = write(row(), "", row(rijksregisternummer=BRAM, geslacht="?"), row(postcode="9000"))
    output = refused(path)
    lines = [line for line in output.splitlines() if line.startswith("Rij")]
    assert lines == [
        "Rij 4: geslacht: onbekende waarde “?” (gebruik F, M, X).",
        f"Rij 5: rijksregisternummer: ••.••.••-•••.{ANNA[-2:]} staat al in rij 2.",
        "Rij 5: postcode: geen wijkteam bedient dit adres: controleer de postcode en de straat.",
    ]


def test_rows_their_national_number_contradicts_are_listed_and_nothing_is_saved(
    city: dict[str, Any], write: Callable[..., Path]
) -> None:
    path = write(
        row(),
        row(rijksregisternummer=BRAM, geboortedatum="14/02/1973"),
        row(rijksregisternummer=LIEN, geslacht="M"),
        row(rijksregisternummer=ELS, geslacht="X"),  # X (other or unknown) contradicts nothing
        # A date in the future says so; a bad number has nothing to compare.
        row(rijksregisternummer=KAREL, geboortedatum="1/1/2099"),
        row(rijksregisternummer=BRAM[:-1], geboortedatum="01/01/2000"),
    )
    output = refused(path)
    lines = [line for line in output.splitlines() if line.startswith("Rij")]
    assert lines == [
        "Rij 3: geboortedatum: De geboortedatum komt niet overeen met het rijksregisternummer.",
        "Rij 4: geslacht: Het geslacht komt niet overeen met het rijksregisternummer.",
        "Rij 6: geboortedatum: Deze datum kan niet in de toekomst liggen.",
        "Rij 7: rijksregisternummer: Een rijksregister- of BIS-nummer heeft 11 cijfers.",
    ]
    assert not any(number in output for number in (BRAM, LIEN, ELS, KAREL))


def test_a_number_twice_in_the_file_names_the_first_row_masked(
    city: dict[str, Any], write: Callable[..., Path]
) -> None:
    output = refused(write(row(), row(voornaam="Anna-Bis")))
    assert f"Rij 3: rijksregisternummer: {mask_national_number(ANNA)} staat al in rij 2." in output
    assert "Rij 2" not in output
    assert ANNA not in output


def test_a_number_already_in_the_database_is_refused_masked(
    city: dict[str, Any], write: Callable[..., Path]
) -> None:
    ClientFactory.create(national_number=ANNA, team=city["centrum"])
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("import_clients", str(write(row())), stdout=out, stderr=err)
    assert (
        "Rij 2: rijksregisternummer: er bestaat al een cliëntdossier met rijksregisternummer "
        f"{mask_national_number(ANNA)}."
    ) in err.getvalue()
    assert ANNA not in out.getvalue() + err.getvalue()
    assert Client.objects.count() == 1


def test_a_bad_header_refuses_the_file(city: dict[str, Any], write: Callable[..., Path]) -> None:
    output = refused(write(row(), header=HEADER.replace("medewerker", "mw")))
    assert "Rij 1: onbekende kolom “mw”" in output
    assert "Rij 1: het bestand mist de kolommen medewerker." in output


def test_a_file_that_is_not_utf8_is_refused(city: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "clients.csv"
    path.write_bytes((HEADER + "\r\n" + row(voornaam="Zoë") + "\r\n").encode("cp1252"))
    assert "Het bestand is geen UTF-8-tekst" in refused(path)


def test_a_dry_run_checks_everything_and_saves_nothing(
    city: dict[str, Any], write: Callable[..., Path]
) -> None:
    out, _err = run(write(row(), row(rijksregisternummer=BRAM)), "--dry-run")
    assert "Proefdraaien: 2 cliënten zouden geïmporteerd worden. Er is niets opgeslagen." in out
    assert Client.objects.count() == 0
    assert Assignment.objects.count() == 0
    assert AccessLog.objects.count() == 0
    # ... and it reports the same problems a real run would.
    assert "Rij 3: medewerker" in refused(
        write(row(), row(rijksregisternummer=BRAM, medewerker="x")), "--dry-run"
    )


def test_no_scan_is_queued_per_imported_client(
    city: dict[str, Any], write: Callable[..., Path], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        out, _err = run(write(row(), row(rijksregisternummer=BRAM)))
    # client_file_changed (and so a scan per client) would wait for the commit.
    assert callbacks == []
    assert "vannacht" in out


def test_the_import_takes_a_fixed_number_of_queries_per_batch(
    city: dict[str, Any], write: Callable[..., Path]
) -> None:
    rows = [
        row(
            rijksregisternummer=national_number_for(dt.date(1970, 1, 1) + dt.timedelta(i), 7),
            geboortedatum=f"{dt.date(1970, 1, 1) + dt.timedelta(i):%d/%m/%Y}",
            geslacht="M",
            huisnummer=str(i + 1),
        )
        for i in range(300)
    ]
    path = write(*rows)
    with CaptureQueriesContext(connection) as queries:
        run(path)
    assert Client.objects.count() == 300
    sql = [query["sql"] for query in queries.captured_queries]
    # Reads: existing national numbers, the areas of the postcodes, the workers, their teams.
    assert len([q for q in sql if q.startswith("SELECT")]) == 4
    writes = [q for q in sql if q.startswith(("INSERT", "COPY"))]
    per_table = {
        model: len([q for q in writes if f'"{model._meta.db_table}"' in q])
        for model in (Client, AccessLog, Assignment)
    }
    # As many inserts as the database's batch size needs: a few for 300 rows, not 300. The
    # access log goes through access_log_record_many, one COPY on PostgreSQL.
    for model, count in per_table.items():
        if model is AccessLog and connection.vendor == "postgresql":
            assert count == 1, model
            continue
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        batch = min(500, connection.ops.bulk_batch_size(fields, rows) or 500)
        assert count == -(-300 // batch), model
    assert sum(per_table.values()) < 30


def test_addresses_route_in_bulk_as_one_by_one(db: None) -> None:
    centrum, noord, stopped = (
        WijkteamFactory.create(name=name) for name in ("Centrum", "Noord", "Gestopt")
    )
    stopped.is_active = False
    stopped.save()
    AreaFactory.create(team=centrum, postcode="8500")
    AreaFactory.create(team=noord, postcode="8500", street="Lange Munte")
    AreaFactory.create(
        team=centrum, postcode="8500", street="Lange Munte", number_from=1, number_to=9
    )
    AreaFactory.create(team=stopped, postcode="8501")
    addresses = [
        ("8500", "Budastraat", "1"),
        ("8500", "lange-munte", "5"),
        ("8500", "Lange Munte", "50"),
        ("8500", "Lange Munte", ""),
        ("8501", "Peperstraat", "2"),
        ("", "Budastraat", "1"),
        ("9000", "", ""),
    ]
    expected = [team_for_address(postcode=p, street=s, house_number=n) for p, s, n in addresses]
    assert teams_for_addresses(addresses) == expected
    assert [route.team for route in expected] == [centrum, centrum, noord, noord, None, None, None]


def test_the_sample_file_imports_into_the_demo_city(db: None) -> None:
    seed_city()
    out, err = run(ROOT / "demo" / "samples" / "clients.csv")
    assert err == ""
    assert "5 cliënten geïmporteerd." in out
    assert Wijkteam.objects.filter(clients__isnull=False).distinct().count() == 4


def test_a_national_number_shifted_into_another_column_is_masked(
    city: dict[str, Any], write: Callable[..., Path]
) -> None:
    """A row whose columns slid one place puts the number where a date is expected; the
    message quoting that cell must not show it."""
    output = refused(write(row(geboortedatum=ANNA)))
    assert "Rij 2: geboortedatum: “**.**.**-***.**” is geen datum" in output
    assert ANNA not in output
