# Two commands on a fresh machine: `make render` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPEC ?= chat

.PHONY: render test setup graphviz browser gallery site docs screenshots bench bench-speed icons clean

render: setup graphviz
	$(BIN)/archgen render $(SPEC)

gallery: setup graphviz
	$(BIN)/archgen render --all

docs: setup graphviz  ## the copy of the chat design the README embeds (SVG: GitHub and editors show it crisp)
	rm -f docs/chat/*.svg docs/chat/*.png
	$(BIN)/archgen render chat --out docs --format svg,md

site: setup graphviz  ## the static site of every design, in site/ (publish the folder as it is)
	$(BIN)/archgen site --out site

screenshots: setup graphviz browser  ## docs/page-light.png and docs/page-dark.png, shown in the README
	$(BIN)/python scripts/screenshots.py

test: setup graphviz browser
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

browser:  ## Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser)
	@bash scripts/ensure-browser.sh

bench: setup graphviz  ## whole-process speed: each spec vs raw dot, --help, validate, batches, 500 components
	$(BIN)/python bench/whole_process.py

bench-speed: setup graphviz  ## in-process pipeline vs raw dot (no start-up costs)
	$(BIN)/python bench/render_speed.py

icons: setup  ## regenerate the icon index after changing the catalogue or upgrading diagrams
	$(BIN)/python -m archgen.render.icons

clean:
	rm -rf $(VENV) output site .pytest_cache .ruff_cache .hypothesis
