"""Reads do not wait for writers, and an interrupted command leaves no half-written entry."""

from __future__ import annotations

import sqlite3
import time

from ledger.reports import lists as queries
from ledger.storage.reader import reading
from tests.conftest import BookHandle
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
