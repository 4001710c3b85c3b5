from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared infrastructure no app owns: it imports no app of this project."""

    name = "core"
    verbose_name = _("Shared infrastructure")

    def ready(self) -> None:
        from django.forms import ModelChoiceField

        from core.db_roles import apply_after_migrate
        from core.forms import ListModelChoiceIterator

        # Every select of model instances (forms, filters, the admin) reads its choices with an
        # ordinary query, not a server-side cursor (core.forms.ListModelChoiceIterator).
        ModelChoiceField.iterator = ListModelChoiceIterator

        # With DATABASE_APP_ROLE set, every migrate ends by giving the app's role its rights.
        post_migrate.connect(apply_after_migrate, dispatch_uid="core.db_roles.apply_after_migrate")
