# Two commands on a fresh machine: `make render` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPEC ?= chat

.PHONY: render test setup graphviz gallery docs bench bench-speed icons clean

render: setup graphviz
	$(BIN)/archgen render $(SPEC)

gallery: setup graphviz
	$(BIN)/archgen render --all

docs: setup graphviz  ## the copy of the chat design the README embeds (SVG: GitHub and editors show it crisp)
	rm -f docs/chat/*.svg docs/chat/*.png
	$(BIN)/archgen render chat --out docs --format svg,md

test: setup graphviz
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -q

setup: $(STAMP)

$(STAMP): pyproject.toml
	@bash scripts/make-venv.sh $(PYTHON) $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

graphviz:
	@bash scripts/ensure-graphviz.sh

bench: setup graphviz  ## whole-process speed: each spec vs raw dot, --help, validate, batches, 500 components
	$(BIN)/python bench/whole_process.py

bench-speed: setup graphviz  ## in-process pipeline vs raw dot (no start-up costs)
	$(BIN)/python bench/render_speed.py

icons: setup  ## regenerate the icon index after changing the catalogue or upgrading diagrams
	$(BIN)/python -m archgen.render.icons

clean:
	rm -rf $(VENV) output .pytest_cache .ruff_cache .hypothesis
