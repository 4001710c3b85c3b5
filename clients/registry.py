"""What the apps above `clients` add to a client file, registered in their `AppConfig.ready()`.

`clients` never names a model, field, URL or template of an app above it (DESIGN.md: imports
point down). An app that adds to a file plugs in here instead: a tab of the file, a section of
the GDPR export or files in it, an anonymiser for closed files, a "still open" blocker for
closing, a panel on the worker's home, a section of each trajectory on the Trajectories tab.
`clients` registers its own tabs and sections the same way (clients/hooks.py), so each list has
one order. A registration under a key that is already taken replaces it, so a second `ready()`
(tests that reload apps) adds nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.http import HttpRequest
from django.utils.functional import Promise

if TYPE_CHECKING:
    from clients.gdpr import Anonymisation
    from clients.models import Client, Trajectory
    from clients.views.common import ClientFile

T = TypeVar("T")


class _Registry(Generic[T]):
    """Items by key, read back sorted by (order, key)."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[int, T]] = {}

    def register(self, key: str, item: T, order: int) -> None:
        self._items[key] = (order, item)

    def items(self) -> tuple[T, ...]:
        ordered = sorted(self._items.items(), key=lambda entry: (entry[1][0], entry[0]))
        return tuple(item for _key, (_order, item) in ordered)


# --- tabs of the file ------------------------------------------------------------------------


def _always(file: ClientFile) -> bool:
    return True


@dataclass(frozen=True)
class FileTab:
    """A tab of the client file. `active` says whether the page shown belongs to the tab (by
    default: it is the tab's own page); the tab's own page also gets `aria-current`."""

    key: str
    label: str | Promise  # gettext_lazy: translated when the tab bar is drawn
    url: Callable[[Client], str]
    order: int
    visible: Callable[[ClientFile], bool] = _always
    active: Callable[[HttpRequest, str], bool] | None = None


_tabs: _Registry[FileTab] = _Registry()


def file_tab_register(tab: FileTab) -> None:
    _tabs.register(tab.key, tab, tab.order)


def file_tabs() -> tuple[FileTab, ...]:
    return _tabs.items()


# --- the GDPR export -------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportSection:
    """One table of the GDPR export: its rows that belong to the client, one query each."""

    name: str  # the key in the JSON document and the CSV file's name
    model: str  # "app_label.ModelName"
    client_path: str  # the lookup from a row to its client
    # Foreign keys written as a readable name (users, rights, team) instead of an id; they are
    # loaded with the rows (select_related), so a section stays one query.
    labels: tuple[str, ...] = ()
    # Columns computed from each row for its reader, after the stored ones: (name, function).
    shown: tuple[tuple[str, Callable[[Any], Any]], ...] = ()


_sections: _Registry[ExportSection] = _Registry()


def export_section_register(section: ExportSection, *, order: int) -> None:
    _sections.register(section.name, section, order)


def export_sections() -> tuple[ExportSection, ...]:
    return _sections.items()


@dataclass(frozen=True)
class ExportedFile:
    """A file of the client that goes into the GDPR export's ZIP beside the tables: its path in
    the ZIP (`folder/name`, no `..`, unique) and its bytes, or None when the stored file cannot
    be read (the export then lists it as missing instead of failing)."""

    name: str
    data: bytes | None


# The client's files, by client id, yielded one at a time: the export writes each into the ZIP
# before it asks for the next, so only one file is held in memory.
ExportFiles = Callable[[int], Iterable[ExportedFile]]

_export_files: _Registry[ExportFiles] = _Registry()


def export_files_register(key: str, files: ExportFiles, *, order: int) -> None:
    _export_files.register(key, files, order)


def export_file_providers() -> tuple[ExportFiles, ...]:
    return _export_files.items()


# --- anonymisation of closed files -----------------------------------------------------------

# Runs inside the anonymising transaction, after the client's own tables, on the locked client.
Anonymiser = Callable[["Anonymisation"], None]

_anonymisers: _Registry[Anonymiser] = _Registry()


def anonymiser_register(key: str, anonymiser: Anonymiser, *, order: int) -> None:
    _anonymisers.register(key, anonymiser, order)


def anonymisers() -> tuple[Anonymiser, ...]:
    return _anonymisers.items()


# --- closing a file --------------------------------------------------------------------------

# What keeps the file from closing: one translated line per thing still under way, in order.
ClosingBlocker = Callable[["Client"], list[str]]

_closing_blockers: _Registry[ClosingBlocker] = _Registry()


def closing_blocker_register(key: str, blocker: ClosingBlocker, *, order: int) -> None:
    _closing_blockers.register(key, blocker, order)


def closing_blockers() -> tuple[ClosingBlocker, ...]:
    return _closing_blockers.items()


# --- the worker's home -----------------------------------------------------------------------

PanelContext = Callable[[HttpRequest], Mapping[str, Any]]


@dataclass(frozen=True)
class Panel:
    """A template included in the side column of "My cases". It gets the page's context, and
    as `panel` what `context` returns for the request: the view calls it, so what a panel reads
    (and the access-log rows for the clients it names) happens in the view, not while the
    template renders. A panel logs its rows with `access_log_listed(..., request=request)`: the
    view writes them with its own, in one insert (access_log_listed_together)."""

    template: str
    context: PanelContext | None = None


_caseload_panels: _Registry[Panel] = _Registry()


def caseload_panel_register(
    *, template: str, order: int, context: PanelContext | None = None
) -> None:
    _caseload_panels.register(template, Panel(template, context), order)


def caseload_panels() -> tuple[Panel, ...]:
    return _caseload_panels.items()


def caseload_panels_for(request: HttpRequest) -> list[tuple[str, Mapping[str, Any]]]:
    """(template, its `panel` context) of each panel, for the request's page."""
    return [
        (panel.template, panel.context(request) if panel.context else {})
        for panel in caseload_panels()
    ]


# --- the Trajectories tab ----------------------------------------------------------------------


@dataclass(frozen=True)
class TrajectorySection:
    """A section another app adds to each trajectory of the Trajectories tab (the documents of
    the trajectory). `context` is called once per page with all its trajectories, so the section
    costs the same queries for one trajectory as for twenty; it returns what `template` gets as
    `section` for each trajectory, by pk (a trajectory left out shows nothing)."""

    key: str
    template: str
    context: Callable[[ClientFile, Sequence[Trajectory]], Mapping[int, Any]]


_trajectory_sections: _Registry[TrajectorySection] = _Registry()


def trajectory_section_register(section: TrajectorySection, *, order: int) -> None:
    _trajectory_sections.register(section.key, section, order)


def trajectory_sections() -> tuple[TrajectorySection, ...]:
    return _trajectory_sections.items()
