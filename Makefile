# The two commands a newcomer needs: `make run` and `make test`. Each creates .venv on first use
# and re-installs when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint fix check i18n bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	@$(BIN)/micic-bot run

# pytest-xdist workers. Chat tests spend much of their time waiting on the local Bot API, so more
# workers than cores pay off; on 2 cores 4 finish first (2: 30 s, 3: 24 s, 4: 21 s, 6: 26 s).
TEST_WORKERS ?= 4

test: lint $(STAMP)
	$(BIN)/pytest -q -n $(TEST_WORKERS)
	$(BIN)/micic-bot check
	$(BIN)/micic-bot i18n check

# The edit loop: the tests without a chat or a network (unit, storage, content, reports), in
# seconds. `make test` runs them too, with everything else.
test-fast: $(STAMP)
	$(BIN)/pytest -q tests/unit tests/storage tests/content tests/reports

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

# Formats the code and applies ruff's safe fixes, then lists what is left for a person to fix.
fix: $(STAMP)
	$(BIN)/ruff check --fix --exit-zero --quiet .
	$(BIN)/ruff format .
	$(BIN)/ruff check .

check: $(STAMP)
	$(BIN)/micic-bot check

# Translations (see TRANSLATING.md): extract every string into locales/<domain>.pot, then bring
# each language's locales/<lang>/LC_MESSAGES/<domain>.po up to date: new strings come in empty,
# changed ones are marked fuzzy with the previous English kept (`micic-bot i18n update`, which is
# `pybabel update --previous` without Babel's habit of turning that English into stale
# comments on the next update). The -k options must match
# KEYWORDS in bot/i18n/extraction.py: `micic-bot i18n check` fails when a .pot is out of date.
# The templates say version 1, not the release in bot/__init__.py: stamping the release would
# change every .pot at each release without a text changing.
BABEL_META := --project micic-checklist-bot --version 1 \
	--copyright-holder "micic-checklist-bot contributors"
# pybabel stamps the date in every .pot: keep the old file when nothing else changed.
KEEP_IF_SAME = if diff -q -I '^"POT-Creation-Date' $(1) $(1).new >/dev/null 2>&1; \
	then rm $(1).new; else mv $(1).new $(1); fi

i18n: $(STAMP)
	$(BIN)/pybabel extract -F locales/babel-checklist.cfg $(BABEL_META) \
		-o locales/checklist.pot.new .
	$(call KEEP_IF_SAME,locales/checklist.pot)
	$(BIN)/pybabel extract -F locales/babel-messages.cfg -k _ -k n_:1,2 -k N_ \
		--add-comments "TRANSLATORS:" $(BABEL_META) -o locales/messages.pot.new .
	$(call KEEP_IF_SAME,locales/messages.pot)
	$(BIN)/micic-bot i18n update

# Benchmarks (not part of `make test`): prints a table and writes bench/RESULTS.md, ~5 minutes.
# BENCH_ARGS=--quick for a short smoke run; BENCH_ARGS="--only cost" for one part.
bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache *.egg-info
