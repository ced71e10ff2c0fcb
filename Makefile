# NSCL Portal. `make run` and `make test` work on a fresh machine with Python 3.11 and make.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails, QR codes and PDFs point where `make run` serves (SITE_URL in the environment wins).
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL

.PHONY: run test lint typecheck format messages worker beat install install-test lock migrate seed bench clean backup restore api-schema

$(BIN)/activate:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Installs come from the lock files (exact versions, checked against their hashes), so every
# machine gets the same packages; `make lock` refreshes them after pyproject.toml changes.
# Installs are stamped so that repeated runs are instant; a new lock file reinstalls.
$(VENV)/.installed: requirements.lock | $(BIN)/activate
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-test: requirements-test.lock | $(BIN)/activate
	$(PY) -m pip install --quiet --require-hashes -r requirements-test.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(VENV)/.installed $@

# pip-tools (pip-compile): the lock files are plain pip requirements with hashes, installed by
# the pip the Makefile already uses; no other tool is needed to install. `make lock` keeps
# every existing pin and adds what pyproject.toml newly asks for; to move the pins on, run
# `make lock LOCK_ARGS=--upgrade`.
lock: | $(BIN)/activate
	$(PY) -m pip install --quiet "pip-tools~=7.6"
	$(BIN)/pip-compile --quiet $(LOCK_ARGS) --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet $(LOCK_ARGS) --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links --extra test -o requirements-test.lock pyproject.toml

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput

seed: migrate
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo

run: seed
	@echo "Serving http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

typecheck: install-test
	$(BIN)/mypy

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Tests run on SQLite with eager tasks unless DATABASE_URL/REDIS_URL say otherwise (CI sets both).
# They are spread over two processes with pytest-xdist, each worker with its own test database
# and Redis database (tests/conftest.py says how they are split: the browser journeys and the
# live portals stay together in one worker). A whole CI run under it took 9 min 54 s against
# 26 min in one process (2 cores). `make test PYTEST_XDIST=` runs them in one process.
PYTEST_XDIST ?= --numprocesses=2 --dist=loadgroup
test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	DJANGO_TESTING=1 $(PY) manage.py makemigrations --check --dry-run
	DJANGO_TESTING=1 $(BIN)/pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

# Backups need DATABASE_URL (PostgreSQL) and MEDIA_ROOT in the environment; see README.
backup:
	sh scripts/backup.sh $(BACKUP_DIR)

restore:
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/nscl-<time>"; exit 1; }
	sh scripts/restore.sh $(BACKUP)

messages: install-test
	cd $(CURDIR) && DJANGO_TESTING=1 $(PY) manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=node_modules
	DJANGO_TESTING=1 $(PY) manage.py compilemessages -l vi --ignore=.venv

# The API's OpenAPI schema is a published contract (api/schema/v1.yaml): a test fails when the
# code no longer generates it. Refresh it deliberately, only for an additive change.
api-schema: install
	DJANGO_TESTING=1 $(PY) manage.py spectacular --file api/schema/v1.yaml --validate

worker: install
	$(BIN)/celery -A portal worker --loglevel=INFO --concurrency=2

beat: install
	$(BIN)/celery -A portal beat --loglevel=INFO --scheduler django_celery_beat.schedulers:DatabaseScheduler

# Province-scale benchmark on PostgreSQL and Redis (see docs and bench/bench.py --help):
# BENCH_ARGS="--sizes 20000" for a shorter run.
bench: install-test
	$(PY) bench/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
