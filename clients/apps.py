from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = _("Client files")

    def ready(self) -> None:
        # The file's own tabs and export tables (imported here: the module reverses URLs).
        from clients import hooks

        hooks.register()
