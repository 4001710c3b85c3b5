"""The deployment files agree with the code: Docker cannot run here, so read them.

Every command a container runs must exist (the gunicorn app, the Celery app and subcommand,
manage.py commands) with options its program knows; every variable the files set or list is one
the settings read, and every variable the settings read is in .env.example.
"""

import ast
import importlib.util
import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from celery.bin.celery import celery as celery_cli
from django.core.management import get_commands, load_command_class

# gunicorn ships no type information.
from gunicorn.config import Config as GunicornConfig  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_SOURCE = (ROOT / "ocmw" / "settings.py").read_text(encoding="utf-8")
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
APP_SERVICES = ["migrate", "web", "worker", "beat"]
# Used by docker-compose.yml itself (${...}), for the db service; the app reads them via
# DATABASE_URL.
COMPOSE_ONLY = {"POSTGRES_PASSWORD", "POSTGRES_OWNER_PASSWORD", "POSTGRES_APP_PASSWORD"}
SECRETS = {"SECRET_KEY", "DOCUMENTS_KEY", *COMPOSE_ONLY}
INIT_FOLDER = ROOT / "docker" / "postgres-init"


def _settings_variables() -> set[str]:
    """Every environment variable ocmw/settings.py reads, by name."""
    helpers = re.findall(r"\benv_(?:str|bool|int|list)\(\s*\"([A-Z][A-Z0-9_]*)\"", SETTINGS_SOURCE)
    direct = re.findall(
        r"os\.(?:environ\.get\(|environ\[|getenv\()\s*\"([A-Z][A-Z0-9_]*)\"", SETTINGS_SOURCE
    )
    return set(helpers) | set(direct)


def _file_variables() -> set[str]:
    """`NAME_FILE` works for every string setting (env_str reads a secret from a file)."""
    names = re.findall(r"\benv_(?:str|list)\(\s*\"([A-Z][A-Z0-9_]*)\"", SETTINGS_SOURCE)
    return {f"{name}_FILE" for name in names}


def _env_example() -> dict[str, str]:
    """The variables of .env.example, set (NAME=value) or shown with their default (#NAME=value)."""
    found: dict[str, str] = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"#?([A-Z][A-Z0-9_]*)=(.*)", line.strip())
        if match:
            assert match[1] not in found, f"{match[1]} twice in .env.example"
            found[match[1]] = match[2] if not line.startswith("#") else "(default)"
    return found


def _dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per instruction, continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    instructions = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


DOCKERFILE = _dockerfile()


def _image_cmd() -> list[str]:
    [cmd] = [arguments for keyword, arguments in DOCKERFILE if keyword == "CMD"]
    argv: list[str] = json.loads(cmd)  # exec form: signals reach gunicorn, not a shell
    return argv


def _argv(service: str) -> list[str]:
    command = SERVICES[service].get("command")
    if command is None:
        return _image_cmd()
    return command if isinstance(command, list) else shlex.split(command)


# --- the commands -------------------------------------------------------------------------------


def _check_gunicorn(args: list[str]) -> None:
    parsed = GunicornConfig().parser().parse_args(args)  # an unknown option exits
    [app] = parsed.args
    module_name, _, attribute = app.partition(":")
    spec = importlib.util.find_spec(module_name)
    assert spec is not None, module_name
    assert spec.origin is not None, module_name
    # Read, not imported: importing the WSGI module would set Django up a second time.
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    assigned = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert attribute in assigned, f"{module_name} has no {attribute}"


def _check_celery(args: list[str]) -> None:
    assert args[0] in {"-A", "--app"}, args
    app = find_app(args[1])
    assert isinstance(app, Celery)
    assert app.main == "ocmw"
    subcommand, *options = args[2:]
    assert subcommand in celery_cli.commands, subcommand
    known = {
        option
        for parameter in celery_cli.commands[subcommand].params
        for option in [*parameter.opts, *parameter.secondary_opts]
    }
    for option in options:
        if option.startswith("-"):
            assert option.split("=")[0] in known, f"celery {subcommand} has no {option}"


def _check_manage_py(args: list[str]) -> None:
    name, *options = args
    commands = get_commands()
    assert name in commands, f"manage.py has no command {name}"
    parser = load_command_class(commands[name], name).create_parser("manage.py", name)
    parser.parse_args(options)  # an unknown option raises CommandError


def _check_command(argv: list[str]) -> None:
    program, *args = argv
    if program == "gunicorn":
        _check_gunicorn(args)
    elif program == "celery":
        _check_celery(args)
    elif program == "python" and args[0] == "manage.py":
        _check_manage_py(args[1:])
    else:
        raise AssertionError(f"unknown program {argv}")


