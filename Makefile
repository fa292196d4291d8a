# bokslut: two commands do everything on a fresh machine.
#   make demo   – create .venv, install, render the example organisation's year (every report, Word and PDF) into out/
#   make test   – lint, type-check and run the tests
#   make quick  – the tests not marked slow, in seconds (while working)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ORG    := examples/organisation.json
YEAR   := 2022
INPUT  := examples/delarsbokslut-$(YEAR)/excel

.PHONY: demo test quick lint typecheck validate examples excel benchmark clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# The example kommun's year, as its three nämnder live it: each follow-up's workbooks are imported
# into the store (out/bokslut.db), the documents are rendered from the store, and each nämnd's
# decision locks its period. Later reports recall the earlier forecasts from the store.
STORE  := out/bokslut.db
BOK    := $(BIN)/bokslut
COMMON := --org $(ORG) --år $(YEAR)

# The decisions of the vård- och omsorgsnämnd (8), the barn- och utbildningsnämnd (5) and the
# samhällsbyggnadsnämnd (6), each at its own meeting.
define decide
	$(BOK) lock $(1) $(COMMON) --lager $(STORE) --av demo --nämnd 8 --beslut "$(2)"
	$(BOK) lock $(1) $(COMMON) --lager $(STORE) --av demo --nämnd 5 --beslut "$(3)"
	$(BOK) lock $(1) $(COMMON) --lager $(STORE) --av demo --nämnd 6 --beslut "$(4)"
endef

define period
	$(BOK) import $(1) $(COMMON) --lager $(STORE) --av demo --inlämnad "$(3)" examples/$(2)/excel > out/import-$(2).txt
	$(BOK) render $(1) $(COMMON) --lager $(STORE) --ut out --pdf --datum $(word 1,$(3))
	$(call decide,$(1),$(4),$(5),$(6))
endef

demo: $(STAMP)
	rm -f $(STORE) $(STORE)-wal $(STORE)-shm
	mkdir -p out
	@# The year's plan first: the nämnder's budgets 2022 with plan 2023–2024, decided in November.
	$(BOK) import budget $(COMMON) --lager $(STORE) --av demo --inlämnad "2021-11-08 10:00" examples/budget-$(YEAR)/json > out/import-budget-$(YEAR).txt
	$(BOK) render budget $(COMMON) --lager $(STORE) --ut out --pdf --datum 2021-11-08
	$(call decide,budget,2021-11-23 § 62,2021-11-24 § 71,2021-11-25 § 80)
	$(call period,manadsuppfoljning --månad 3,manadsuppfoljning-$(YEAR)-03,2022-04-04 10:00,2022-04-26 § 21,2022-04-27 § 17,2022-04-28 § 33)
	$(call period,fordjupad,fordjupad-$(YEAR)-04,2022-05-12 09:00,2022-05-24 § 31,2022-05-25 § 26,2022-05-26 § 41)
	$(call period,manadsuppfoljning --månad 5,manadsuppfoljning-$(YEAR)-05,2022-06-09 11:00,2022-06-21 § 38,2022-06-22 § 32,2022-06-23 § 49)
	@# The delårsbokslut in layers, as the årsplan has it: the enheter by 23 August (Hemtjänst
	@# Centrum two days late), the avdelningar by 30 August, the förvaltningar's and nämnder's
	@# underlag by 13 September. Kommunledningskontoret looks at the whole kommun on 24 August.
	$(BOK) import delarsbokslut $(COMMON) --lager $(STORE) --av demo --inlämnad "2022-08-22 16:00" \
		$(filter-out %/81913.xlsx,$(wildcard $(INPUT)/?????.xlsx)) > out/import-delarsbokslut-enheter.txt
	$(BOK) status delarsbokslut $(COMMON) --lager $(STORE) --datum 2022-08-24 --per-nämnd || true  # exit 1: someone is missing
	$(BOK) import delarsbokslut $(COMMON) --lager $(STORE) --av demo --inlämnad "2022-08-25 09:30" $(INPUT)/81913.xlsx
	$(BOK) import delarsbokslut $(COMMON) --lager $(STORE) --av demo --inlämnad "2022-08-29 15:00" $(wildcard $(INPUT)/????.xlsx)
	$(BOK) import delarsbokslut $(COMMON) --lager $(STORE) --av demo --inlämnad "2022-09-12 14:00" $(wildcard $(INPUT)/??.xlsx $(INPUT)/?.xlsx)
	$(BOK) render delarsbokslut $(COMMON) --lager $(STORE) --ut out --pdf --datum 2022-09-12
	$(call decide,delarsbokslut,2022-09-27 § 45,2022-09-28 § 39,2022-09-29 § 57)
	@# The kommun's sammanställning of the nämnder's delårsbokslut, for kommunledningskontoret.
	$(BOK) render sammanstallning $(COMMON) --lager $(STORE) --ut out --pdf --datum 2022-09-30
	$(call period,manadsuppfoljning --månad 10,manadsuppfoljning-$(YEAR)-10,2022-11-10 10:00,2022-11-22 § 52,2022-11-23 § 47,2022-11-24 § 66)
	$(call period,arsbokslut,arsbokslut-$(YEAR),2023-02-08 15:00,2023-02-21 § 8,2023-02-22 § 5,2023-02-23 § 9)
	@# And of the årsbokslut, for the kommun's årsredovisning.
	$(BOK) render sammanstallning --rapport arsbokslut $(COMMON) --lager $(STORE) --ut out --pdf --datum 2023-02-24
	$(BOK) render delarsbokslut-enhet $(COMMON) --utan-lager --ut out --pdf --datum 2022-08-22 --delat examples/delarsbokslut-$(YEAR)/delat $(INPUT)
	$(BOK) render arsbokslut-enhet $(COMMON) --utan-lager --ut out --pdf --datum 2023-02-08 --delat examples/arsbokslut-$(YEAR)/delat examples/arsbokslut-$(YEAR)/excel
	$(BOK) status delarsbokslut $(COMMON) --lager $(STORE) --datum 2022-09-30 --per-nämnd
	@echo "Dokumenten finns i out/, en mapp per rapport; lagret är $(STORE)."

