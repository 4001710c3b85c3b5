from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationConfig(AppConfig):
    name = "integration"
    verbose_name = _("Right to social integration")

    def ready(self) -> None:
        # What integration adds to a client file, to the procedure and to the team page (lower
        # apps never name integration). Imported here: the module reverses URLs.
        from integration import hooks

        hooks.register()
