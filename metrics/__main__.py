"""`python -m metrics report ...`: see metrics/report.py."""
import sys

from metrics.report import main

if __name__ == "__main__":
    argv = sys.argv[1:]
    if not argv or argv[0] != "report":
        print("usage: python -m metrics report --db PATH [--start D] [--end D] [--as-of D] "
              "[--region R] [--segment S] [--format json|csv] [--out DIR]\n"
              "       python -m metrics report --engine spark (--tables DIR | --spark-database NAME) "
              "[--spark-master URL] [same options]")
        sys.exit(2)
    sys.exit(main(argv[1:]))
