# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench lint install system clean picture

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests and the demo use: Chromium (the page is tested in a real browser)
# and Graphviz (static images). Installed only when missing.
system:
	@command -v chromium >/dev/null 2>&1 && command -v sfdp >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium graphviz >/dev/null; }

demo: $(STAMP) system
	$(BIN)/aikg extract corpus/ -o out/
	$(BIN)/aikg viz out/ -o out/graph.html
	$(BIN)/aikg viz out/ -o out/graph.svg

# The picture in the README: the corpus graph around Mistral AI.
picture: demo
	$(BIN)/aikg viz out/ -o corpus/graph-mistral.png --focus "Mistral AI" --hops 1

test: $(STAMP) system
	$(BIN)/pytest src tests README.md

bench: $(STAMP)
	$(BIN)/python tests/bench/bench_store.py; store=$$?; \
	$(BIN)/python tests/bench/bench_extract.py; extract=$$?; \
	exit $$(( store || extract ))

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

clean:
	rm -rf $(VENV) out
