# Panjereh — two commands: `make run` (embedded default) and `make test` (whole suite,
# real PostgreSQL and Kafka included). Both set themselves up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install run up down test test-unit faults bench images infra-up infra-down asyncapi sdk lint typecheck clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install -q --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: $(UV) uv.lock pyproject.toml */pyproject.toml deploy/embedded/pyproject.toml sdk/python/pyproject.toml
	$(UV) sync --all-packages --frozen --python $(PYTHON)
	@touch $@

# Node.js tools the suite runs (the OpenAPI linter), pinned by their lockfile.
NODE_TOOLS := tools/node/node_modules/.installed
$(NODE_TOOLS): tools/node/package.json tools/node/package-lock.json
	npm ci --prefix tools/node --no-audit --no-fund --loglevel=error
	@touch $@

# OpenAPI Generator's command-line jar (the generated-clients test), from Maven Central.
OPENAPI_GENERATOR := tools/openapi-generator/libs/openapi-generator-cli.jar
$(OPENAPI_GENERATOR): tools/openapi-generator/pom.xml
	mvn -q -B -f tools/openapi-generator/pom.xml dependency:copy
	@touch $@

# The TypeScript SDK's generator, compiler and openapi-fetch, pinned by its lockfile.
SDK_NODE := sdk/typescript/node_modules/.installed
$(SDK_NODE): sdk/typescript/package.json sdk/typescript/package-lock.json
	npm ci --prefix sdk/typescript --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed $(NODE_TOOLS) $(OPENAPI_GENERATOR) $(SDK_NODE) ## create the virtual environment and install every package

run: install ## every service in one process behind the gateway on http://127.0.0.1:8000
	$(PY) -m panjereh_embedded --host 127.0.0.1 --port 8000

up: install infra-up ## every service its own process on local PostgreSQL and Kafka; gateway on :8000
	$(PY) -m panjereh_embedded.native up

down: ## stop what `make up` started (SIGTERM, then SIGKILL after 30 s)
	$(PY) -m panjereh_embedded.native down

infra-up: ## start PostgreSQL and Kafka locally (installs them if missing); idempotent
	deploy/local/infra.sh up

infra-down:
	deploy/local/infra.sh down

test: install lint typecheck infra-up ## lint, types, and the whole suite on real PostgreSQL and Kafka
	PANJEREH_TEST_POSTGRES_URL=$${PANJEREH_TEST_POSTGRES_URL:-postgresql+asyncpg://panjereh:panjereh@127.0.0.1:5432/panjereh_test} \
	PANJEREH_TEST_KAFKA=$${PANJEREH_TEST_KAFKA:-127.0.0.1:9092} \
	$(PY) -m pytest $(PYTEST_ARGS)

faults: install infra-up ## the fault campaign on the native mode: one verdict line per scenario
	PANJEREH_TEST_POSTGRES_URL=$${PANJEREH_TEST_POSTGRES_URL:-postgresql+asyncpg://panjereh:panjereh@127.0.0.1:5432/panjereh_test} \
	PANJEREH_TEST_KAFKA=$${PANJEREH_TEST_KAFKA:-127.0.0.1:9092} \
	$(PY) -m tests.faults.campaign $(SCENARIOS)

BENCH ?= status inquiry e2e relay streams

bench: install infra-up ## benchmarks → docs/benchmarks/*.md,png,json (BENCH=status, QUICK=1 short runs)
	@set -e; for name in $(BENCH); do \
		echo "== bench $$name"; \
		PANJEREH_TEST_POSTGRES_URL=$${PANJEREH_TEST_POSTGRES_URL:-postgresql+asyncpg://panjereh:panjereh@127.0.0.1:5432/panjereh_test} \
		PANJEREH_TEST_KAFKA=$${PANJEREH_TEST_KAFKA:-127.0.0.1:9092} \
		$(PY) -m bench.$${name}_bench $(if $(QUICK),--quick) $(BENCH_ARGS); \
	done

images: install infra-up ## build every image (the services', the edge's) with buildah (tools/images.sh) and smoke-test each (IMAGES=gateway: one)
	$(PY) -m tests.deploy.images $(IMAGES)

test-unit: install ## fast tests with no infrastructure
	$(PY) -m pytest tests/unit $(PYTEST_ARGS)

asyncapi: install ## regenerate shared/asyncapi.yaml and the event map in docs/architecture.md
	$(PY) -m panjereh_embedded.event_map

sdk: install ## regenerate the SDKs' generated code from the live document (sdk/generate.py)
	$(PY) sdk/generate.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy shared/src gateway/src application-service/src inquiry-service/src \
		status-service/src compliance-service/src notification-service/src deploy/embedded/src \
		sdk/python/src/panjereh_sdk sdk/generate.py

clean:
	rm -rf $(VENV) $(TOOLS) .data .run .pytest_cache .mypy_cache .ruff_cache tools/node/node_modules tools/openapi-generator/libs \
		sdk/typescript/node_modules
