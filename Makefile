# bokslut: two commands do everything on a fresh machine.
#   make demo   – create .venv, install, render the example organisation's year (every report) into out/
#   make test   – lint, type-check and run the tests

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ORG    := examples/organisation.json
YEAR   := 2022
INPUT  := examples/delarsbokslut-$(YEAR)/excel

.PHONY: demo test lint typecheck validate templates examples benchmark clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# The example organisation's year: every follow-up the nämnd decides on, every node's document.
RUN := $(BIN)/bokslut render --org $(ORG) --år $(YEAR) --ut out

demo: $(STAMP)
	$(RUN) manadsuppfoljning --månad 3 examples/manadsuppfoljning-$(YEAR)-03/excel
	$(RUN) fordjupad examples/fordjupad-$(YEAR)-04/excel
	$(RUN) manadsuppfoljning --månad 5 examples/manadsuppfoljning-$(YEAR)-05/excel
	$(RUN) delarsbokslut $(INPUT)
	$(RUN) manadsuppfoljning --månad 10 examples/manadsuppfoljning-$(YEAR)-10/excel
	$(RUN) arsbokslut examples/arsbokslut-$(YEAR)/excel
	$(RUN) delarsbokslut-enhet --delat examples/delarsbokslut-$(YEAR)/delat $(INPUT)
	$(RUN) arsbokslut-enhet --delat examples/arsbokslut-$(YEAR)/delat examples/arsbokslut-$(YEAR)/excel
	@echo "Dokumenten finns i out/, en mapp per rapport."

validate: $(STAMP)
	$(BIN)/bokslut validate delarsbokslut --org $(ORG) --år $(YEAR) $(INPUT)

test: $(STAMP) lint typecheck
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check bokslut tests scripts
	$(BIN)/ruff format --check bokslut tests scripts

typecheck: $(STAMP)
	$(BIN)/mypy bokslut

# Rebuild the Word mallar and the example data from their scripts.
templates: $(STAMP)
	$(BIN)/python scripts/build_templates.py

# The valid example workbooks are recalculated by LibreOffice so they carry formula results, as
# a workbook saved by Excel does; the broken ones are left as openpyxl wrote them.
examples: $(STAMP)
	$(BIN)/python scripts/make_examples.py
	$(BIN)/python scripts/recalculate.py examples/organisation.xlsx examples/*-$(YEAR)*/excel/*.xlsx \
		examples/delarsbokslut-$(YEAR)/ekonomisystem/*.xlsx

benchmark: $(STAMP)
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf out $(VENV) .pytest_cache .mypy_cache .ruff_cache