@pytest.mark.parametrize("service", APP_SERVICES)
def test_every_app_service_runs_a_command_that_exists(service: str) -> None:
    _check_command(_argv(service))


def test_the_web_service_runs_gunicorn_from_the_image() -> None:
    assert _argv("web")[:2] == ["gunicorn", "ocmw.wsgi:application"]
    assert _argv("migrate") == ["python", "manage.py", "migrate", "--noinput"]
    assert _argv("worker")[:4] == ["celery", "-A", "ocmw", "worker"]
    assert _argv("beat")[:4] == ["celery", "-A", "ocmw", "beat"]


def test_the_worker_health_check_is_a_valid_celery_command() -> None:
    test = SERVICES["worker"]["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL"
    _check_command(shlex.split(test[1]))


def test_the_command_checks_catch_a_typo() -> None:
    with pytest.raises((AssertionError, SystemExit)):
        _check_command(["celery", "-A", "ocmw", "beat", "--schedul=/tmp/x"])
    with pytest.raises(AssertionError):
        _check_command(["python", "manage.py", "migrat"])
    with pytest.raises(AssertionError):
        _check_command(["gunicorn", "ocmw.wsgi:app"])


# --- one image, its environment and the services' order ----------------------------------------


def test_app_services_share_one_image_and_the_env_file() -> None:
    images = {(SERVICES[s]["build"], SERVICES[s]["image"]) for s in APP_SERVICES}
    assert len(images) == 1
    for service in APP_SERVICES:
        assert SERVICES[service]["env_file"] == ".env"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_compose_sets_only_variables_the_settings_read(service: str) -> None:
    environment = SERVICES[service].get("environment", {})
    assert set(environment) <= _settings_variables(), set(environment) - _settings_variables()


def test_no_secret_is_written_in_the_compose_file() -> None:
    for service in SERVICES.values():
        for name, value in service.get("environment", {}).items():
            if any(word in name for word in ("PASSWORD", "SECRET", "KEY")):
                assert str(value).startswith("${"), name  # from .env, never literal
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert "SECRET_KEY" not in text


def test_services_start_in_order() -> None:
    assert SERVICES["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert SERVICES["migrate"]["restart"] == "no"
    for service in ("web", "worker", "beat"):
        depends = SERVICES[service]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"


def test_health_checks() -> None:
    assert "pg_isready" in " ".join(SERVICES["db"]["healthcheck"]["test"])
    assert SERVICES["redis"]["healthcheck"]["test"][-2:] == ["redis-cli", "ping"]
    assert "/readyz" in " ".join(SERVICES["web"]["healthcheck"]["test"])
    # The image's HEALTHCHECK calls the web server: services without one must not inherit it.
    for service in APP_SERVICES:
        check = SERVICES[service]["healthcheck"]
        assert check.get("disable") is True or check.get("test"), service


def test_data_lives_in_named_volumes() -> None:
    declared = set(COMPOSE["volumes"])
    mounts = {
        service: [
            volume.split(":")[0]
            for volume in SERVICES[service].get("volumes", [])
            if not volume.startswith("./")  # a folder of this repository, read-only
        ]
        for service in ("db", "redis", "beat")
    }
    for service, sources in mounts.items():
        assert sources, f"{service} has no volume"
        assert set(sources) <= declared, sources
    schedule = [arg for arg in _argv("beat") if arg.startswith("--schedule=")]
    assert schedule == ["--schedule=/var/lib/celery-beat/schedule"]
    assert "beat-schedule:/var/lib/celery-beat" in SERVICES["beat"]["volumes"]


# --- .env.example -----------------------------------------------------------------------------


def test_env_example_lists_every_variable_the_settings_read() -> None:
    missing = _settings_variables() - set(_env_example())
    assert not missing, f"add to .env.example: {sorted(missing)}"


def test_env_example_lists_nothing_the_settings_do_not_read() -> None:
    unknown = set(_env_example()) - _settings_variables() - _file_variables() - COMPOSE_ONLY
    assert not unknown, unknown


def test_env_example_holds_no_secret_and_covers_every_compose_variable() -> None:
    example = _env_example()
    for name in SECRETS:
        assert example[name] in {"", "(default)"}, name
    used = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", (ROOT / "docker-compose.yml").read_text()))
    assert used == COMPOSE_ONLY
    assert used <= set(example)


def test_the_readme_documents_every_variable() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = {name for name in _settings_variables() if f"`{name}`" not in readme}
    assert not missing, f"add to the Settings table in README.md: {sorted(missing)}"


def test_the_settings_scan_finds_what_the_settings_read() -> None:
    # A guard for the two tests above: the scan must not come back empty or miss a kind.
    found = _settings_variables()
    assert {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS", "LOG_FORMAT"} <= found


# --- Dockerfile and .dockerignore -------------------------------------------------------------


def test_dockerfile_builds_a_slim_image_from_the_hashed_lock() -> None:
    [base] = [arguments for keyword, arguments in DOCKERFILE if keyword == "FROM"]
    assert re.fullmatch(r"python:3\.1[12]-slim", base), base
    runs = [arguments for keyword, arguments in DOCKERFILE if keyword == "RUN"]
    assert any("--require-hashes" in run and "requirements.lock" in run for run in runs)
    assert (ROOT / "requirements.lock").exists()


def test_dockerfile_collects_static_with_a_build_only_key_then_drops_root() -> None:
    keywords = [keyword for keyword, _ in DOCKERFILE]
    [collect] = [i for i, (k, a) in enumerate(DOCKERFILE) if k == "RUN" and "collectstatic" in a]
    assert "SECRET_KEY=" in DOCKERFILE[collect][1]
    # The throwaway key never becomes part of the image's environment.
    for keyword, arguments in DOCKERFILE:
        if keyword in {"ENV", "ARG"}:
            assert "SECRET_KEY" not in arguments
    users = [arguments for keyword, arguments in DOCKERFILE if keyword == "USER"]
    assert users
    assert users[-1] not in {"root", "0"}
    assert keywords.index("USER") > collect
    assert "RUN" not in keywords[keywords.index("USER") :]


def test_dockerfile_exposes_8000_and_checks_healthz() -> None:
    assert ("EXPOSE", "8000") in DOCKERFILE
    [check] = [arguments for keyword, arguments in DOCKERFILE if keyword == "HEALTHCHECK"]
    assert "/healthz" in check
    assert "urllib" in check


def test_dockerfile_sets_only_variables_python_or_the_settings_read() -> None:
    env = " ".join(arguments for keyword, arguments in DOCKERFILE if keyword == "ENV")
    names = set(re.findall(r"([A-Z][A-Z0-9_]*)=", env))
    own = {name for name in names if not name.startswith(("PYTHON", "PIP_")) and name != "PATH"}
    assert own <= _settings_variables(), own


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert {".env", ".git", ".venv", "var"} <= set(ignored)
    assert "!.env.example" in ignored


# --- database roles ---------------------------------------------------------------------------


def _database_url(service: str) -> tuple[str, str]:
    """The (user, password) of a service's DATABASE_URL, as written in the compose file."""
    url = SERVICES[service]["environment"]["DATABASE_URL"]
    match = re.fullmatch(r"postgres://([^:]+):(\$\{[^}]+\})@db:5432/ocmw", url)
    assert match, url
    return match[1], match[2]


def test_migrate_runs_as_the_owner_and_grants_the_app_role() -> None:
    user, password = _database_url("migrate")
    assert (user, password.split(":")[0]) == ("ocmw_owner", "${POSTGRES_OWNER_PASSWORD")
    assert SERVICES["migrate"]["environment"]["DATABASE_APP_ROLE"] == "ocmw_app"
    assert SERVICES["migrate"]["environment"]["CELERY_BROKER_URL"] == "redis://redis:6379/0"


@pytest.mark.parametrize("service", ["web", "worker", "beat"])
def test_the_app_services_connect_as_the_app_role(service: str) -> None:
    user, password = _database_url(service)
    assert (user, password.split(":")[0]) == ("ocmw_app", "${POSTGRES_APP_PASSWORD")
    assert "DATABASE_APP_ROLE" not in SERVICES[service]["environment"]


def test_the_db_service_creates_both_roles_on_first_start() -> None:
    db = SERVICES["db"]
    assert "./docker/postgres-init:/docker-entrypoint-initdb.d:ro" in db["volumes"]
    assert db["environment"]["POSTGRES_USER"] == "postgres"  # the superuser is not the owner
    for name in ("POSTGRES_OWNER_PASSWORD", "POSTGRES_APP_PASSWORD"):
        assert db["environment"][name].startswith(f"${{{name}:?")
    scripts = sorted(INIT_FOLDER.iterdir())
    assert [script.name for script in scripts] == ["10-ocmw-roles.sh"]
    # Executable: the entrypoint runs it in its own shell instead of sourcing it.
    assert scripts[0].stat().st_mode & 0o111
    text = scripts[0].read_text(encoding="utf-8")
    assert "${OCMW_OWNER_ROLE:-ocmw_owner}" in text
    assert "${OCMW_APP_ROLE:-ocmw_app}" in text


def test_gunicorn_freezes_the_loaded_app_out_of_the_collectors_walk() -> None:
    import gc
    import runpy

    hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        hooks["post_worker_init"](object())
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
