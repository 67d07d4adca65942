"""Reads do not wait for writers, and an interrupted command leaves no half-written entry."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from ledger.reports import lists as queries
from ledger.storage.reader import reading
from tests.conftest import BookHandle, as_at_a_terminal, assert_books_balanced
from tests.ledger.services.test_journal import donate


def test_a_report_reads_while_a_writer_holds_the_lock(book: BookHandle) -> None:
    donate(book, "10.00")
    if book.location.sqlite_path is not None:
        writer = sqlite3.connect(book.location.sqlite_path, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
    else:
        import psycopg

        writer = psycopg.connect(book.location.dbapi_url)
        writer.execute("SELECT id FROM books WHERE code = %s FOR UPDATE", (book.code,))
    try:
        started = time.perf_counter()
        with reading(book.location, book.code) as r:
            balance = next(row["balance"] for row in queries.fund_balances(r) if row["fund"] == "community")
        assert str(balance) == "10.00"
        assert time.perf_counter() - started < 2.0
    finally:
        writer.rollback()
        writer.close()


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
