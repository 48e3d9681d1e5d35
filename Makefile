# yiguoji — two commands: `make run` serves the portal with demo data, `make test` runs the suite.
# With DATABASE_URL / REDIS_URL unset both use an embedded PostgreSQL 18 and Redis 6.2 under var/.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON := $(shell scripts/find-python)
ifeq ($(PYTHON),)
$(error No Python 3.12+ found (see the message above); yiguoji needs Python 3.12 or newer)
endif
# Development defaults; a real deployment sets DEBUG=false and its secrets (see .env.example).
export DEBUG ?= true
YIGUOJI_PORT ?= 8000
TEST_WORKERS ?= 2

.PHONY: run test lint format stop services clean help

help:
	@echo "make run    set up .venv, migrate, load demo data once, serve on http://127.0.0.1:$(YIGUOJI_PORT)/"
	@echo "make test   ruff, makemigrations --check, the whole pytest suite (browser tests included)"
	@echo "make stop   stop the embedded PostgreSQL and Redis under var/"

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed-run

services: $(VENV)/.installed-run
	$(PY) -m yiguoji.embedded start

run: $(VENV)/.installed-run services
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py demo_logins --url http://127.0.0.1:$(YIGUOJI_PORT)/
	YIGUOJI_PORT=$(YIGUOJI_PORT) $(VENV)/bin/honcho start -f Procfile.dev 2>&1 || true

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: $(VENV)/.installed-dev lint services
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

stop:
	@if [ -x $(PY) ]; then $(PY) -m yiguoji.embedded stop; fi

clean: stop
	rm -rf $(VENV) var test-artifacts staticfiles
