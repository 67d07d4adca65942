"""Scale benchmark (issue 5): a generated Longmatan book of ``--years`` years (100 years is about a
million entries), cfund's commands on it, and the same book in hledger, ledger-cli and beancount.

Usage: ``python bench/scale.py [--years 100] [--out DIR] [--runs 5] [--peers]``. Builds the book
with ``cfund demo --years N`` (reused when ``DIR/cfund-demo.db`` exists), then times: ingest (the
bulk load of the generated history), ``ledger balance``, ``report statements`` for the last
history year, ``audit verify``, the two exports, and with ``--peers`` each peer's balance report
and ``bean-check`` on the exported files. Prints a Markdown table (median wall seconds, peak RSS)
for docs/BENCHMARKS.md; exits 1 when a cfund target is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
from pathlib import Path

from common import cfund_exe, machine, measure, run_once

# (label, target seconds, target MB or None)
TARGETS = {
    "ingest": (20.0, 400),
    "ledger balance": (0.5, 100),
    "report statements (one year)": (2.0, None),
    "audit verify": (30.0, None),
}


def build(db: Path, years: int) -> tuple[float, float, int]:
    """The book, by bench/ingest.py in its own process: wall seconds, seconds of the bulk load
    alone, and the process's peak RSS in KiB."""
    db.parent.mkdir(parents=True, exist_ok=True)
    ingest = Path(__file__).with_name("ingest.py")
    wall, rss, err = run_once([sys.executable, str(ingest), str(db), "--years", str(years)])
    return wall, float(err.split()[-1]), rss


def counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0], conn.execute(
            "SELECT COUNT(*) FROM postings"
        ).fetchone()[0]


def row(label: str, times: list[float], rss_kib: int, runs: int) -> str:
    target, limit = TARGETS.get(label, (None, None))
    median = statistics.median(times)
    met = "" if target is None else ("yes" if median <= target and (limit is None or rss_kib / 1024 <= limit) else "NO")
    shown = "" if target is None else f"{target} s" + (f", {limit} MB" if limit else "")
    return f"| {label} | {runs} | {median:.2f} | {rss_kib / 1024:.0f} | {shown} | {met} |"


def cfund_rows(exe: str, db: Path, year: int, runs: int) -> list[str]:
    env = {**os.environ, "CFUND_DB": str(db), "CFUND_BOOK": "longmatan"}
    rows = []
    for label, args, n in (
        ("ledger balance", ["ledger", "balance"], runs),
        ("report statements (one year)", ["report", "statements", "--period", str(year)], runs),
        ("audit verify", ["audit", "verify"], 1),
        ("export hledger", ["export", "hledger", "--out", str(db.parent / "book.journal")], 1),
        ("export beancount", ["export", "beancount", "--out", str(db.parent / "book.beancount")], 1),
    ):
        times, rss = measure([exe, *args], n, env) if n > 1 else _single([exe, *args], env)
        rows.append(row(label, times, rss, n))
    return rows


def _single(cmd: list[str], env: dict[str, str]) -> tuple[list[float], int]:
    wall, rss, _ = run_once(cmd, env)
    return [wall], rss


def peer_rows(folder: Path) -> list[str]:
    """Each peer reads the whole exported book and prints its balances (one run each: slow)."""
    journal, beans = folder / "book.journal", folder / "book.beancount"
    commands = (
        ("hledger balance", "hledger", ["-f", str(journal), "balance"]),
        ("ledger-cli balance", "ledger", ["-f", str(journal), "balance"]),
        ("bean-check", "bean-check", [str(beans)]),
    )
    rows = []
    for label, tool, args in commands:
        exe = shutil.which(tool, path=str(Path(sys.executable).parent)) or shutil.which(tool)
        if exe is None:
            rows.append(f"| {label} | 0 | not installed | | | |")
            continue
        wall, rss, _ = run_once([exe, *args], check=False)
        rows.append(row(label, [wall], rss, 1))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=100)
    parser.add_argument("--out", type=Path, default=Path("/tmp/cfund-scale"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--peers", action="store_true")
    args = parser.parse_args()
    exe, db = cfund_exe(), args.out / "cfund-demo.db"
    lines = []
    if not db.exists():
        wall, ingest, rss = build(db, args.years)
        lines.append(row("ingest", [ingest], rss, 1))
        lines.append(f"| ingest process (registering parties and places, then the load) | 1 | {wall:.2f} | | | |")
    entries, postings = counts(db)
    print(machine())
    print(f"book: {entries:,} entries, {postings:,} postings ({args.years} years)")
    print("| measure | runs | median s | peak RSS MB | target | met |")
    print("| --- | --- | --- | --- | --- | --- |")
    lines += cfund_rows(exe, db, 2024, args.runs)
    if args.peers:
        lines += peer_rows(db.parent)
    print("\n".join(lines))
    sys.exit(1 if any(line.endswith("| NO |") for line in lines) else 0)


if __name__ == "__main__":
    main()
