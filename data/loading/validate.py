"""Every rule of docs/contract.md section 1, checked set-based over the staged `typed` table.

Each rule is one SELECT yielding (row_no, column, value, rule) for the rows
that break it; `failures()` runs them all as one UNION ALL and returns a single
table, so the analyst sees every problem at once. Rules that need no rows
(a required column with no source) are added from Python. Values are bound
parameters; identifiers come from TABLES via quote_ident.
"""
from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pandas as pd

from data.loading.coerce import Choice, date_shape, parsed_ident, raw_ident
from data.loading import rules as R
from data.loading.mapping import Mapping
from data.loading.rules import AMBIGUOUS_DATE, AMBIGUOUS_NUMBER, OUT_OF_RANGE
from data.schema import AFTER_OPENED, EARLIEST_DATE, FUTURE_DAYS, LEVELS, RANGES, TABLES, quote_ident

FAILURE_COLUMNS = ["row", "column", "value", "rule"]
__all__ = ["AMBIGUOUS_DATE", "AMBIGUOUS_NUMBER", "FAILURE_COLUMNS", "OUT_OF_RANGE", "failures", "rule_counts"]


def mapping_failures(table: str, mapping: Mapping, headers: list[str]) -> list[tuple]:
    """File-level failures of the mapping itself: missing required columns, impossible entries."""
    mapped = set(mapping.used().values())
    found = [(None, col, None, R.MISSING_COLUMN) for col in TABLES[table].required if col not in mapped]
    found += [(None, col, None, problem) for col, problem in mapping.problems(table, headers)]
    return found


def ambiguity_failures(dates: dict[str, Choice], numbers: dict[str, Choice]) -> list[tuple]:
    """One failure per column whose values leave the date order or the decimal mark open."""
    found = [(c.row, col, c.example, AMBIGUOUS_DATE) for col, c in dates.items() if c.ambiguous]
    return found + [(c.row, col, c.example, AMBIGUOUS_NUMBER) for col, c in numbers.items() if c.ambiguous]


def _sql_rules(table: str, mode: str, mapped: set[str], dates: dict[str, Choice],
               numbers: dict[str, Choice], today: date) -> list[tuple[str, dict]]:
    """(SELECT, params) per rule that applies to this table, mode and set of mapped columns."""
    spec = TABLES[table]
    key = quote_ident(spec.key)
    rules: list[tuple[str, dict]] = []

    def add(column: str, where: str, rule: str, source: str = "typed AS t", **params) -> None:
        rules.append((f"SELECT t.row_no, '{column}' AS col, t.{raw_ident(column)} AS value, '{rule}' AS rule "
                      f"FROM {source} WHERE {where}", params))

    for col in spec.columns:
        if col.name not in mapped:
            continue
        raw, typed = f"t.{raw_ident(col.name)}", f"t.{quote_ident(col.name)}"
        if col.required:
            add(col.name, f"{raw} IS NULL", R.REQUIRED_VALUE)
        bad = f"{raw} IS NOT NULL AND {typed} IS NULL"
        if col.type in ("DOUBLE", "INTEGER") and not numbers[col.name].ambiguous:
            parsed = typed if col.type == "DOUBLE" else f"t.{parsed_ident(col.name)}"
            add(col.name, f"{raw} IS NOT NULL AND {parsed} IS NULL", R.MALFORMED_NUMBER)
            if col.type == "INTEGER":
                add(col.name, f"{bad} AND {parsed} IS NOT NULL", R.NOT_WHOLE)
        elif (col.type in ("DATE", "TIMESTAMP") and not dates[col.name].ambiguous
              and (date_format := dates[col.name].value) is not None):
            shape = f"regexp_full_match({raw}, ${col.name}_shape)"
            params = {f"{col.name}_shape": date_shape(date_format)}
            add(col.name, f"{bad} AND {shape}", R.IMPOSSIBLE_DATE, **params)
            add(col.name, f"{bad} AND NOT {shape}", R.UNPARSEABLE_DATE, **params)
            add(col.name, f"CAST({typed} AS DATE) NOT BETWEEN $earliest AND $latest", OUT_OF_RANGE,
                earliest=EARLIEST_DATE, latest=today + timedelta(days=FUTURE_DAYS))
        elif col.type == "BOOLEAN":
            add(col.name, bad, R.NOT_YES_NO)

    # the key: unique inside the file, and new to the warehouse when appending
    if spec.key in mapped:
        rules.append((f"SELECT t.row_no, '{spec.key}', t.{raw_ident(spec.key)}, '{R.DUPLICATE_KEY}' FROM typed AS t "
                      f"WHERE t.{key} IN (SELECT {key} FROM typed GROUP BY ALL HAVING count(*) > 1)", {}))
        if mode == "append":
            add(spec.key, f"t.{key} IN (SELECT {key} FROM {quote_ident(table)})", R.KEY_EXISTS)

    # foreign key: the customer must exist in the warehouse
    if table != "customers" and "customer_id" in mapped:
        add("customer_id", "t.customer_id IS NOT NULL AND t.customer_id NOT IN (SELECT customer_id FROM customers)",
            R.UNKNOWN_CUSTOMER)

    # value rules of the contract
    if "amount" in mapped:
        add("amount", "t.amount < 0", R.NEGATIVE_AMOUNT)
    for name, (lo, hi) in RANGES.items():
        if name in mapped and name in spec.column_names:
            add(name, f"t.{quote_ident(name)} NOT BETWEEN {lo} AND {hi}", R.OUTSIDE[name])
    if "level" in mapped:
        add("level", "t.level IS NOT NULL AND t.level NOT IN (SELECT unnest($levels))",
            R.BAD_LEVEL, levels=list(LEVELS))
    if "opened_at" in mapped:
        for name in AFTER_OPENED:
            if name in mapped:
                add(name, f"t.{quote_ident(name)} < t.opened_at", R.BEFORE_OPENED[name])
    if table == "customers" and "churn_date" in mapped:
        if "signup_date" in mapped:
            add("churn_date", "t.churn_date < t.signup_date", R.CHURN_BEFORE_SIGNUP)
        add("churn_date", "t.churn_date < f.first_order", R.CHURN_BEFORE_ORDER,
            source="typed AS t JOIN (SELECT customer_id, min(order_date) AS first_order FROM orders GROUP BY ALL) AS f "
                   "USING (customer_id)")
    if table == "orders":
        rules.append(_orders_after_churn(mode))
    if table == "customers" and mode == "replace":
        rules.extend(_still_referenced())
    return rules


