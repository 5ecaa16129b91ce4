# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# A developer's machine: the app runs in debug mode unless DEBUG is set (settings default to
# off, and refuse to start without a real SECRET_KEY then).
DEBUG ?= true
export DEBUG

.PHONY: run test install install-dev migrate load demo static lint format bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml constraints.txt
	$(PIP) install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -c constraints.txt -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

static: install
	$(PY) manage.py vendor_static
	$(PY) manage.py collectstatic --noinput -v0

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

load: migrate
	$(PY) manage.py load_plans

demo: load
	$(PY) manage.py make_demo

# Set up and start the app: plans loaded, demo data and logins printed, Celery eager.
run: static demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# Install and run the whole suite. Under CI=true it runs against the real PostgreSQL,
# Redis and a Celery worker (started by the tests), and fails if they are missing.
test: install-dev
	bash .ci/services
	$(PY) manage.py vendor_static
	if [ "$$CI" = "true" ]; then \
	  export DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/plantrack}"; \
	  export CELERY_BROKER_URL="$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}"; \
	fi; $(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks against PostgreSQL and Redis (DATABASE_URL, CELERY_BROKER_URL; see bench/run.py):
# every ratio beside its goal, at 200,000 and 1,000,000 reports. BENCH_ARGS=--quick: a smoke run.
BENCH_ARGS ?= --all
bench: install-dev
	$(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 static/vendor
