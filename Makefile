# ChiBo: `make run` serves the API with the demo data; `make test` runs the suite on SQLite and
# on PostgreSQL. Everything runs from the local virtual environment in .venv.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

# The admin database the tests create their throwaway PostgreSQL databases from.
CHIBO_TEST_POSTGRES_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test
export CHIBO_TEST_POSTGRES_URL

# Exits 0 when the PostgreSQL server of CHIBO_TEST_POSTGRES_URL accepts connections.
define PG_READY_PY
import asyncio, os, sys
import asyncpg
from sqlalchemy.engine import make_url

url = make_url(os.environ["CHIBO_TEST_POSTGRES_URL"])

async def check() -> None:
    conn = await asyncpg.connect(
        host=url.host or "127.0.0.1", port=url.port or 5432, user=url.username,
        password=url.password, database=url.database, timeout=5,
    )
    await conn.close()

try:
    asyncio.run(check())
except Exception as exc:
    where = url.render_as_string(hide_password=True)
    print(f"PostgreSQL at {where} is not reachable: {exc!r}", file=sys.stderr)
    sys.exit(1)
endef
export PG_READY_PY

.PHONY: help venv install run serve migrate seed test test-backend test-sqlite test-postgres test-frontend \
	lint format frontend client check-client clean distclean

help:
	@echo "make run       install, migrate the database, load the demo data once, serve on :8000"
	@echo "make test      install, run the tests on SQLite and PostgreSQL side by side, then the web app's"
	@echo "make lint      ruff check, ruff format --check, mypy"
	@echo "make format    ruff format and ruff check --fix"
	@echo "make migrate   upgrade the database (CHIBO_DATABASE_URL) to the latest schema"
	@echo "make seed      load the demo data (idempotent; refused in production)"
	@echo "make clean     remove caches and build files; make distclean also .venv and var/"

# --- environment -------------------------------------------------------------------------------

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changed since the last install.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -e '.[dev]'
	touch $(STAMP)

venv install: $(STAMP)

# --- running -----------------------------------------------------------------------------------

# One recipe, so that the steps keep their order under make -j.
run: install frontend
	$(BIN)/chibo migrate
	$(BIN)/chibo seed-demo
	$(BIN)/chibo serve

serve: install
	$(BIN)/chibo serve

migrate: install
	$(BIN)/chibo migrate

seed: install
	$(BIN)/chibo seed-demo

# The web app: installed from the lock file when it changed, built into frontend/dist.
FRONTEND_STAMP := frontend/node_modules/.installed

$(FRONTEND_STAMP): frontend/package-lock.json
	cd frontend && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $(FRONTEND_STAMP)

frontend: $(FRONTEND_STAMP)
	cd frontend && npm run build

# The typed API client is generated from the backend's OpenAPI schema.
client: install $(FRONTEND_STAMP)
	$(BIN)/chibo openapi --output frontend/src/api/openapi.json
	cd frontend && npm run gen:api

# Fails when the committed client no longer matches the backend (run `make client`).
check-client: install $(FRONTEND_STAMP)
	@tmp=$$(mktemp -d); \
	$(BIN)/chibo openapi --output $$tmp/openapi.json; \
	(cd frontend && npx openapi-typescript $$tmp/openapi.json -o $$tmp/schema.d.ts >/dev/null); \
	if ! cmp -s $$tmp/openapi.json frontend/src/api/openapi.json || \
	   ! cmp -s $$tmp/schema.d.ts frontend/src/api/schema.d.ts; then \
		echo "ERROR: the generated API client is stale: run 'make client' and commit." >&2; \
		rm -rf $$tmp; exit 1; \
	fi; rm -rf $$tmp; echo "API client is up to date."

# Unit tests (Vitest), the type check, then the end-to-end tests in Debian's Chromium.
# Without a Chromium the browser tests are skipped with a notice, except under CI=true.
test-frontend: check-client frontend
	cd frontend && npm run typecheck && npm test
	@if [ ! -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then \
		if [ "$${CI:-}" = "true" ]; then \
			echo "ERROR: CI=true and no Chromium at /usr/bin/chromium: browser tests cannot run." >&2; \
			exit 1; \
		fi; \
		echo "NOTICE: no Chromium at /usr/bin/chromium (apt-get install chromium): browser tests SKIPPED."; \
		exit 0; \
	fi; \
	cd frontend && npx playwright test

# --- checks ------------------------------------------------------------------------------------

test: install
	@$(MAKE) --no-print-directory test-backend
	@$(MAKE) --no-print-directory test-frontend

# The SQLite and PostgreSQL passes side by side (each has its own throwaway database, server and
# file store; on two cores this saves about a third of the time). Each pass's output is kept
# apart and shown whole when both have ended; the target fails if either failed.
test-backend: install
	@logs=$$(mktemp -d); \
	echo "Running the SQLite and PostgreSQL passes side by side..."; \
	$(MAKE) --no-print-directory test-sqlite >"$$logs/sqlite.log" 2>&1 & sqlite=$$!; \
	$(MAKE) --no-print-directory test-postgres >"$$logs/postgres.log" 2>&1 & postgres=$$!; \
	status=0; \
	wait $$sqlite || status=1; \
	wait $$postgres || status=1; \
	echo "=== SQLite pass"; cat "$$logs/sqlite.log"; \
	echo "=== PostgreSQL pass"; cat "$$logs/postgres.log"; \
	rm -rf "$$logs"; \
	exit $$status

test-sqlite: install
	CHIBO_TEST_DATABASE=sqlite $(PY) -m pytest $(PYTEST_ARGS)

# Skipped with a notice when no PostgreSQL is reachable, except under CI=true, where it fails.
test-postgres: install
	@if ! $(PY) -c "$$PG_READY_PY"; then \
		if [ "$${CI:-}" = "true" ]; then \
			echo "ERROR: CI=true and PostgreSQL is unavailable: the PostgreSQL pass cannot run." >&2; \
			exit 1; \
		fi; \
		echo ""; \
		echo "NOTICE: PostgreSQL is not reachable, so the PostgreSQL pass is SKIPPED."; \
		echo "        Start a server at 127.0.0.1:5432 or set CHIBO_TEST_POSTGRES_URL."; \
		echo ""; \
		exit 0; \
	fi; \
	echo "CHIBO_TEST_DATABASE=postgresql $(PY) -m pytest $(PYTEST_ARGS)"; \
	CHIBO_TEST_DATABASE=postgresql $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check backend tests
	$(BIN)/ruff format --check backend tests
	$(BIN)/mypy

format: install
	$(BIN)/ruff format backend tests
	$(BIN)/ruff check --fix backend tests

# --- cleaning ----------------------------------------------------------------------------------

clean:
	find backend tests -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -rf .pytest_cache .mypy_cache .ruff_cache build dist backend/*.egg-info frontend/dist

distclean: clean
	rm -rf $(VENV) var/chibo.db var/chibo.db-wal var/chibo.db-shm
