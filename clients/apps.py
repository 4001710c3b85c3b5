from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = _("Client files")

    def ready(self) -> None:
        # The file's own tabs and export tables (imported here: the module reverses URLs).
        from clients import hooks

        hooks.register()
        # The app's database role may only read the access log and add to it; the retention
        # purge deletes through the owner's function (core/db_roles.py).
        from clients.access_log import PURGE_FUNCTION
        from clients.models import AccessLog
        from core.db_roles import app_function_register, append_only_register

        append_only_register(AccessLog)
        app_function_register(PURGE_FUNCTION)
        # Every app's access-log keys (its `log_actions` module), as the admin finds `admin`
        # modules: the log shows a row in any process, whichever modules wrote it.
        autodiscover_modules("log_actions")
