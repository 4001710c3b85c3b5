"""GDPR for client files: everything the OCMW holds about one client, as one download (the
right of access and to data portability, art. 15 and 20), and the anonymisation of closed files
once the retention period has passed (storage limitation, art. 5(1)(e)).

A client's data spans the apps above `clients`. Each app registers its tables of the export
and its anonymiser in clients/registry.py from its `AppConfig.ready()`, so `clients` names
none of them (DESIGN.md); `test_every_table_that_reaches_a_client_is_exported` fails when a
new table that points to a client is not registered.

Who exports: only the team lead of the client's team. The download holds the full national
number and the confidential (health) notes, so it is the same circle that reads those notes,
narrowed to the one person who answers for the team; a social worker asks the lead.
"""

import datetime as dt
import io
import json
import logging
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Case, F, QuerySet, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from clients.access_log import access_log_record
from clients.log_actions import LOGGED_ANONYMISED, LOGGED_EXPORT_CSV, LOGGED_EXPORT_JSON
from clients.models import (
    AccessLog,
    Assignment,
    Client,
    Debt,
    HouseholdMember,
    JournalEntry,
    Trajectory,
    TrajectoryEvent,
    TrajectoryStep,
)
from clients.registry import (
    ExportedFile,
    ExportSection,
    anonymisers,
    export_file_providers,
    export_sections,
)
from clients.selectors import client_is_led_by
from core.csv_writing import Cell, csv_text
from wijkteams.models import User
from wijkteams.selectors import Roles

logger = logging.getLogger(__name__)

# Why the access log rows were written (msgids: stored in English, translated when shown).
LOGGED_EXPORT_PURPOSE = gettext_noop("request of the client (GDPR)")
LOGGED_ANONYMISED_PURPOSE = gettext_noop("retention period ended (GDPR)")

ANONYMISATION_ACTOR = "anonymisation"


# --- export ----------------------------------------------------------------------------------


CLIENT_SECTION = ExportSection("client", "clients.Client", "pk", ("team",))
EXPORT_FORMAT_VERSION = 1
# A download up to this size is built in memory, a larger one (many scanned files) on disk.
EXPORT_SPOOL_BYTES = 8 * 1024 * 1024


def _columns(model: type[models.Model], labels: tuple[str, ...]) -> list[tuple[str, Any]]:
    """(column name, field) per stored field: `worker` for a labelled foreign key, else
    `trajectory_id`."""
    return [
        (field.name if not field.is_relation or field.name in labels else field.attname, field)
        for field in model._meta.concrete_fields
    ]


def _label(related: models.Model | None) -> str | None:
    if related is None:
        return None
    if isinstance(related, User):
        return related.get_full_name() or related.username
    return str(related)


def _plain(value: Any) -> Any:
    """A value JSON can hold exactly: dates as ISO 8601, amounts as strings."""
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _rows(section: ExportSection, client_id: int) -> list[dict[str, Any]]:
    model = apps.get_model(section.model)
    columns = _columns(model, section.labels)
    rows = (
        model._default_manager.filter(**{section.client_path: client_id})
        .select_related(*section.labels)
        .order_by("pk")
    )
    return [
        {
            key: _label(getattr(row, field.name))
            if field.is_relation and field.name in section.labels
            else _plain(getattr(row, field.attname))
            for key, field in columns
        }
        | {key: show(row) for key, show in section.shown}
        for row in rows
    ]


def client_export_document(*, client_id: int) -> dict[str, Any]:
    """Every stored row about the client, per table, as plain JSON values: one query per table,
    whatever the size of the file. Confidential journal entries and the full national number
    are in it: it is the client's own data."""
    document: dict[str, Any] = {
        "format": "ocmw-client-export",
        "version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "client": _rows(CLIENT_SECTION, client_id)[0],
    }
    for section in export_sections():
        document[section.name] = _rows(section, client_id)
    return document


def _csv_cell(value: Any, field: Any) -> Cell:
    """A stored value as a cell (the document holds amounts as strings: they go back to
    numbers, written with a decimal comma). Text is made spreadsheet-safe by the writer."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(field, models.DecimalField):
        return Decimal(str(value))
    return str(value)


def _csv(columns: list[tuple[str, Any]], rows: Iterable[Mapping[str, Any]]) -> bytes:
    header: list[Cell] = [key for key, _field in columns]
    lines = ([_csv_cell(row[key], field) for key, field in columns] for row in rows)
    return csv_text([header, *lines]).encode("utf-8")


def _tables_write(archive: zipfile.ZipFile, document: Mapping[str, Any]) -> None:
    """One CSV file per table (`;`, UTF-8 with a BOM), each with its header even when the table
    has no rows for this client."""
    for section in (CLIENT_SECTION, *export_sections()):
        columns = _columns(apps.get_model(section.model), section.labels)
        columns += [(key, None) for key, _show in section.shown]
        rows = document[section.name]
        rows = [rows] if isinstance(rows, dict) else rows
        archive.writestr(f"{section.name}.csv", _csv(columns, rows))


def client_files(client_id: int) -> Iterator[ExportedFile]:
    """The client's files the apps registered (clients/registry.py), one at a time."""
    for provider in export_file_providers():
        yield from provider(client_id)


