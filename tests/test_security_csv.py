"""Every CSV the product writes is formula-safe (data/csvsafe.py), on a warehouse holding formula names.

Five lost customers of a small demo warehouse are renamed to the attack strings
of issue 12 and a tab-leading name, and moved to the region "=REGION()" (in one
transaction with the data version bump, as a load does). Then every CSV is
produced the way a user gets it:
- every page's download buttons under AppTest (the bytes are read where
  Streamlit stores them: MediaFileManager.add, or the deferred callable a
  click would run), unfiltered and filtered to "=REGION()";
- the upload page's "Download the problems as CSV", for an extract whose
  failing values are the attack strings;
- `python -m metrics report --format csv` filtered to "=REGION()".
No cell may start with = + - @, a tab or a carriage return, except a number
(a numeric -5 stays -5, which no spreadsheet runs). Each attack string must
be found, quoted, where it belongs, so the check cannot pass on empty files.
Streamlit's own table toolbar download is off (client.disableDataExport).
"""
from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from apptest_support import PAGES, ROOT, resolved, run_app, serve_warehouse, small_demo
from data import warehouse
from data.csvsafe import FORMULA_START
from metrics.funnel import lost_customers
from metrics.params import DEFAULT_PARAMS
from metrics.report import main as report_main

ATTACKS = ['=HYPERLINK("http://evil.example","fix me")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3",
           "\tTabbed name"]
REGION = "=REGION()"


def cells(data: bytes) -> list[str]:
    """Every cell of a CSV as a spreadsheet reads it (header included)."""
    return [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for c in row]


def unsafe(data: bytes) -> list[str]:
    """The cells a spreadsheet could run as a formula (numbers, like -5, are not)."""
    def is_number(text: str) -> bool:
        try:
            float(text)
        except ValueError:
            return False
        return True
    return [c for c in cells(data) if c.startswith(FORMULA_START) and not is_number(c)]


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A demo warehouse whose five richest lost customers carry the attack names and region."""
    with serve_warehouse(tmp_path_factory.mktemp("csv") / "demo.duckdb", small_demo(1_000)) as path:
        cur = warehouse.cursor(path)
        try:
            ids = lost_customers(cur, resolved(path), DEFAULT_PARAMS)["customer_id"].head(len(ATTACKS)).tolist()
            with warehouse.transaction(cur):  # as a load does: rows, then version and facts together
                for customer, name in zip(ids, ATTACKS):
                    cur.execute("UPDATE customers SET customer_name = ?, region = ? WHERE customer_id = ?",
                                [name, REGION, customer])
                warehouse.bump_data_version(cur)
        finally:
            cur.close()
        yield path


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bytes]]:
    """(file name, bytes) of every CSV handed to a download button while the fixture is active."""
    seen: list[tuple[str, bytes]] = []
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def spy_add(self, data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        if mimetype == "text/csv":
            seen.append((file_name, data))
        return add(self, data, mimetype, coordinates, file_name, is_for_static_download)

    def spy_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        if mimetype == "text/csv":
            seen.append((file_name, data_callable()))  # what the click would produce
        return add_deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", spy_add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", spy_deferred)
    return seen


def test_every_page_csv_button_neutralises_formulas(attacked: Path, downloads: list[tuple[str, bytes]],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANALYST_PASSCODE", raising=False)
    for page in PAGES:
        if page == "views/upload.py":
            continue
        for query in ({}, {"region": REGION}):
            at = run_app(page, query)
            assert not at.exception, (page, [e.message for e in at.exception])
    assert len({name for name, _ in downloads}) >= 10, downloads  # every chart's data, the lost customers
    for name, data in downloads:
        assert unsafe(data) == [], name
    lost = [cells(data) for name, data in downloads if name == "lost-customers.csv"]
    assert len(lost) == 2  # unfiltered and filtered to the attackers' region
    for attack in [*ATTACKS, REGION]:
        assert all("'" + attack in each for each in lost), attack


def test_the_problems_csv_neutralises_formulas(attacked: Path, downloads: list[tuple[str, bytes]],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANALYST_PASSCODE", raising=False)
    at = run_app("views/upload.py")
    at.selectbox(key="upload_table").set_value("customers").run()
    bad = pd.DataFrame({"customer_id": ["C-new-1", "C-new-2", "C-new-3", "C-new-4", "C-new-5"],
                        "customer_name": ATTACKS, "signup_date": ATTACKS})  # dates that fail
    data = bad.to_csv(index=False).encode()
    at.file_uploader[0].set_value(("attack.csv", data, "text/csv")).run()
    assert any("problems found" in e.value for e in at.error)
    problems = next(data for name, data in downloads if name.startswith("problems-"))
    assert unsafe(problems) == []
    assert all("'" + attack in cells(problems) for attack in ATTACKS)


def test_the_report_csv_neutralises_formulas(attacked: Path, tmp_path: Path) -> None:
    warehouse.close(attacked)  # the CLI opens the file read-only, as it would from a shell
    assert report_main(["--db", str(attacked), "--format", "csv", "--out", str(tmp_path),
                        "--region", REGION]) == 0
    files = sorted(tmp_path.glob("*.csv"))
    assert len(files) >= 5
    for file in files:
        assert unsafe(file.read_bytes()) == [], file.name
    assert "'" + REGION in cells((tmp_path / "funnel.csv").read_bytes())


def test_streamlit_table_toolbar_download_is_off() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["disableDataExport"] is True
