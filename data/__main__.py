"""`python -m data demo ...` builds the demo warehouse; `load ...` loads an extract;
`refresh --db PATH` rebuilds the customer facts after a change made outside the loader."""
from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    commands = {"demo": "data.demo", "load": "data.loading.cli", "refresh": "data.facts"}
    if not argv or argv[0] not in commands:
        print("usage: python -m data {demo|load|refresh} [options]  (--help after the command for details)")
        return 2
    module = __import__(commands[argv[0]], fromlist=["main"])
    return module.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