validate: $(STAMP)
	$(BIN)/bokslut validate delarsbokslut --org $(ORG) --år $(YEAR) $(INPUT)

# The programs some tests call (LibreOffice Writer and Calc, poppler, PostgreSQL) are installed
# when missing (scripts/system-deps.sh, needs root or sudo) and PostgreSQL is started; a test
# whose program is still missing fails naming the Debian package.
test: $(STAMP) lint typecheck
	bash scripts/system-deps.sh
	BOKSLUT_TEST_POSTGRES="$${BOKSLUT_TEST_POSTGRES:-$$(bash scripts/postgres.sh || true)}" $(BIN)/pytest -q

# The tests without those marked slow (whole example years, LibreOffice, PostgreSQL, hypothesis,
# big hostile files): seconds, while working. `make test` runs everything, as CI does.
quick: $(STAMP)
	$(BIN)/pytest -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check bokslut tests scripts
	$(BIN)/ruff format --check bokslut tests scripts

typecheck: $(STAMP)
	$(BIN)/mypy bokslut tests scripts

# The valid example workbooks are recalculated by LibreOffice so they carry formula results, as
# a workbook saved by Excel does; the broken ones are left as openpyxl wrote them.
examples: $(STAMP)
	$(BIN)/python -m scripts.examples
	$(BIN)/python scripts/recalculate.py examples/organisation.xlsx examples/*-$(YEAR)*/excel/*.xlsx \
		examples/delarsbokslut-$(YEAR)/ekonomisystem/*.xlsx

# The blank workbooks controllers fill for the example year, one per node (fixed file dates, so a
# rerun gives the same files).
excel: $(STAMP)
	rm -f excel/*.xlsx
	$(BIN)/bokslut excel new --org $(ORG) --år $(YEAR) --ut excel --datum $(YEAR)-01-01 --utan-lager \
		--delat examples/delarsbokslut-$(YEAR)/delat

benchmark: $(STAMP)
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf out $(VENV) .pytest_cache .mypy_cache .ruff_cache
