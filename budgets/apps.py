from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Reference budgets")

    def ready(self) -> None:
        # What budgets adds to a client file and to the configuration page (clients and
        # wijkteams name no budgets model, field or URL). Imported here: it imports models.
        from budgets import hooks

        hooks.register()
