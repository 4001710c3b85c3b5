from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def catalogue_after_migrate(
    sender: AppConfig, *, using: str = DEFAULT_DB_ALIAS, apps: Apps = global_apps, **kwargs: Any
) -> None:
    """Every database (tests, demo, production) has the rights catalogue once migrated."""
    from rights.catalogue import catalogue_sync  # imports models: only once the apps are ready

    catalogue_sync(using=using, apps=apps)


class RightsConfig(AppConfig):
    name = "rights"
    verbose_name = _("Rights and non-take-up")

    def ready(self) -> None:
        post_migrate.connect(catalogue_after_migrate, sender=self)
        # Each change to a client file scans that client again (imported here: the receiver's
        # module imports models and Celery tasks).
        from clients.signals import client_file_changed
        from rights import hooks
        from rights.signals import client_file_changed_receiver

        client_file_changed.connect(
            client_file_changed_receiver, dispatch_uid="rights.scan_changed_client"
        )
        # What rights adds to a client file (clients names no rights model, field or URL).
        hooks.register()
