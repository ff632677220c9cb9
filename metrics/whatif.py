"""What-if for the complaint journey: customers and revenue kept if more dissatisfied
customers complained and more complaints were resolved quickly (pure, no Streamlit).

The model
---------
    D        dissatisfied customers in the window (iceberg `total_dissatisfied_est`)
    p        share of them who complain;        today p0 = complainers / D
    q        share of complaints resolved quickly; today q0 = fast / (fast + resolved + unresolved)
             in the complaint cohort (docs/contract.md section 6)
    r_silent retention of the silent group
    r_fast   retention of the `fast` group
    r_rest   retention of complaints not resolved quickly: the `resolved` (slow) and
             `unresolved` rates mixed in today's proportions (customers as weights;
             equal weights when both groups are empty)

    kept(p, q)  = D * (1 - p) * r_silent + D * p * (q * r_fast + (1 - q) * r_rest)
    extra       = kept(p, q) - kept(p0, q0)                 customers kept against today
    revenue     = extra * annual_revenue_lost / lost        (average annual revenue per lost customer)

Each rate is the measured group retention when the group has at least `min_n`
customers, otherwise the TARP benchmark for that group (`rate_source` says
which), so a thin group never drives the answer on a handful of customers.
The model assumes the group rates do not change when more customers move into
a group: it is an order of magnitude, not a forecast.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from metrics.benchmarks import REPURCHASE

MIN_GROUP_N = 30
GROUPS = ("silent", "unresolved", "resolved", "fast")


@dataclass(frozen=True)
class GroupRate:
    group: str
    customers: int
    rate: float
    source: str          # "measured" or "benchmark"
    benchmark_label: str  # provenance when source == "benchmark"


@dataclass(frozen=True)
class Baseline:
    """Today's complaint journey and the retention rates the what-if applies."""
    dissatisfied: float        # D
    complain_share: float      # p0
    fast_share: float          # q0
    rates: dict[str, GroupRate]
    revenue_per_lost: float    # annual revenue of an average lost customer

    @property
    def r_rest(self) -> float:
        slow, unres = self.rates["resolved"], self.rates["unresolved"]
        total = slow.customers + unres.customers
        if total == 0:
            return (slow.rate + unres.rate) / 2
        return (slow.rate * slow.customers + unres.rate * unres.customers) / total

    @property
    def benchmarked(self) -> list[str]:
        """The groups whose rate is the benchmark (too few customers measured)."""
        return [g for g, r in self.rates.items() if r.source == "benchmark"]


def group_rates(groups: pd.DataFrame, min_n: int = MIN_GROUP_N) -> dict[str, GroupRate]:
    """Measured rate per group from `retention_groups`, the benchmark where customers < min_n."""
    table = groups.set_index("group")
    out = {}
    for g in GROUPS:
        n = int(table.at[g, "customers"]) if g in table.index else 0
        bench = REPURCHASE["large"][g]
        if n >= min_n:
            out[g] = GroupRate(g, n, float(table.at[g, "rate"]), "measured", "")
        else:
            out[g] = GroupRate(g, n, bench.value, "benchmark", f"{bench.value:.0%} ({bench.label})")
    return out


def baseline(iceberg: Mapping, groups: pd.DataFrame, funnel: Mapping,
             min_n: int = MIN_GROUP_N) -> Baseline | None:
    """Today's journey from one iceberg row, the retention groups and one funnel row.

    None when the number of dissatisfied customers cannot be estimated or is 0.
    """
    dissatisfied = iceberg.get("total_dissatisfied_est")
    if dissatisfied is None or pd.isna(dissatisfied) or dissatisfied <= 0:
        return None
    table = groups.set_index("group")["customers"]
    complained = sum(int(table.get(g, 0)) for g in ("unresolved", "resolved", "fast"))
    fast = int(table.get("fast", 0))
    lost = int(funnel.get("lost") or 0)
    revenue = float(funnel.get("annual_revenue_lost") or 0.0)
    return Baseline(
        dissatisfied=float(dissatisfied),
        complain_share=int(iceberg["complainers"]) / float(dissatisfied),
        fast_share=fast / complained if complained else 0.0,
        rates=group_rates(groups, min_n),
        revenue_per_lost=revenue / lost if lost else 0.0,
    )


