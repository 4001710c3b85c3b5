from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared infrastructure no app owns: it imports no app of this project."""

    name = "core"
    verbose_name = _("Shared infrastructure")
