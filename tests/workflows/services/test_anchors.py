"""Anchored heads (issue 16, item 7): the newest entries deleted and the head rewound, or an
older copy put back, pass a plain ``audit verify`` (the chain that is left is whole) but not
``audit verify --expect`` a head published earlier; and an entry deleted from the middle is
named as missing. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import text

from tests.conftest import BookHandle
from tests.helpers.cli import cfund
from tests.ledger.services.test_journal import donate
from tests.workflows.services.test_tamper import entry_id, unguarded
from workflows.services.audit import Anchor, verify

BOOK = "(SELECT id FROM books WHERE code = :book)"
#: Running balances recomputed from what postings are left, as a careful forger would.
RECOUNT = (
    f"DELETE FROM balances WHERE book_id = {BOOK}",
    "INSERT INTO balances (book_id, account_id, fund_id, balance_fen) SELECT book_id, account_id, fund_id, "
    f"SUM(amount_fen) FROM postings WHERE book_id = {BOOK} GROUP BY book_id, account_id, fund_id",
)


def five_gifts(book: BookHandle) -> tuple[str, int]:
    """Five donations; the head and count a clean verify states (what a pack publishes)."""
    for amount in ("10.00", "20.00", "30.00", "40.00", "50.00"):
        donate(book, amount)
    done = cfund(book, "audit", "verify", "--format", "json")
    assert done.exit_code == 0, done.stderr
    stated = json.loads(done.stdout)
    return stated["head"], stated["entries"]


def tamper(book: BookHandle, *statements: str) -> None:
    with unguarded(book), book.store.engine.begin() as conn:
        for sql in statements:
            conn.execute(text(sql), {"book": book.code})


def deleted(ids: str) -> tuple[str, ...]:
    """Delete the entries whose ids ``ids`` selects, with their postings; balances recounted."""
    return (f"DELETE FROM postings WHERE entry_id IN ({ids})", f"DELETE FROM entries WHERE id IN ({ids})", *RECOUNT)


def cut_after(keep: int) -> tuple[str, ...]:
    """Delete every entry after ``keep`` and rewind the book's head to entry ``keep``."""
    rewind = (
        f"UPDATE books SET entry_count = {keep}, head_hash = (SELECT hash FROM entries WHERE id = {entry_id(keep)}) "
    )
    return (*deleted(f"SELECT id FROM entries WHERE book_id = {BOOK} AND seq > {keep}"), rewind + "WHERE code = :book")


def test_the_newest_entries_deleted_and_the_head_rewound_fail_against_the_published_head(
    unchecked_book: BookHandle,
) -> None:
    head, entries = five_gifts(unchecked_book)
    tamper(unchecked_book, *cut_after(3))
    assert verify(unchecked_book.store, unchecked_book.code).problems == ()  # what is left is whole
    done = cfund(unchecked_book, "audit", "verify", "--expect", head, catch=True)
    assert done.exit_code == 3, done.output
    anchored = verify(unchecked_book.store, unchecked_book.code, expect=Anchor(head, entries)).problems
    assert [(p.check, p.detail) for p in anchored] == [
        ("anchor", "the anchored head is entry 5, but the chain ends at entry 3: entries 4 to 5 are missing")
    ]


def test_a_pack_is_an_anchor(unchecked_book: BookHandle, tmp_path: Path) -> None:
    five_gifts(unchecked_book)
    period = str(dt.date.today().year)
    out = tmp_path / "pack"
    made = cfund(unchecked_book, "report", "disclosure", "--period", period, "--out", str(out), "--skip-pdf")
    assert made.exit_code == 0, made.stderr
    pack = out / f"disclosure-{period}.json"
    assert cfund(unchecked_book, "audit", "verify", "--expect", str(pack)).exit_code == 0
    tamper(unchecked_book, *cut_after(4))
    done = cfund(unchecked_book, "audit", "verify", "--expect", str(pack), catch=True)
    assert done.exit_code == 3 and "entry 5" in done.stdout + done.stderr, done.output


def test_an_entry_deleted_from_the_middle_is_named_as_missing(unchecked_book: BookHandle) -> None:
    five_gifts(unchecked_book)
    tamper(
        unchecked_book,
        f"DELETE FROM postings WHERE entry_id = {entry_id(3)}",
        f"DELETE FROM entries WHERE id = {entry_id(3)}",
        *RECOUNT,
    )
    problems = verify(unchecked_book.store, unchecked_book.code).problems
    assert problems[0].check == "missing" and problems[0].entry == 3 and problems[0].detail == "entry 3 is missing"
    assert not any(p.entry == 4 and p.check == "chain" for p in problems), problems  # entry 4 itself is intact
    done = cfund(unchecked_book, "audit", "verify", catch=True)
    assert done.exit_code == 3 and "first: entry #3 (missing)" in done.stderr, done.stderr
    halves = verify(unchecked_book.store, unchecked_book.code, split_from=2).problems  # entry 3 at the seam
    assert halves == problems


def test_the_oldest_entries_deleted_are_missing_too(unchecked_book: BookHandle) -> None:
    five_gifts(unchecked_book)
    older = f"SELECT id FROM entries WHERE book_id = {BOOK} AND seq < 3"
    tamper(
        unchecked_book,
        f"DELETE FROM postings WHERE entry_id IN ({older})",
        f"DELETE FROM entries WHERE id IN ({older})",
        *RECOUNT,
    )
    assert [p.detail for p in verify(unchecked_book.store, unchecked_book.code).problems][:1] == [
        "entries 1 to 2 are missing"
    ]


def test_an_anchor_that_is_neither_a_head_nor_a_file_is_bad_input(book: BookHandle, tmp_path: Path) -> None:
    for bad in ("abc", str(tmp_path / "nowhere.json"), "0" * 63):
        done = cfund(book, "audit", "verify", "--expect", bad, catch=True)
        assert done.exit_code == 2 and "--expect" in done.stderr, (bad, done.stderr)
