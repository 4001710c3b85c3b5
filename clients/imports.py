"""Import client files from a legacy system's CSV export (`manage.py import_clients`).

    rijksregisternummer;voornaam;achternaam;geboortedatum;geslacht;postcode;huur;medewerker
    85073000328;Anna;Peeters;30/07/1985;V;8500;650,00;ma.centrum

Semicolons, UTF-8 with or without a byte order mark, decimal commas, dates as dd/mm/jjjj (see
README, "Importing data", for every column). Each row becomes a client file routed to the
wijkteam of its address, with an open assignment to the social worker the row names (who must
work in that team) and a CREATE row in its access log by the system actor "import".

All or nothing: every rejected row is listed ("Rij 7: ...") and nothing is saved. A birth date
or sex that the row's national number contradicts is refused, as in the intake. National
numbers appear in messages only masked. The checks and the inserts take a fixed number of
queries per batch of rows, not per row, so 10,000 rows import in seconds.

No `client_file_changed` is sent per client: that would queue (or, without a broker, run) one
non-take-up scan per imported file. The next nightly scan covers the imported clients; a team
lead can start one at once under "Niet-opgenomen rechten".
"""

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from clients.access_log import access_log_record_many
from clients.log_actions import LOGGED_IMPORTED
from clients.models import AccessLog, Assignment, Client, Sex, mask_national_number
from clients.national_number import national_number_check_match, national_number_clean
from core.csv_reading import CsvImportError, csv_rows, parse_amount, read_header, row_error
from core.request_log import mask_national_numbers
from wijkteams.models import Membership, User
from wijkteams.selectors import active_memberships
from wijkteams.services import teams_for_addresses

IMPORT_ACTOR = "import"  # AccessLog.actor_label of the imported files' CREATE rows
LOGGED_PURPOSE = gettext_noop("taken over from the previous system")

# Column -> Client field. The worker column names a user, not a field.
FIELDS = {
    "rijksregisternummer": "national_number",
    "voornaam": "first_name",
    "achternaam": "last_name",
    "geboortedatum": "birth_date",
    "geslacht": "sex",
    "telefoon": "phone",
    "email": "email",
    "straat": "street",
    "huisnummer": "house_number",
    "postcode": "postcode",
    "gemeente": "municipality",
    "taal": "preferred_language",
    "verblijfsstatus": "residence_status",
    "woonsituatie": "tenure",
    "huur": "rent",
}
COLUMN_OF = {field: column for column, field in FIELDS.items()}
WORKER_COLUMN = "medewerker"
REQUIRED_COLUMNS = (
    "rijksregisternummer",
    "voornaam",
    "achternaam",
    "geboortedatum",
    "geslacht",
    "postcode",
)
OPTIONAL_COLUMNS = tuple(column for column in FIELDS if column not in REQUIRED_COLUMNS)
CHOICE_COLUMNS: dict[str, type[models.TextChoices]] = {
    "geslacht": Sex,
    "taal": Client.Language,
    "verblijfsstatus": Client.ResidenceStatus,
    "woonsituatie": Client.Tenure,
}
# Spellings legacy exports use beyond the codes and the Dutch and English labels.
EXTRA_SPELLINGS = {"geslacht": {"v": Sex.FEMALE}}
MAX_BYTES = 100_000_000
BATCH_SIZE = 500  # rows per IN (...) lookup: well under every database's parameter limit
_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class ClientImportReport:
    created: int
    per_team: dict[str, int]  # team name -> clients, by name
    dry_run: bool


@dataclass(frozen=True)
class _Row:
    number: int
    client: Client
    worker_name: str


@dataclass(frozen=True)
class _Checked:
    client: Client  # with its team
    worker: User


class _Problems:
    """What is wrong, per row number; listed in the file's order."""

    def __init__(self) -> None:
        self.by_row: dict[int, list[str]] = {}

    def add(self, number: int, problem: str) -> None:
        self.by_row.setdefault(number, []).append(problem)

    def column(self, number: int, column: str, message: str) -> None:
        self.add(number, _("%(column)s: %(message)s") % {"column": column, "message": message})

    def lines(self) -> list[str]:
        return [
            row_error(number, problem)
            for number in sorted(self.by_row)
            for problem in self.by_row[number]
        ]


def _spellings(column: str) -> dict[str, str]:
    """Every accepted spelling of a choice column, folded: the code, the Dutch and English
    labels, and the extra spellings."""
    choices = CHOICE_COLUMNS[column]
    known: dict[str, str] = {}
    for language in ("en", "nl-be"):
        with translation.override(language):
            for value, label in choices.choices:
                known[str(label).casefold()] = value
    known.update({value.casefold(): value for value in choices.values})
    known.update({key: str(value) for key, value in EXTRA_SPELLINGS.get(column, {}).items()})
    return known


