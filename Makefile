# Entry points of the project. `make run` and `make test` are the two commands of the README.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := DEBUG=true $(PY) manage.py
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: setup run test test-suite lint format bench e2e clean

$(VENV)/.runtime: requirements.txt
	@test -x $(PY) || "$$(scripts/find_python.sh)" -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(VENV)/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

## setup: everything `make run` does except serving (idempotent).
setup: $(VENV)/.runtime
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) setup_roles
	$(MANAGE) load_institution
	$(MANAGE) load_procedures
	$(MANAGE) load_competent_authorities
	$(MANAGE) load_native_languages
	$(MANAGE) load_transparency_menu
	$(MANAGE) load_gelt_plan
	$(MANAGE) load_gelt_policy
	$(MANAGE) seed_demo
	$(MANAGE) seed_demo_pqrsd
	$(MANAGE) seed_demo_participation
	$(MANAGE) seed_demo_transparency
	$(MANAGE) seed_demo_gelt
	$(MANAGE) update_search_vectors --missing
	$(MANAGE) create_demo_staff
	$(MANAGE) measure_gelt

## run: the portal with demo data on http://127.0.0.1:$(PORT) (SQLite, local media, console e-mail).
# The outbox's sender runs beside runserver (every 5 s, as the timer does in production) and
# stops with it: e-mails are never sent inside a request.
run: setup
	@$(MANAGE) send_outbox --loop 5 & sender=$$!; \
	trap 'kill $$sender 2>/dev/null' EXIT; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

## chromium: Debian's Chromium for the browser tests, installed when missing and allowed.
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null) \
	    || echo "No se pudo instalar chromium: las pruebas de navegador se omitirán." >&2; \
	  else echo "Sin chromium ni permisos para instalarlo: las pruebas de navegador se omitirán." >&2; fi; \
	fi

## test: installs what the tests need and runs the whole suite.
test: $(VENV)/.dev chromium
	$(MAKE) test-suite

test-suite:
	$(VENV)/bin/pytest -q -n 2 $(PYTEST_ARGS)

## lint: ruff, formatting, missing migrations and the dependency rule between apps.
lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

format: $(VENV)/.dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## bench: large data set, gunicorn under load, nginx for reference (see docs/rendimiento.md).
bench: $(VENV)/.dev
	bash scripts/bench.sh

clean:
	rm -rf staticfiles db.sqlite3 media private_media
