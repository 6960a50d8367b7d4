# The two commands: `make run` (set up and serve the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < requirements.lock | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# Exported, so the portal's emailed links (SITE_URL) follow where `make run` serves.
export HOST PORT
export DJANGO_SETTINGS_MODULE ?= config.settings.local

.PHONY: install run test lint format pytest demo benchmarks clean backup restore

install: $(STAMP)

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Two pytest-xdist workers (PYTEST_WORKERS=0 runs in one process, e.g. to debug).
PYTEST_WORKERS ?= 2
pytest: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test: lint pytest

benchmarks: install
	@for script in benchmarks/*.py; do echo "== $$script"; DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python $$script || exit 1; done

# The database (pg_dump -Fc, or SQLite's backup API) and media files in one archive under backups/.
backup: install
	$(BIN)/python manage.py backup

# Replaces the database and media files with an archive's (asks first): make restore FILE=backups/…
restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/anchors-YYYYmmdd-HHMMSS.tar.gz" >&2; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)"

clean:
	rm -rf $(VENV) staticfiles .test-media .test-media-* db.sqlite3
