"""Tamper evidence: someone with raw SQL access drops the append-only triggers and changes an
amount, deletes a posting, inserts an entry or reorders entries. Each makes ``cfund audit
verify`` exit 3 and name the entry, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from tests.conftest import BookHandle
from tests.helpers.cli import cfund
from tests.ledger.services.test_journal import donate

GUARDED = ("entries", "postings")


@contextmanager
def unguarded(book: BookHandle) -> Iterator[None]:
    """Drop the journal's append-only triggers; on PostgreSQL (a database shared by the whole
    session) put them back afterwards."""
    if book.store.is_sqlite:
        drops = [f"DROP TRIGGER {t}_no_{a}" for t in GUARDED for a in ("update", "delete")]
    else:
        drops = [f"DROP TRIGGER {t}_append_only ON {t}" for t in GUARDED]
    with book.store.engine.begin() as conn:
        for sql in drops:
            conn.execute(text(sql))
    try:
        yield
    finally:
        if not book.store.is_sqlite:
            with book.store.engine.begin() as conn:
                for table in GUARDED:
                    conn.execute(
                        text(
                            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                            "FOR EACH ROW EXECUTE FUNCTION cfund_append_only()"
                        )
                    )


def entry_id(seq: int) -> str:
    return f"(SELECT e.id FROM entries e JOIN books b ON b.id = e.book_id WHERE b.code = :book AND e.seq = {seq})"


ENTRY_COLS = "book_id, date, kind, memo, actor_id, created_at, idem_key, request_digest, reverses, prev_hash, hash"
POSTING_COLS = "book_id, account_id, fund_id, amount_fen, party_id, purpose, project_id"

TAMPERS = {
    # 1.00 moves between the two legs of entry 2: still balanced, not what was written
    "changed amount": (2, [f"UPDATE postings SET amount_fen = amount_fen + 100 WHERE entry_id = {entry_id(2)}"]),
    "deleted posting": (
        2,
        [f"DELETE FROM postings WHERE id = (SELECT MAX(id) FROM postings WHERE entry_id = {entry_id(2)})"],
    ),
    # a copy of entry 2 appended as entry 4: balanced, but it does not follow entry 3's hash
    "inserted entry": (
        4,
        [
            f"INSERT INTO entries (seq, {ENTRY_COLS}) SELECT 4, {ENTRY_COLS.replace('idem_key', 'NULL')} "
            f"FROM entries WHERE id = {entry_id(2)}",
            f"INSERT INTO postings (entry_id, {POSTING_COLS}) SELECT {entry_id(4)}, {POSTING_COLS} "
            f"FROM postings WHERE entry_id = {entry_id(2)}",
        ],
    ),
    "reordered entries": (
        2,
        [
            f"UPDATE entries SET seq = 99 WHERE id = {entry_id(2)}",
            f"UPDATE entries SET seq = 2 WHERE id = {entry_id(3)}",
            f"UPDATE entries SET seq = 3 WHERE id = {entry_id(99)}",
        ],
    ),
}


@pytest.mark.parametrize("tamper", TAMPERS)
def test_audit_verify_exits_3_naming_the_tampered_entry(unchecked_book: BookHandle, tamper: str) -> None:
    for amount in ("10.00", "20.00", "30.00"):
        donate(unchecked_book, amount)
    assert cfund(unchecked_book, "audit", "verify", catch=True).exit_code == 0
    seq, statements = TAMPERS[tamper]
    with unguarded(unchecked_book), unchecked_book.store.engine.begin() as conn:
        for sql in statements:
            conn.execute(text(sql), {"book": unchecked_book.code})
    done = cfund(unchecked_book, "audit", "verify", catch=True)
    assert done.exit_code == 3, done.output
    assert f"first: entry #{seq} " in done.stderr.splitlines()[-1], done.stderr
