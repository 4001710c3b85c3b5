from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcedureConfig(AppConfig):
    name = "procedure"
    verbose_name = _("Requests for help")

    def ready(self) -> None:
        # What procedure adds to a client file (clients names no procedure model, field or
        # URL). Imported here: the module reverses URLs.
        from procedure import hooks

        hooks.register()
