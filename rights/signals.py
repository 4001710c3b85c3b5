"""The rights app listens to changes of client files: each one is scanned again at once."""

from typing import Any

from rights.tasks import scan_client_enqueue


def client_file_changed_receiver(sender: object, *, client_id: int, **kwargs: Any) -> None:
    """Connected to clients.signals.client_file_changed in RightsConfig.ready()."""
    scan_client_enqueue(client_id)
