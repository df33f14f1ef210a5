# `make run` serves the app on http://127.0.0.1:8000; `make test` runs every test.
# Both install what they need first and are quick when nothing changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev prepare browser-deps postgres-deps lint format messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps keep a second run from reinstalling; they change when the requirement files do.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# A random development secret key, made once (git-ignored, like all of var/). Settings reads it
# only when DJANGO_SECRET_KEY and DJANGO_SECRET_KEY_FILE are unset; `check --deploy` refuses it.
DEV_SECRET_KEY := var/dev-secret-key
$(DEV_SECRET_KEY): | $(VENV)/.runtime
	$(BIN)/python -m faq.portal.devkey $@

install: $(VENV)/.runtime $(DEV_SECRET_KEY)
install-dev: $(VENV)/.dev $(DEV_SECRET_KEY)

# Everything generated lives under var/ (see settings.DATA_DIR) and is rebuilt only when stale.
# publish_content checks content/ and publishes it to var/content/; on an error it stops here,
# and a server keeps serving the last good snapshot.
prepare:
	$(BIN)/python manage.py compile_catalogs -v0
	$(BIN)/python manage.py publish_content
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py build_index --if-stale

run: install prepare
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-$(HOST),localhost} \
	  $(BIN)/gunicorn faq.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

# Debian's chromium (Playwright's own browser download does not work here), the Noto CJK fonts
# (so the screenshots under var/screenshots/ show Japanese as readers see it) and axe-core.
browser-deps:
	@command -v chromium >/dev/null || apt-get install -y --no-install-recommends chromium \
	  || (apt-get update && apt-get install -y --no-install-recommends chromium)
	@test -d /usr/share/fonts/opentype/noto || apt-get install -y --no-install-recommends fonts-noto-cjk \
	  || (apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk)
	@test -f tests/browser/node_modules/axe-core/axe.min.js \
	  || (cd tests/browser && npm ci --no-audit --no-fund)

# Debian's PostgreSQL server binaries: tests/test_postgresql.py starts its own throwaway server.
postgres-deps:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	  || apt-get install -y --no-install-recommends postgresql \
	  || (apt-get update && apt-get install -y --no-install-recommends postgresql)

test: install-dev browser-deps postgres-deps prepare
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract new interface strings into locale/*/django.po (then translate the ja file).
messages: install
	$(BIN)/python manage.py update_catalogs
