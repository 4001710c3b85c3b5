from django.urls import path

from wijkteams import views
from wijkteams.accounts import ENROLMENT_PATH
from wijkteams.accounts import views as accounts
from wijkteams.two_factor import views as two_factor

app_name = "wijkteams"

urlpatterns = [
    path("mijn-team/", views.my_team, name="my_team"),
    path("configuratie/", views.configuration, name="configuration"),
    path("blokkeringen/", views.lockouts, name="lockouts"),
    path("wijk-zoeken/", views.address_lookup, name="address_lookup"),
    path("accountlogboek/", accounts.account_log, name="account_log"),
    path("accountlogboek/export.csv", accounts.account_log_csv, name="account_log_csv"),
    # The token is in the path (a link in a mail); the request log masks it (core.request_log).
    path(f"{ENROLMENT_PATH.lstrip('/')}<str:token>/", accounts.enrolment, name="enrolment"),
    path("tweestaps/instellen/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("tweestaps/controleren/", two_factor.two_factor_verify, name="two_factor_verify"),
    path(
        "tweestaps/reservecodes/",
        two_factor.two_factor_backup_codes,
        name="two_factor_backup_codes",
    ),
    path(
        "tweestaps/reservecodes/nieuw/",
        two_factor.two_factor_backup_codes_regenerate,
        name="two_factor_backup_codes_regenerate",
    ),
]
