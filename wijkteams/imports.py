"""Import the areas of the wijkteams from a CSV file (`manage.py import_areas`).

    team;postcode;straat;gemeente
    Centrum;8500;;Kortrijk
    Noord;8500;Lange Munte;Kortrijk

An empty street means the whole postcode; `straat` and `gemeente` may be left out. All or
nothing: one bad row refuses the file, with every problem listed by row. House-number ranges
are not imported: add them in the admin.
"""

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.csv_reading import CsvImportError, csv_rows, read_header, row_error
from wijkteams.models import Area, Wijkteam, postcode_validator
from wijkteams.services import normalize_street

REQUIRED_COLUMNS = ("team", "postcode")
OPTIONAL_COLUMNS = ("straat", "gemeente")
STREET_MAX_LENGTH = Area._meta.get_field("street").max_length or 100
MUNICIPALITY_MAX_LENGTH = Area._meta.get_field("municipality").max_length or 100


@dataclass(frozen=True)
class AreaImportReport:
    created: int
    replaced: int  # existing areas of the named teams removed (with --replace)
    per_team: dict[str, int]
    dry_run: bool


@dataclass(frozen=True)
class _Row:
    number: int
    team: Wijkteam
    postcode: str
    street: str
    municipality: str

    @property
    def place(self) -> tuple[str, str]:
        return (self.postcode, normalize_street(self.street))


def _place_label(postcode: str, street: str) -> str:
    if street:
        return _("%(street)s in %(postcode)s") % {"street": street, "postcode": postcode}
    return _("postcode %(postcode)s") % {"postcode": postcode}


def _team_lookup() -> dict[str, Wijkteam]:
    """Teams by name; a name differing only in case matches too, unless that is ambiguous."""
    teams = list(Wijkteam.objects.all())
    by_name = {team.name: team for team in teams}
    folded = Counter(team.name.casefold() for team in teams)
    for team in teams:
        if folded[team.name.casefold()] == 1:
            by_name.setdefault(team.name.casefold(), team)
    return by_name


def _parse(data: bytes, errors: list[str]) -> list[_Row]:
    rows = csv_rows(data)
    header = read_header(rows, required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS)
    teams = _team_lookup()
    parsed: list[_Row] = []
    for number, values in rows:
        record = header.values(values)
        problems: list[str] = []
        if header.surplus(values):
            problems.append(_("the row has more values than the header has columns."))
        name, postcode = record["team"], record["postcode"]
        street, municipality = record.get("straat", ""), record.get("gemeente", "")
        team = teams.get(name) or teams.get(name.casefold())
        if not name:
            problems.append(_("team: give the name of a wijkteam."))
        elif team is None:
            problems.append(_("team: there is no wijkteam “%(name)s”.") % {"name": name})
        elif not team.is_active:
            problems.append(_("team: the wijkteam “%(name)s” is not active.") % {"name": name})
        try:
            postcode_validator(postcode)
        except ValidationError as error:
            problems.extend(f"postcode: {message}" for message in error.messages)
        if len(street) > STREET_MAX_LENGTH:
            problems.append(
                _("straat: at most %(count)s characters.") % {"count": STREET_MAX_LENGTH}
            )
        elif street and not normalize_street(street):
            problems.append(_("straat: a street name needs letters or digits."))
        if len(municipality) > MUNICIPALITY_MAX_LENGTH:
            problems.append(
                _("gemeente: at most %(count)s characters.") % {"count": MUNICIPALITY_MAX_LENGTH}
            )
        if problems:
            errors.extend(row_error(number, problem) for problem in problems)
        elif team is not None:
            parsed.append(
                _Row(
                    number=number,
                    team=team,
                    postcode=postcode,
                    street=street,
                    municipality=municipality,
                )
            )
    if not parsed and not errors:
        errors.append(_("The file has no areas, only a header."))
    return parsed


def _check_conflicts(rows: list[_Row], *, replace: bool, errors: list[str]) -> None:
    """A postcode or street twice in the file, or already given to a team in the database
    (other than the teams the file replaces), refuses the row and names the other one."""
    first_row: dict[tuple[str, str], _Row] = {}
    for row in rows:
        earlier = first_row.setdefault(row.place, row)
        if earlier is not row:
            errors.append(
                row_error(
                    row.number,
                    _("%(place)s is already given in row %(first)s.")
                    % {"place": _place_label(row.postcode, row.street), "first": earlier.number},
                )
            )
    postcodes = sorted({row.postcode for row in rows})
    existing = Area.objects.filter(
        postcode__in=postcodes, number_from__isnull=True, number_to__isnull=True
    ).select_related("team")
    team_ids = {row.team.pk for row in rows}
    if replace:
        existing = existing.exclude(team_id__in=team_ids)
    taken = {(area.postcode, area.street_key): area for area in existing}
    for row in rows:
        area = taken.get(row.place)
        if area is None or first_row[row.place] is not row:
            continue
        problem = _("%(place)s already belongs to wijkteam %(team)s.") % {
            "place": _place_label(row.postcode, row.street),
            "team": area.team.name,
        }
        if area.team_id in team_ids:
            # Without --replace (with it, these areas are gone first).
            problem += " " + _("Use --replace to replace the areas of the teams in the file.")
        errors.append(row_error(row.number, problem))


@transaction.atomic
def areas_import(*, data: bytes, replace: bool = False, dry_run: bool = False) -> AreaImportReport:
    """Create the areas of a CSV file; with `replace`, the teams it names lose their other areas
    first, in the same transaction. CsvImportError lists every bad row and nothing is saved."""
    errors: list[str] = []
    rows = _parse(data, errors)
    if rows:
        _check_conflicts(rows, replace=replace, errors=errors)
    if errors:
        raise CsvImportError(errors)
    team_ids = {row.team.pk for row in rows}
    replaced = Area.objects.filter(team_id__in=team_ids) if replace else Area.objects.none()
    per_team = Counter(row.team.name for row in rows)
    report = AreaImportReport(
        created=len(rows),
        replaced=replaced.count() if replace else 0,
        per_team=dict(sorted(per_team.items())),
        dry_run=dry_run,
    )
    if dry_run:
        return report
    if replace:
        replaced.delete()
    areas = [
        Area(
            team=row.team,
            postcode=row.postcode,
            street=row.street,
            street_key=normalize_street(row.street),
            municipality=row.municipality,
        )
        for row in rows
    ]
    try:
        with transaction.atomic():
            Area.objects.bulk_create(areas, batch_size=500)
    except IntegrityError:
        # Someone saved an area of the same place between the check and the insert.
        raise CsvImportError(
            _("Areas were changed meanwhile by someone else. Nothing was imported: try again.")
        ) from None
    return report
