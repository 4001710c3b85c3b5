from django.urls import path

from clients.views import caseload

app_name = "clients"

# Each section belongs to one views module; keep them apart so the modules can grow separately.
urlpatterns = [
    # --- caseloads (clients/views/caseload.py) ---
    path("mijn-dossiers/", caseload.my_cases, name="my_cases"),
    # --- intake and search (clients/views/intake.py) ---
    # --- the client file (clients/views/file.py) ---
]
