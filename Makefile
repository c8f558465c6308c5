# CSC: `make run` sets up everything and starts web + worker + beat on the embedded default;
# `make test` runs the whole test suite on PostgreSQL and Redis. See README.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Test services (override on the command line or in the environment).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/csc
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: setup run worker beat web test lint format demo messages clean bench vendor-echarts

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

.env:
	@echo "DEBUG=true" > .env
	@echo "SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" >> .env
	@echo "wrote .env (local development settings)"

messages: $(STAMP)
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=var -v0

setup: $(STAMP) .env messages
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py sync_schedule
	$(BIN)/python manage.py demo_data
	$(BIN)/python manage.py collectstatic --noinput -v0

run: setup
	@echo "CSC on http://127.0.0.1:8000  (log in as agent1 / demo12345; Ctrl-C stops web, worker and beat)"
	PATH=$(abspath $(BIN)):$$PATH $(BIN)/honcho start -f Procfile

web worker beat: setup
	PATH=$(abspath $(BIN)):$$PATH $(BIN)/honcho start -f Procfile $@

demo: $(STAMP) .env
	$(BIN)/python manage.py demo_data

test: $(STAMP) messages
	CSC_ENV_FILE= DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
	  SECRET_KEY=test-secret-key-not-for-production-000000000000 DEBUG=false SECURE_SSL_REDIRECT=false STATIC_MANIFEST=false \
	  $(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	CSC_ENV_FILE= SECRET_KEY=lint-secret-key-not-for-production-0000000000000 DEBUG=true $(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# `make bench` lists the benchmarks; `make bench BENCH=quality BENCH_ARGS="--rounds 9"` runs one (bench/<name>.py).
BENCH ?=
BENCH_ARGS ?=
bench: $(STAMP)
	CSC_ENV_FILE= DATABASE_URL=$(TEST_DATABASE_URL) SECRET_KEY=bench-secret-key-not-for-production-0000000000 DEBUG=true \
	  $(BIN)/python -m bench$(if $(BENCH),.$(BENCH)) $(BENCH_ARGS)

clean:
	rm -rf var .venv

# Apache ECharts is vendored (committed under static/vendor/echarts/ with its licence; no CDN: intranets).
# To upgrade: `make vendor-echarts ECHARTS_VERSION=6.1.0` fetches it from the npm registry and copies the dist file.
ECHARTS_VERSION ?= 6.1.0
vendor-echarts:
	rm -rf var/npm-echarts && mkdir -p var/npm-echarts
	cd var/npm-echarts && npm install --no-audit --no-fund --silent echarts@$(ECHARTS_VERSION)
	cp var/npm-echarts/node_modules/echarts/dist/echarts.common.min.js static/vendor/echarts/
	cp var/npm-echarts/node_modules/echarts/LICENSE var/npm-echarts/node_modules/echarts/NOTICE static/vendor/echarts/
	echo "$(ECHARTS_VERSION)" > static/vendor/echarts/VERSION
	rm -rf var/npm-echarts