def _checked_path(name: str, taken: set[str]) -> str:
    """A file's path in the ZIP: in a folder (never beside the tables), without `..` or a
    backslash, and not used before. A bad one is a bug of the app that registered it."""
    parts = name.split("/")
    if name in taken or "\\" in name or len(parts) < 2 or {"", ".", ".."} & set(parts):
        raise ValueError(f"not a safe, unique path for a file in the export: {name!r}")
    taken.add(name)
    return name


@dataclass(frozen=True)
class _FilesWritten:
    included: int
    missing: list[str]


NO_FILES = _FilesWritten(0, [])


def _files_write(archive: zipfile.ZipFile, files: Iterable[ExportedFile]) -> _FilesWritten:
    """Each file into the ZIP as it comes, so one file at a time is in memory. Stored as they
    are: PDFs and images are compressed already, deflating them again gains little."""
    taken: set[str] = set()
    included, missing = 0, []
    for file in files:
        path = _checked_path(file.name, taken)
        if file.data is None:
            missing.append(path)
            continue
        archive.writestr(path, file.data, compress_type=zipfile.ZIP_STORED)
        included += 1
    return _FilesWritten(included, missing)


def _readme(*, client: Client, export_format: str, files: _FilesWritten) -> bytes:
    """README.txt of a ZIP with files: what is in it, and which files could not be read."""
    lines = [
        _("Data export (GDPR) of client file %(client)s, made on %(date)s.")
        % {"client": client.pk, "date": f"{timezone.localdate():%d/%m/%Y}"},
        "",
        _("data.json holds every table of the file as one JSON document.")
        if export_format == ExportFormat.JSON
        else _("Each .csv file holds one table of the file (separated by semicolons, UTF-8)."),
        ngettext(
            "The folders beside it hold %(count)s file of the client, as stored; the table "
            "that lists a file names its path in this ZIP.",
            "The folders beside it hold %(count)s files of the client, as stored; the table "
            "that lists a file names its path in this ZIP.",
            files.included,
        )
        % {"count": files.included},
    ]
    if files.missing:
        lines += [
            "",
            ngettext(
                "%(count)s file could not be read and is not in this export; ask the OCMW for it:",
                "%(count)s files could not be read and are not in this export; ask the OCMW "
                "for them:",
                len(files.missing),
            )
            % {"count": len(files.missing)},
            *(f"- {path}" for path in files.missing),
        ]
    return ("\n".join(lines) + "\n").encode("utf-8")


@dataclass(frozen=True)
class ExportFile:
    filename: str  # without personal data: client-<pk>-<date>.<ext>
    content_type: str
    stream: IO[bytes]  # at its start; whoever sends it closes it

    @property
    def content(self) -> bytes:
        """The whole download at once (tests; the view streams `stream`)."""
        self.stream.seek(0)
        return self.stream.read()


class ExportFormat(models.TextChoices):
    JSON = "json", gettext_lazy("JSON (one document, in a ZIP with the client's files if any)")
    CSV = "csv", gettext_lazy("CSV (a ZIP file with one table per file and the client's files)")


def client_export_allowed(*, user: User, client: Client, roles: Roles | None = None) -> bool:
    """Only the lead of the client's team exports (see the module's docstring)."""
    return client_is_led_by(user, client, roles=roles)


def _export_log(*, actor: User, client: Client, export_format: str, files: _FilesWritten) -> None:
    if files.missing:
        logger.warning(
            "GDPR export of client %s: %s files could not be read", client.pk, len(files.missing)
        )
    access_log_record(
        client=client,
        actor=actor,
        action=AccessLog.Action.EXPORT,
        what=LOGGED_EXPORT_JSON if export_format == ExportFormat.JSON else LOGGED_EXPORT_CSV,
        params={"files": files.included, "files_missing": len(files.missing)},
        purpose=LOGGED_EXPORT_PURPOSE,
    )


