# The two set-up commands of the README. Both install everything first (scripts/setup.sh, idempotent).
VENV ?= $(if $(VIRTUAL_ENV),$(VIRTUAL_ENV),$(CURDIR)/.venv)
BIN := $(VENV)/bin

.PHONY: run test

run:
	scripts/setup.sh
	$(BIN)/wengao ingest app/sample_library/reports
	$(BIN)/wengao serve

test:
	scripts/setup.sh --test
	$(BIN)/python -m pytest -q
