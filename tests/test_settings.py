"""Settings come from the environment; production refuses insecure defaults."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


_SHOW = (
    "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER, "
    "settings.ALLOWED_HOSTS)"
)


def _start(env: dict[str, str], show: str = _SHOW) -> subprocess.CompletedProcess[str]:
    """Import the real settings in a fresh interpreter, as `manage.py` or gunicorn would."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.pop("SECRET_KEY_FILE", None)
    # `show` is always a constant of this file, never outside input.
    return subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; {show}",
        ],
        cwd=ROOT,
        # Startup log lines (axes says hello at INFO) would share stdout with the printed values.
        env={**clean, "DJANGO_SETTINGS_MODULE": "ocmw.settings", "LOG_LEVEL": "WARNING", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key() -> None:
    result = _start({"DEBUG": "false"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_the_documents_key() -> None:
    result = _start({"DEBUG": "false", "SECRET_KEY": "x" * 50, "DOCUMENTS_KEY": ""})
    assert result.returncode != 0
    assert "DOCUMENTS_KEY is not set" in result.stderr


def test_a_documents_key_of_the_wrong_length_is_refused() -> None:
    result = _start({"DEBUG": "false", "SECRET_KEY": "x" * 50, "DOCUMENTS_KEY": "c2hvcnQ="})
    assert result.returncode != 0
    assert "DOCUMENTS_KEY must be 32 bytes" in result.stderr


def test_debug_runs_without_a_documents_key() -> None:
    result = _start({"DEBUG": "true", "DOCUMENTS_KEY": ""}, show="print(settings.DOCUMENTS_KEY)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_an_expiry_warning_below_one_day_is_refused() -> None:
    result = _start({"DEBUG": "true", "DOCUMENTS_EXPIRY_WARNING_DAYS": "0"})
    assert result.returncode != 0
    assert "DOCUMENTS_EXPIRY_WARNING_DAYS must be at least 1" in result.stderr


def test_the_expiry_warning_is_read_and_defaults_to_30_days() -> None:
    show = "print(settings.DOCUMENTS_EXPIRY_WARNING_DAYS)"
    result = _start({"DEBUG": "true", "DOCUMENTS_EXPIRY_WARNING_DAYS": "7"}, show=show)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "7"
    # Empty counts as unset: the default.
    result = _start({"DEBUG": "true", "DOCUMENTS_EXPIRY_WARNING_DAYS": ""}, show=show)
    assert result.stdout.strip() == "30", result.stderr


def test_manage_py_names_the_missing_secret_key_in_one_line() -> None:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "SECRET_KEY_FILE"}}
    result = subprocess.run(  # fixed arguments
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, "DEBUG": "false", "DJANGO_SETTINGS_MODULE": "ocmw.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Configuration error: SECRET_KEY is not set.")
    assert "Traceback" not in result.stderr


def test_debug_starts_without_secret_key() -> None:
    result = _start({"DEBUG": "true"})
    assert result.returncode == 0, result.stderr


def test_secret_key_from_file(tmp_path: Path) -> None:
    key_file = tmp_path / "secret"
    key_file.write_text("a-long-random-value-from-a-docker-secret\n")
    result = _start({"DEBUG": "false", "SECRET_KEY_FILE": str(key_file)})
    assert result.returncode == 0, result.stderr


def test_misspelt_boolean_is_refused() -> None:
    result = _start({"DEBUG": "ja"})
    assert result.returncode != 0
    assert "DEBUG='ja' is not a boolean" in result.stderr


def test_embedded_defaults_are_sqlite_and_eager_tasks() -> None:
    env = {"DEBUG": "true", "DATABASE_URL": "", "CELERY_BROKER_URL": ""}
    result = _start(env)
    assert result.returncode == 0, result.stderr
    engine, eager, hosts = result.stdout.split(" ", 2)
    assert engine == "django.db.backends.sqlite3"
    assert eager == "True"
    assert "localhost" in hosts


def test_database_url_and_broker_and_hosts_are_read() -> None:
    result = _start(
        {
            "DEBUG": "true",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/ocmw",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
            "ALLOWED_HOSTS": "ocmw.kortrijk.be, intern.ocmw",
        }
    )
    assert result.returncode == 0, result.stderr
    engine, eager, hosts = result.stdout.split(" ", 2)
    assert engine == "django.db.backends.postgresql"
    assert eager == "False"
    assert "ocmw.kortrijk.be" in hosts
    assert "intern.ocmw" in hosts


def test_interface_is_dutch_first_with_english() -> None:
    assert settings.LANGUAGE_CODE == "nl-be"
    assert [code for code, _ in settings.LANGUAGES] == ["nl-be", "en"]
    assert settings.TIME_ZONE == "Europe/Brussels"


@pytest.mark.django_db
def test_belgian_number_and_date_formats() -> None:
    import datetime as dt
    from decimal import Decimal

    from django.template import Context, Template
    from django.utils import translation

    with translation.override("nl-be"):
        out = Template('{% load l10n %}{{ d|date:"SHORT_DATE_FORMAT" }} {{ n }}').render(
            Context({"d": dt.date(2026, 11, 23), "n": Decimal("1234.56")})
        )
    assert out == "23/11/2026 1234,56"


@pytest.mark.django_db
def test_postgresql_sessions_run_with_the_oltp_settings() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (CI runs the suite there too)")
    with connection.cursor() as cursor:
        shown = {}
        for name in ("jit", "random_page_cost", "max_parallel_workers_per_gather"):
            cursor.execute(f"SHOW {name}")
            shown[name] = cursor.fetchone()[0]
    assert shown == {
        "jit": "off",
        "random_page_cost": "1.1",
        "max_parallel_workers_per_gather": "0",
    }


def test_production_hashes_with_argon2_and_asks_for_long_passwords() -> None:
    show = (
        "import json; print(json.dumps([settings.PASSWORD_HASHERS, "
        "[v['NAME'].rsplit('.', 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS], "
        "[v.get('OPTIONS', {}) for v in settings.AUTH_PASSWORD_VALIDATORS]]))"
    )
    result = _start({"DEBUG": "false", "SECRET_KEY": "x" * 50}, show=show)
    assert result.returncode == 0, result.stderr
    hashers, validators, options = json.loads(result.stdout)
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.MD5PasswordHasher" not in hashers
    assert validators == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
    assert options[1] == {"min_length": 12}


def test_trusted_proxy_count_is_read_and_checked() -> None:
    show = "print(settings.TRUSTED_PROXY_COUNT, settings.AXES_CLIENT_IP_CALLABLE)"
    result = _start({"DEBUG": "true", "TRUSTED_PROXY_COUNT": "1"}, show=show)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "core.sessions.client_ip_address"]
    result = _start({"DEBUG": "true", "TRUSTED_PROXY_COUNT": "-1"}, show=show)
    assert "TRUSTED_PROXY_COUNT=-1 must be 0 or more" in result.stderr


def test_spray_limit_is_read_and_must_exceed_the_failure_limit() -> None:
    show = "print(settings.AXES_SPRAY_USERNAME_LIMIT, settings.AXES_HANDLER)"
    result = _start({"DEBUG": "true", "AXES_SPRAY_USERNAME_LIMIT": "50"}, show=show)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["50", "core.lockout.LockoutHandler"]
    result = _start({"DEBUG": "true", "AXES_SPRAY_USERNAME_LIMIT": "5"}, show=show)
    assert "AXES_SPRAY_USERNAME_LIMIT=5 must be more than AXES_FAILURE_LIMIT=5" in result.stderr


def test_enrolment_hours_and_mail_are_read_and_a_link_lives_two_weeks_at_most() -> None:
    show = "print(settings.ACCOUNT_ENROLMENT_HOURS, settings.EMAIL_HOST or '-')"
    result = _start({"DEBUG": "true"}, show=show)
    assert result.stdout.split() == ["72", "-"]
    env = {"DEBUG": "true", "ACCOUNT_ENROLMENT_HOURS": "24", "EMAIL_HOST": "smtp.example.be"}
    assert _start(env, show=show).stdout.split() == ["24", "smtp.example.be"]
    for hours in ("0", "337"):
        result = _start({"DEBUG": "true", "ACCOUNT_ENROLMENT_HOURS": hours}, show=show)
        assert f"ACCOUNT_ENROLMENT_HOURS={hours} must be 1 to 336" in result.stderr


def test_two_factor_login_is_required_unless_explicitly_switched_off() -> None:
    show = "print(settings.OTP_REQUIRED)"
    production = _start({"DEBUG": "false", "SECRET_KEY": "x" * 50}, show=show)
    assert production.returncode == 0, production.stderr
    assert production.stdout.split()[-1] == "True"
    # DEBUG left on by mistake, or an empty value, does not switch it off.
    assert _start({"DEBUG": "true"}, show=show).stdout.split()[-1] == "True"
    assert _start({"DEBUG": "true", "OTP_REQUIRED": ""}, show=show).stdout.split()[-1] == "True"
    # Off only when the environment says so, as `make run` does for the demo.
    opted_out = _start({"DEBUG": "false", "SECRET_KEY": "x" * 50, "OTP_REQUIRED": "false"}, show)
    assert opted_out.stdout.split()[-1] == "False"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "run: export OTP_REQUIRED ?= false" in makefile


def test_anonymisation_after_zero_years_refuses_to_start() -> None:
    result = _start({"DEBUG": "true", "CLIENT_ANONYMISE_AFTER_YEARS": "0"}, show="print(1)")
    assert result.returncode != 0
    assert "CLIENT_ANONYMISE_AFTER_YEARS=0 must be 1 or more" in result.stderr


def test_broker_and_database_timeouts_are_read_and_never_unbounded() -> None:
    show = (
        "print(settings.CELERY_BROKER_TRANSPORT_OPTIONS['socket_timeout'], "
        "settings.CELERY_BROKER_TRANSPORT_OPTIONS['socket_connect_timeout'], "
        "settings.DATABASES['default']['OPTIONS']['connect_timeout'])"
    )
    env = {"DEBUG": "true", "DATABASE_URL": "postgres://u@db:5432/ocmw"}
    defaults = _start(env, show=show)
    assert defaults.stdout.split()[-3:] == ["2", "2", "5"], defaults.stderr
    chosen = {
        "CELERY_BROKER_SOCKET_TIMEOUT": "3",
        "CELERY_BROKER_CONNECTION_TIMEOUT": "4",
        "DATABASE_CONNECT_TIMEOUT": "7",
    }
    assert _start({**env, **chosen}, show=show).stdout.split()[-3:] == ["3", "4", "7"]
    forever = _start({"DEBUG": "true", "CELERY_BROKER_SOCKET_TIMEOUT": "0"}, show="print(1)")
    assert forever.returncode != 0
    assert "CELERY_BROKER_SOCKET_TIMEOUT must be at least 1 second" in forever.stderr


def test_database_connections_are_kept_between_requests_and_checked_before_reuse() -> None:
    """A kept connection that PostgreSQL ended meanwhile (a restart, a failover) is replaced at
    the start of the next request instead of failing it; the fault drill of
    scripts/production_run.py plays that against gunicorn."""
    show = (
        "print(settings.DATABASES['default']['CONN_MAX_AGE'], "
        "settings.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    )
    env = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@db:5432/ocmw"}
    result = _start(env, show=show)
    assert result.stdout.split()[-2:] == ["60", "True"], result.stderr
