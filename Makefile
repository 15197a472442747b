# citykg: `make run` sets up and runs the main job; `make test` sets up and runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
OUT    ?= out
PORT   ?= 8000

.PHONY: run test eval bench lint clean venv web browser-deps

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "citykg needs Python >= 3.11 (found $$($(PYTHON) --version)); set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

## run: extract and load the sample corpus, then serve the API on 127.0.0.1:8000 (Ctrl-C stops all)
run: venv
	@echo "citykg explorer: http://127.0.0.1:$(PORT)/  (API docs: http://127.0.0.1:$(PORT)/docs), once the samples are loaded"
	$(BIN)/citykg ingest data/samples -o $(OUT)/samples.jsonl
	$(BIN)/citykg serve --host 127.0.0.1 --port $(PORT)

## test: lint and run the whole suite against the real embedded store
test: venv browser-deps
	$(BIN)/ruff check .
	$(BIN)/pytest -q

## eval: score the extractor on the dev gold of ../shared
eval: venv
	@mkdir -p $(OUT)
	$(BIN)/citykg extract $(SHARED)/corpus/seeds -o $(OUT)/seeds.jsonl --no-progress
	python3 $(SHARED)/tools/score.py --gold $(SHARED)/gold/dev --pred $(OUT)/seeds.jsonl --docs $(SHARED)/corpus/seeds

## bench: the benchmarks (figures, not pass/fail)
bench: venv
	$(BIN)/python benchmarks/extract.py
	$(BIN)/python benchmarks/load.py --docs 10000
	$(BIN)/python benchmarks/api.py
	$(BIN)/pytest -q -s -m long tests/reliability

## browser-deps: headless Chromium, chromedriver and Korean fonts for the explorer's browser tests (apt-get as root)
browser-deps:
	@bash .ci/browser-deps.sh

## web: refresh the explorer's front-end libraries from npm (web/package-lock.json) into api/static/vendor
web:
	cd web && npm ci --no-audit --no-fund && npm run vendor

lint: venv
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache *.egg-info
