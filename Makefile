# Two commands from a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
VENDOR := static/vendor
HOST ?= 127.0.0.1
PORT ?= 8000
# The address printed in PDFs and their QR codes (the verify page): this server's own,
# unless the environment names another. `make worker` must print the same one.
TAMIN_SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test lint migrate seed assets bench bench-scale ci worker clean e2e

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.package-lock.json: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

# The one copy step, shared with the Dockerfile: what the templates use, into static/vendor/.
$(VENDOR)/.copied: node_modules/.package-lock.json scripts/vendor-assets.sh
	sh scripts/vendor-assets.sh node_modules $(VENDOR)
	touch $@

assets: $(VENDOR)/.copied

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: $(STAMP) assets seed
	@echo
	@echo "  Site: http://$(HOST):$(PORT)/   Dev SMS outbox: http://$(HOST):$(PORT)/notifications/dev/outbox/"
	@echo
	TAMIN_SITE_URL=$(TAMIN_SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=tamin.settings.test $(PY) manage.py makemigrations --check --dry-run

test: $(STAMP) assets lint
	$(VENV)/bin/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

e2e: $(STAMP) assets
	$(VENV)/bin/pytest tests/e2e $(PYTEST_ARGS)

# Without -Q the worker consumes every queue of tamin/celery.py (production runs one worker
# per workload group: docs/operations.md, "Celery queues and workers").
worker: $(STAMP)
	TAMIN_SITE_URL=$(TAMIN_SITE_URL) $(VENV)/bin/celery -A tamin worker -l info

bench: $(STAMP) assets
	$(PY) benchmarks/run.py

# PostgreSQL only: BENCH_DATABASE_URL=postgres://… make bench-scale (SCALE_ROWS=2000000 for
# a quick run; default 10 million rows). Not part of `make test`.
bench-scale: $(STAMP)
	$(PY) benchmarks/scale.py

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) node_modules $(VENDOR) db.sqlite3 var
