# Every target sets itself up: a fresh clone needs only python3 (>= 3.11) and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: maps test lint bench eval validate clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

## maps: build site/ from geodata/ (the data is validated first; a failed build leaves site/
## as it was; only dates whose inputs changed are rendered again)
maps: $(STAMP)
	$(BIN)/aleppo-map build --out site

## test: the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest --nbmake tests notebooks

## lint: ruff, rules and formatting
lint: $(STAMP)
	$(BIN)/ruff check aleppo_map tests scripts
	$(BIN)/ruff format --check aleppo_map tests scripts

## bench: throughput and size figures, each against a baseline run side by side
bench: $(STAMP)
	$(BIN)/python -m aleppo_map.bench

## eval: how well ingestion reads the annotated seed articles and ../shared/dev-corpus, beside geotext
eval: $(STAMP)
	$(BIN)/python -m aleppo_map.ingest.evaluation
	@echo
	$(BIN)/aleppo-map eval

validate: $(STAMP)
	$(BIN)/aleppo-map validate

clean:
	rm -rf $(VENV) site .pytest_cache .ruff_cache
