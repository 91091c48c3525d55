# The two commands of the README. Each creates .venv from nothing and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := demo.db
DEMO_MONTH ?= 2026-10
export WBZ_TODAY ?= 2026-11-24

.PHONY: demo test install lint docs schema clean mutate

$(BIN)/wbz: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/wbz

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	WBZ_DB=$(DEMO_DB) WBZ_OPERATOR=demo $(BIN)/python data/demo/build.py --month $(DEMO_MONTH)

test: install
	$(BIN)/python -m pytest -n auto

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

docs: install
	$(BIN)/python -m wbz_cli.cli.docgen > docs/cli-reference.md

# After adding a migration: the triggers and views it makes, shipped for the opening's check.
schema: install
	$(BIN)/python -m wbz_cli.store.schema_writer

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm

# Mutation testing (issue 26), by hand only: every target of bench/mutation_targets.toml, or
# one: make mutate FILE=src/wbz_cli/domain/idnumber.py (SURVIVORS=1: only the mutants that
# survived its last run, after a test was added). Writes bench/mutation.md.
mutate: install
	nice -n 10 $(BIN)/python bench/mutate.py $(if $(FILE),--file $(FILE)) $(if $(SURVIVORS),--survivors) $(if $(EQUIVALENTS),--check-equivalents)
