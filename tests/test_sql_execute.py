"""metrics.sql.execute: the one path of every metric query (bound parameters, names by parse, a log)."""
from __future__ import annotations

import logging

import duckdb
import pytest

from metrics.sql import execute, execute_rows, parameter_names

SQL = """-- $ignored is named in a comment only
SELECT x FROM range(5) t(x) WHERE x >= $low /* and $also_ignored */ AND x < $high ORDER BY x"""


def test_parameter_names_come_from_the_parse_not_from_comments() -> None:
    assert parameter_names(SQL) == {"low", "high"}


def test_only_the_used_parameters_are_bound_and_a_missing_one_is_named() -> None:
    with duckdb.connect() as con:
        assert execute(con, "demo", SQL, {"low": 1, "high": 3, "unused": 9})["x"].tolist() == [1, 2]
        assert execute_rows(con, "demo", SQL, {"low": 3, "high": 10}) == [(3,), (4,)]
        with pytest.raises(KeyError, match="demo needs parameters \\['high'\\]"):
            execute(con, "demo", SQL, {"low": 1})


def test_one_statement_only() -> None:
    with pytest.raises(ValueError, match="one SQL statement expected, got 2"):
        parameter_names("SELECT 1; SELECT 2")


def test_each_query_is_logged_at_debug_with_name_and_rows(caplog: pytest.LogCaptureFixture) -> None:
    with duckdb.connect() as con, caplog.at_level(logging.DEBUG, logger="metrics.sql"):
        execute(con, "demo", SQL, {"low": 0, "high": 3})
    [record] = [r for r in caplog.records if r.name == "metrics.sql"]
    assert record.levelno == logging.DEBUG
    assert isinstance(record.args, tuple)
    name, ms, rows = record.args
    assert (name, rows) == ("demo", 3) and isinstance(ms, float) and ms >= 0