@transaction.atomic
def client_export(*, actor: User, client: Client, export_format: str) -> ExportFile:
    """All data of one client as a download, with an `export` row in its access log that says
    how many of the client's files are in it (written before the tables are read, so the
    export shows its own row). JSON is one document, or a ZIP with it as data.json when the
    client has files; CSV is a ZIP of tables. Files go in one at a time, and a download past
    EXPORT_SPOOL_BYTES is built in a temporary file rather than in memory."""
    if not client_export_allowed(user=actor, client=client):
        raise PermissionDenied(_("Only the team lead of the client's team may export the file."))
    export_format = ExportFormat(export_format)
    stem = f"client-{client.pk}-{timezone.localdate().isoformat()}"
    files = client_files(client.pk)
    first = next(files, None)
    if export_format == ExportFormat.JSON and first is None:
        _export_log(actor=actor, client=client, export_format=export_format, files=NO_FILES)
        document = client_export_document(client_id=client.pk)
        content = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
        return ExportFile(f"{stem}.json", "application/json; charset=utf-8", io.BytesIO(content))
    spool = tempfile.SpooledTemporaryFile(max_size=EXPORT_SPOOL_BYTES)  # noqa: SIM115  # the caller closes it
    try:
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
            written = _files_write(archive, files if first is None else chain([first], files))
            _export_log(actor=actor, client=client, export_format=export_format, files=written)
            document = client_export_document(client_id=client.pk)
            if export_format == ExportFormat.JSON:
                archive.writestr("data.json", json.dumps(document, ensure_ascii=False, indent=2))
            else:
                _tables_write(archive, document)
            if written.included or written.missing:
                archive.writestr(
                    "README.txt",
                    _readme(client=client, export_format=export_format, files=written),
                )
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return ExportFile(f"{stem}.zip", "application/zip", spool)


# --- anonymisation ---------------------------------------------------------------------------


def anonymisation_cutoff(now: dt.datetime) -> dt.date:
    """Files closed before this day have passed the retention period."""
    today = timezone.localdate(now)
    year = today.year - settings.CLIENT_ANONYMISE_AFTER_YEARS
    try:
        return today.replace(year=year)
    except ValueError:  # 29 February
        return today.replace(year=year, day=28)


def clients_due_for_anonymisation(*, now: dt.datetime) -> QuerySet[Client]:
    """Closed files past the retention period that still hold personal data."""
    return Client.objects.filter(
        closed_on__isnull=False,
        closed_on__lt=anonymisation_cutoff(now),
        anonymised_at__isnull=True,
    ).order_by("pk")


def placeholder_national_number(client_id: int) -> str:
    """11 digits (the column's check constraint) that are never a valid national register or
    BIS number: the check digits are 97 minus a remainder, so never 00. Unique per file."""
    if client_id >= 10**9:
        raise ValueError("client id too large for a placeholder national number")
    return f"{client_id:09d}00"


def _kept_year(day: dt.date) -> dt.date:
    """A birth date keeps its year (age groups in statistics): 1 July, mid-year, so an age
    computed from it is off by at most six months."""
    return dt.date(day.year, 7, 1)


def blank_or(field: str, placeholder: str) -> Case:
    """An empty text stays empty (nothing was written); anything else becomes the placeholder."""
    return Case(When(**{field: ""}, then=Value("")), default=Value(placeholder))


def _secrets_pattern(values: Iterable[str]) -> re.Pattern[str] | None:
    """Whole-word matches of the client's old names, number and contact data, longest first."""
    words = sorted({v.strip() for v in values if len(v.strip()) >= 2}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
    )


