"""The audit's checks made by queries: journal invariants straight from the tables (balance, per
fund, two postings or more), entries written into a month after it was closed, the running
balances against the postings, no fund below zero or committed beyond what it holds, and
SQLite's own integrity check. Each yields the problems it finds; nothing here writes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select, text
from sqlmodel import Session

from ledger.domain.codes import FUND_BALANCE_TYPES, OPEN_COMMITMENTS
from ledger.domain.periods import parse_period
from ledger.storage.audit import Problem
from ledger.storage.reader import listed
from ledger.storage.tables import ClosedMonth, Entry

#: Each lists the entries (by seq, in journal order) that break one rule. Postings are grouped
#: by their entry id, not joined to their entry each (only the few offenders are), and the count
#: of postings per entry is read from the ``postings(entry_id)`` index alone.
INVARIANTS: tuple[tuple[str, str, str], ...] = (
    (
        "balance",
        "the entry does not sum to zero",
        "SELECT e.seq FROM entries e WHERE e.id IN (SELECT entry_id FROM postings WHERE book_id = :book "
        "GROUP BY entry_id HAVING SUM(amount_fen) <> 0) ORDER BY e.seq",
    ),
    (
        "fund_balance",
        "the entry does not sum to zero within a fund",
        "SELECT e.seq FROM entries e WHERE e.id IN (SELECT entry_id FROM postings WHERE book_id = :book "
        "GROUP BY entry_id, fund_id HAVING SUM(amount_fen) <> 0) ORDER BY e.seq",
    ),
    (
        "postings",
        "the entry has fewer than two postings",
        "SELECT e.seq FROM entries e WHERE e.book_id = :book "
        "AND (SELECT COUNT(*) FROM postings p WHERE p.entry_id = e.id) < 2 ORDER BY e.seq",
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
    for period in session.execute(select(ClosedMonth).where(ClosedMonth.book_id == book_id)).scalars():
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
        f"WHERE b.book_id = :book AND a.type IN ({listed(FUND_BALANCE_TYPES)}) GROUP BY b.fund_id "
        "HAVING SUM(b.balance_fen) < 0) x",
    ),
    (
        "overcommitted",
        "SELECT COUNT(*) FROM (SELECT b.fund_id FROM balances b JOIN accounts a ON a.id = b.account_id "
        f"WHERE b.book_id = :book GROUP BY b.fund_id HAVING SUM(CASE WHEN a.type IN ({listed(FUND_BALANCE_TYPES)}) "
        f"THEN b.balance_fen ELSE 0 END) < SUM(CASE WHEN a.code = '{OPEN_COMMITMENTS}' "
        "THEN b.balance_fen ELSE 0 END)) x",
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