def _orders_after_churn(mode: str) -> tuple[str, dict]:
    """Order rows of customers whose churn_date would fall before their first order after this load."""
    return ("""
        WITH kept AS (      -- warehouse orders this load leaves in place
            SELECT o.customer_id, o.order_date FROM orders AS o
            WHERE $keep AND o.order_id NOT IN (SELECT order_id FROM typed WHERE order_id IS NOT NULL)),
        after_load AS (     -- every order once the load is written
            SELECT customer_id, order_date FROM kept
            UNION ALL SELECT customer_id, order_date FROM typed),
        first_order AS (    -- each customer's first order after the load
            SELECT customer_id, min(order_date) AS first_order FROM after_load GROUP BY ALL)
        SELECT t.row_no, 'order_date', t.raw_order_date, $churn_before_order
        FROM typed AS t
        JOIN first_order AS f USING (customer_id)
        JOIN customers AS c USING (customer_id)
        WHERE c.churn_date < f.first_order
        """, {"keep": mode != "replace", "churn_before_order": R.CHURN_BEFORE_ORDER})


def _still_referenced() -> list[tuple[str, dict]]:
    """Replacing customers must keep every customer the other tables refer to."""
    return [(f"""
        SELECT DISTINCT NULL::BIGINT, 'customer_id', r.customer_id, $still_used_{child}
        FROM {quote_ident(child)} AS r
        WHERE r.customer_id NOT IN (SELECT customer_id FROM typed WHERE customer_id IS NOT NULL)
        """, {f"still_used_{child}": rule}) for child, rule in R.STILL_USED.items()]


def failures(cur: duckdb.DuckDBPyConnection, table: str, mode: str, mapping: Mapping, headers: list[str],
             dates: dict[str, Choice], numbers: dict[str, Choice], today: date) -> pd.DataFrame:
    """Every failing (row, column, value, rule) of the staged file, ordered by row then column.

    `today` is the day of the load, which bounds plausible dates."""
    early = mapping_failures(table, mapping, headers) + ambiguity_failures(dates, numbers)
    mapped = {c for c in mapping.used().values() if c in TABLES[table].column_names}
    rules = _sql_rules(table, mode, mapped, dates, numbers, today)
    frames = [pd.DataFrame(early, columns=FAILURE_COLUMNS)] if early else []
    if rules:
        params = {k: v for _, p in rules for k, v in p.items()}
        union = "\nUNION ALL\n".join(f"SELECT * FROM ({sql})" for sql, _ in rules)
        frame = cur.execute(f"SELECT * FROM ({union}) ORDER BY 1 NULLS FIRST, 2, 4", params).df()
        frames.append(frame.set_axis(FAILURE_COLUMNS, axis=1))
    if not frames:
        return pd.DataFrame(columns=FAILURE_COLUMNS)
    found = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    found["row"] = found["row"].astype("Int64")
    return found


def rule_counts(found: pd.DataFrame) -> pd.DataFrame:
    """Failures per rule, most frequent first."""
    counts = found.groupby("rule", sort=False).size().rename("failures").reset_index()
    return counts.sort_values(["failures", "rule"], ascending=[False, True], ignore_index=True)
