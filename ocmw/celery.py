"""The Celery app. Configuration comes from Django settings (CELERY_* names)."""

import gc
import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocmw.settings")

app = Celery("ocmw")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _freeze_what_the_worker_loaded(**_kwargs: object) -> None:
    """As gunicorn.conf.py's post_worker_init: once a pool process has started with the app
    loaded, what it holds then (models, rules, translations) leaves the garbage collector's
    walk, so the scan's batches do not walk it on every full collection (issue 21)."""
    gc.collect()
    gc.freeze()
