# make build: set up .venv from the pinned requirements if needed, then build output/.
# make test:  the same set-up with the test requirements, then the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test serve catalogs clean

build: $(VENV)/.runtime-installed
	$(BIN)/python build.py build

test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest

serve: $(VENV)/.runtime-installed
	$(BIN)/python build.py serve

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

clean:
	rm -rf output .pytest_cache
