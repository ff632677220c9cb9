# Two commands: `make run` serves the dashboard on the demo warehouse, `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
WAREHOUSE_PATH ?= data/warehouse.duckdb
export WAREHOUSE_PATH
export BROWSER_PATH ?= /usr/bin/chromium

.PHONY: setup run test demo bench clean i18n i18n-extract i18n-update

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(WAREHOUSE_PATH): | setup
	$(PY) -m data demo --db $(WAREHOUSE_PATH)

demo: setup
	$(PY) -m data demo --db $(WAREHOUSE_PATH)

run: setup $(WAREHOUSE_PATH)
	$(PY) -m streamlit run serve.py --server.port $(PORT) --server.headless true

test: setup
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
	rm -rf $(VENV) $(WAREHOUSE_PATH) $(WAREHOUSE_PATH).wal
