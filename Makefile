# Tenure — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TENURE := $(BIN)/tenure
STAMP := $(VENV)/.installed

.PHONY: run test check lint format typecheck test-sqlite test-postgres install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Serve the API on http://127.0.0.1:8000 on a SQLite file under var/, with the demo catalog.
run: $(STAMP)
	mkdir -p var
	$(TENURE) migrate
	$(TENURE) catalog load --demo --if-changed
	$(TENURE) apikey create --name "first staff key" --first-run
	$(TENURE) serve --host 127.0.0.1 --port 8000

## ruff + mypy + the whole suite on SQLite and PostgreSQL.
test: $(STAMP) lint typecheck
	$(BIN)/python scripts/test_all.py

check: test

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

format: $(STAMP)
	$(BIN)/ruff check --fix src tests bench scripts
	$(BIN)/ruff format src tests bench scripts

typecheck: $(STAMP)
	$(BIN)/mypy

test-sqlite: $(STAMP)
	$(BIN)/python -m pytest

test-postgres: $(STAMP)
	$(BIN)/python scripts/with_postgres.py $(BIN)/python -m pytest

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
