"""One cold measurement in a fresh process: open the warehouse, make one page's calls.

`python -m bench.child DB CALLS.pickle VIEW` prints JSON: seconds (open +
calls, after imports), cpu_seconds (all threads), peak_rss_mb. Run by bench/__main__.py, not by hand.
"""
from __future__ import annotations

import json
import pickle
import resource
import sys
import time


def main() -> None:
    db, calls_file, view = sys.argv[1:4]
    from bench.calls import replay
    from data import warehouse

    t0, c0 = time.perf_counter(), time.process_time()
    cur = warehouse.cursor(db)
    with open(calls_file, "rb") as fh:
        calls = pickle.load(fh)[view]
    replay(cur, calls)
    seconds, cpu_seconds = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_rss_mb": peak}))


if __name__ == "__main__":
    main()
