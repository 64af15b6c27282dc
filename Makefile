# Shears — every entry point a person or CI types. `make setup` is idempotent.
SWIFT      ?= swift
PYTHON     ?= python3
VENV       := .venv
PY         := $(VENV)/bin/python
SHARED     := ../shared/data/cifar10-subset/cifar-10-batches-bin
BIN        := .build/release/shears

.PHONY: setup build venv data redis test bench demo clean format lint

setup: build venv data redis

build:
	$(SWIFT) build -c release

# Python tools used only as independent checkers and benchmark references.
venv: $(VENV)/.installed
$(VENV)/.installed: tools/requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.10+ (Debian: apt-get install python3 python3-venv)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { echo "error: could not create $(VENV); install python3-venv"; exit 1; }
	$(PY) -m pip install -q --disable-pip-version-check -r tools/requirements.txt || { echo "error: pip could not install tools/requirements.txt (is PyPI reachable?)"; exit 1; }
	@touch $@

data:
	@tools/link-data.sh

# redis-server for distributed sweeps and their tests (Queue); apt-installed when missing.
redis:
	@tools/install-redis.sh

# The dependency check runs first: Package.swift must declare exactly what the sources import.
test: setup
	$(PYTHON) tools/check-deps.py
	$(SWIFT) test -c release

# One formatter configuration (.swift-format: 4 spaces, 120 columns), the toolchain's swift-format.
# `make lint` reports (and fails on) every finding without changing anything; `make format` rewrites
# the files in place. The tree predates the configuration: run `make format` once, when no branch is open.
FORMAT_PATHS := Package.swift Sources Tests
format:
	$(SWIFT) format --in-place --recursive --parallel $(FORMAT_PATHS)

lint:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMAT_PATHS)

bench: setup
	tools/bench.sh

# The main job: the built-in demo sweep (Schedules/sweep-demo.yaml) on the bundled baseline and data;
# --resume continues it if a previous demo was interrupted (a finished demo just reprints its result).
demo: setup
	$(BIN) sweep --resume
	$(BIN) report runs/demo

clean:
	rm -rf .build $(VENV)
