"""Start-up benchmark: wall time of ``cfund --help`` and ``cfund ledger balance`` on a small book.

Usage: ``python bench/startup.py [--runs N] [--db PATH]``. Without ``--db`` it builds the demo
book first. Prints a Markdown table (median, min, max wall seconds and peak RSS) for
docs/BENCHMARKS.md. Targets (issue 2): both within 0.3 s wall.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 0.3


def cfund_exe() -> str:
    found = shutil.which("cfund", path=str(Path(sys.executable).parent)) or shutil.which("cfund")
    if not found:
        sys.exit("cfund is not installed in this environment (run make test or pip install -e .)")
    return found


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run of ``cmd``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed with exit code {proc.returncode}")
    return elapsed, usage.ru_maxrss


def measure(cmd: list[str], runs: int, env: dict[str, str]) -> tuple[list[float], int]:
    """Wall times of ``runs`` runs (after one warm-up) and the largest peak RSS in KiB."""
    run_once(cmd, env)
    results = [run_once(cmd, env) for _ in range(runs)]
    return [t for t, _ in results], max(rss for _, rss in results)


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
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
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