def _parse_date(text: str) -> dt.date | None:
    if match := _DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _parse_row(
    number: int,
    record: dict[str, str],
    *,
    spellings: dict[str, dict[str, str]],
    default_worker: str,
    problems: _Problems,
) -> _Row | None:
    """An unsaved Client of one row, checked by the model's own validators and against its
    national number; None when the row has problems (added to `problems`)."""
    fields: dict[str, Any] = {}
    failed: set[str] = set()

    def refuse(column: str, message: str) -> None:
        # A shifted column can put a national number in a quoted cell value: mask it.
        problems.column(number, column, mask_national_numbers(message))
        failed.add(FIELDS[column])

    def report(error: ValidationError) -> None:
        """The messages of a check of the whole row, each under its column."""
        for field, messages in error.message_dict.items():
            failed.add(field)
            for message in messages:
                if field == NON_FIELD_ERRORS:
                    problems.add(number, message)
                else:
                    problems.column(number, COLUMN_OF.get(field, field), message)

    try:
        fields["national_number"] = national_number_clean(record["rijksregisternummer"])
    except ValidationError as error:
        # The messages never contain the number itself.
        for message in error.messages:
            refuse("rijksregisternummer", message)
    birth_text = record["geboortedatum"]
    birth_date = _parse_date(birth_text)
    if birth_date is None:
        refuse(
            "geboortedatum",
            _("“%(value)s” is not a date: write dd/mm/jjjj, for example 30/07/1985.")
            % {"value": birth_text},
        )
    else:
        fields["birth_date"] = birth_date
    for column, known in spellings.items():
        text = record.get(column, "")
        if not text:
            continue  # the model's default, or "required" for the sex
        value = known.get(text.casefold())
        if value is None:
            refuse(
                column,
                _("unknown value “%(value)s” (use %(codes)s).")
                % {"value": text, "codes": ", ".join(CHOICE_COLUMNS[column].values)},
            )
        else:
            fields[FIELDS[column]] = value
    rent_text = record.get("huur", "")
    if rent_text:
        rent = parse_amount(rent_text)
        if rent is None:
            refuse("huur", _("“%(value)s” is not an amount (write 650,00).") % {"value": rent_text})
        else:
            fields["rent"] = rent
    for column in ("voornaam", "achternaam", "telefoon", "email", "straat", "huisnummer"):
        if column in record:
            fields[FIELDS[column]] = record[column]
    fields["municipality"] = record.get("gemeente", "")
    fields["postcode"] = record["postcode"]
    if not record["postcode"]:
        refuse("postcode", _("give the postcode: it decides the wijkteam."))
    fields.setdefault("sex", "")
    worker_name = record.get(WORKER_COLUMN, "") or default_worker
    if not worker_name:
        problems.column(number, WORKER_COLUMN, _("give the username of the social worker."))
    client = Client(**fields)
    try:
        # Uniqueness and the team are checked below for all rows at once. The check constraints
        # repeat the field validators, and checking them here would cost a query per row.
        client.full_clean(
            exclude=["team", *failed], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        report(error)
    if not failed & {"national_number", "birth_date"}:
        # As every write path of a client file (clients.services): the number and what was
        # typed beside it must agree.
        try:
            national_number_check_match(
                client.national_number,
                birth_date=client.birth_date,
                sex="" if "sex" in failed else client.sex,
            )
        except ValidationError as error:
            report(error)
    if failed or not worker_name:
        return None
    return _Row(number=number, client=client, worker_name=worker_name)


def _in_batches(values: Iterable[str], query: Callable[[list[str]], Iterable[Any]]) -> list[Any]:
    values = sorted(set(values))
    found: list[Any] = []
    for start in range(0, len(values), BATCH_SIZE):
        found.extend(query(values[start : start + BATCH_SIZE]))
    return found


def _check_duplicates(rows: list[_Row], problems: _Problems) -> None:
    first_row: dict[str, int] = {}
    for row in rows:
        number = row.client.national_number
        earlier = first_row.setdefault(number, row.number)
        if earlier != row.number:
            problems.column(
                row.number,
                "rijksregisternummer",
                _("%(number)s is already in row %(first)s.")
                % {"number": mask_national_number(number), "first": earlier},
            )
    existing = set(
        _in_batches(
            first_row,
            lambda chunk: Client.objects.filter(national_number__in=chunk).values_list(
                "national_number", flat=True
            ),
        )
    )
    for row in rows:
        number = row.client.national_number
        if number in existing and first_row[number] == row.number:
            problems.column(
                row.number,
                "rijksregisternummer",
                _("a client file with national number %(number)s already exists.")
                % {"number": mask_national_number(number)},
            )


def _route_and_assign(rows: list[_Row], problems: _Problems) -> list[_Checked]:
    """Each row's team from its address, and its worker, who must be an active social worker
    of that team today. Three queries per batch of rows, whatever their number."""
    routes = teams_for_addresses(
        [(row.client.postcode, row.client.street, row.client.house_number) for row in rows]
    )
    users = {
        user.username: user
        for user in _in_batches(
            (row.worker_name for row in rows),
            lambda chunk: User.objects.filter(username__in=chunk),
        )
    }
    # Administrators and the data-protection officer hold no team role (see roles_for).
    eligible = [
        user.pk
        for user in users.values()
        if user.is_active and not user.is_staff and not user.is_data_protection_officer
    ]
    works_in: set[tuple[int, int]] = set()
    for start in range(0, len(eligible), BATCH_SIZE):
        works_in.update(
            active_memberships()
            .filter(
                user_id__in=eligible[start : start + BATCH_SIZE],
                role=Membership.Role.SOCIAL_WORKER,
            )
            .values_list("user_id", "team_id")
        )
    checked: list[_Checked] = []
    for row, route in zip(rows, routes, strict=True):
        if route.team is None:
            problems.column(
                row.number,
                "postcode",
                _("no wijkteam covers this address: check the postcode and the street."),
            )
            continue
        user = users.get(row.worker_name)
        if user is None:
            problems.column(
                row.number,
                WORKER_COLUMN,
                _("there is no user “%(username)s”.") % {"username": row.worker_name},
            )
        elif not user.is_active:
            problems.column(
                row.number,
                WORKER_COLUMN,
                _("the user “%(username)s” is not active.") % {"username": row.worker_name},
            )
        elif (user.pk, route.team.pk) not in works_in:
            problems.column(
                row.number,
                WORKER_COLUMN,
                _(
                    "“%(username)s” is not a social worker of wijkteam %(team)s, "
                    "where this address belongs."
                )
                % {"username": row.worker_name, "team": route.team.name},
            )
        else:
            row.client.team = route.team
            checked.append(_Checked(client=row.client, worker=user))
    return checked


def _check(data: bytes, *, default_worker: str) -> list[_Checked]:
    """The rows of the file, each with its team and worker, or CsvImportError listing every
    problem of every row."""
    rows = csv_rows(data)
    required = REQUIRED_COLUMNS if default_worker else (*REQUIRED_COLUMNS, WORKER_COLUMN)
    optional = (*OPTIONAL_COLUMNS, WORKER_COLUMN) if default_worker else OPTIONAL_COLUMNS
    header = read_header(rows, required=required, optional=optional)
    if default_worker and not User.objects.filter(username=default_worker).exists():
        raise CsvImportError(
            _("--worker: there is no user “%(username)s”.") % {"username": default_worker}
        )
    spellings = {column: _spellings(column) for column in CHOICE_COLUMNS}
    problems = _Problems()
    parsed: list[_Row] = []
    for number, values in rows:
        if header.surplus(values):
            problems.add(number, _("the row has more values than the header has columns."))
            continue
        row = _parse_row(
            number,
            header.values(values),
            spellings=spellings,
            default_worker=default_worker,
            problems=problems,
        )
        if row is not None:
            parsed.append(row)
    if not parsed and not problems.by_row:
        raise CsvImportError(_("The file has no clients, only a header."))
    _check_duplicates(parsed, problems)
    checked = _route_and_assign(parsed, problems)
    if problems.by_row:
        raise CsvImportError(problems.lines())
    return checked


@transaction.atomic
def clients_import(
    *, data: bytes, default_worker: str = "", dry_run: bool = False
) -> ClientImportReport:
    """Create a client file for each row of a legacy CSV export, all or nothing.

    `default_worker` is the username for rows whose `medewerker` is empty or absent. With
    `dry_run` every check runs and nothing is written. CsvImportError lists every problem.
    """
    rows = _check(data, default_worker=default_worker)
    per_team = Counter(row.client.team.name for row in rows if row.client.team is not None)
    report = ClientImportReport(
        created=len(rows), per_team=dict(sorted(per_team.items())), dry_run=dry_run
    )
    if dry_run:
        return report
    now = timezone.now()
    clients = [row.client for row in rows]
    try:
        with transaction.atomic():
            # Both PostgreSQL and SQLite (3.35+) return the new ids, which the rows below need.
            Client.objects.bulk_create(clients, batch_size=BATCH_SIZE)
    except IntegrityError:
        # A file with one of these numbers was registered between the check and the insert.
        raise CsvImportError(
            _(
                "A client file with one of these national numbers was registered meanwhile. "
                "Nothing was imported: run the import again."
            )
        ) from None
    access_log_record_many(
        client_ids=[client.pk for client in clients],
        actor_label=IMPORT_ACTOR,
        action=AccessLog.Action.CREATE,
        what=LOGGED_IMPORTED,
        purpose=LOGGED_PURPOSE,
    )
    Assignment.objects.bulk_create(
        (
            Assignment(client=row.client, worker=row.worker, started_at=now, assigned_by=row.worker)
            for row in rows
        ),
        batch_size=BATCH_SIZE,
    )
    return report
