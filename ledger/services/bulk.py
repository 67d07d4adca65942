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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from sqlalchemy import func, select, text, update

from ledger.chain import entry_content, entry_hash
from ledger.errors import Conflict, InputError
from ledger.model import EntryDraft
from ledger.repository import (
    ENTRIES,
    POSTINGS,
    Refs,
    add_to_balances,
    check_fund,
    fund_balances,
    fund_commitments,
    fund_deltas,
    posting_row,
)
from ledger.services.auth import LEDGER_WRITERS, require
from ledger.services.journal import check_draft
from ledger.tables import Book, Fund, Period, User
from ledger.uow import UnitOfWork

Progress = Callable[[int], None]


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
) -> Loaded:
    """Check and append ``items`` in order as ``actor`` (a ledger writer); the caller commits.
    Items whose key is already in the book with the same digest are skipped (a re-run writes
    nothing); a key reused for different content is a conflict."""
    user = require(uow, actor, LEDGER_WRITERS, action)
    refs = Refs(uow.session, uow.book_id).preload()
    months = set(uow.session.execute(select(Period.month).where(Period.book_id == uow.book_id)).scalars())
    funds, done = FundState(uow), Loaded()
    for chunk in batched(items, batch):
        fresh = _new_items(uow, chunk, done)
        for item in fresh:
            if item.draft.reverses is not None:
                raise InputError("bulk_reversal")
            check_draft(uow, item.draft, refs, closed=months.__contains__)
            funds.apply(item.draft, refs)
        if fresh:
            first, last = _append_batch(uow, user, fresh, refs)
            done.first_seq = done.first_seq or first
            done.last_seq, done.written = last, done.written + len(fresh)
        if progress:
            progress(len(chunk))
    return done


def _new_items(uow: UnitOfWork, chunk: list[Item], done: Loaded) -> list[Item]:
    """Drop items whose key is already in the book (or earlier in the chunk) with the same content."""
    keys = [i.key for i in chunk if i.key]
    found: dict[str, str | None] = {}
    if keys:
        stmt = select(ENTRIES.c.idem_key, ENTRIES.c.request_digest).where(
            ENTRIES.c.book_id == uow.book_id, ENTRIES.c.idem_key.in_(keys)
        )
        found = {key: digest for key, digest in uow.session.execute(stmt)}
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


def insert_rows(uow: UnitOfWork, table: Any, rows: list[dict[str, Any]]) -> None:
    """One multi-row INSERT through the Core connection: each value goes through its column's own
    SQLAlchemy bind processor (so it is stored exactly as an ORM write would store it), without
    Core's per-row parameter compilation, which costs more than the database's own work."""
    connection = uow.session.connection()
    dialect = connection.dialect
    columns = list(rows[0])
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns]
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
    params = [
        tuple(
            value if proc is None or value is None else proc(value)
            for proc, value in zip(processors, (row[c] for c in columns), strict=True)
        )
        for row in rows
    ]
    connection.exec_driver_sql(sql, params)


def _append_batch(uow: UnitOfWork, actor: User, items: list[Item], refs: Refs) -> tuple[int, int]:
    """Entries with their chain hashes in one INSERT, their postings in another, then balances."""
    book: Book = uow.book
    now, seq, head = dt.datetime.now(dt.UTC), book.entry_count, book.head_hash
    first = seq + 1
    entries = []
    for item in items:
        seq += 1
        draft = item.draft
        own = entry_hash(head, entry_content(book.code, seq, draft, actor.name, now, item.key, None))
        entries.append(
            {"book_id": book.id, "seq": seq, "date": draft.date, "kind": draft.kind, "memo": draft.memo}
            | {"actor_id": actor.id, "created_at": now, "idem_key": item.key, "request_digest": item.digest}
            | {"reverses": None, "prev_hash": head, "hash": own}
        )
        head = own
    ids = _reserve_ids(uow, len(entries))
    for entry_id, row in zip(ids, entries, strict=True):
        row["id"] = entry_id
    insert_rows(uow, ENTRIES, entries)
    postings = [
        posting_row(p, refs) | {"entry_id": entry_id, "book_id": book.id}
        for entry_id, item in zip(ids, items, strict=True)
        for p in item.draft.postings
    ]
    insert_rows(uow, POSTINGS, postings)
    add_to_balances(uow.session, book.id or 0, postings)
    uow.session.execute(update(Book).where(Book.id == book.id).values(entry_count=seq, head_hash=head))
    book.entry_count, book.head_hash = seq, head
    return first, seq
