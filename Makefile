# Two commands do all the set-up on a fresh clone with only python3:
#   make demo   - build .venv, install cfund, run `cfund demo`
#   make test   - build .venv, install cfund with its test extra, run the whole test suite
#   (make test-fast: all but the whole-system runs and PostgreSQL, under a minute)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint bench clean

demo: $(STAMP)
	$(BIN)/cfund demo

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The edit-test loop, under a minute: every test but the whole-system runs under tests/system (crash,
# bank, fuzz, stateful, demo, benchmarks) and the PostgreSQL twins, on two workers. make test runs all.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not system and not postgres" -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/startup.py

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q $(VENV)/lib ledger workflows cli >/dev/null 2>&1 || true
	touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
