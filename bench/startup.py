"""Start-up benchmark: wall time of ``cfund --help`` and ``cfund ledger balance`` on a small book.

Usage: ``python bench/startup.py [--runs N] [--db PATH]``. Without ``--db`` it builds the demo
book first. Prints a Markdown table (median, min, max wall seconds and peak RSS) for
docs/BENCHMARKS.md. Targets (issue 2): both within 0.3 s wall.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import cfund_exe, machine, measure

TARGET_S = 0.3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    exe = cfund_exe()
    db = args.db
    if db is None:
        out = Path(tempfile.mkdtemp(prefix="cfund-bench-"))
        subprocess.run([exe, "demo", "--out", str(out)], check=True, capture_output=True)
        db = out / "cfund-demo.db"
    env = {**os.environ, "CFUND_DB": str(db), "CFUND_BOOK": "longmatan"}
    print(machine())
    print("| command | runs | median s | min s | max s | peak RSS MB | target | met |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    worst = 0.0
    for label, cmd in (("cfund --help", [exe, "--help"]), ("cfund ledger balance", [exe, "ledger", "balance"])):
        times, rss = measure(cmd, args.runs, env)
        median = statistics.median(times)
        worst = max(worst, median)
        met = "yes" if median <= TARGET_S else "NO"
        print(
            f"| `{label}` | {args.runs} | {median:.3f} | {min(times):.3f} | {max(times):.3f} | {rss / 1024:.0f} "
            f"| {TARGET_S} | {met} |"
        )
    sys.exit(0 if worst <= TARGET_S else 1)


if __name__ == "__main__":
    main()
