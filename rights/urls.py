from django.urls import path

from rights.views import admin, team, worker

app_name = "rights"

# One section per views module: workers (client file and list), team leads, administrators.
urlpatterns = [
    # --- the social worker: the client file's tab and the list of flags (views/worker.py) ---
    path("dossiers/<int:pk>/rechten/", worker.file_rights, name="file_rights"),
    path(
        "dossiers/<int:pk>/rechten/register/",
        worker.client_right_record,
        name="client_right_record",
    ),
    path(
        "dossiers/<int:pk>/rechten/signalen/<int:flag_pk>/",
        worker.flag_act,
        name="flag_act",
    ),
    path(
        "dossiers/<int:pk>/rechten/signalen/<int:flag_pk>/type/",
        worker.flag_review,
        name="flag_review",
    ),
    path("niet-opgenomen-rechten/", worker.flags, name="flags"),
    # --- the team lead: scan runs and figures (views/team.py) ---
    path("niet-opgenomen-rechten/scans/", team.scan_runs, name="scan_runs"),
    path("niet-opgenomen-rechten/scans/starten/", team.scan_start, name="scan_start"),
    path("niet-opgenomen-rechten/cijfers/", team.figures, name="figures"),
    path("niet-opgenomen-rechten/cijfers.csv", team.figures_csv, name="figures_csv"),
    # --- the administrator: catalogue and parameter versions (views/admin.py) ---
    path("configuratie/rechten/", admin.catalogue, name="catalogue"),
    path("configuratie/rechten/<int:right_pk>/", admin.right_edit, name="right_edit"),
    path(
        "configuratie/rechten/<int:right_pk>/parameters/",
        admin.parameters,
        name="parameters",
    ),
    path(
        "configuratie/rechten/<int:right_pk>/parameters/<int:parameters_pk>/",
        admin.parameters_edit,
        name="parameters_edit",
    ),
    path(
        "configuratie/rechten/<int:right_pk>/parameters/<int:parameters_pk>/verwijderen/",
        admin.parameters_delete,
        name="parameters_delete",
    ),
]
