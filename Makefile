# Pressroom: `make run` serves the demo publication, `make test` runs the suite.
# VENV and PYTHON can be overridden, e.g. `make test VENV=.venv-3.11 PYTHON=python3.11`.

PYTHON ?= $(shell scripts/find-python)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# pytest-xdist workers for `make test` (0: one process).
PYTEST_WORKERS ?= auto

.PHONY: run test install install-test browser lint format messages clean prod prod-stop prod-status stack-check bench

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "No Python 3.11+ found (pyenv or PATH)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# The browser tests drive Debian's Chromium through playwright (no browser
# download); it is installed from Debian's packages when missing.
browser:
	@[ -x /usr/bin/chromium ] || { echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

install-test: install browser

# The demo site answers at the address it is served on.
run: export DJANGO_SETTINGS_MODULE = site_config.settings.dev
run: export BASE_URL ?= http://$(HOST)
# The task queue's worker (e-mails, webhooks, reminders, see-also) runs
# beside the server and stops with it; e-mails print on this console.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_publication
	$(BIN)/python manage.py db_worker --backend pressroom --no-reload & \
	  worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver $(HOST)

# The production topology on this machine (nginx, Varnish, gunicorn ×2,
# PostgreSQL, Redis, S3 media): see README, Production.
$(VENV)/.installed-stack: pyproject.toml | $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev,stack]"
	touch $@

prod: $(VENV)/.installed-stack
	scripts/prod-stack start $(PROD_ARGS)

prod-stop:
	scripts/prod-stack stop $(PROD_ARGS)

prod-status:
	scripts/prod-stack status $(PROD_ARGS)

# Two app servers behind nginx and Varnish: publish, purge, media, caching.
stack-check: $(VENV)/.installed-stack
	scripts/prod-stack install
	$(BIN)/python -m pytest deploy/checks -p no:cacheprovider $(PYTEST_ARGS)

# Every performance figure in one run (bench/all.sh; README: Benchmarks).
bench: $(VENV)/.installed-stack
	PY=$(BIN)/python bash bench/all.sh

test: install-test
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Each app ships its own catalogue (<app>/locale/fr): makemessages runs in
# each app's folder, so that a string lands in the catalogue of the app that
# uses it (an app installed alone into another site brings its French).
LOCALE_APPS := editorial articles glossary podcasts contacts leads newsletter site_config wordpress_import
messages: install
	for app in $(LOCALE_APPS); do \
	  (cd $$app && $(abspath $(BIN))/python ../manage.py makemessages -l fr --no-obsolete --ignore demo) || exit 1; \
	done
	$(BIN)/python manage.py compilemessages --ignore ".venv*"

clean:
	rm -rf $(VENV) .pytest_cache
