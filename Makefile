# Two commands: `make run` (the demo on SQLite) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
DEMO_CLIENTS ?= 300

.PHONY: run test lint messages clean

# `make run` only needs the runtime lock; `make test` adds the tools of the dev lock.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev-installed: requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@ $(VENV)/.run-installed

run: export DEBUG ?= true
run: export OTP_REQUIRED ?= false
run: $(VENV)/.run-installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --clients $(DEMO_CLIENTS)
	@echo "Serving http://127.0.0.1:8000 (stop with Ctrl+C)"
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Browser tests skip with a printed reason when /usr/bin/chromium is missing, unless
# REQUIRE_BROWSER=1 (set by .ci/run), which turns the skip into a failure.
test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -n auto -rs $(PYTEST_ARGS)

# The layout check fails on an upward import between apps or a file over 600 lines (README:
# "Code layout").
# bandit checks the app code (not the tests) for security problems: a high-severity one fails.
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/python scripts/check_translations.py
	$(BIN)/python -m scripts.layout_check --max-lines 600 --fail-on-size
	$(BIN)/bandit -r . -x ./.venv,./tests,./static,./var -q --severity-level high

# Refresh the catalogues after changing user-facing strings, then translate locale/nl/.../django.po.
messages: $(VENV)/.dev-installed
	DEBUG=true $(BIN)/python manage.py makemessages --locale nl --ignore '.venv/*' --ignore 'static/vendor/*' --ignore 'tests/*' --no-obsolete
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) var