def scrub(value: Any, pattern: re.Pattern[str] | None, placeholder: str) -> Any:
    """A JSON value with every old name (or number) in its strings replaced."""
    if isinstance(value, dict):
        return {
            key: placeholder
            if key in ("name", "names") and isinstance(item, str)
            else scrub(item, pattern, placeholder)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [scrub(item, pattern, placeholder) for item in value]
    if isinstance(value, str) and pattern is not None:
        return pattern.sub(placeholder, value)
    return value


@dataclass(frozen=True)
class Anonymisation:
    """What an app's anonymiser (clients/registry.py) gets: the locked, already anonymised
    client, the new name of each person of the file by key ("client", "member-<pk>"), the
    pattern of the old names, number and contact data, and the placeholder for free text."""

    client: Client
    names: Mapping[str, str]
    pattern: re.Pattern[str] | None
    placeholder: str

    def blank_or(self, field: str) -> Case:
        """For `update()`: an empty text stays empty, anything else becomes the placeholder."""
        return blank_or(field, self.placeholder)

    def scrub(self, value: Any) -> Any:
        return scrub(value, self.pattern, self.placeholder)

    def scrub_json(
        self, model: type[models.Model], *, field: str, client_path: str = "client"
    ) -> None:
        """Scrub the JSON in `field` of the client's rows (the rows without one are left as
        they are)."""
        rows = list(
            model._default_manager.filter(
                **{client_path: self.client, f"{field}__isnull": False}
            ).only("pk", field)
        )
        for row in rows:
            setattr(row, field, self.scrub(getattr(row, field)))
        if rows:
            model._default_manager.bulk_update(rows, [field])


@transaction.atomic
def client_anonymise(
    *, client: Client, actor_label: str = ANONYMISATION_ACTOR, now: dt.datetime
) -> bool:
    """Remove the personal data of a closed file past the retention period, in one transaction:
    names, national number, exact birth dates, contact data, street and house number, and every
    free text (journal, steps, timeline, notes, reasons, evidence, creditors). Kept for
    statistics: the birth year, sex, postcode, municipality, team, amounts, dates and statuses.
    Writes one `change` row in the access log. False (and nothing changed) when the file is
    not due: still open, closed too recently, or already anonymised."""
    locked = clients_due_for_anonymisation(now=now).select_for_update().filter(pk=client.pk).first()
    if locked is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        placeholder = _("[anonymised]")
        anonymous = _("Anonymous")
    members = list(locked.members.order_by("pk"))
    pattern = _secrets_pattern(
        [
            locked.first_name,
            locked.last_name,
            locked.full_name,
            locked.national_number,
            locked.phone,
            locked.email,
            locked.street,
            *(name for m in members for name in (m.first_name, m.last_name)),
        ]
    )

    locked.first_name, locked.last_name = anonymous, str(locked.pk)
    names = {"client": locked.full_name}
    for member in members:
        member.first_name, member.last_name = anonymous, f"{locked.pk}-{member.pk}"
        member.birth_date = _kept_year(member.birth_date)
        names[f"member-{member.pk}"] = f"{member.first_name} {member.last_name}"
    if members:
        HouseholdMember.objects.bulk_update(members, ["first_name", "last_name", "birth_date"])

    locked.national_number = placeholder_national_number(locked.pk)
    locked.birth_date = _kept_year(locked.birth_date)
    locked.phone = locked.email = locked.street = locked.house_number = ""
    locked.team_override_reason = placeholder if locked.team_override_reason else ""
    locked.closed_reason = placeholder if locked.closed_reason else ""
    locked.anonymised_at = now
    locked.version = F("version") + 1  # an edit form opened before this is refused
    locked.save()

    Assignment.objects.filter(client=locked).update(end_reason=blank_or("end_reason", placeholder))
    Trajectory.objects.filter(client=locked).update(
        outcome_note=blank_or("outcome_note", placeholder),
        partner=blank_or("partner", placeholder),
    )
    TrajectoryStep.objects.filter(trajectory__client=locked).update(description=placeholder)
    # Timeline lines quote steps and creditors ("Step added: ..."): the whole line goes.
    TrajectoryEvent.objects.filter(trajectory__client=locked).update(description=placeholder)
    Debt.objects.filter(trajectory__client=locked).update(creditor=placeholder, reference="")
    JournalEntry.objects.filter(client=locked).update(text=placeholder, partners="")

    # The tables of the apps above clients (aid calculations, flags, ...): their anonymisers.
    anonymisation = Anonymisation(
        client=locked, names=names, pattern=pattern, placeholder=placeholder
    )
    for anonymiser in anonymisers():
        anonymiser(anonymisation)

    access_log_record(
        client=locked,
        actor_label=actor_label,
        action=AccessLog.Action.CHANGE,
        what=LOGGED_ANONYMISED,
        purpose=LOGGED_ANONYMISED_PURPOSE,
    )
    client.refresh_from_db()
    return True


@dataclass(frozen=True)
class AnonymisationRun:
    due: list[int]  # the files that were due, by id
    anonymised: int  # how many were anonymised (0 on a dry run)


def clients_anonymise_due(*, now: dt.datetime, dry_run: bool = False) -> AnonymisationRun:
    """Anonymise every due file, each in its own transaction (one failure keeps the others).
    Re-running is harmless: a file anonymised meanwhile is skipped."""
    due = list(clients_due_for_anonymisation(now=now).values_list("pk", flat=True))
    if dry_run:
        return AnonymisationRun(due=due, anonymised=0)
    done = sum(client_anonymise(client=Client(pk=pk), now=now) for pk in due)
    return AnonymisationRun(due=due, anonymised=done)
