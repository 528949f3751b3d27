# Tenure — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TENURE := $(BIN)/tenure
STAMP := $(VENV)/.installed

HOST ?= 127.0.0.1
PORT ?= 8000
UV := $(BIN)/uv
LOCK := requirements/lock.txt

.PHONY: run test check lint imports format typecheck contract client test-sqlite test-postgres install lock clean

# Installs come only from the committed lock files, every file checked against its hash:
# uv itself (requirements/uv.txt, installed by pip), then every dependency of Tenure, its
# development tools and its build backend (requirements/lock.txt), then Tenure, editable.
$(STAMP): $(LOCK) requirements/uv.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
		--require-hashes -r requirements/uv.txt
	$(UV) pip sync --quiet --python $(BIN)/python --require-hashes $(LOCK)
	$(UV) pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

## Refresh the lock on purpose: the newest releases that pyproject.toml allows.
lock: $(STAMP)
	$(UV) pip compile --quiet --universal --python-version 3.11 --generate-hashes --upgrade \
		pyproject.toml requirements/build.in --extra dev -o $(LOCK)
	$(UV) pip compile --quiet --universal --python-version 3.11 --generate-hashes --upgrade \
		requirements/uv.in -o requirements/uv.txt

## Serve the API on http://$(HOST):$(PORT) (default 127.0.0.1:8000) on a SQLite file under var/, with the demo catalog.
run: $(STAMP)
	mkdir -p var
	$(TENURE) migrate
	$(TENURE) catalog load --demo --if-changed
	$(TENURE) apikey create --name "first staff key" --first-run
	$(TENURE) serve --host $(HOST) --port $(PORT)

## ruff + import contracts + mypy + the API contract (schemathesis) + the whole suite on SQLite and PostgreSQL.
test: $(STAMP) lint imports typecheck contract
	$(BIN)/python scripts/test_all.py

## schemathesis against a real server (SQLite, demo catalog), as staff and as a customer.
contract: $(STAMP)
	$(BIN)/python scripts/contract.py

## Regenerate the typed Python client, clients/python (tenure-client), from the OpenAPI document.
client: $(STAMP)
	$(BIN)/python scripts/generate_client.py

check: test

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts docs/examples
	$(BIN)/ruff format --check src tests bench scripts docs/examples

## The dependency rules between packages (.importlinter).
imports: $(STAMP)
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff check --fix src tests bench scripts docs/examples
	$(BIN)/ruff format src tests bench scripts docs/examples

typecheck: $(STAMP)
	$(BIN)/mypy

test-sqlite: $(STAMP)
	$(BIN)/python -m pytest

test-postgres: $(STAMP)
	$(BIN)/python scripts/with_postgres.py $(BIN)/python -m pytest

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
