"""The rows a bulk load writes: entry ids, the hash chain, and the driver's values.

:class:`Appender` turns checked drafts into ready rows (entries with their chain hashes, postings
with amounts in fen, computed once for both) and keeps the chain's position and each batch's
balance changes; :func:`write` sends a batch's entries and postings to the driver's cursor, then
moves the running balances and the book's head.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import func, select, text

from ledger.chain import entry_content, entry_hash, hashed_leg
from ledger.db import driver_cursor
from ledger.money import from_fen, to_fen
from ledger.repository import ENTRIES, Refs, add_to_balances, move_head
from ledger.tables import Book, User
from ledger.uow import UnitOfWork

#: SQLite reads JSON with ``->>`` from 3.38 on; older ones get the rows by ``executemany``.
JSON_ROWS = sqlite3.sqlite_version_info >= (3, 38)
ENTRY_COLUMNS = (
    *("id", "book_id", "seq", "date", "kind", "memo", "actor_id", "created_at"),
    *("idem_key", "request_digest", "reverses", "prev_hash", "hash"),
)
POSTING_COLUMNS = (
    *("entry_id", "book_id", "account_id", "fund_id", "amount_fen"),
    *("party_id", "compound_id", "purpose", "project_id"),
)


@dataclass
class Batch:
    """One batch's rows, ready for the driver, and the keys it uses (for the next batch's repeats)."""

    items: int
    entries: list[tuple[Any, ...]] = field(default_factory=list)
    postings: list[tuple[Any, ...]] = field(default_factory=list)
    keys: dict[str, str | None] = field(default_factory=dict)
    #: (account id, fund id) -> change in fen, for the running balances.
    deltas: defaultdict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    seq: int = 0
    head: str = ""


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


class Appender:
    """Where the journal stands while a load appends to it: next id, sequence number and chain
    head."""

    def __init__(self, uow: UnitOfWork, actor: User, refs: Refs) -> None:
        book: Book = uow.book
        self.uow, self.actor, self.refs, self.code = uow, actor, refs, book.code
        self.book_id, self.seq, self.head = book.id or 0, book.entry_count, book.head_hash
        self.first_seq, self.now = book.entry_count + 1, dt.datetime.now(dt.UTC)
        self.value, self.next_id = DriverValues(uow, ENTRIES, ("date", "created_at")), 0

    def reserve(self, count: int) -> list[int]:
        """Ids for ``count`` new entries: from the sequence on PostgreSQL; on SQLite the load holds
        the database's write lock, so the ids after the largest are free (read once)."""
        if not self.uow.store.is_sqlite:
            sql = "SELECT nextval(pg_get_serial_sequence('entries', 'id')) FROM generate_series(1, :n)"
            return list(self.uow.session.execute(text(sql), {"n": count}).scalars()) if count else []
        if not self.next_id:
            top = self.uow.session.execute(select(func.coalesce(func.max(ENTRIES.c.id), 0))).scalar_one()
            self.next_id = top + 1
        self.next_id += count
        return list(range(self.next_id - count, self.next_id))

    def rows(self, batch: Batch, items: list[Any], ids: list[int]) -> Batch:
        """Append ``items`` (checked) to the chain as rows of ``batch``; each amount becomes fen once."""
        created, actor_id = self.value("created_at", self.now), self.actor.id
        for entry_id, item in zip(ids, items, strict=True):
            self.seq, draft, legs = self.seq + 1, item.draft, []
            for p in draft.postings:
                fen, (account, fund, party, place) = to_fen(p.amount), self.refs.ids(p)
                legs.append(hashed_leg(p, fen))
                batch.postings.append((entry_id, self.book_id, account, fund, fen, party, place, p.purpose, p.project))
                batch.deltas[(account, fund)] += fen
            content = entry_content(self.code, self.seq, draft, self.actor.name, self.now, item.key, None, legs)
            own = entry_hash(self.head, content)
            entry = (entry_id, self.book_id, self.seq, self.value("date", draft.date), draft.kind, draft.memo)
            batch.entries.append((*entry, actor_id, created, item.key, item.digest, None, self.head, own))
            self.head = own
            if item.key:
                batch.keys[item.key] = item.digest
        batch.seq, batch.head = self.seq, self.head
        return batch


def insert_rows(uow: UnitOfWork, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """The rows straight to the driver's cursor: Core's per-row parameter handling costs more than
    the database's own work. On SQLite the whole batch is one JSON text read by ``json_each`` in
    one statement, so SQLite inserts it without Python's lock (``executemany`` takes the lock
    back to bind every row, and the thread then waits on the checks running beside it). orjson
    writes the text, since the standard encoder holds the lock 25 times as long."""
    with driver_cursor(uow.session) as (cursor, mark):
        if uow.store.is_sqlite and JSON_ROWS:
            picks = ", ".join(f"value ->> {n}" for n in range(len(columns)))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {picks} FROM json_each(?)"
            cursor.execute(sql, (orjson.dumps(rows).decode(),))
        else:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
            cursor.executemany(sql, rows)


def write(uow: UnitOfWork, batch: Batch) -> None:
    """A batch: its entries and its postings straight to the driver, then the running balances
    and the book's head as every post moves them. The book is consistent after each batch."""
    if not batch.entries:
        return
    insert_rows(uow, "entries", ENTRY_COLUMNS, batch.entries)
    insert_rows(uow, "postings", POSTING_COLUMNS, batch.postings)
    deltas = ({"account_id": a, "fund_id": f, "amount_fen": from_fen(fen)} for (a, f), fen in batch.deltas.items())
    add_to_balances(uow.session, uow.book_id, deltas)
    move_head(uow.session, uow.book, batch.seq, batch.head)
