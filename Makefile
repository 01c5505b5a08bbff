# Quick start: `make serve` (site with live reload) and `make test` (everything).
# The first run creates .venv from requirements.lock (exact versions).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ADDR   ?= 127.0.0.1:8000

# MkDocs 1.x and Material print an end-of-life notice on every run: silence it.
export NO_MKDOCS_2_WARNING := 1
# snippets/ is imported by tests, figure code and lab notebooks from the checkout.
export PYTHONPATH := $(CURDIR)
# Small matrices: BLAS threads cost more than they save, and fight over 2 cores.
export OPENBLAS_NUM_THREADS := 1
# mkdocs-jupyter imports nbconvert, whose command-line app otherwise instantiates every
# installed exporter to list the enabled ones (about 0.7 s in each build process); the
# build uses the HTML exporter directly and never that list.
export NBCONVERT_DISABLE_CONFIG_EXPORTERS := 1

.PHONY: serve build pdf test bench clean pyodide

# uv installs the locked packages several times faster than pip (parallel downloads,
# no per-package build step): 30 s instead of 90-100 s for a new .venv here. Like pip,
# it compiles the bytecode at install time (--compile-bytecode): otherwise the first
# import compiles it under the tests' warnings-as-errors (jieba's invalid escapes fail).
UV     := uv==0.13.10

$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(UV)
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.lock
	@touch $@

pyodide: $(STAMP)  ## fetch Pyodide once into .cache/pyodide/ (pinned, verified; for the Run buttons)
	$(BIN)/python scripts/pyodide_assets.py

serve: $(STAMP) pyodide  ## serve both languages with live reload
	@echo "Serving on http://$(ADDR)/ (English) and http://$(ADDR)/zh/ (Chinese)"
	$(BIN)/mkdocs serve --livereload --dev-addr $(ADDR)

build: $(STAMP) pyodide  ## write the complete static site (both languages) to site/
	$(BIN)/mkdocs build --strict

pdf: build  ## the site, then the book of each language: site/pdf/dl-notes-{en,zh}.pdf
	$(BIN)/python -m hooks.pdf site

test: $(STAMP) pyodide  ## unit tests, page code, strict build, built-site and browser checks
	$(BIN)/python -m pytest -n 2 --cov --cov-report=term-missing --cov-fail-under=100

bench: $(STAMP) pyodide  ## cold and warm build time, test time, loop vs vectorized
	$(BIN)/python scripts/bench.py

clean:
	rm -rf site .cache .coverage
