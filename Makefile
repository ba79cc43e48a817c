# Two commands for a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH (or PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# constraints.txt: the versions CI last passed with (pip freeze); pyproject says what is needed.
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/boardpack run

lint: $(STAMP)
	$(BIN)/ruff check boardpack extractors schemas flows tests bench
	$(BIN)/ruff format --check boardpack extractors schemas flows tests bench
	$(BIN)/mypy

# The browser tests drive Debian's Chromium (never a browser build of a tool's own).
CHROMIUM := /usr/bin/chromium

test: lint $(CHROMIUM)
	$(BIN)/pytest -q

$(CHROMIUM):
	@command -v apt-get >/dev/null 2>&1 || { echo "need Chromium at $(CHROMIUM) (Debian's chromium package)"; exit 1; }
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq --no-install-recommends chromium fonts-liberation

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf outputs $(VENV)
