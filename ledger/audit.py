"""Audit checks of the journal: recompute the hash chain and every ledger invariant.

Each check returns the problems it finds (as bean-check lists every error), in journal order;
the caller reports the first broken entry. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlmodel import Session

from ledger.chain import GENESIS, entry_content, entry_hash
from ledger.model import EntryDraft, Posting
from ledger.periods import parse_period
from ledger.repository import POSTINGS
from ledger.tables import Account, Book, Compound, Entry, Fund, Party, Period, User


@dataclass(frozen=True)
class Problem:
    """One break: which check, which entry (sequence number, when there is one), what was found."""

    check: str
    entry: int | None
    detail: str


def chain_problems(session: Session, book: Book) -> Iterator[Problem]:
    """Recompute every entry's hash from its stored content and the previous hash."""
    previous, last = GENESIS, GENESIS
    for entry, actor, reverses_seq, postings in _entries(session, book.id or 0):
        if entry.prev_hash != previous:
            yield Problem("chain", entry.seq, "previous hash does not match the entry before it")
        draft = EntryDraft(entry.date, entry.kind, entry.memo, postings)
        created = entry.created_at if entry.created_at.tzinfo else entry.created_at.replace(tzinfo=dt.UTC)
        content = entry_content(book.code, entry.seq, draft, actor, created, entry.idem_key, reverses_seq)
        if entry_hash(entry.prev_hash, content) != entry.hash:
            yield Problem("chain", entry.seq, "content does not match its hash (edited after it was written)")
        previous = last = entry.hash
    if book.head_hash != last:
        yield Problem("chain", None, "the book's chain head is not the last entry's hash")


def _entries(session: Session, book_id: int) -> Iterator[tuple[Entry, str, int | None, tuple[Posting, ...]]]:
    reversed_entry = Entry.__table__.alias("reversed_entry")  # type: ignore[attr-defined]
    stmt = (
        select(Entry, User.name, reversed_entry.c.seq)
        .join(User, User.id == Entry.actor_id)
        .outerjoin(reversed_entry, reversed_entry.c.id == Entry.reverses)
        .where(Entry.book_id == book_id)
        .order_by(Entry.seq)
    )
    postings = _postings_by_entry(session, book_id)
    for entry, actor, reverses_seq in session.execute(stmt):
        yield entry, actor, reverses_seq, postings.get(entry.id or 0, ())


def _postings_by_entry(session: Session, book_id: int) -> dict[int, tuple[Posting, ...]]:
    stmt = (
        select(
            POSTINGS.c.entry_id,
            Account.code,
            Fund.code,
            POSTINGS.c.amount_fen,
            Party.code,
            Compound.code,
            POSTINGS.c.purpose,
            POSTINGS.c.project_id,
        )
        .select_from(POSTINGS)
        .join(Account, Account.id == POSTINGS.c.account_id)
        .join(Fund, Fund.id == POSTINGS.c.fund_id)
        .outerjoin(Party, Party.id == POSTINGS.c.party_id)
        .outerjoin(Compound, Compound.id == POSTINGS.c.compound_id)
        .where(POSTINGS.c.book_id == book_id)
        .order_by(POSTINGS.c.id)
    )
    out: dict[int, list[Posting]] = {}
    for entry_id, *fields in session.execute(stmt):
        out.setdefault(entry_id, []).append(Posting(*fields))
    return {k: tuple(v) for k, v in out.items()}


INVARIANTS: tuple[tuple[str, str, str], ...] = (
    (
        "balance",
        "the entry does not sum to zero",
        "SELECT e.seq FROM postings p JOIN entries e ON e.id = p.entry_id WHERE p.book_id = :book "
        "GROUP BY e.seq HAVING SUM(p.amount_fen) <> 0",
    ),
    (
        "fund_balance",
        "the entry does not sum to zero within a fund",
        "SELECT DISTINCT e.seq FROM postings p JOIN entries e ON e.id = p.entry_id WHERE p.book_id = :book "
        "GROUP BY e.seq, p.fund_id HAVING SUM(p.amount_fen) <> 0",
    ),
    (
        "postings",
        "the entry has fewer than two postings",
        "SELECT e.seq FROM entries e LEFT JOIN postings p ON p.entry_id = e.id WHERE e.book_id = :book "
        "GROUP BY e.seq HAVING COUNT(p.id) < 2",
    ),
)


def invariant_problems(session: Session, book_id: int) -> Iterator[Problem]:
    """Entries that break a journal invariant, checked straight from the tables."""
    for check, detail, sql in INVARIANTS:
        for (seq,) in session.execute(text(sql), {"book": book_id}):
            yield Problem(check, int(seq), detail)
    yield from _closed_period_problems(session, book_id)
    yield from _balance_problems(session, book_id)


def _closed_period_problems(session: Session, book_id: int) -> Iterator[Problem]:
    """Entries dated in a closed month but written after it was closed (one query per closed
    month, not a pass over the whole journal)."""
    found: list[int] = []
    for period in session.execute(select(Period).where(Period.book_id == book_id)).scalars():
        month = parse_period(period.month, kinds=("month",))
        stmt = select(Entry.seq).where(
            Entry.book_id == book_id,
            Entry.date >= month.start,
            Entry.date <= month.end,
            Entry.created_at > period.closed_at,
        )
        found += [seq for (seq,) in session.execute(stmt)]
    for seq in sorted(found):
        yield Problem("closed_period", seq, "the entry was written into a month after it was closed")


BALANCE_CHECKS: tuple[tuple[str, str], ...] = (
    (
        "running_balance",
        "SELECT COUNT(*) FROM (SELECT p.account_id, p.fund_id, SUM(p.amount_fen) AS s FROM postings p "
        "WHERE p.book_id = :book GROUP BY p.account_id, p.fund_id) x LEFT JOIN balances b "
        "ON b.account_id = x.account_id AND b.fund_id = x.fund_id WHERE COALESCE(b.balance_fen, 0) <> x.s",
    ),
    (
        "fund_negative",
        "SELECT COUNT(*) FROM (SELECT b.fund_id FROM balances b JOIN accounts a ON a.id = b.account_id "
        "WHERE b.book_id = :book AND a.type IN ('asset', 'liability') GROUP BY b.fund_id "
        "HAVING SUM(b.balance_fen) < 0) x",
    ),
    (
        "overcommitted",
        "SELECT COUNT(*) FROM (SELECT b.fund_id FROM balances b JOIN accounts a ON a.id = b.account_id "
        "WHERE b.book_id = :book GROUP BY b.fund_id HAVING SUM(CASE WHEN a.type IN ('asset', 'liability') "
        "THEN b.balance_fen ELSE 0 END) < SUM(CASE WHEN a.code = '9101' THEN b.balance_fen ELSE 0 END)) x",
    ),
)


def _balance_problems(session: Session, book_id: int) -> Iterator[Problem]:
    details = {
        "running_balance": "running balances differ from the postings",
        "fund_negative": "a fund is below zero",
        "overcommitted": "a fund has committed more than it holds",
    }
    for check, sql in BALANCE_CHECKS:
        if int(session.execute(text(sql), {"book": book_id}).scalar() or 0):
            yield Problem(check, None, details[check])


def sqlite_integrity(session: Session) -> Iterator[Problem]:
    """SQLite's own page-level check (PRAGMA integrity_check)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    result: Any = session.execute(text("PRAGMA integrity_check")).scalar()
    if result != "ok":
        yield Problem("integrity", None, str(result))
