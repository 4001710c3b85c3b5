"""Settings, read from environment variables with safe embedded defaults.

Every variable is listed in the README. The embedded default (no variables set) is a production
posture that refuses to start without SECRET_KEY; `make run` sets DEBUG=true for the demo.
"""

import base64
import datetime as dt
import os
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets ModelForm[Model] and friends be subscripted at run time, as the type stubs write them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    """A string from the environment; `NAME_FILE` (a path, as Docker secrets use) wins.

    An empty value counts as unset, as `VAR=` in a compose or .env file usually means.
    """
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name) or default


def env_bool(name: str, default: bool) -> bool:
    """An empty value counts as unset (the default), so `OTP_REQUIRED=` never turns a
    protection off."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    # Fail loudly: a typo in DEBUG must not silently turn debugging on or off.
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable (or SECRET_KEY_FILE) "
            "to a long random value; only DEBUG=true may run without one."
        )
    # Only reachable with DEBUG on (the demo); never used in production.
    SECRET_KEY = "insecure-demo-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "core",
    "wijkteams",
    "clients",
    "documents",
    "procedure",
    "budgets",
    "integration",
    "rights",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.locale.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.request_log.RequestLogMiddleware",
    "core.sessions.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wijkteams.two_factor.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.headers.PrivatePagesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ocmw.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wijkteams.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "ocmw.wsgi.application"

# The embedded default is an SQLite file next to the code; PostgreSQL via DATABASE_URL.
DEFAULT_SQLITE_PATH = BASE_DIR / "var" / "ocmw.sqlite3"
DATABASES: dict[str, dict[str, Any]] = {
    "default": dict(  # a plain dict, so the SQLite options below can be added
        dj_database_url.parse(
            env_str("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}"),
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Session settings for an OLTP app whose data sits in memory (see bench/README.md):
    # - JIT compiles plans whose cost estimate is high; for these short queries the compiling
    #   costs more than it saves (1.4 s of a 3.5 s caseload query);
    # - random_page_cost 1.1 (the default 4 assumes spinning disks) lets the planner read the
    #   partial indexes of the caseload counts instead of scanning whole tables;
    # - no parallel workers: under many concurrent users they take the CPU other requests need.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c jit=off -c random_page_cost=1.1 -c max_parallel_workers_per_gather=0"
    )
    # A database that does not answer the connection fails the request in this many seconds
    # instead of holding a gunicorn thread (libpq's connect_timeout; 0 would wait forever).
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 5)
    if DATABASES["default"]["OPTIONS"]["connect_timeout"] < 1:
        raise ImproperlyConfigured("DATABASE_CONNECT_TIMEOUT must be at least 1 second.")
# The role the app connects as when the migrating role is another (README, "Database roles"):
# with it set, `migrate` ends by granting that role exactly what the app needs (core/db_roles.py).
DATABASE_APP_ROLE = env_str("DATABASE_APP_ROLE")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let the runserver threads write without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "wijkteams.User"

# Argon2 first (new and rehashed passwords); the others only read hashes made before.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes checks for a lockout before Django checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "wijkteams.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Dutch (Belgium) first, English second. Belgian date and number formats live in ocmw/formats.
LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["ocmw.formats"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "ocmw_language"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
# WhiteNoise warns about a missing folder on every start before the first collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# The client files' documents, encrypted at rest (documents/storage.py), in a folder that no URL
# serves: only the documents views read it, after the scope check.
DOCUMENTS_ROOT = Path(env_str("DOCUMENTS_ROOT", str(BASE_DIR / "var" / "documents")))
STORAGES["documents"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(DOCUMENTS_ROOT), "base_url": None},
}
# The AES-256-GCM key of the documents: 32 bytes, base64 (url-safe), e.g. from
# `python -c "import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())"`.
DOCUMENTS_KEY = env_str("DOCUMENTS_KEY")
if not DOCUMENTS_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "DOCUMENTS_KEY is not set. Set the DOCUMENTS_KEY environment variable (or "
        "DOCUMENTS_KEY_FILE) to 32 random bytes in base64; only DEBUG=true may run without one."
    )
if DOCUMENTS_KEY:
    try:
        _documents_key_bytes = base64.urlsafe_b64decode(DOCUMENTS_KEY.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        _documents_key_bytes = b""
    if len(_documents_key_bytes) != 32:
        raise ImproperlyConfigured("DOCUMENTS_KEY must be 32 bytes in base64 (url-safe).")
# The largest file one may upload, per file, in megabytes.
DOCUMENTS_MAX_UPLOAD_MB = env_int("DOCUMENTS_MAX_UPLOAD_MB", 15)
if DOCUMENTS_MAX_UPLOAD_MB < 1:
    raise ImproperlyConfigured("DOCUMENTS_MAX_UPLOAD_MB must be at least 1.")
# How many days ahead the worker's home and the team page warn of a document that expires.
DOCUMENTS_EXPIRY_WARNING_DAYS = env_int("DOCUMENTS_EXPIRY_WARNING_DAYS", 30)
if DOCUMENTS_EXPIRY_WARNING_DAYS < 1:
    raise ImproperlyConfigured("DOCUMENTS_EXPIRY_WARNING_DAYS must be at least 1.")
# The labour court a decision letter names for an appeal: the court of the OCMW's district
# (procedure's decision letters). The default is Kortrijk's.
OCMW_LABOUR_COURT_NAME = env_str(
    "OCMW_LABOUR_COURT_NAME", "Arbeidsrechtbank Gent, afdeling Kortrijk"
)
OCMW_LABOUR_COURT_ADDRESS = env_str("OCMW_LABOUR_COURT_ADDRESS", "Beheersstraat 41, 8500 Kortrijk")
# Tests and the demo serve static files straight from the app folders, without collectstatic.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", default=DEBUG)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Django's form renderer, with inputs, selects and text areas drawn in Python (the same text,
# a fraction of the CPU: bench/README.md, issue 21).
FORM_RENDERER = "core.form_rendering.FastWidgetRenderer"

# Login lockout (django-axes, with core.lockout): after AXES_FAILURE_LIMIT failed logins for one
# user name (from any address, and so for one user name from one address), that user name is
# refused for AXES_COOLOFF_MINUTES; colleagues behind the same office address still log in. An
# address is locked only when AXES_SPRAY_USERNAME_LIMIT different user names failed from it
# within the cool-off (password spraying). Attempts during a lockout do not lengthen it.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_SPRAY_USERNAME_LIMIT = env_int("AXES_SPRAY_USERNAME_LIMIT", 20)
if AXES_SPRAY_USERNAME_LIMIT <= AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        f"AXES_SPRAY_USERNAME_LIMIT={AXES_SPRAY_USERNAME_LIMIT} must be more than "
        f"AXES_FAILURE_LIMIT={AXES_FAILURE_LIMIT}: an office shares one address."
    )
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_HANDLER = "core.lockout.LockoutHandler"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# The Dutch lockout page (registration/locked_out.html, status 429) with the time to try again.
AXES_LOCKOUT_CALLABLE = "core.sessions.lockout_response"
# Behind a reverse proxy every request comes from the proxy's address, and one lockout would
# lock everyone out: set TRUSTED_PROXY_COUNT to the number of proxies that append to
# X-Forwarded-For, and the client's address is read from there (see client_ip_address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT} must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "core.sessions.client_ip_address"

# Two-factor login (TOTP, django-otp) for every staff member. Only an explicit
# OTP_REQUIRED=false switches it off (`make run` does, for the demo); DEBUG alone does not.
OTP_REQUIRED = env_bool("OTP_REQUIRED", default=True)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "OCMW")
# The admin never shows TOTP keys or backup codes, not even to administrators.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Staff accounts: administrators never set a password; a reset makes a one-time enrolment link
# with which the person chooses one and sets up a new app. It works this many hours.
ACCOUNT_ENROLMENT_HOURS = env_int("ACCOUNT_ENROLMENT_HOURS", 72)
if not 1 <= ACCOUNT_ENROLMENT_HOURS <= 24 * 14:
    raise ImproperlyConfigured(
        f"ACCOUNT_ENROLMENT_HOURS={ACCOUNT_ENROLMENT_HOURS} must be 1 to 336 (two weeks): a "
        "link in a mailbox is a key to the account."
    )

# Mail, for enrolment links only. Without EMAIL_HOST no mail is sent: the administrator sees
# the link once and hands it over.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 10  # seconds: a mail server that does not answer must not hold the admin page
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "OCMW <noreply@localhost>")

# Sessions: a new key at every login (Django), an inactivity timeout and an absolute lifetime.
SESSION_IDLE_TIMEOUT = dt.timedelta(minutes=env_int("SESSION_IDLE_MINUTES", 30))
SESSION_COOKIE_AGE = env_int("SESSION_ABSOLUTE_HOURS", 10) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # htmx reads the token from the page, never from the cookie

# HTTPS. Production runs behind a reverse proxy that terminates TLS; set
# SECURE_PROXY_SSL_HEADER=true when that proxy sets X-Forwarded-Proto.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Container health checks call the app over plain HTTP from inside its network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): only this origin, no inline script or style at all.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Closed client files are anonymised this many years after closing (GDPR).
CLIENT_ANONYMISE_AFTER_YEARS = env_int("CLIENT_ANONYMISE_AFTER_YEARS", 10)
if CLIENT_ANONYMISE_AFTER_YEARS < 1:
    # Anonymising cannot be undone: a 0 or a negative typo must not erase every closed file.
    raise ImproperlyConfigured(
        f"CLIENT_ANONYMISE_AFTER_YEARS={CLIENT_ANONYMISE_AFTER_YEARS} must be 1 or more."
    )
# The access log is kept this many years; the purge removes only older rows.
ACCESS_LOG_RETENTION_YEARS = env_int("ACCESS_LOG_RETENTION_YEARS", 10)
if ACCESS_LOG_RETENTION_YEARS < 10:
    # The legal minimum, also written into the database trigger (clients/migrations/0006).
    raise ImproperlyConfigured(
        f"ACCESS_LOG_RETENTION_YEARS={ACCESS_LOG_RETENTION_YEARS}: the access log must be kept "
        "at least 10 years."
    )

# Celery. Without a broker (the embedded default) tasks run eagerly, in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 1800)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 2100)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must fail fast when the broker is down or hung: saving a client file enqueues a
# scan, and the save may not wait for Redis (the nightly scan catches up). One connection attempt
# with a short timeout, and the same bound on every read and write of the socket: a Redis that is
# paused (not dead) still accepts the TCP connection and then never answers. The worker keeps its
# own retries when it (re)connects; its blocking reads for new tasks are not bounded by this.
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 2)
CELERY_BROKER_SOCKET_TIMEOUT = env_int("CELERY_BROKER_SOCKET_TIMEOUT", 2)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": CELERY_BROKER_SOCKET_TIMEOUT,
    "max_retries": 0,
}
for _name in ("CELERY_BROKER_CONNECTION_TIMEOUT", "CELERY_BROKER_SOCKET_TIMEOUT"):
    if globals()[_name] < 1:  # 0 would mean "wait forever" (or not at all) to the Redis client
        raise ImproperlyConfigured(f"{_name} must be at least 1 second.")
# The non-take-up scan: nightly at RIGHTS_SCAN_HOUR:RIGHTS_SCAN_MINUTE (local time), clients read
# per batch of RIGHTS_SCAN_BATCH_SIZE (1,000: a first full scan of 100,000 files 8 % faster than
# with batches of 500, a nightly one 7 %, with 117 MB at most per worker; bench/README.md).
RIGHTS_SCAN_HOUR = env_int("RIGHTS_SCAN_HOUR", 2)
RIGHTS_SCAN_MINUTE = env_int("RIGHTS_SCAN_MINUTE", 0)
RIGHTS_SCAN_BATCH_SIZE = env_int("RIGHTS_SCAN_BATCH_SIZE", 1000)
if not (0 <= RIGHTS_SCAN_HOUR <= 23 and 0 <= RIGHTS_SCAN_MINUTE <= 59):
    raise ImproperlyConfigured(
        f"RIGHTS_SCAN_HOUR={RIGHTS_SCAN_HOUR} and RIGHTS_SCAN_MINUTE={RIGHTS_SCAN_MINUTE} must be "
        "a time of day (hour 0-23, minute 0-59)."
    )
if RIGHTS_SCAN_BATCH_SIZE < 1:
    raise ImproperlyConfigured(
        f"RIGHTS_SCAN_BATCH_SIZE={RIGHTS_SCAN_BATCH_SIZE} must be 1 or more."
    )
CELERY_BEAT_SCHEDULE = {
    "rights-nightly-scan": {
        "task": "rights.tasks.scan_all_task",
        "schedule": crontab(hour=RIGHTS_SCAN_HOUR, minute=RIGHTS_SCAN_MINUTE),
    },
    # Access-log rows past ACCESS_LOG_RETENTION_YEARS go once a month, the 1st at 03:30.
    "access-log-monthly-purge": {
        "task": "clients.tasks.access_log_purge_task",
        "schedule": crontab(day_of_month="1", hour=3, minute=30),
    },
    # Closed files past CLIENT_ANONYMISE_AFTER_YEARS are anonymised once a month, the 1st at 04:00.
    "anonymise-closed-files-monthly": {
        "task": "clients.tasks.anonymise_closed_files_task",
        "schedule": crontab(day_of_month="1", hour=4, minute=0),
    },
}

# Logs go to stdout: one JSON line per record (LOG_FORMAT=json, the default without DEBUG) with
# the request id and the user's id (wijkteams/request_log.py), or plain text for a terminal.
LOG_FORMAT = env_str("LOG_FORMAT", "plain" if DEBUG else "json")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} must be json or plain.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "core.request_log.RequestContextFilter"},
        "no_query_string": {"()": "core.request_log.QueryStringFilter"},
        "server_request_lines": {"()": "core.request_log.ServerRequestLineFilter"},
    },
    "formatters": {
        "json": {"()": "core.request_log.JsonLogFormatter"},
        "plain": {
            "()": "core.request_log.MaskingFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's records go through the console handler above, not its own (stderr, debug only).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # runserver's request lines carry the query string: dropped (ocmw.request logs every
        # request); its other records go through the console like the rest.
        "django.server": {"filters": ["server_request_lines"], "propagate": True},
        # gunicorn's own records (gunicorn.conf.py hands it this LOGGING): "Invalid request ..."
        # quotes the raw request line. Its access log stays off (see the Dockerfile).
        "gunicorn.error": {"filters": ["no_query_string"], "level": "INFO", "propagate": True},
        "gunicorn.access": {"handlers": [], "propagate": False},
    },
}
# Celery worker and beat log through LOGGING too, instead of replacing the root logger's handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
