"""The tabs and GDPR export tables of clients itself, registered in clients/registry.py from
`ClientsConfig.ready()` like those of the apps above, so that each list has one order."""

from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext_lazy

from clients.access_log import access_log_what
from clients.models import Client
from clients.registry import ExportSection, FileTab, export_section_register, file_tab_register
from wijkteams.registry import page_section_register

# Orders leave room for the apps above: budgets' tab is 50, rights' 60; their export tables
# come between the journal (80) and the access log (1000), which comes last.
_TABS = (
    ("overview", gettext_lazy("Overview"), "clients:file", 10),
    ("household", gettext_lazy("Household and income"), "clients:file_household", 20),
    ("trajectories", gettext_lazy("Trajectories"), "clients:file_trajectories", 30),
    ("journal", gettext_lazy("Journal"), "clients:file_journal", 40),
)
_SECTIONS = (
    (10, ExportSection("household_members", "clients.HouseholdMember", "client")),
    (20, ExportSection("incomes", "clients.Income", "client")),
    (30, ExportSection("assignments", "clients.Assignment", "client", ("worker", "assigned_by"))),
    (40, ExportSection("trajectories", "clients.Trajectory", "client", ("created_by",))),
    (50, ExportSection("trajectory_steps", "clients.TrajectoryStep", "trajectory__client")),
    (
        60,
        ExportSection(
            "trajectory_events", "clients.TrajectoryEvent", "trajectory__client", ("actor",)
        ),
    ),
    (70, ExportSection("debts", "clients.Debt", "trajectory__client")),
    (80, ExportSection("journal", "clients.JournalEntry", "client", ("author",))),
    # The stored key and parameters, and what they say in the exporter's language.
    (
        1000,
        ExportSection(
            "access_log",
            "clients.AccessLog",
            "client",
            ("actor",),
            (("what_text", access_log_what),),
        ),
    ),
)


def _url(url_name: str) -> Callable[[Client], str]:
    return lambda client: reverse(url_name, args=[client.pk])


def register() -> None:
    for key, label, url_name, order in _TABS:
        file_tab_register(
            FileTab(key=f"clients.{key}", label=label, url=_url(url_name), order=order)
        )
    # The access history: only the team lead reads it.
    file_tab_register(
        FileTab(
            key="clients.access",
            label=gettext_lazy("Access history"),
            url=_url("clients:file_access"),
            order=90,
            visible=lambda file: file.is_lead,
        )
    )
    for order, section in _SECTIONS:
        export_section_register(section, order=order)
    page_section_register(page="my_team", template="clients/my_team_caseload_link.html", order=100)
