# Two commands on a fresh machine: `make demo` and `make test`. Each sets up .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup test lint typecheck pytest soak demo bench run migrate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy bot storage

pytest: $(STAMP)
	$(BIN)/pytest

# The whole suite: lint, types, tests (on PostgreSQL too when TEST_DATABASE_URL is set).
test: lint typecheck pytest

# The long reliability runs: 20 crash trials of about 1,000 events each, and 10,000 fuzz examples
# per property (see docs/reliability.md).
soak: $(STAMP)
	SOAK_TRIALS=20 SOAK_EVENTS=1000 FUZZ_EXAMPLES=10000 $(BIN)/pytest -q -s tests/reliability tests/security

demo: $(STAMP)
	$(BIN)/ownerbot demo

bench: $(STAMP)
	$(BIN)/python -m bench

migrate: $(STAMP)
	$(BIN)/ownerbot migrate

run: $(STAMP)
	$(BIN)/ownerbot run

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
