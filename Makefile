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

.PHONY: setup run test demo bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
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
	$(PY) -m streamlit run dashboard.py --server.port $(PORT) --server.headless true

test: setup
	$(PY) -m pytest -q

bench: setup
	$(PY) -m bench

clean:
	rm -rf $(VENV) $(WAREHOUSE_PATH) $(WAREHOUSE_PATH).wal $(WAREHOUSE_PATH).snapshots
