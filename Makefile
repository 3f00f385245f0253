# The two commands: `make run` serves the demo; `make test` passes the whole suite.
# Both create .venv and install what they need; nothing is to be installed by hand.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# Re-install whenever pyproject.toml changes.
STAMP      := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
TEST_STAMP := $(VENV)/.installed-test-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test lint typecheck check demo bench clean client system-packages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

run: $(STAMP) client
	$(BIN)/accord db upgrade
	$(BIN)/accord demo --if-empty
	@echo "Open http://$${ACCORD_HOST:-127.0.0.1}:$${ACCORD_PORT:-5000}/ and sign in with one of the accounts above."
	$(BIN)/accord serve

test: $(TEST_STAMP) client system-packages client-test
	$(BIN)/pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check .

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

check: lint typecheck test

# Every benchmark in its quick mode (each prints JSON lines with its targets and whether they
# are met); run one without --quick for the figures in the README's table.
bench: $(TEST_STAMP) client
	$(BIN)/python bench/engine.py --quick
	$(BIN)/python bench/fidelity.py --runs 1
	$(BIN)/python bench/writes.py --quick
	$(BIN)/python bench/readstorm.py --quick
	$(BIN)/python bench/fanout.py --quick
	$(BIN)/python bench/coedit.py --quick
	$(BIN)/python bench/scaleout.py --quick

# The browser client: buildless ES modules; npm fetches socket.io-client (and axe-core for the
# browser tests) and copies their browser builds into client/vendor/ (git-ignored).
CLIENT_STAMP := client/node_modules/.installed-$(shell cksum client/package-lock.json | cut -d' ' -f1)

client: $(CLIENT_STAMP)

$(CLIENT_STAMP): client/package.json client/package-lock.json
	npm ci --prefix client --no-audit --no-fund
	touch $@

# The client's pure logic (client/**/*.test.js beside each file), with Node's own test runner.
.PHONY: client-test
client-test:
	node --test $$(find client -name '*.test.js' -not -path 'client/node_modules/*' | sort)

# Debian packages for the browser tests (chromium, driven through Playwright for Python;
# never `playwright install`) and the document tests (LibreOffice opens the DOCX files and
# makes PDFs), with fonts for all six UN scripts, and nginx for the multi-process set-up
# (tests/integration/test_scaleout.py, bench/scaleout.py). Installed only when missing; without
# root or apt the tests that need them skip with the reason (unless ACCORD_REQUIRE_SERVICES=1).
SYSTEM_PACKAGES := chromium libreoffice-writer-nogui fonts-noto-core fonts-noto-cjk \
	fonts-noto-color-emoji nginx-light

system-packages:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v soffice >/dev/null 2>&1 \
		|| ! PATH="$$PATH:/usr/sbin" command -v nginx >/dev/null 2>&1; then \
		(apt-get update && apt-get install -y --no-install-recommends $(SYSTEM_PACKAGES)) \
		|| echo "Could not install $(SYSTEM_PACKAGES): browser and document tests will skip."; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache client/node_modules client/vendor
