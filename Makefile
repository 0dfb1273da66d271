# educomms — two commands: `make demo` (set up and run everything on SQLite) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first Python >= 3.12 on the PATH (.python-version makes pyenv's python3 resolve to 3.12).
PYTHON ?= $(shell for p in python3.12 python3.13 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
HOST ?= 127.0.0.1
PORT ?= 8000
ONLY ?=

export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help demo install install-dev test browser-deps bench lint messages clean

help:
	@echo "make demo    set up .venv, migrate SQLite, load the demo province, start web + worker + scheduler"
	@echo "make test    install test tools (and Chromium when root) and run the whole suite"
	@echo "make bench   benchmarks (ONLY=org for one module); make lint; make messages"

$(PY):
	@if [ -z "$(PYTHON)" ]; then echo "educomms needs Python >= 3.12 (none found on PATH)"; exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

var/secret_key:
	@mkdir -p var
	@$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

demo: install var/secret_key
	@export DEBUG=true SECRET_KEY_FILE=$(CURDIR)/var/secret_key HOST=$(HOST) PORT=$(PORT); \
	$(VENV)/bin/educomms migrate --no-input -v 0 && \
	$(VENV)/bin/educomms demo && \
	echo "" && echo "  educomms: portal http://$(HOST):$(PORT)/  workspace http://$(HOST):$(PORT)/lam-viec/  (Ctrl+C stops web, worker and scheduler)" && echo "" && \
	exec $(VENV)/bin/educomms up

# Debian's Chromium for the browser tests, when it is missing and we may install it.
browser-deps:
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			chromium chromium-driver fonts-liberation fonts-noto-core >/dev/null; \
	else echo "NOTICE: cannot install Chromium (not root or no apt-get): browser tests will be skipped."; fi

test: install-dev browser-deps
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: install-dev
	$(PY) bench/run.py $(ONLY)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy educomms config
	$(PY) -m educomms.core.lint

# Regenerate the translation catalogues (needs GNU gettext: apt-get install gettext). From the repository root:
# the settings' language names are translated too.
messages: install-dev
	DEBUG=true SECRET_KEY=messages $(PY) manage.py makemessages -l en -l vi --no-obsolete --ignore=var --ignore=bench --ignore=.venv
	cd educomms && DEBUG=true SECRET_KEY=messages ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .mypy_cache .ruff_cache
