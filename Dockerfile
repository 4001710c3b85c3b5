# One image for every service of docker-compose.yml: web (gunicorn), migrate, worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH \
    STATIC_ROOT=/app/var/static

# Time zones for Europe/Brussels (the Python tzdata wheel is pinned for Windows only); Pango,
# HarfBuzz and a font for WeasyPrint, which renders the letters as PDF.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tzdata \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, so a code change does not reinstall them; every wheel checked by hash.
COPY requirements.lock /tmp/requirements.lock
RUN python -m venv /opt/venv \
    && pip install --no-cache-dir --require-hashes -r /tmp/requirements.lock \
    && rm /tmp/requirements.lock

WORKDIR /app
COPY . .

# collectstatic imports the settings, which refuse to start without SECRET_KEY and DOCUMENTS_KEY:
# throwaway values for this one command only; they are not kept in the image's environment.
RUN SECRET_KEY=collectstatic-at-build-time-only \
    DOCUMENTS_KEY=Y29sbGVjdHN0YXRpYy1hdC1idWlsZC10aW1lLW9ubHk= \
    python manage.py collectstatic --noinput \
    && python -m compileall -q /app

# Run as a user without privileges; beat keeps its schedule in a volume mounted at
# /var/lib/celery-beat and the documents (encrypted) live in one at /app/var/documents
# (docker-compose.yml), both created here so the user owns them.
RUN groupadd --system --gid 10001 ocmw \
    && useradd --system --uid 10001 --gid ocmw --home-dir /app --shell /usr/sbin/nologin ocmw \
    && mkdir -p /var/lib/celery-beat /app/var/documents \
    && chown ocmw:ocmw /var/lib/celery-beat /app/var/documents
USER ocmw

EXPOSE 8000

# Liveness over plain HTTP from inside the container (slim has no curl). The Host header is the
# first ALLOWED_HOSTS entry, so Django accepts the request ("*" and ".domain" handled).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('*.') or 'localhost'; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4)"]

# gthread workers: 3 processes x 4 threads; a request may take up to 60 s (CSV exports), a
# restart lets running requests finish for 30 s. Every request is logged by the app itself (one
# JSON line on stdout, logger ocmw.request, without query strings), so gunicorn's own access log
# stays off: it would log each request twice, as text, with the query string. Gunicorn's own
# messages (start, worker restarts, invalid requests) go through the app's LOGGING
# (gunicorn.conf.py, read from the working directory): masked, without query strings. No
# control socket: containers are managed with signals, and the user has no writable home for one.
CMD ["gunicorn", "ocmw.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--worker-class", "gthread", "--workers", "3", "--threads", "4", \
     "--timeout", "60", "--graceful-timeout", "30", "--keep-alive", "5", \
     "--max-requests", "2000", "--max-requests-jitter", "200", \
     "--worker-tmp-dir", "/dev/shm", "--no-control-socket", \
     "--error-logfile", "-", "--log-level", "info"]
