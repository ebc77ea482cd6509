# One entry point for people and CI. `make run` and `make test` set up
# everything on a fresh machine: the venv, the trained model, the servers.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MODEL := models/assistant.tar.gz
TRAINING_DATA := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null)
PORT ?= 5005
ACTIONS_PORT ?= 5055
WEB_PORT ?= 8080
# Where the Rasa server and the chat page listen (0.0.0.0: every interface).
BIND ?= 127.0.0.1
USERS ?= 50
TURNS ?= 20
SERVER_OPTIONS = --port $(PORT) --actions-port $(ACTIONS_PORT) --web-port $(WEB_PORT) --host $(BIND) \
  $(if $(filter 1,$(API)),--enable-api)
SOCKETIO_CLIENT := web/vendor/socket.io.min.js

# Runs a command and says how long it took.
TIMED = scripts/timed.sh

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: install web browser train run serve shell test test-unit test-integration test-tools lint format \
  validate test-stories load bench eval safety-eval purge compare-nlu lock clean

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt constraints.txt scripts/find-python.sh
	@python=$$(scripts/find-python.sh) || exit 1; \
	if [ ! -x $(BIN)/pip ]; then \
	  echo "==> Creating $(VENV) with $$python"; \
	  "$$python" -m venv --clear $(VENV) || exit 1; \
	fi
	@echo "==> Installing pinned dependencies into $(VENV) (about 2 minutes the first time)"
	$(BIN)/pip install --disable-pip-version-check --progress-bar on -r requirements.txt -r requirements-dev.txt \
	  -c constraints.txt
	$(BIN)/python -m bot.core.sentence_embedder install
	@touch $(STAMP)

# The chat page's one dependency, from the npm registry (never a CDN).
web: $(SOCKETIO_CLIENT)

$(SOCKETIO_CLIENT): package.json package-lock.json
	@echo "==> Installing the socket.io client for the chat page"
	npm ci --no-audit --no-fund
	mkdir -p web/vendor && cp node_modules/socket.io-client/dist/socket.io.min.js $@

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads one).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "==> Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "error: chromium is missing; install it: sudo apt-get install chromium" >&2; exit 1; fi; }

train: $(MODEL)

# Retrains only when the NLU data, rules, domain or config changed.
$(MODEL): $(STAMP) $(TRAINING_DATA)
	@echo "==> Training the model (under a minute)"
	$(BIN)/rasa train --fixed-model-name assistant --out models
	@touch $(MODEL)

run: install web train
	$(BIN)/python -m bot run $(SERVER_OPTIONS)

# API=1 turns on Rasa's HTTP API, which then requires the token in $$RASA_API_TOKEN.
serve: install web train
	$(BIN)/python -m bot serve $(SERVER_OPTIONS)

shell: install
	$(BIN)/python -m bot chat --port $(PORT)

# Everything, as CI runs it: lint, the training data, the test stories, then
# every pytest tier in one run (the servers start once), with each tier's time.
# The steps before pytest run two at a time (pip beside npm, lint and
# validation beside training).
test:
	@$(MAKE) --no-print-directory -j2 install web browser train lint validate test-stories
	@echo "==> Tests: unit, integration (real servers, SQLite, socket.io, browser), tools"
	$(TIMED) "all tests" $(BIN)/python -m pytest tests

# No servers, no trained model: the edit-test loop (under a minute).
test-unit: install
	$(TIMED) "unit tier" $(BIN)/python -m pytest tests -m unit

# The real Rasa and action servers over HTTP and socket.io, SQLite, Chromium.
test-integration: install web browser train
	$(TIMED) "integration tier" $(BIN)/python -m pytest tests -m integration

# Small runs of the measurement tools (bench, NLU evaluation, simulated users).
test-tools: install train
	$(TIMED) "tools tier" $(BIN)/python -m pytest tests -m tools

lint: install
	@echo "==> Lint and format check (ruff)"
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Fixes what ruff can fix and formats the code.
format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

validate: install
	@echo "==> Validating the training data"
	$(TIMED) "rasa data validate" $(BIN)/rasa data validate --fail-on-warnings

test-stories: install train
	@echo "==> Test stories (NLU and dialogue)"
	$(TIMED) "test stories" $(BIN)/rasa test core --model $(MODEL) --stories tests/test_stories.yml --fail-on-prediction-errors \
	  --out results/stories

# USERS simulated users x TURNS messages on servers of its own: throughput,
# latency, and every message answered and stored.
load: install train
	$(BIN)/python -m bot.measuring.loadtest --users $(USERS) --turns $(TURNS)

# Speed and size side by side with Rasa's starter bot (rasa init, in a temporary
# folder), into docs/performance.md. About 8 minutes.
bench: install train
	$(BIN)/python -m bot.measuring.bench --write-docs

# How well it understands and answers: the held-out set, cross-validation,
# the candidate pipelines and a learning curve, then 300 simulated users over
# REST; into docs/evaluation.md. About 30 minutes.
eval: install train
	$(BIN)/python -m bot.measuring.nlu_eval --write-docs
	$(BIN)/python -m bot.measuring.simulate --walks 300 --write-docs
	$(BIN)/python -m bot.measuring.listening_eval --write-docs

# Recall and false positives of the safety net on heldout/safety_phrasings.yml.
safety-eval: install train
	$(BIN)/python -m bot.measuring.safety_eval

# Erases conversations idle longer than endpoints.yml's retention_days (or DAYS=N).
purge: install
	$(BIN)/python -m bot purge $(if $(DAYS),--days $(DAYS))

# Cross-validates the candidate NLU pipelines in configs/ (DIET ones about 20 minutes each).
compare-nlu: install
	scripts/compare_pipelines.sh $(FOLDS)

# Re-pins every transitive dependency after a change to requirements.txt.
lock: install
	$(BIN)/pip freeze --exclude-editable > constraints.txt

clean:
	rm -rf models results .run .pytest_cache node_modules web/vendor
