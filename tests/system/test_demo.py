"""``cfund demo`` at the district's real scale, and ``--years`` history for benchmarks."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from tests.conftest import BookHandle, as_at_a_terminal, assert_books_balanced
from tests.helpers.cli import installed_cfund

PLAIN_PROGRESS = {**os.environ, "CFUND_PROGRESS": "plain"}


def run(exe: str, db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [exe, "--db", str(db), "--book", "longmatan", "--lang", "en", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)


def steps(label: str, stderr: str) -> list[tuple[int, int]]:
    """The progress lines of ``CFUND_PROGRESS=plain``: ``label done/total``."""
    return [(int(n), int(total)) for n, total in re.findall(rf"^{label} (\d+)/(\d+)$", stderr, re.M)]


def test_the_demo_has_the_districts_places_parties_and_a_year_of_history(tmp_path: Path) -> None:
    exe = installed_cfund()
    done = subprocess.run(
        [exe, "--lang", "en", "demo", "--out", str(tmp_path), "--years", "2"],
        capture_output=True,
        text=True,
        timeout=300,
        env=PLAIN_PROGRESS,
    )
    assert done.returncode == 0, done.stderr
    assert "Generated 1 year of earlier history" in done.stderr and "926 residents" in done.stderr
    history = [step for step in steps("demo", done.stderr) if step[1] == 9_994]  # at most 9,994 a year
    assert len(history) >= 5 and 9_900 < history[-1][0] <= 9_994  # the history shows progress
    db = tmp_path / "cfund-demo.db"
    places = Counter(p["kind"] for p in json.loads(run(exe, db, "compound", "list", "--format", "json").stdout))
    assert places == {"compound": 72, "courtyard": 135, "building": 1129}
    parties = Counter(p["kind"] for p in json.loads(run(exe, db, "party", "list", "--format", "json").stdout))
    assert parties["merchant"] == 728 and parties["organisation"] >= 236
    projects = json.loads(run(exe, db, "project", "list", "--format", "json").stdout)
    assert len(projects) == 142
    verified = run(exe, db, "audit", "verify", "--format", "json", env=PLAIN_PROGRESS)
    assert verified.returncode == 0, verified.stderr
    entries = json.loads(verified.stdout)["entries"]
    assert entries > 10_000  # the history year holds about ten thousand
    assert steps("audit", verified.stderr) == [(n, entries) for n in range(2_000, entries, 2_000)]
    exported = run(exe, db, "export", "beancount", "--out", str(tmp_path / "book.beancount"), env=PLAIN_PROGRESS)
    assert exported.returncode == 0, exported.stderr
    assert steps("export", exported.stderr) == [(n, entries) for n in range(2_000, entries, 2_000)]
    journal = run(exe, db, "ledger", "journal", "--to", "2024-12-31", "--format", "csv").stdout.splitlines()
    assert len({line.split(",")[0] for line in journal[1:]}) > 9_900  # about ten thousand entries a year


def test_years_out_of_range_is_one_clear_error(tmp_path: Path) -> None:
    done = subprocess.run(
        [installed_cfund(), "demo", "--out", str(tmp_path), "--years", "0"], capture_output=True, text=True
    )
    assert (
        done.returncode == 2
        and len(done.stderr.strip().splitlines()) == 1
        and not (tmp_path / "cfund-demo.db").exists()
    )


def test_ctrl_c_during_the_demo_exits_130_and_leaves_whole_entries(tmp_path: Path) -> None:
    cfund = Path(sys.executable).parent / "cfund"
    proc = subprocess.Popen(
        [str(cfund), "demo", "--out", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=as_at_a_terminal,
    )
    db = tmp_path / "cfund-demo.db"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # interrupt once money is being posted
        if db.exists():
            try:
                with sqlite3.connect(db) as conn:
                    if conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0] > 20:
                        break
            except sqlite3.OperationalError:
                pass
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "中断" in err and "Traceback" not in err
    from ledger.storage.engine import open_store
    from ledger.storage.location import locate

    assert_books_balanced(BookHandle(open_store(locate(str(db))), "longmatan"))
