# GovCases: `make run` serves the site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: install static run test migrations-check reset-db clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/activate

install: $(BIN)/activate

static: install
	$(MANAGE) collectstatic --noinput --verbosity 0

reset-db: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_cases

run: reset-db static
	$(MANAGE) runserver 127.0.0.1:8000

test: static
	$(BIN)/python -m pytest

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
