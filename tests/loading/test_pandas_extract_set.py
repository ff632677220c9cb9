"""An extract set written by pandas with default settings (the index as a first column, nanosecond
timestamps, True/False booleans, NaN and NaT as empty cells) loads into a new warehouse through
`python -m data load`, and `python -m metrics report` runs on it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from data import warehouse
from data.loading import cli

from .conftest import rows

ROOT = Path(__file__).resolve().parents[2]


def write_extracts(folder: Path) -> dict[str, Path]:
    """Six customers, twelve orders, four complaints, four surveys, three contacts, by hand."""
    ts = lambda *values: pd.to_datetime(list(values), format="ISO8601").astype("datetime64[ns]")
    frames = {
        "customers": pd.DataFrame({
            "customer_id": [f"P{i}" for i in range(1, 7)],
            "customer_name": ["Ann", "Bo", "Cy", "Di", "Ed", "Fu"],
            "region": ["North", "North", "South", "South", "East", None],
            "segment": ["Retail", "Retail", "Business", "Business", "Retail", "Retail"],
            "signup_date": ts("2024-01-01", "2024-01-15", "2024-02-01", "2024-02-15", "2024-03-01", "2024-03-15"),
            "churn_date": ts(None, None, None, "2024-10-01", None, None),
        }),
        "orders": pd.DataFrame({
            "order_id": [f"Q{i}" for i in range(1, 13)],
            "customer_id": ["P1", "P1", "P2", "P2", "P3", "P3", "P4", "P4", "P5", "P5", "P6", "P1"],
            "order_date": ts("2024-01-05 10:15:00.123456789", "2024-06-05", "2024-01-20", "2024-03-01", "2024-02-03",
                             "2024-08-01", "2024-02-20", "2024-05-01", "2024-03-05", "2024-04-05", "2024-03-20",
                             "2024-11-30 23:59:59.999999999"),
            "amount": [120.5, 80.0, 35.25, 40.0, 900.0, 1200.0, 60.0, 75.5, 20.0, 22.0, 15.0, 99.99],
        }),
        "complaints": pd.DataFrame({
            "complaint_id": ["R1", "R2", "R3", "R4"], "customer_id": ["P1", "P2", "P4", "P5"],
            "opened_at": ts("2024-02-01 09:00:00.5", "2024-03-10 14:30", "2024-05-02 08:00", "2024-04-10 16:00"),
            "level": ["frontline", "escalated", "escalated", "frontline"],
            "channel": ["phone", "email", "phone", "web"],
            "resolved_at": ts("2024-02-01 15:00", None, "2024-05-20 08:00", "2024-04-10 18:00"),
        }),
        "surveys": pd.DataFrame({
            "response_id": ["V1", "V2", "V3", "V4"], "customer_id": ["P1", "P2", "P3", "P5"],
            "responded_at": ts("2024-02-10", "2024-03-20", "2024-04-01", "2024-04-20"),
            "satisfaction": [4, 2, 5, 1], "had_problem": [False, True, False, True], "complained": [False, True, False, False],
        }),
        "contacts": pd.DataFrame({
            "contact_id": ["W1", "W2", "W3"], "customer_id": ["P1", "P2", "P5"],
            "contacted_at": ts("2024-02-01 09:05", "2024-03-10 14:35", "2024-04-10 16:05"),
            "channel": ["phone", "email", "web"], "complaint_id": ["R1", "R2", "R4"],
        }),
    }
    paths = {}
    for table, frame in frames.items():
        paths[table] = folder / f"{table}.csv"
        frame.to_csv(paths[table])  # pandas defaults
    return paths


def test_pandas_default_extracts_load_and_the_report_runs(tmp_path: Path, capsys) -> None:
    db = tmp_path / "mine.duckdb"
    for table, path in write_extracts(tmp_path).items():
        code = cli.main(["--db", str(db), "--table", table, str(path)])
        out = capsys.readouterr().out
        assert code == 0, out
        assert "ignored columns: column 1" in out  # the index pandas writes first
    try:
        assert rows(db, "SELECT count(*) FROM customers") == [(6,)]
        assert rows(db, "SELECT order_date, amount FROM orders WHERE order_id IN ('Q1', 'Q12') ORDER BY 1") == [
            (pd.Timestamp("2024-01-05").date(), 120.5), (pd.Timestamp("2024-11-30").date(), 99.99)]
        assert rows(db, "SELECT opened_at, resolved_at FROM complaints WHERE complaint_id = 'R1'") == [
            (pd.Timestamp("2024-02-01 09:00:00.5").to_pydatetime(), pd.Timestamp("2024-02-01 15:00").to_pydatetime())]
        assert rows(db, "SELECT had_problem, complained FROM surveys WHERE response_id = 'V2'") == [(True, True)]
    finally:
        warehouse.close(db)
    done = subprocess.run([sys.executable, "-m", "metrics", "report", "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["as_of"], report["start"]) == ("2024-11-30", "2024-01-01")  # max order_date, min signup_date