def kept(b: Baseline, complain_share: float, fast_share: float) -> float:
    """Dissatisfied customers retained when `complain_share` complain and `fast_share` of
    complaints are resolved quickly (the model in the module docstring)."""
    p, q = complain_share, fast_share
    r = b.rates
    return b.dissatisfied * ((1 - p) * r["silent"].rate + p * (q * r["fast"].rate + (1 - q) * b.r_rest))


def scenario(b: Baseline, complain_share: float, fast_share: float) -> pd.DataFrame:
    """Two rows, 'today' and 'what-if'. Columns: scenario, complain_share, fast_share,
    dissatisfied, kept, kept_share (of dissatisfied), extra_customers and
    extra_revenue (against today; 0 for today)."""
    rows = []
    today = kept(b, b.complain_share, b.fast_share)
    for name, p, q in (("today", b.complain_share, b.fast_share), ("what-if", complain_share, fast_share)):
        k = kept(b, p, q)
        rows.append({"scenario": name, "complain_share": p, "fast_share": q, "dissatisfied": b.dissatisfied,
                     "kept": k, "kept_share": k / b.dissatisfied, "extra_customers": k - today,
                     "extra_revenue": (k - today) * b.revenue_per_lost})
    return pd.DataFrame(rows)


def rates_frame(b: Baseline) -> pd.DataFrame:
    """The rates the what-if used, for its CSV and footnote.
    Columns: group, customers, rate, source, benchmark_label."""
    return pd.DataFrame([r.__dict__ for r in b.rates.values()])


def journey_stages(iceberg: Mapping, groups: pd.DataFrame) -> pd.DataFrame:
    """The complaint journey: dissatisfied (estimated) -> complained -> resolved ->
    resolved quickly -> retained.

    `dissatisfied` is the iceberg estimate; `complained` the complainers of the
    window; the last three come from the complaint cohort of `retention_groups`
    (first complaint in the window with its follow-up fully observed), so their
    share is of that cohort. Columns: key, stage, customers, share (of the
    dissatisfied for `complained`, of the cohort after it), base (what share is
    of), estimate (bool), label (text for the bar).
    """
    table = groups.set_index("group")
    n = {g: int(table.at[g, "customers"]) if g in table.index else 0 for g in GROUPS}
    ret = {g: int(table.at[g, "retained"]) if g in table.index else 0 for g in GROUPS}
    cohort = n["unresolved"] + n["resolved"] + n["fast"]
    dissatisfied = iceberg.get("total_dissatisfied_est")
    dissatisfied = None if dissatisfied is None or pd.isna(dissatisfied) else int(dissatisfied)
    complainers = int(iceberg["complainers"])

    def of(part: int, whole: int | None) -> float | None:
        return part / whole if whole else None

    rows = [
        ("dissatisfied", "Dissatisfied", dissatisfied, None, "", True),
        ("complained", "Complained", complainers, of(complainers, dissatisfied), "of the dissatisfied", False),
        ("resolved", "Resolved", n["resolved"] + n["fast"], of(n["resolved"] + n["fast"], cohort),
         f"of the {cohort:,} complainers followed up", False),
        ("fast", "Resolved quickly", n["fast"], of(n["fast"], cohort), "of those followed up", False),
        ("retained", "Retained", ret["unresolved"] + ret["resolved"] + ret["fast"],
         of(ret["unresolved"] + ret["resolved"] + ret["fast"], cohort), "of those followed up", False),
    ]
    labels = [("n/a" if c is None else f"~{c:,} (estimated)") if k == "dissatisfied"
              else f"{c:,}" + ("" if s is None else f" ({s * 100:.0f} % {b})")
              for k, _, c, s, b, _ in rows]
    out = pd.DataFrame(rows, columns=["key", "stage", "customers", "share", "base", "estimate"], dtype=object)
    return out.assign(label=labels, estimate=out["estimate"].astype(bool))
