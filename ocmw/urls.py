from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from core import health
from ocmw import views

admin.site.site_header = admin.site.site_title = "OCMW"

# A generic page with an incident id that is also in the log (400, 403 and 404 use the templates).
handler500 = "core.errors.server_error"

urlpatterns = [
    # Container health checks: no login, no language prefix, exempt from the HTTPS redirect.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", views.home, name="home"),
    path(
        "aanmelden/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("afmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("taal/", set_language, name="set_language"),
    path("beheer/", admin.site.urls),
    path("", include("wijkteams.urls")),
    path("", include("clients.urls")),
    path("", include("documents.urls")),
    path("", include("procedure.urls")),
    path("", include("budgets.urls")),
    path("", include("integration.urls")),
    path("", include("rights.urls")),
]
