# The two set-up commands of the README. Both install everything first (scripts/setup.sh, idempotent).
VENV ?= $(if $(VIRTUAL_ENV),$(VIRTUAL_ENV),$(CURDIR)/.venv)
BIN := $(VENV)/bin

.PHONY: run test

run:
	scripts/setup.sh
	$(BIN)/wengao ingest app/sample_library/reports
	$(BIN)/wengao search "控辍保学 劝返复学" --k 3
	$(BIN)/wengao draft "起草'主要做法及成效'中关于控辍保学工作的一段，约400字"

test:
	scripts/setup.sh --test
	$(BIN)/python -m pytest -q
