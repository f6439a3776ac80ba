# Every target installs what it needs first: a fresh clone only needs python3.11 and make.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install chromium run test lint typecheck unit integration e2e web-test screenshots bench package cfn-lint openapi fuzz clean

# The first install takes 1.5–2 minutes: say so, and let pip show each package as it comes
# (no progress bars in CI, where CI=true: one line per package keeps the log readable).
PIP_PROGRESS := $(if $(CI),--progress-bar off,)

$(STAMP): pyproject.toml requirements.txt requirements-dev.txt
	@echo "==> Installation de l'environnement Python dans $(VENV) (1 à 2 minutes la première fois)…"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_PROGRESS) -e '.[dev]'
	touch $(STAMP)
	@echo "==> Environnement Python prêt."

install: $(STAMP)

## make run: embedded AWS (moto) with demo data + the API on http://127.0.0.1:8000
## and the web front end (web/) on http://127.0.0.1:8080
run: $(STAMP)
	$(BIN)/python -m devstack run

## make test: every check — lint, types, import layers, unit, integration, packaging, e2e,
## and the browser tests (tests/browser, headless Debian Chromium; skipped, with the reason,
## only when no Chromium binary exists — .ci/run installs it)
test: $(STAMP) lint typecheck chromium
	@echo "==> Tests (unitaires, intégration, paquet, bout en bout, navigateur) : environ 25 minutes…"
	$(BIN)/lint-imports
	$(BIN)/pytest

## The browser tests (tests/browser) drive Debian's Chromium: installed when it is missing and
## the machine allows it (root and apt-get); otherwise those tests are skipped, and pytest's
## summary says why.
chromium:
	@if [ ! -x /usr/bin/chromium ] && [ ! -x /usr/bin/chromium-browser ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "==> Chromium absent : installation (apt-get install chromium) pour les tests navigateur…"; \
	    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }; then \
	      echo "Installation de Chromium impossible : les tests navigateur seront ignorés (skipped)."; \
	    fi; \
	  else \
	    echo "Chromium absent et pas d'installation possible (root et apt-get requis) :" \
	      "les tests navigateur seront ignorés (skipped), la raison figure dans le résumé de pytest."; \
	  fi; \
	fi

## ESLint (web/js): node and npm from the distribution's packages when they are missing (as
## root), then `npm ci` once per package-lock.json
NODE_STAMP := node_modules/.installed

$(NODE_STAMP): package.json package-lock.json
	@if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "node/npm absents : installation (apt-get install nodejs npm) pour ESLint…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; \
	  else \
	    echo "ESLint (make lint) a besoin de node et npm : installez-les (apt-get install nodejs npm, en root), puis relancez." >&2; \
	    exit 1; \
	  fi; \
	fi
	@echo "==> Installation d'ESLint et axe-core (npm ci)…"
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

lint: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	node_modules/.bin/eslint .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest tests/unit

## make web-test: the browser tests alone (the web front end against the make run stack;
## axe-core, their accessibility engine, comes with npm ci)
web-test: $(STAMP) $(NODE_STAMP) chromium
	$(BIN)/pytest tests/browser

## make screenshots: the browser tests, saving the screens shown in the README to docs/screenshots
screenshots: $(STAMP) $(NODE_STAMP) chromium
	CERTIF_SCREENSHOTS=docs/screenshots $(BIN)/pytest tests/browser

## make openapi: regenerate docs/openapi.json, the API's reference, from the code
openapi: $(STAMP)
	$(BIN)/python -m functions.openapi

## make fuzz: the large schemathesis campaign (a fresh local stack, ≥ 5 000 requests)
fuzz: $(STAMP)
	$(BIN)/python -m bench.fuzz

bench: $(STAMP)
	$(BIN)/python -m bench

## make package: deployment.zip + SAM template (out/), with functions/ and shared/ inside
package: $(STAMP)
	$(BIN)/python -m infra.build

cfn-lint: package
	$(BIN)/cfn-lint out/sam.json

clean:
	rm -rf vendor out .pytest_cache .mypy_cache .ruff_cache
