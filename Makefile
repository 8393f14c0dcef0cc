# Patient Portal — `make help` lists the targets.
SHELL := /bin/bash
PORT ?= 8000
SIZE ?= small
PY := .venv/bin/python

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

.PHONY: install
install: ## Create .venv (Python 3.12+) and install the pinned requirements
	@scripts/install.sh

.PHONY: run
run: ## Start everything on PORT (8000): embedded PostgreSQL/Redis (unless configured), migrate, demo data, web + worker + beat; Ctrl-C stops it all
	@PORT=$(PORT) scripts/run.sh

.PHONY: test
test: ## Run the whole test suite (embedded services, or DATABASE_URL/REDIS_URL when set)
	@scripts/test.sh $(ARGS)

.PHONY: bench
bench: ## Benchmark pages and the outbox (reminder delivery, idle dispatch) on a seeded data set: make bench SIZE=small|large
	@scripts/bench.sh $(SIZE)

.PHONY: lint
lint: install ## ruff check and format check
	@.venv/bin/ruff check . && .venv/bin/ruff format --check .

.PHONY: totp
totp: install ## Print the demo staff accounts' current two-factor code
	@$(PY) manage.py demo_totp

.PHONY: stop
stop: ## Stop the embedded PostgreSQL and Redis if they are still running
	@$(PY) -m patientportal.embedded down

.PHONY: frontend
frontend: ## Rebuild the vendored CSS/JS from npm packages (needs node and npm)
	@npm ci --no-audit --no-fund && npm run build
