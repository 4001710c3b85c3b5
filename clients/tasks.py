"""Celery tasks of the clients app: thin wrappers around services."""

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from clients.access_log import access_log_purge
from clients.gdpr import clients_anonymise_due


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    # The database went away or restarted: worth another try; anything else is a bug to see.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=60,
    max_retries=5,
    soft_time_limit=3600,
    time_limit=3900,
)
def access_log_purge_task() -> int:
    """Monthly (Celery beat): delete the access-log rows past the retention period. Idempotent:
    a second run finds nothing left to delete. Returns the number of rows deleted."""
    return access_log_purge()


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=60,
    max_retries=5,
    soft_time_limit=3600,
    time_limit=3900,
)
def anonymise_closed_files_task() -> int:
    """Monthly (Celery beat): anonymise the closed files past CLIENT_ANONYMISE_AFTER_YEARS, one
    transaction each. Idempotent: anonymised files are not due any more. Returns how many."""
    return clients_anonymise_due(now=timezone.now()).anonymised
