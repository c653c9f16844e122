# Wijkplatform: `make run` serves the demo, `make test` runs every test.
# Both set up everything they need first (virtualenv, packages, assets, translations).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wijkplatform
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
VENDOR := wijkplatform/static/vendor

.PHONY: setup run test test-sqlite test-postgres test-browser browser-deps lint audit test-audit \
        format assets \
        translations extract-translations update-translations db demo bench profile clean

setup: $(BIN)/.installed assets translations

$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

# Front-end assets come from the npm registry at the versions pinned in package-lock.json
# and are copied into the app's static folder: nothing is loaded from another host.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

assets: node_modules/.package-lock.json
	@mkdir -p $(VENDOR)/utrecht $(VENDOR)/htmx
	cp node_modules/@utrecht/component-library-css/dist/index.css $(VENDOR)/utrecht/index.css
	cp node_modules/@utrecht/component-library-css/LICENSE.md $(VENDOR)/utrecht/LICENSE.md
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/htmx.min.js
	cp node_modules/htmx.org/LICENSE $(VENDOR)/htmx/LICENSE
	@mkdir -p $(VENDOR)/leaflet
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images $(VENDOR)/leaflet/
	cp node_modules/leaflet/LICENSE $(VENDOR)/leaflet/LICENSE

translations: $(BIN)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d translations -D messages --statistics 2>&1 | sed 's/^/  /'

extract-translations: $(BIN)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k _text -k _Plural:1,2 \
	  -o translations/messages.pot \
	  --no-location --sort-output --project Wijkplatform \
	  --ignore-dirs ".* node_modules instance" .  # never the npm packages or local data

update-translations: extract-translations
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

db: setup
	$(FLASK) db upgrade

demo: db
	$(FLASK) demo

run: demo
	@echo "Wijkplatform runs at http://127.0.0.1:5000 (stop with Ctrl+C)"
	REQUIRE_EMAIL_CONFIRMATION=0 $(FLASK) run --host 127.0.0.1 --port 5000

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The browser suite needs Debian's Chromium and Java (for the Nu Html Checker), the scale-out
# tests Debian's nginx (tests/scaleout); as root we install them when missing, otherwise we
# say what is missing.
browser-deps:
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	test -x /usr/sbin/nginx || missing="$$missing nginx-light"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing$$missing …"; apt-get update -qq && apt-get install -y -qq $$missing; \
	  else \
	    echo "Please install:$$missing (e.g. sudo apt-get install$$missing)"; exit 1; \
	  fi; \
	fi

# SQLite pass: every test, browser journeys included.
test-sqlite: setup browser-deps
	$(BIN)/pytest

test-browser: setup browser-deps
	$(BIN)/pytest tests/e2e

# PostgreSQL: a fresh database per run is created on the server and dropped afterwards.
# The browser journeys ran in the SQLite pass; here the rest of the suite runs again.
# Locally the run is skipped with a message when no server answers; in CI it must run.
test-postgres: setup
	@if $(BIN)/python -m tests.postgres_available "$(PG_TEST_URL)"; then \
	  TEST_DATABASE_URL="$(PG_TEST_URL)" $(BIN)/pytest --ignore=tests/e2e; \
	elif [ -n "$$CI" ]; then \
	  echo "PostgreSQL at $(PG_TEST_URL) is not reachable, and CI must test on it."; exit 1; \
	else \
	  echo "PostgreSQL at $(PG_TEST_URL) is not reachable: the PostgreSQL run is skipped."; \
	fi

# Known vulnerabilities in the installed packages fail the audit (exit 1). When no check
# could be done (no advisory database, or it knows none of the installed versions) the audit
# says so and why, and fails too (exit 2). See .ci/pip_audit.py.
audit: $(BIN)/.installed
	$(BIN)/python .ci/pip_audit.py

# Inside make test a known vulnerability stops the run; an audit that could not check lets
# the tests run (an offline laptop, a PyPI outage) and make test says so again at its end.
AUDIT_NOT_DONE := $(VENV)/audit-not-done
test-audit: $(BIN)/.installed
	@rm -f $(AUDIT_NOT_DONE)
	$(BIN)/python .ci/pip_audit.py --not-done-note $(AUDIT_NOT_DONE) || [ $$? -eq 2 ]

test: setup lint test-audit test-sqlite test-postgres
	@if [ -f $(AUDIT_NOT_DONE) ]; then \
	  echo "make test: the tests ran, but NO DEPENDENCY AUDIT WAS DONE: $$(cat $(AUDIT_NOT_DONE))"; \
	fi

# Load test on a generated city (bench/): SQLite and a fresh PostgreSQL database, gunicorn on
# 127.0.0.1; the report goes to bench/results/. SIZE=small|medium|peer|full (default full);
# peer: 5,000 contributions, 50,000 supports, 20,000 comments in one neighbourhood.
SIZE ?= full
bench: setup
	$(BIN)/python -m bench.run --size $(SIZE)

# Profile one page as one gunicorn worker serves it (bench/profile.py): PAGE is a benchmark
# endpoint's name (or part of it) or a path; the hot spots go to bench/results/profile-*.txt.
PAGE ?= list, most supported, page 1
PROFILE_SIZE ?= small
BACKEND ?= sqlite
profile: setup
	$(BIN)/python -m bench.profile --page "$(PAGE)" --size $(PROFILE_SIZE) --backend $(BACKEND)

clean:
	rm -rf $(VENV) node_modules $(VENDOR) instance .pytest_cache .ruff_cache
