# Two commands: `make run` serves the dashboard on the demo warehouse, `make test` runs the suite.
# `make run` builds the demo only at the default path; at any other WAREHOUSE_PATH that does not
# exist yet it creates an empty warehouse (`python -m data init`) for your own extracts.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
DEMO_PATH := data/warehouse.duckdb
WAREHOUSE_PATH ?= $(DEMO_PATH)
export WAREHOUSE_PATH
export BROWSER_PATH ?= /usr/bin/chromium

.PHONY: setup run test demo bench clean i18n i18n-extract i18n-update

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-spark.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(WAREHOUSE_PATH): | setup
ifeq ($(WAREHOUSE_PATH),$(DEMO_PATH))
	$(PY) -m data demo --db $(WAREHOUSE_PATH)
else
	$(PY) -m data init --db $(WAREHOUSE_PATH)
endif

demo: setup
	$(PY) -m data demo --db $(WAREHOUSE_PATH)

run: setup $(WAREHOUSE_PATH)
	$(PY) -m streamlit run serve.py --server.port $(PORT) --server.headless true

# Lint and type check first (configured in pyproject.toml), then the suite.
test: setup
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest -q

bench: setup
	$(PY) -m bench

# Message catalogs (docs/i18n.md). i18n-update: extract the template (i18n/messages.pot)
# from the code and merge it into each language's .po; translate; then `make i18n`
# compiles every .po into the .mo committed beside it (the run time reads only the .mo).
PYBABEL := $(VENV)/bin/pybabel
i18n-extract: setup
	$(PYBABEL) extract -F babel.cfg --add-comments=i18n: --strip-comments --sort-output --add-location=file \
	  --no-wrap --project="complaint-retention dashboard" -o i18n/messages.pot .

i18n-update: i18n-extract
	$(PYBABEL) update -i i18n/messages.pot -d i18n/locales --no-wrap

i18n: setup
	$(PYBABEL) compile -d i18n/locales --statistics

clean:
	rm -rf $(VENV) $(WAREHOUSE_PATH) $(WAREHOUSE_PATH).wal $(WAREHOUSE_PATH).snapshots
