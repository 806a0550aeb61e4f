# Two commands do all set-up on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL pass of `make test` runs against this server when it is reachable (always in CI).
HEARTH_TEST_POSTGRES_URL ?= postgresql://hearth:hearth@127.0.0.1:5432/hearth
export HEARTH_TEST_POSTGRES_URL

.PHONY: demo test bench install install-test lint docs messages serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/hearth migrate
	HEARTH_BASE_URL=http://$(HOST):$(PORT) $(BIN)/hearth seed --people 300 --seed 42
	HEARTH_BASE_URL=http://$(HOST):$(PORT) $(BIN)/hearth serve --host $(HOST) --port $(PORT)

lint: install-test
	$(BIN)/ruff check hearth bench
	$(BIN)/ruff format --check hearth bench
	$(BIN)/mypy
	$(BIN)/lint-imports

test: install-test docs
	$(BIN)/ruff check hearth bench
	$(BIN)/ruff format --check hearth bench
	$(BIN)/mypy
	$(BIN)/pytest -n 2 --dist loadgroup
	@if $(BIN)/python -m hearth.core.devtools.postgres_ready; then \
		echo "== PostgreSQL pass =="; \
		DATABASE_URL="$$HEARTH_TEST_POSTGRES_URL" $(BIN)/pytest -n 2 --dist loadgroup; \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL is not reachable at $$HEARTH_TEST_POSTGRES_URL and CI requires the PostgreSQL pass."; \
		exit 1; \
	else \
		echo "== PostgreSQL pass skipped: no server at $$HEARTH_TEST_POSTGRES_URL (CI runs it) =="; \
	fi

# The reference site (docs/, MkDocs with the Material theme) into site/, offline; a warning fails it.
docs: install-test
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

# Benchmarks are never part of `make test`; BENCH_PEOPLE=3000 gives a quick tenth-size run.
# bench/web.py needs wrk (Debian's package); on PostgreSQL when DATABASE_URL is set.
# bench/versus.py installs the peer forum (django-spirit) from the package index into bench-data/.
BENCH_PEOPLE ?= 30000
BENCH_ARGS ?=
bench: install-test
	@command -v wrk >/dev/null 2>&1 || { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python bench/versus.py --people $(BENCH_PEOPLE)
	$(BIN)/python bench/web.py --people $(BENCH_PEOPLE) $(BENCH_ARGS)
	$(BIN)/python bench/feed_search.py --people $(BENCH_PEOPLE)
	$(BIN)/python bench/insights.py --people $(BENCH_PEOPLE)
	$(BIN)/python bench/routing.py --people $(BENCH_PEOPLE)

messages: install-test
	cd hearth && ../$(BIN)/django-admin makemessages --all --ignore "*/tests/*" && ../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) test-output
