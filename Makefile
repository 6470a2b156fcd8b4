# make build: set up .venv from the pinned requirements if needed, then build output/.
# make test:  the same set-up with the test requirements, then the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The accessibility and HTML checkers come from npm; without npm their tests are skipped.
NPM := $(shell command -v npm 2>/dev/null)
CHECKERS := $(if $(NPM),node_modules/.installed)

.PHONY: build test serve check catalogs clean

build: $(VENV)/.runtime-installed
	$(BIN)/python build.py build

test: $(VENV)/.dev-installed $(CHECKERS)
	$(BIN)/python -m pytest

serve: $(VENV)/.runtime-installed
	$(BIN)/python build.py serve

check: $(VENV)/.runtime-installed $(CHECKERS)
	$(BIN)/python build.py check

catalogs: $(VENV)/.runtime-installed
	$(BIN)/python build.py catalogs

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf output .pytest_cache
