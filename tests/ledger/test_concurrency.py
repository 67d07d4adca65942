"""Several processes spending from one fund at once cannot overspend it.

The harness starts writer processes together (a barrier), each trying to spend 30.00 from a
fund holding 100.00, and then reads the fund. With the real service exactly three succeed and
the rest are refused cleanly. The negative control runs the same harness with a naive
check-then-insert writer (no BEGIN IMMEDIATE, no row lock) and must catch the overspend.
"""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
import time
from decimal import Decimal
from typing import Any

from ledger.db import open_store
from ledger.errors import LedgerError
from ledger.locate import Location
from ledger.services import ledger_ops
from ledger.uow import UnitOfWork
from tests.conftest import BookHandle
from tests.ledger.test_journal import donate, fund_balance

WORKERS = 6
SPEND = "30.00"


def service_writer(location: Location, code: str, barrier: Any, worker: int) -> str:
    store = open_store(location)
    barrier.wait()
    try:
        with UnitOfWork(store, code) as uow:
            ledger_ops.expense(
                uow,
                "tina",
                fund="community",
                account="5101.04",
                amount=SPEND,
                purpose="community_service",
                payee="swc",
                memo=f"worker {worker}",
            )
        return "ok"
    except LedgerError as exc:
        return "refused" if exc.key == "fund_overdrawn" else f"error {exc.key}"
    finally:
        store.engine.dispose()


def naive_writer(location: Location, code: str, barrier: Any, worker: int) -> str:
    """Check the balance, then insert, with no lock between: what the service must not do."""
    conn = _naive_connect(location)
    q = "%s" if location.sqlite_path is None else "?"
    barrier.wait()
    cur = conn.cursor()
    cur.execute(
        f"SELECT b.id, f.id, SUM(bl.balance_fen) FROM books b JOIN funds f ON f.book_id = b.id "
        f"JOIN balances bl ON bl.fund_id = f.id JOIN accounts a ON a.id = bl.account_id "
        f"WHERE b.code = {q} AND f.code = 'community' AND a.type = 'asset' GROUP BY b.id, f.id",
        (code,),
    )
    book_id, fund_id, balance = cur.fetchone()
    time.sleep(0.3)  # widen the window between the check and the write
    if int(balance) < 3000:
        return "refused"
    cur.execute(f"SELECT id FROM accounts WHERE book_id = {q} AND code = '1002'", (book_id,))
    bank = cur.fetchone()[0]
    cur.execute(f"SELECT id FROM users WHERE book_id = {q} AND name = 'tina'", (book_id,))
    actor = cur.fetchone()[0]
    cur.execute(
        f"INSERT INTO entries (book_id, seq, date, kind, memo, actor_id, created_at, prev_hash, hash) "
        f"VALUES ({q}, {q}, '2025-06-01', 'expense', 'naive', {q}, '2025-06-01 00:00:00+00', '', '')",
        (book_id, 1000 + worker, actor),
    )
    cur.execute(f"SELECT id FROM entries WHERE book_id = {q} AND seq = {q}", (book_id, 1000 + worker))
    entry = cur.fetchone()[0]
    cur.execute(
        f"INSERT INTO postings (entry_id, book_id, account_id, fund_id, amount_fen) VALUES ({q}, {q}, {q}, {q}, -3000)",
        (entry, book_id, bank, fund_id),
    )
    cur.execute(
        f"UPDATE balances SET balance_fen = balance_fen - 3000 WHERE account_id = {q} AND fund_id = {q}",
        (bank, fund_id),
    )
    conn.commit()
    conn.close()
    return "ok"


def _naive_connect(location: Location) -> Any:
    if location.sqlite_path is not None:
        conn = sqlite3.connect(location.sqlite_path, timeout=30)  # legacy mode: no BEGIN before SELECT
        return conn
    import psycopg

    return psycopg.connect(location.dbapi_url)


def _run(writer: Any, location: Location, code: str, barrier: Any, worker: int, results: Any) -> None:
    try:
        results.put(writer(location, code, barrier, worker))
    except Exception as exc:  # noqa: BLE001 - reported to the parent as an error outcome
        results.put(f"error {type(exc).__name__}: {exc}")


def race(book: BookHandle, writer: Any) -> list[str]:
    """Run WORKERS writers at once; return their outcomes."""
    book.store.engine.dispose()
    ctx = mp.get_context("fork")
    barrier, results = ctx.Barrier(WORKERS), ctx.Queue()
    procs = [
        ctx.Process(target=_run, args=(writer, book.location, book.code, barrier, n, results)) for n in range(WORKERS)
    ]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    return sorted(outcomes)


def test_concurrent_expenses_never_overspend_a_fund(book: BookHandle) -> None:
    donate(book, "100.00")
    outcomes = race(book, service_writer)
    assert outcomes == ["ok"] * 3 + ["refused"] * 3
    assert fund_balance(book, "community") == Decimal("10.00")


def test_negative_control_the_harness_catches_a_naive_overspend(unchecked_book: BookHandle) -> None:
    donate(unchecked_book, "100.00")
    outcomes = race(unchecked_book, naive_writer)
    assert outcomes.count("ok") > 3, outcomes
    assert fund_balance(unchecked_book, "community") < 0
