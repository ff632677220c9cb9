"""Every reference figure of DOMAIN.md, with its provenance, as data.

A chart draws a benchmark as a labelled reference line next to the company's
own value; `Benchmark.label` is the short provenance for the line and
`Benchmark.note` the caveat for the footnote. Benchmarks are context, not targets.
"""
from __future__ import annotations

from dataclasses import dataclass

from i18n.catalog import N_


@dataclass(frozen=True)
class Benchmark:
    key: str
    value: float          # a fraction (0..1) unless `unit` says otherwise
    what: str             # what the figure measures
    applies_to: str       # the population it describes
    source: str
    year: int | None
    caveat: str = ""
    unit: str = "share"

    @property
    def label(self) -> str:
        """Short provenance for a chart line, e.g. 'TARP / US OCA, 2003'."""
        return f"{self.source}{', ' + str(self.year) if self.year else ''}"


TARP = "TARP for the US Office of Consumer Affairs (as reported by Fast Company)"
TARP_CAVEAT = ("Problems costing over $100; for problems under $5 the same study gives 37 / 46 / 70 / 95 %.")
SMALL_CAVEAT = "Problems costing under $5 (same study as the 9 / 19 / 54 / 82 % figures)."
# Not a published title but a description of one: translated where shown (N_ marks it for the catalogs).
ARTICLES = N_("The source articles (complaint pyramid); no primary source found")
GOODMAN = "J. Goodman (TARP), ASQ Quality Progress"
HBR = "Dixon, Freeman, Toman, 'Stop Trying to Delight Your Customers', HBR"

_ALL = [
    # Repurchase by complaint outcome (large problems), TARP.
    Benchmark("repurchase_silent", 0.09, "buy again", "dissatisfied, did not complain", TARP, 2003, TARP_CAVEAT),
    Benchmark("repurchase_unresolved", 0.19, "buy again", "complained, not resolved", TARP, 2003, TARP_CAVEAT),
    Benchmark("repurchase_resolved", 0.54, "buy again", "complained, resolved", TARP, 2003, TARP_CAVEAT),
    Benchmark("repurchase_fast", 0.82, "buy again", "complained, resolved quickly", TARP, 2003, TARP_CAVEAT),
    # The same study for small problems.
    Benchmark("small_repurchase_silent", 0.37, "buy again", "dissatisfied, did not complain (small problem)", TARP, 2003, SMALL_CAVEAT),
    Benchmark("small_repurchase_unresolved", 0.46, "buy again", "complained, not resolved (small problem)", TARP, 2003, SMALL_CAVEAT),
    Benchmark("small_repurchase_resolved", 0.70, "buy again", "complained, resolved (small problem)", TARP, 2003, SMALL_CAVEAT),
    Benchmark("small_repurchase_fast", 0.95, "buy again", "complained, resolved quickly (small problem)", TARP, 2003, SMALL_CAVEAT),
    # The complaint pyramid, and Goodman's correction.
    Benchmark("pyramid_silent", 0.69, "never complain", "dissatisfied customers", ARTICLES, None,
              "Goodman (2005): about 50 % complain to front-line staff (75 % in B2B), 1-5 % escalate."),
    Benchmark("pyramid_frontline", 0.23, "complain to front-line staff only", "dissatisfied customers", ARTICLES, None,
              "Goodman (2005) puts this near 50 % (75 % in business-to-business)."),
    Benchmark("pyramid_escalated", 0.08, "reach management", "dissatisfied customers", ARTICLES, None,
              "Goodman (2005) puts this at 1-5 %."),
    Benchmark("silent_per_complaint", 24, "silent leavers per complaint letter", "dissatisfied customers", ARTICLES, None,
              "Goodman (2005) calls 'only 4 % complain' a misquote.", unit="count"),
    Benchmark("goodman_frontline", 0.50, "complain to front-line staff", "dissatisfied consumers", GOODMAN, 2005,
              "75 % in business-to-business."),
    Benchmark("goodman_frontline_b2b", 0.75, "complain to front-line staff", "dissatisfied business customers", GOODMAN, 2005),
    Benchmark("goodman_escalated_low", 0.01, "escalate to management or head office", "dissatisfied customers", GOODMAN, 2005),
    Benchmark("goodman_escalated_high", 0.05, "escalate to management or head office", "dissatisfied customers", GOODMAN, 2005),
    # Service recovery paradox (contested).
    Benchmark("hightech_recovered", 0.90, "buy again", "high-tech, problem resolved satisfactorily", ARTICLES, None,
              "de Matos et al. (2007, 24 studies): effect on satisfaction, none on repurchase."),
    Benchmark("hightech_no_problem", 0.83, "buy again", "high-tech, never had a problem", ARTICLES, None,
              "Do not present 'recovered beats never-failed' as fact."),
    # The leaky bucket.
    Benchmark("annual_churn", 0.10, "customers lost a year", "companies in general", ARTICLES, None, "Rule of thumb."),
    Benchmark("acquisition_cost_ratio", 5, "cost of winning vs keeping a customer", "companies in general", ARTICLES, None,
              "Rule of thumb.", unit="ratio"),
    Benchmark("small_accounts_revenue", 0.20, "share of revenue from small accounts", N_("80/20 rule"), ARTICLES, None,
              N_("Small accounts often carry a higher margin.")),  # N_: shown on the accounts page, translated
    # Customer effort.
    Benchmark("effort_low_repurchase", 0.94, "intend to repurchase", "low-effort customers", HBR, 2010),
    Benchmark("effort_high_negative_wom", 0.81, "spread negative word of mouth", "high-effort customers", HBR, 2010),
    Benchmark("effort_reexplain", 0.56, "had to re-explain their issue", "service interactions", HBR, 2010,
              "Frequency of an effort driver, not retention."),
    Benchmark("effort_switch_channel", 0.57, N_("switched from web to phone"), "service interactions", HBR, 2010,
              "Frequency of an effort driver, not retention."),
    Benchmark("effort_transferred", 0.59, "were transferred", "service interactions", HBR, 2010,
              "Frequency of an effort driver, not retention."),
    Benchmark("effort_repeat_contact", 0.62, N_("contacted the company repeatedly"), "service interactions", HBR, 2010,
              "Frequency of an effort driver, not retention."),
]

BENCHMARKS: dict[str, Benchmark] = {b.key: b for b in _ALL}
PYRAMID_SILENT = BENCHMARKS["pyramid_silent"]

# Group -> benchmark for the retention-by-resolution chart, per problem size.
REPURCHASE = {
    "large": {g: BENCHMARKS[f"repurchase_{g}"] for g in ("silent", "unresolved", "resolved", "fast")},
    "small": {g: BENCHMARKS[f"small_repurchase_{g}"] for g in ("silent", "unresolved", "resolved", "fast")},
}

