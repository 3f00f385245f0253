# The two commands: `make run` serves the demo; `make test` passes the whole suite.
# Both create .venv and install what they need; nothing is to be installed by hand.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# Re-install whenever pyproject.toml changes.
STAMP      := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
TEST_STAMP := $(VENV)/.installed-test-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test lint typecheck check demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

run: $(STAMP)
	$(BIN)/accord db upgrade
	$(BIN)/accord demo --if-empty
	@echo "Open http://$${ACCORD_HOST:-127.0.0.1}:$${ACCORD_PORT:-5000}/ and sign in with one of the accounts above."
	$(BIN)/accord serve

test: $(TEST_STAMP)
	$(BIN)/pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check .

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

check: lint typecheck test

bench: $(TEST_STAMP)
	$(BIN)/python bench/writes.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
