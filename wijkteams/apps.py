from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WijkteamsConfig(AppConfig):
    name = "wijkteams"
    verbose_name = _("Organisation")
