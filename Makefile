# Pilotes — `make run` to try it, `make test` to check it. Both start from nothing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Local commands run in development, said explicitly: without PILOTES_ENV the app runs as
# production and refuses to start without a real SECRET_KEY.
FLASK := PILOTES_ENV=development $(BIN)/flask --app pilotes
HOST ?= 127.0.0.1
PORT ?= 5000

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the dependencies change. Exact versions come from requirements.lock;
# scripts/check_lock.py stops here if pyproject.toml asks for something the lock lacks.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/python scripts/check_lock.py
	touch $@

.PHONY: lock
lock: | $(BIN)/activate ## Refresh requirements.lock after changing pyproject.toml (ARGS=--upgrade: newest)
	$(BIN)/pip install --quiet 'pip-tools>=7.4'
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url \
	  --no-emit-find-links $(ARGS) -o requirements.lock pyproject.toml

node_modules/.package-lock.json: package.json package-lock.json .dsfr.yml
	npm ci --no-audit --no-fund
	touch $@

# Fingerprinted, precompressed front-end files (pilotes/web/assets.py), rebuilt when a source changes.
instance/assets/manifest.json: $(VENV)/.installed node_modules/.package-lock.json \
		$(wildcard pilotes/static/* templates/*/*.html templates/*.html) pilotes/web/assets.py
	$(BIN)/python -m pilotes.web.assets

.PHONY: install
install: $(VENV)/.installed node_modules/.package-lock.json instance/assets/manifest.json ## Install Python and npm dependencies, build the front-end files

.PHONY: db
db: install ## Migrate the database and load territories
	$(FLASK) db upgrade
	$(FLASK) pilotes territories load

.PHONY: run
# Links in emails and in the open data point where this server listens (PORT=5057 make run).
run: export BASE_URL ?= http://$(HOST):$(PORT)
run: db ## Install, migrate, load territories, seed the demo, serve on http://127.0.0.1:5000 (PORT=…)
	$(FLASK) pilotes demo
	@echo "Pilotes : http://$(HOST):$(PORT)/  (courriels envoyés : http://$(HOST):$(PORT)/dev/mails)"
	@trap 'kill 0' EXIT; \
	  $(FLASK) pilotes send-mail --loop & \
	  $(FLASK) run --host $(HOST) --port $(PORT)

.PHONY: lint
lint: install ## Check code style (ruff) and the layers (import-linter, see docs/architecture.md)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

.PHONY: format
format: install ## Format the code (ruff)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# `make test` leaves out tests marked slow (the load test); `make test-all` and .ci/run don't.
# Tests marked deep (the attacker over the daily series, minutes each) run with `make test-deep`.
MARKERS ?= not slow and not deep

.PHONY: test
test: install ## Install, lint, run the suite but the slow tests (TEST_DATABASE_URL for PostgreSQL)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	@command -v chromium >/dev/null || echo "Note: no Chromium (Debian package 'chromium'): \
	the browser tests will be skipped. .ci/run installs it."
	$(BIN)/pytest -n auto -m "$(MARKERS)" $(PYTEST_ARGS)

.PHONY: test-all
test-all: ## The whole suite, slow tests included (what .ci/run runs on each database)
	$(MAKE) test MARKERS="not deep"

.PHONY: test-deep
test-deep: ## The attacker over the daily series (minutes of linear programming per test)
	$(MAKE) test MARKERS=deep

.PHONY: mutate
mutate: install ## Mutation score (mutmut) of the modules guarding people and figures (MODULES=abuse …)
	$(BIN)/python -m scripts.mutation $(MODULES)

.PHONY: bench
bench: install ## Benchmarks against baselines, SQLite and PostgreSQL (a few minutes)
	$(BIN)/python -m bench.http
	$(BIN)/python -m bench.profile_demand
	$(BIN)/python -m bench.first_visit
	$(BIN)/python -m bench.run $(BENCH_ARGS)
	$(BIN)/python -m bench.stats_read
	$(BIN)/python -m bench.commune_api

.PHONY: clean
clean: ## Remove installed dependencies and local databases
	rm -rf $(VENV) node_modules instance .pytest_cache .ruff_cache
