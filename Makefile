# Two commands do all the set-up on a fresh clone:
#   make run    installs what the app needs and opens it on http://127.0.0.1:$(PORT)
#   make test   installs what the tests need (Debian's chromium and virtuoso-opensource
#               included) and runs them all
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8501
BIN := $(VENV)/bin

.PHONY: compile run test lint typecheck pytest chromium virtuoso bench frontend clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.run-installed

# Our own modules' bytecode, as pip writes it for installed packages: an editable install
# does not, and with PYTHONDONTWRITEBYTECODE set every start would compile them (~50 ms)
compile: $(VENV)/.run-installed
	$(BIN)/python -m compileall -q graph myograph_app

run: compile
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

chromium:
	@if command -v chromium >/dev/null 2>&1; then \
	  echo "chromium: $$(command -v chromium)"; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "The browser tests need Debian's Chromium. Install it with:"; \
	  echo "    sudo apt-get update && sudo apt-get install -y chromium"; \
	  echo "then run 'make test' again."; \
	  exit 1; \
	fi

# Debian's Virtuoso for tests/test_store_virtuoso.py (they skip without it, and fail under CI=true)
virtuoso:
	@if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then \
	  echo "virtuoso: $$(command -v virtuoso-t)"; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian's virtuoso-opensource for the Virtuoso store tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends virtuoso-opensource >/dev/null; \
	else \
	  echo "The Virtuoso store tests will skip: install Debian's Virtuoso with"; \
	  echo "    sudo apt-get update && sudo apt-get install -y virtuoso-opensource"; \
	fi

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

pytest: $(VENV)/.dev-installed chromium virtuoso
	$(BIN)/python -m pytest

test: lint typecheck pytest

# The benchmark (issue 7): sizes 100 k and 1 M triples, 10 M too with FULL=1; writes
# benchmarks/results/latest.{json,md,png}, then whole processes after a load (issue 19:
# myograph load against oxigraph load and rdflib, and the first commands) to
# benchmarks/results/whole-load.{json,md}. Generated graphs are cached.
bench: $(VENV)/.dev-installed compile
	$(BIN)/python -m benchmarks.run $(if $(FULL),--full)
	$(BIN)/python -m benchmarks.whole_load $(if $(FULL),--sizes 1000000 10000000)

# The SPARQL editor's JavaScript (CodeMirror 6, pinned in myograph_app/frontend/package-lock.json)
# bundled into myograph_app/assets/sparql_editor.js, which is committed: only rebuilding it
# needs Node.js and npm (npm ci fetches the exact packages the lock file names).
frontend:
	cd myograph_app/frontend && npm ci --no-audit --no-fund && node build.mjs

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
