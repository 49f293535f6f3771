# Two commands on a fresh machine: `make render` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
SPEC ?= chat

.PHONY: render test setup dev graphviz browser export-tools gallery site docs screenshots bench bench-speed icons clean

render: setup graphviz
	$(BIN)/archgen render $(SPEC)

gallery: setup graphviz
	$(BIN)/archgen render --all

docs: setup graphviz  ## the copy of the chat design the README embeds (SVG: GitHub and editors show it crisp)
	rm -f docs/chat/*.svg docs/chat/*.png
	$(BIN)/archgen render chat --out docs --format svg,md

site: setup graphviz  ## the static site of every design, in site/ (publish the folder as it is)
	$(BIN)/archgen site --out site

screenshots: dev graphviz browser  ## docs/page-light.png and docs/page-dark.png, shown in the README
	$(BIN)/python scripts/screenshots.py

# The export tests start a browser or a JVM per spec, so they run side by side (xdist) and after the rest,
# which keeps Graphviz's --timeout in the render tests free of their load.
test: dev graphviz browser export-tools
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -q -m "not exports"
	$(BIN)/pytest -q -n auto -m exports

# Runtime dependencies only: drawing a diagram needs no test tools.
setup: $(STAMP)

$(STAMP): pyproject.toml
	@bash scripts/make-venv.sh $(PYTHON) $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $(STAMP)

dev: $(DEV_STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(DEV_STAMP)

# Chromium, PlantUML and the Mermaid CLI, which the export tests check Mermaid, D2 and PlantUML files with.
export-tools:
	@bash scripts/ensure-export-tools.sh

graphviz:
	@bash scripts/ensure-graphviz.sh

browser:  ## Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser)
	@bash scripts/ensure-browser.sh

bench: setup graphviz  ## whole-process speed: each spec vs raw dot, --help, validate, batches, 500 components
	$(BIN)/python bench/whole_process.py

bench-speed: setup graphviz  ## in-process pipeline vs raw dot (no start-up costs)
	$(BIN)/python bench/render_speed.py

icons: setup  ## regenerate the icon index after changing the catalogue or upgrading diagrams
	$(BIN)/python -m archgen.render.icons

clean:
	rm -rf $(VENV) output site .tools .pytest_cache .ruff_cache .hypothesis
