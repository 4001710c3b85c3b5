from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # What documents adds to a client file (clients names no documents model, field or
        # URL). Imported here: the module reverses URLs.
        from documents import hooks

        hooks.register()
