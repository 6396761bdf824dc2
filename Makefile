# KAM Assistant: `make run` starts the bot, `make test` checks everything. Both set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test lint typecheck imports unit bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

run: install
	$(BIN)/kam run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

imports: install
	$(BIN)/lint-imports

# All the tests on $(WORKERS) workers (pytest-xdist): each worker starts with half the tests in
# file order and, when done, takes over the other's remaining tests (worksteal), so the run does
# not wait at its end on one worker holding a whole big file. Each worker has its own PostgreSQL
# database, tmp dirs and session fixtures (tests/conftest.py).
WORKERS ?= 2

# ruff first (a second), then mypy and import-linter beside the tests: the tests spend much of
# their time waiting on processes, sockets and the fake Telegram server, time the static checks
# fill (about 40 s of CPU on a fresh clone, no cache). Their output is printed when the tests end;
# `make test` fails if either failed. The 25 slowest tests are listed at the end: where the
# suite's time goes.
test: lint
	@echo "$(BIN)/mypy; $(BIN)/lint-imports  (beside the tests)"
	@( $(BIN)/mypy; typed=$$?; $(BIN)/lint-imports && exit $$typed ) \
		>$(VENV)/static-checks.log 2>&1 & checks=$$!; \
	$(BIN)/pytest -q -p no:cacheprovider -n $(WORKERS) --dist worksteal --durations=25; tests=$$?; \
	wait $$checks; static=$$?; cat $(VENV)/static-checks.log; \
	test $$tests -eq 0 && test $$static -eq 0

# The fast tests (fakes, no database server, no model, no bot): under 30 s.
unit: install
	$(BIN)/pytest -q -p no:cacheprovider tests/unit

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
