from django.urls import path

from clients.views import (
    access_history,
    access_log,
    caseload,
    closing,
    gdpr,
    household,
    intake,
    journal,
    overview,
    trajectories,
    transfer,
)

app_name = "clients"

# Each section belongs to one views module; keep them apart so the modules can grow separately.
urlpatterns = [
    # --- caseloads (clients/views/caseload.py) ---
    path("mijn-dossiers/", caseload.my_cases, name="my_cases"),
    path("mijn-team/caseload/", caseload.team_caseload_page, name="team_caseload"),
    path(
        "mijn-team/caseload/<int:worker_id>/",
        caseload.team_worker_clients,
        name="team_worker_clients",
    ),
    path(
        "mijn-team/caseload/<int:worker_id>/overdragen/",
        caseload.team_transfer,
        name="team_transfer",
    ),
    # --- intake and search (clients/views/intake.py) ---
    path("zoeken/", intake.search, name="search"),
    path("intake/", intake.intake_start, name="intake"),
    path("intake/gegevens/", intake.intake_form, name="intake_form"),
    # --- the client file: overview and record (clients/views/overview.py) ---
    path("dossiers/<int:pk>/", overview.overview, name="file"),
    path("dossiers/<int:pk>/bewerken/", overview.overview_edit, name="file_edit"),
    path("dossiers/<int:pk>/wijkteam/", overview.overview_team, name="file_team"),
    # --- the client file: household and income (clients/views/household.py) ---
    path("dossiers/<int:pk>/gezin/", household.household, name="file_household"),
    path(
        "dossiers/<int:pk>/gezin/bevestigen/",
        household.household_confirm,
        name="household_confirm",
    ),
    path("dossiers/<int:pk>/gezin/leden/", household.household_member_add, name="member_add"),
    path(
        "dossiers/<int:pk>/gezin/leden/<int:member_pk>/",
        household.household_member_edit,
        name="member_edit",
    ),
    path(
        "dossiers/<int:pk>/gezin/leden/<int:member_pk>/verwijderen/",
        household.household_member_remove,
        name="member_remove",
    ),
    path("dossiers/<int:pk>/gezin/inkomens/", household.income_add, name="income_add"),
    path(
        "dossiers/<int:pk>/gezin/inkomens/<int:income_pk>/",
        household.income_edit,
        name="income_edit",
    ),
    path(
        "dossiers/<int:pk>/gezin/inkomens/<int:income_pk>/verwijderen/",
        household.income_remove,
        name="income_remove",
    ),
    # --- the client file: trajectories (clients/views/trajectories.py) ---
    path("dossiers/<int:pk>/trajecten/", trajectories.trajectories, name="file_trajectories"),
    path(
        "dossiers/<int:pk>/trajecten/nieuw/<str:kind>/",
        trajectories.trajectory_open,
        name="trajectory_open",
    ),
    path(
        "dossiers/<int:pk>/trajecten/<int:trajectory_pk>/",
        trajectories.trajectory_edit,
        name="trajectory_edit",
    ),
    path(
        "dossiers/<int:pk>/trajecten/<int:trajectory_pk>/activeren/",
        trajectories.trajectory_activate,
        name="trajectory_activate",
    ),
    path(
        "dossiers/<int:pk>/trajecten/<int:trajectory_pk>/afsluiten/",
        trajectories.trajectory_close,
        name="trajectory_close",
    ),
    path(
        "dossiers/<int:pk>/trajecten/<int:trajectory_pk>/stappen/",
        trajectories.step_add,
        name="step_add",
    ),
    path(
        "dossiers/<int:pk>/trajecten/<int:trajectory_pk>/stappen/<int:step_pk>/klaar/",
        trajectories.step_done,
        name="step_done",
    ),
    path(
        "dossiers/<int:pk>/trajecten/<int:trajectory_pk>/schulden/",
        trajectories.debt_add,
        name="debt_add",
    ),
    path(
        "dossiers/<int:pk>/trajecten/<int:trajectory_pk>/schulden/<int:debt_pk>/",
        trajectories.debt_edit,
        name="debt_edit",
    ),
    # --- the client file: journal (clients/views/journal.py) ---
    path("dossiers/<int:pk>/dagboek/", journal.journal, name="file_journal"),
    path("dossiers/<int:pk>/dagboek/nieuw/", journal.journal_add, name="journal_add"),
    path(
        "dossiers/<int:pk>/dagboek/<int:entry_pk>/opgevolgd/",
        journal.journal_follow_up_done,
        name="journal_follow_up_done",
    ),
    # --- the client file: access history (clients/views/access_history.py) ---
    path("dossiers/<int:pk>/toegang/", access_history.access, name="file_access"),
    # --- the client file: assignment and transfer (clients/views/transfer.py) ---
    path("dossiers/<int:pk>/overdragen/", transfer.transfer, name="file_transfer"),
    # --- the client file: closing and reopening (clients/views/closing.py) ---
    path("dossiers/<int:pk>/afsluiten/", closing.file_close, name="file_close"),
    path("dossiers/<int:pk>/heropenen/", closing.file_reopen, name="file_reopen"),
    # --- the client file: GDPR export (clients/views/gdpr.py) ---
    path("dossiers/<int:pk>/gegevens-exporteren/", gdpr.export, name="file_gdpr"),
    # --- the data-protection officer's access log (clients/views/access_log.py) ---
    path("toegangslogboek/", access_log.access_log, name="access_log"),
    path("toegangslogboek/export.csv", access_log.access_log_csv, name="access_log_csv"),
]
