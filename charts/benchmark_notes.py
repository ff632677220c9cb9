"""What a benchmark marker says when hovered, in the page's language: the figure, its source, its caveat.

metrics/benchmarks.py holds the figures and their provenance as data, language-free. A marker's
hover says, per benchmark key, one whole sentence ("Benchmark: 82 % of customers whose complaint
was resolved quickly buy again"), the source with its published title (never translated) and
the caveat, translated (TARP's: the problem size the figures are for, and the other size's
figures). tests/test_benchmark_notes.py fails when a benchmark drawn as a marker has no sentence.
"""
from __future__ import annotations

from i18n import N_, translator
from i18n import formats as fmt
from metrics.benchmarks import REPURCHASE, Benchmark

# benchmark key -> the sentence its marker says ({share}: the benchmark's figure)
LINES = {
    "repurchase_silent": N_("Benchmark: {share} of dissatisfied customers who did not complain buy again"),
    "repurchase_unresolved": N_("Benchmark: {share} of customers whose complaint was not resolved buy again"),
    "repurchase_resolved": N_("Benchmark: {share} of customers whose complaint was resolved buy again"),
    "repurchase_fast": N_("Benchmark: {share} of customers whose complaint was resolved quickly buy again"),
    "small_repurchase_silent": N_("Benchmark: {share} of customers dissatisfied by a small problem who did not "
                                  "complain buy again"),
    "small_repurchase_unresolved": N_("Benchmark: {share} of customers whose complaint about a small problem was "
                                      "not resolved buy again"),
    "small_repurchase_resolved": N_("Benchmark: {share} of customers whose complaint about a small problem was "
                                    "resolved buy again"),
    "small_repurchase_fast": N_("Benchmark: {share} of customers whose complaint about a small problem was "
                                "resolved quickly buy again"),
    "effort_low_repurchase": N_("Benchmark: {share} of low-effort customers intend to buy again (intent, not "
                                "behaviour)"),
}


def figures(problem: str) -> str:
    """'9 / 19 / 54 / 82': the TARP repurchase shares per group for one problem size, in percent."""
    return " / ".join(f"{REPURCHASE[problem][g].value * 100:.0f}" for g in ("silent", "unresolved", "resolved", "fast"))


def tarp_caveat(problem: str, lang: str = "en") -> str:
    """The caveat of TARP's repurchase figures (in English metrics.benchmarks.TARP_CAVEAT / SMALL_CAVEAT)."""
    _ = translator(lang)
    other = _("{values} %").format(values=figures("small" if problem == "large" else "large"))
    return (_("Problems costing over $100; for problems under $5 the same study gives {figures}.")
            if problem == "large" else
            _("Problems costing under $5 (same study as the {figures} figures).")).format(figures=other)


def _problem(bench: Benchmark) -> str | None:
    """'large' or 'small' for a TARP repurchase benchmark, None for any other."""
    return next((p for p, groups in REPURCHASE.items() if bench in groups.values()), None)


def hover(bench: Benchmark, lang: str = "en") -> list[str]:
    """[sentence, source as published, caveat] for a marker's hover (the caveat may be empty)."""
    _ = translator(lang)
    line = _.marked(LINES[bench.key]).format(share=fmt.percent(bench.value, lang))
    problem = _problem(bench)
    caveat = tarp_caveat(problem, lang) if problem else _.marked(bench.caveat) if bench.caveat else ""
    return [line, bench.label, caveat]
