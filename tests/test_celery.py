"""Without a broker, Celery tasks run eagerly in-process (the embedded default)."""

from celery import shared_task
from django.conf import settings

from ocmw.celery import app


@shared_task
def _add(a: int, b: int) -> int:
    return a + b


def test_celery_app_reads_django_settings() -> None:
    assert app.conf.task_acks_late is True
    assert app.conf.task_time_limit == settings.CELERY_TASK_TIME_LIMIT


def test_tasks_run_in_process_without_broker() -> None:
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        # CELERY_BROKER_URL is set: the real-worker tests of the non-take-up issue cover this.
        return
    assert _add.delay(2, 3).get(timeout=1) == 5
