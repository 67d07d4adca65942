"""Ingest benchmark (issue 5): load ``--years`` years of generated history into a fresh book
through the bulk path, in its own process so its peak memory is its own.

Usage: ``python bench/ingest.py DB_PATH_OR_URL [--years 100]``. Registers the demo's parties and
places, then loads the history; prints ``entries seconds`` on stderr. Run by bench/scale.py, which reads
the process's peak RSS.
"""

from __future__ import annotations

import argparse
import sys
import time

from ledger.storage.engine import open_store
from ledger.storage.location import locate
from workflows.demo import scenario as demo
from workflows.demo.history import load_history


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--years", type=int, default=100)
    args = parser.parse_args()
    store = open_store(locate(args.db), create=True)
    book, _ = demo.start(store)
    started = time.perf_counter()
    entries = load_history(store, book.config, args.years)
    print(entries, f"{time.perf_counter() - started:.2f}", file=sys.stderr)


if __name__ == "__main__":
    main()
