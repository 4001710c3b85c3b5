from django.urls import path

from clients.views import caseload, file

app_name = "clients"

# Each section belongs to one views module; keep them apart so the modules can grow separately.
urlpatterns = [
    # --- caseloads (clients/views/caseload.py) ---
    path("mijn-dossiers/", caseload.my_cases, name="my_cases"),
    # --- intake and search (clients/views/intake.py) ---
    # --- the client file: overview and record (clients/views/file.py) ---
    path("dossiers/<int:pk>/", file.overview, name="file"),
    # --- the client file: household, trajectories, journal, access (clients/views/file.py) ---
    path("dossiers/<int:pk>/gezin/", file.household, name="file_household"),
    path("dossiers/<int:pk>/trajecten/", file.trajectories, name="file_trajectories"),
    path("dossiers/<int:pk>/dagboek/", file.journal, name="file_journal"),
    path("dossiers/<int:pk>/toegang/", file.access, name="file_access"),
]
