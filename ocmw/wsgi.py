"""WSGI entry point (gunicorn ocmw.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocmw.settings")

application = get_wsgi_application()
