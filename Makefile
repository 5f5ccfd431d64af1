# Vækstcenter portal. `make run` serves the site with demo content; `make test` runs the suite.
# Both set everything up from a fresh clone and are safe to run again.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# uv from PATH, else a project-local copy installed from PyPI into .tools/.
UV := $(shell uv --version >/dev/null 2>&1 && echo uv || echo $(CURDIR)/.tools/bin/uv)
PY := $(CURDIR)/.venv/bin/python
MANAGE := $(PY) manage.py
# Set-up commands need no real secret; with no SECRET_KEY they run in development mode.
SETUP_ENV := $(if $(SECRET_KEY),,DEBUG=1)
DKFDS := static/vendor/dkfds
DB_STOP := if [ -z "$$DATABASE_URL" ] && [ -x $(PY) ]; then $(PY) -m vaekstcenter.embedded_db stop; fi
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` offers a local OpenID Connect provider as a labelled demo of MitID Erhverv sign-in.
MITID_DEMO_PORT ?= 8089
MITID_CALLBACK := /konto/oidc/mitid-erhverv/login/callback/

.PHONY: help setup uv deps assets messages db db-stop migrate demo run serve worker test lint format chromium redis java wrk bench fault backup restore lighthouse clean

help:
	@echo "make run     set up and serve the site with demo content on http://$(HOST):$(PORT)/"
	@echo "make test    set up and run the whole test suite"
	@echo "make serve   serve under gunicorn as in production (make worker runs the task worker)"
	@echo "make db-stop stop the embedded PostgreSQL"

uv:
	@$(UV) --version >/dev/null 2>&1 || { \
		echo "Installing uv into .tools/ ..."; \
		python3 -m venv .tools && .tools/bin/pip install --quiet --disable-pip-version-check uv; }

.venv/.synced: pyproject.toml uv.lock | uv
	$(UV) sync --frozen --quiet
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(DKFDS)/.built: node_modules/.package-lock.json
	@rm -rf $(DKFDS) && mkdir -p $(DKFDS)
	cp -r node_modules/dkfds/dist/css node_modules/dkfds/dist/js node_modules/dkfds/dist/fonts node_modules/dkfds/dist/img $(DKFDS)/
	@mkdir -p staticfiles
	@touch $@

# The DKFDS parts the pages use, from the package's SCSS (see the file's header).
$(DKFDS)/css/dkfds-portal.min.css: assets/dkfds-portal.scss $(DKFDS)/.built
	node_modules/.bin/sass --load-path=node_modules/dkfds/dist/scss --style=compressed --no-source-map --quiet $< $@

deps: .venv/.synced node_modules/.package-lock.json

assets: deps $(DKFDS)/.built $(DKFDS)/css/dkfds-portal.min.css

messages: deps
	@$(SETUP_ENV) $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules --ignore=.tools -v 0

db: deps
ifeq ($(DATABASE_URL),)
	@$(PY) -m vaekstcenter.embedded_db start
else
	@echo "Using the database at DATABASE_URL."
endif

db-stop:
	@$(DB_STOP)

migrate: db
	@$(SETUP_ENV) $(MANAGE) migrate --noinput -v 0

setup: assets messages migrate

demo: setup
	@DEBUG=1 $(MANAGE) load_demo

# The task worker runs beside runserver, so e-mails (printed on this console) and reminders
# happen as in production. Both, and the embedded server, stop however runserver ends.
run: export DEBUG := 1
run: export STAFF_MFA_REQUIRED := $(or $(STAFF_MFA_REQUIRED),0)
# Links in the mails the worker prints lead to this server, whatever its port.
run: export SITE_URL := $(or $(SITE_URL),http://$(HOST):$(PORT))
run: demo
	@$(MANAGE) worker --no-reload -v 0 & worker=$$!; oidc=; \
	if [ -z "$$MITID_ERHVERV_ISSUER" ] && [ -d node_modules/oidc-provider ]; then \
		export MITID_ERHVERV_DEMO=1 MITID_ERHVERV_ISSUER=http://127.0.0.1:$(MITID_DEMO_PORT) \
			MITID_ERHVERV_CLIENT_ID=demo MITID_ERHVERV_SECRET=demo-only-secret; \
		OIDC_PORT=$(MITID_DEMO_PORT) OIDC_CLIENT_ID=demo OIDC_CLIENT_SECRET=demo-only-secret \
		OIDC_REDIRECT_URIS=http://$(HOST):$(PORT)$(MITID_CALLBACK),http://localhost:$(PORT)$(MITID_CALLBACK) \
			node tests/oidc/provider.mjs >/dev/null 2>&1 & oidc=$$!; \
		echo "Demo login \"Demo: MitID Erhverv (testudbyder)\": a local test provider on port $(MITID_DEMO_PORT), user \"demo\", any password."; \
	fi; \
	trap 'kill $$worker $$oidc 2>/dev/null; wait $$worker $$oidc 2>/dev/null; $(DB_STOP)' EXIT; \
	$(MANAGE) runserver $(HOST):$(PORT)

serve: export SECRET_KEY := $(or $(SECRET_KEY),local-serve-only-$(shell hostname)-not-for-production-use-0123456789)
serve: export ALLOWED_HOSTS := $(or $(ALLOWED_HOSTS),127.0.0.1,localhost)
serve: export SECURE_SSL_REDIRECT := $(or $(SECURE_SSL_REDIRECT),0)
serve: export SECURE_COOKIES := $(or $(SECURE_COOKIES),0)
serve: setup
	@$(MANAGE) collectstatic --noinput -v 0
	@trap '$(DB_STOP)' EXIT; \
	$(CURDIR)/.venv/bin/gunicorn -c gunicorn.conf.py vaekstcenter.wsgi

worker: db
	$(MANAGE) worker

# $(call debian_package,COMMAND,PACKAGE,WHO NEEDS IT[,exit 1]): install Debian's PACKAGE when
# COMMAND is missing and we may (root with apt-get); otherwise say who needs it.
define debian_package
@if command -v $(1) >/dev/null 2>&1; then :; \
elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	echo "Installing Debian's $(2) for $(3) ..."; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
else \
	echo "!! $(1) is missing and cannot be installed here (needs root and apt-get)."; \
	echo "!! Install Debian's '$(2)' package for $(3)."; $(4) \
fi
endef

chromium:
	$(call debian_package,chromium,chromium,the browser tests (/usr/bin/chromium))

# The tests also run the caches on a real Redis (the CACHE_URL option), started on a socket.
redis:
	$(call debian_package,redis-server,redis-server,the cache tests)

# The HTML validity test runs the Nu HTML Checker (npm vnu-jar) on Java.
java:
	$(call debian_package,java,default-jre-headless,the HTML validity test)

lint: deps
	$(UV) run --no-sync ruff check .
	$(UV) run --no-sync ruff format --check .

format: deps
	$(UV) run --no-sync ruff check --fix .
	$(UV) run --no-sync ruff format .

# Two pytest-xdist workers, each with its own test database (TEST_WORKERS=0 runs in one process).
TEST_WORKERS ?= 2

test: export TESTING := 1
test: assets messages db chromium redis java lint
	@trap '$(DB_STOP)' EXIT; \
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# The HTTP load generator of the page benchmark (benchmarks/scenarios/pages.py).
wrk:
	@if command -v wrk >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's wrk for the benchmark ..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	else \
		echo "!! wrk is missing and cannot be installed here (needs root and apt-get);"; \
		echo "!! the benchmark loads the site from its own threads instead."; \
	fi

# Issue 16's figures: cached and uncached pages against the bare view, 2 workers, wrk -c16.
# BENCH_ARGS replaces the default, e.g. BENCH_ARGS="--count 100000" for every per-path scenario.
BENCH_PAGES := --scenario pages --workers 2 --count 100000
bench: setup wrk
	$(PY) benchmarks/run.py $(or $(BENCH_ARGS),$(BENCH_PAGES))

# A pg_dump of the database and an archive of MEDIA_ROOT, named by UTC time, into backups/.
backup: db
	@$(SETUP_ENV) $(MANAGE) backup

# Into an empty database only; FORCE=1 replaces what is there.
restore: db
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/<name>.dump [FORCE=1]"; exit 2; }
	@$(SETUP_ENV) $(MANAGE) restore "$(FILE)" $(if $(FORCE),--force)

# Stops and starts the embedded PostgreSQL under load (see benchmarks/fault.py).
fault: demo
	$(PY) benchmarks/fault.py $(FAULT_ARGS)

# Lighthouse (mobile) scores of the main pages with the demo content; not a test (slow, noisy).
lighthouse: demo chromium
	$(PY) benchmarks/lighthouse.py $(LIGHTHOUSE_ARGS)

clean: db-stop
	rm -rf .venv .tools node_modules static/vendor staticfiles .pgdata .pgrun

# --- More than one machine (docs/deploy.md) -------------------------------------------------
# Two gunicorn instances against the same database behind Debian's Caddy (deploy/Caddyfile),
# uploads in a local S3 stand-in; cluster-check shows sessions, rate limits, cache invalidation
# and uploads are the same whichever instance answers.
.PHONY: caddy cluster cluster-check bench-mixed

caddy:
	$(call debian_package,caddy,caddy,make cluster,exit 1;)

cluster: setup caddy
	@trap '$(DB_STOP)' EXIT; $(PY) benchmarks/cluster.py

cluster-check: setup caddy
	@trap '$(DB_STOP)' EXIT; $(PY) benchmarks/cluster_check.py

# The mixed load at the issue's volumes (docs/deploy.md, "Load figures"); heavy: seeds 250,000 rows.
bench-mixed:
	@$(MAKE) --no-print-directory bench BENCH_ARGS="--scenario mixed --requests 3000 --threads 4 $(BENCH_ARGS)"
