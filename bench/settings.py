"""The production settings with the bench's own URL configuration (bench/urls.py): the app's
pages plus two floors to compare them with. Only bench/pages.py uses it (gunicorn and the
in-process mode get DJANGO_SETTINGS_MODULE=bench.settings); the app never reads it."""

from ocmw.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
