# Two commands a new team member needs (see README.md):
#   make serve   set everything up, build both languages, serve at http://127.0.0.1:8000
#   make test    set everything up, run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup serve build test lint bench clean

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; print(f"Python {v[0]}.{v[1]}" + ("" if v == (3, 11) else " (the pins are made for 3.11; set PYTHON=python3.11 if you have it)"))'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

setup: $(STAMP)

serve: $(STAMP)
	$(BIN)/python -m snippets site serve

build: $(STAMP)
	$(BIN)/python -m snippets site build

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/nbstripout --keep-id --verify playbooks/*.ipynb
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf site .cache .pytest_cache
