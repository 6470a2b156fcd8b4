# make build: set up .venv from the pinned requirements if needed, then build output/.
# make test:  the same set-up with the test requirements, then ruff, mypy and the whole test suite (a process per core, at most 4;
#             each test file in one process: a file's tests share its site's builds).
# make test-fast: the quick tests only (CONTRIBUTING.md).
# make mutate: plant small mistakes in the modules that decide what a user sees and count those the tests catch
#              (scripts/mutate.py, 8 mutants a module; MUTATE_ARGS="--sample 12" as in BENCHMARKS.md, "urls writer" for some modules).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The accessibility and HTML checkers come from npm; without npm their tests are skipped.
NPM := $(shell command -v npm 2>/dev/null)
CHECKERS := $(if $(NPM),node_modules/.installed)

.PHONY: build test test-fast serve check catalogs clean mutate

build: $(VENV)/.runtime-installed
	$(BIN)/python build.py build

test: $(VENV)/.dev-installed $(CHECKERS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/mypy --config-file tests/mypy.ini
	$(BIN)/python -m pytest -n auto --maxprocesses 4 --dist loadfile

# The quick tests, while you work: no browser, no real servers, no whole-site builds beyond the shared ones.
test-fast: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -q -n auto -m "not browser and not servers and not slow"

serve: $(VENV)/.runtime-installed
	$(BIN)/python build.py serve

check: $(VENV)/.runtime-installed $(CHECKERS)
	$(BIN)/python build.py check

MUTATE_ARGS ?= --sample 8
mutate: $(VENV)/.dev-installed
	nice -n 15 $(BIN)/python scripts/mutate.py $(MUTATE_ARGS)

catalogs: $(VENV)/.runtime-installed
	$(BIN)/python build.py catalogs

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# The generator itself is installed too (editable: the checkout is what runs), for the sitegen command.
$(VENV)/.runtime-installed: requirements.txt pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@ $(VENV)/.runtime-installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf output .pytest_cache
