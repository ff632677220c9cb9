# Two commands: `make run` serves the dashboard on the demo warehouse, `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
WAREHOUSE_PATH ?= data/warehouse.duckdb
export WAREHOUSE_PATH
export BROWSER_PATH ?= /usr/bin/chromium

.PHONY: setup run test demo bench clean

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

clean:
	rm -rf $(VENV) $(WAREHOUSE_PATH) $(WAREHOUSE_PATH).wal
