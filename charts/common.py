"""Small helpers the chart builders share: `pct` writes a share the house way ("85 %"), and
`not_enough` says in either language that a rate rests on too few members to be stated."""
from __future__ import annotations

import pandas as pd

from i18n import formats as fmt
from i18n import translator
from i18n.catalog import N_
from metrics.definitions import MIN_GROUP_N

# What the counts of a "not enough data" phrase count: one whole phrase per noun.
NOT_ENOUGH = {
    "": N_("not enough data yet (n = {ns}; {needed} needed)"),
    "customers": N_("not enough data yet (n = {ns} customers; {needed} needed)"),
    "accounts": N_("not enough data yet (n = {ns} accounts; {needed} needed)"),
    "resolved complaints": N_("not enough data yet (n = {ns} resolved complaints; {needed} needed)"),
    "complaints": N_("not enough data yet (n = {ns} complaints; {needed} needed)"),
    "contacts": N_("not enough data yet (n = {ns} contacts; {needed} needed)"),
    "repeat contacts": N_("not enough data yet (n = {ns} repeat contacts; {needed} needed)"),
    "survey answers": N_("not enough data yet (n = {ns} survey answers; {needed} needed)"),
    "complainers followed up": N_("not enough data yet (n = {ns} complainers followed up; {needed} needed)"),
}


def pct(x: float | None, digits: int = 0) -> str:
    """0.8539 -> '85 %'; '-' for a missing value."""
    return "-" if x is None or pd.isna(x) else f"{x * 100:.{digits}f} %"


def share_range(lo: float, hi: float, lang: str = "en") -> str:
    """0.01, 0.05 -> '1-5 %' (zh '1–5%'): a range of shares, as benchmarks quote them."""
    _ = translator(lang)
    return _("{lo}-{hi} %").format(lo=f"{lo * 100:.0f}", hi=f"{hi * 100:.0f}")


def not_enough(*counts: int | float | None, what: str = "", lang: str = "en") -> str:
    """'not enough data yet (n = 4 and 12 customers; 30 needed)' in `lang`; in English exactly
    metrics.definitions.not_enough. `what` is a key of NOT_ENOUGH."""
    ns = fmt.join([fmt.number(int(c or 0), lang) for c in counts], lang)
    return translator(lang).marked(NOT_ENOUGH[what]).format(ns=ns, needed=MIN_GROUP_N)
