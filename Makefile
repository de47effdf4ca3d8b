# Every target sets itself up: a fresh clone needs only python3 (>= 3.11) and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: maps test lint bench eval validate clean notebooks

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

NB_STAMP := $(VENV)/.notebooks-stamp
# e.g. make notebooks JUPYTER_FLAGS="--no-browser --port 8899"
JUPYTER_FLAGS ?=

$(NB_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev,notebooks]"
	@touch $(NB_STAMP)

## notebooks: install JupyterLab (the `notebooks` extra) and open notebooks/ in it
notebooks: $(NB_STAMP)
	$(BIN)/jupyter lab $(JUPYTER_FLAGS) notebooks/

## maps: build site/ from geodata/ (the data is validated first; a failed build leaves site/
## as it was; only dates whose inputs changed are rendered again)
maps: $(STAMP)
	$(BIN)/aleppo-map build --out site

## test: the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest --nbmake tests notebooks

## lint: ruff (rules, docstrings, complexity, formatting) and mypy on the package
lint: $(STAMP)
	$(BIN)/ruff check aleppo_map tests scripts benchmarks
	$(BIN)/ruff format --check aleppo_map tests scripts benchmarks
	$(BIN)/mypy

## bench: throughput and size figures, each against a baseline run side by side
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

## eval: how well ingestion reads the annotated seed articles and ../shared/dev-corpus, beside geotext
eval: $(STAMP)
	$(BIN)/python -m aleppo_map.ingest.evaluation
	@echo
	$(BIN)/aleppo-map eval

validate: $(STAMP)
	$(BIN)/aleppo-map validate

clean:
	rm -rf $(VENV) site .pytest_cache .ruff_cache
