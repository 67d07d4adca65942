"""The bulk path: many entries in one transaction, set-based.

Imports and generated history go through here instead of one ``post`` per entry. Each batch is
checked entry by entry with the same rules as :func:`ledger.services.journal.post` (accounts,
funds, purposes, closed months, fund balances and commitments, idempotency keys), then written
with one multi-row INSERT for its entries (ids returned in order), one for its postings and one
upsert of the running balances; the hash chain is computed in order in Python. Memory is bounded
by the batch size; the caller's unit of work makes the whole load one transaction, so an error or
Ctrl-C leaves nothing half written.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import Any

from sqlalchemy import func, select, text, update

from ledger.chain import entry_content, entry_hash, hashed_leg
from ledger.errors import Conflict, InputError, LedgerError
from ledger.model import EntryDraft
from ledger.money import to_fen
from ledger.periods import month_of
from ledger.repository import (
    ENTRIES,
    POSTINGS,
    Refs,
    add_to_balances,
    check_fund,
    entries_by_keys,
    fund_balances,
    fund_commitments,
    fund_deltas,
)
from ledger.services.auth import LEDGER_WRITERS, require
from ledger.services.journal import check_draft
from ledger.tables import Book, Fund, Period, User
from ledger.uow import UnitOfWork

Progress = Callable[[int], None]
#: SQLite page cache of a bulk load: the journal's indexes stay in memory while they grow.
CACHE_KIB = 131_072


@dataclass(frozen=True)
class Item:
    """One entry to load, with its idempotency key and the digest of what it was made from."""

    draft: EntryDraft
    key: str | None = None
    digest: str | None = None


@dataclass
class Loaded:
    """What a load did: entries written, and entries skipped because their key was already there."""

    written: int = 0
    repeated: int = 0
    first_seq: int | None = None
    last_seq: int | None = None


class FundState:
    """Each fund's balance and open commitments, read once under the book lock and carried
    forward entry by entry, so a batch is checked as if its entries were posted one at a time."""

    def __init__(self, uow: UnitOfWork) -> None:
        ids = list(uow.session.execute(select(Fund.id).where(Fund.book_id == uow.book_id)).scalars())
        self.held = fund_balances(uow.session, uow.book_id, ids)
        self.committed = fund_commitments(uow.session, ids)

    def apply(self, draft: EntryDraft, refs: Refs) -> None:
        balance, available = fund_deltas(draft, refs)
        for code in sorted(set(balance) | set(available)):
            fund_id = refs.fund(code).id or 0
            check_fund(code, self.held[fund_id], self.committed[fund_id], balance[code], available[code])
            self.held[fund_id] += balance[code]
            self.committed[fund_id] += balance[code] - available[code]


def batched(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def load(
    uow: UnitOfWork,
    actor: str | None,
    items: Iterable[Item],
    *,
    action: str = "import",
    batch: int = 2000,
    progress: Progress | None = None,
    analyze: bool = True,
) -> Loaded:
    """Check and append ``items`` in order as ``actor`` (a ledger writer); the caller commits.
    Items whose key is already in the book with the same digest are skipped (a re-run writes
    nothing); a key reused for different content is a conflict. With ``analyze`` the planner's
    statistics are refreshed afterwards (a book that grew by a million entries needs them)."""
    user = require(uow, actor, LEDGER_WRITERS, action)
    if uow.store.is_sqlite:
        uow.session.execute(text(f"PRAGMA cache_size = -{CACHE_KIB}"))
    refs, checks = Refs(uow.session, uow.book_id).preload(), Checks(uow)
    funds, done = FundState(uow), Loaded()
    for chunk in batched(items, batch):
        fresh = _new_items(uow, chunk, done)
        for item in fresh:
            checks.check(item.draft, refs)
            funds.apply(item.draft, refs)
        if fresh:
            first, last = _append_batch(uow, user, fresh, refs)
            done.first_seq = done.first_seq or first
            done.last_seq, done.written = last, done.written + len(fresh)
        if progress:
            progress(len(chunk))
    if analyze and done.written:
        refresh_statistics(uow)
    return done


def refresh_statistics(uow: UnitOfWork) -> None:
    """Let the query planner see the journal's new size (without it, SQLite reads a million
    entries through the wrong index)."""
    if uow.store.is_sqlite:
        uow.session.execute(text("PRAGMA analysis_limit = 1000"))
        uow.session.execute(text("ANALYZE"))
    else:
        for table in ("entries", "postings", "balances"):
            uow.session.execute(text(f"ANALYZE {table}"))


class Checks:
    """The rules of :func:`check_draft`, run once per shape of entry (kind, accounts, funds,
    purposes, parties, places, signs); the date rules run for every entry."""

    LIMIT = 100_000

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow, self.seen, self.today = uow, set[tuple[Any, ...]](), dt.date.today()
        self.months = set(uow.session.execute(select(Period.month).where(Period.book_id == uow.book_id)).scalars())

    def check(self, draft: EntryDraft, refs: Refs) -> None:
        if draft.reverses is not None:
            raise InputError("bulk_reversal")
        shape = (
            draft.kind,
            *((p.account, p.fund, p.amount > 0, p.purpose, p.party, p.compound) for p in draft.postings),
        )
        if shape not in self.seen:
            check_draft(self.uow, draft, refs, closed=self.months.__contains__)
            self.seen = self.seen if len(self.seen) < self.LIMIT else set()
            self.seen.add(shape)
        elif draft.date > self.today:
            raise InputError("date_future", date=draft.date.isoformat())
        elif month_of(draft.date) in self.months:
            raise LedgerError("period_closed", month=month_of(draft.date))


def _new_items(uow: UnitOfWork, chunk: list[Item], done: Loaded) -> list[Item]:
    """Drop items whose key is already in the book (or earlier in the chunk) with the same content."""
    keys = [i.key for i in chunk if i.key]
    found = {key: digest for key, (digest, _) in entries_by_keys(uow.session, uow.book_id, keys).items()}
    fresh = []
    for item in chunk:
        if item.key and item.key in found:
            if found[item.key] != item.digest:
                raise Conflict("key_conflict", key=item.key)
            done.repeated += 1
            continue
        if item.key:
            found[item.key] = item.digest
        fresh.append(item)
    return fresh


def _reserve_ids(uow: UnitOfWork, count: int) -> list[int]:
    """Ids for ``count`` new entries, so one plain multi-row INSERT can write them: from the
    sequence on PostgreSQL; on SQLite the writer holds the database's write lock, so the next
    ids after the largest are free."""
    if uow.store.is_sqlite:
        top = uow.session.execute(select(func.coalesce(func.max(ENTRIES.c.id), 0))).scalar_one()
        return list(range(top + 1, top + 1 + count))
    sql = "SELECT nextval(pg_get_serial_sequence('entries', 'id')) FROM generate_series(1, :n)"
    return list(uow.session.execute(text(sql), {"n": count}).scalars())


class DriverValues:
    """Values as the driver receives them from an ORM write: a column's SQLAlchemy bind processor
    (dates and times on SQLite) run once per distinct value, since dates repeat across a load."""

    def __init__(self, uow: UnitOfWork, table: Any, columns: tuple[str, ...]) -> None:
        dialect = uow.session.connection().dialect
        self.processors = {
            name: proc for name in columns if (proc := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
        }
        self.memo: dict[tuple[str, Any], Any] = {}

    def __call__(self, column: str, value: Any) -> Any:
        proc = self.processors.get(column)
        if proc is None or value is None:
            return value
        key = (column, value)
        if key not in self.memo:
            self.memo = self.memo if len(self.memo) < 10_000 else {}
            self.memo[key] = proc(value)
        return self.memo[key]


def insert_rows(uow: UnitOfWork, table: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """One multi-row INSERT of rows already in the driver's terms, straight to the driver's
    cursor: Core's per-row parameter handling costs more than the database's own work."""
    mark = "?" if uow.store.is_sqlite else "%s"
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
    cursor = uow.session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()


ENTRY_COLUMNS = (
    *("id", "book_id", "seq", "date", "kind", "memo", "actor_id", "created_at"),
    *("idem_key", "request_digest", "reverses", "prev_hash", "hash"),
)
POSTING_COLUMNS = (
    *("entry_id", "book_id", "account_id", "fund_id", "amount_fen"),
    *("party_id", "compound_id", "purpose", "project_id"),
)


def _append_batch(uow: UnitOfWork, actor: User, items: list[Item], refs: Refs) -> tuple[int, int]:
    """Entries with their chain hashes in one INSERT, their postings in another, then balances.
    Each amount is turned into fen once, for both the hash and the row."""
    book: Book = uow.book
    now, seq, head = dt.datetime.now(dt.UTC), book.entry_count, book.head_hash
    first, book_id, value = seq + 1, book.id or 0, DriverValues(uow, ENTRIES, ("date", "created_at"))
    entries, postings, deltas = [], [], defaultdict[tuple[int, int], Decimal](Decimal)
    for entry_id, item in zip(_reserve_ids(uow, len(items)), items, strict=True):
        seq, draft, legs = seq + 1, item.draft, []
        for p in draft.postings:
            fen, (account, fund, party, place) = to_fen(p.amount), refs.ids(p)
            legs.append(hashed_leg(p, fen))
            postings.append((entry_id, book_id, account, fund, fen, party, place, p.purpose, p.project))
            deltas[(account, fund)] += p.amount
        content = entry_content(book.code, seq, draft, actor.name, now, item.key, None, legs)
        own = entry_hash(head, content)
        day, created = value("date", draft.date), value("created_at", now)
        entry = (entry_id, book_id, seq, day, draft.kind, draft.memo, actor.id, created, item.key)
        entries.append((*entry, item.digest, None, head, own))
        head = own
    insert_rows(uow, ENTRIES, ENTRY_COLUMNS, entries)
    insert_rows(uow, POSTINGS, POSTING_COLUMNS, postings)
    add_to_balances(
        uow.session, book_id, ({"account_id": a, "fund_id": f, "amount_fen": v} for (a, f), v in deltas.items())
    )
    uow.session.execute(update(Book).where(Book.id == book.id).values(entry_count=seq, head_hash=head))
    book.entry_count, book.head_hash = seq, head
    return first, seq
