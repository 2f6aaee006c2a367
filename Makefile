# Two commands a new team member needs (see README.md):
#   make serve   set everything up, build both languages, serve at http://127.0.0.1:8000
#   make test    set everything up, run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
# The browser runtime of the in-page tools (npm package pyodide, pinned in package-lock.json); the build copies it
# into the site. Lighthouse (a devDependency) is only for `make bench-lighthouse`.
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)

.PHONY: setup serve build test lint bench bench-lighthouse clean

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; print(f"Python {v[0]}.{v[1]}" + ("" if v == (3, 11) else " (the pins are made for 3.11; set PYTHON=python3.11 if you have it)"))'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js and npm (sudo apt-get install nodejs npm)"; exit 2; }
	npm ci --omit=dev --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

setup: $(STAMP) $(NODE_STAMP)

serve: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m snippets site serve

build: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m snippets site build

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/nbstripout --keep-id --verify playbooks/*.ipynb
	$(BIN)/python -m pytest

bench-lighthouse: $(STAMP)
	npm ci --include=dev --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP)
	$(BIN)/python benchmarks/lighthouse_pages.py

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf site .cache .pytest_cache
