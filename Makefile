# The two commands of the README:
#   make build   set up and build the graph of source/ into out/ (kg.ttl, kg.html)
#   make test    set up (with a headless Chromium for the page tests), run the tests (with the doctests of kg/),
#                then the checks: ruff, ruff format, mypy
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: build test check setup setup-dev browser clean

build: setup
	$(BIN)/kg build source --out out

test: setup-dev browser
	$(BIN)/python -m pytest
	$(MAKE) check

check: setup-dev
	$(BIN)/ruff check kg tests bench
	$(BIN)/ruff format --check kg tests bench
	$(BIN)/mypy

setup: $(VENV)/.installed
setup-dev: $(VENV)/.installed-dev

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Debian's Chromium for the browser tests (the machines reach Debian's registry, not browser downloads).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; }
	@# A font with Chinese glyphs, for the page in Chromium and the notebook's matplotlib chart.
	@[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq fonts-wqy-zenhei >/dev/null; }

clean:
	rm -rf out .venv build *.egg-info
