"""The rows a bulk load writes: entry ids, the hash chain, and the driver's values.

:class:`Appender` turns checked items into ready rows (entries with their chain hashes, postings
with the items' fen) and keeps the chain's position; :func:`write` sends a batch's entries and
postings to the driver's cursor, then moves the running balances and the book's head.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from sqlalchemy import func, select, text

from ledger.domain.chain import entry_hash, stored_content
from ledger.domain.entries import Item
from ledger.services.bulk.checks import Plan
from ledger.storage.engine import param_mark
from ledger.storage.repository import ENTRIES, add_posted_to_balances, move_head
from ledger.storage.tables import Book, User
from ledger.storage.uow import UnitOfWork

ENTRY_COLUMNS = (
    *("id", "book_id", "seq", "date", "kind", "memo", "actor_id", "created_at"),
    *("idem_key", "request_digest", "reverses", "prev_hash", "hash"),
)
#: A leg's ids (:data:`ledger.services.bulk.checks.Ids`) come together, then its amount and purpose.
POSTING_COLUMNS = (
    *("entry_id", "book_id", "account_id", "fund_id", "party_id", "compound_id"),
    *("amount_fen", "purpose", "project_id"),
)


@dataclass
class Batch:
    """One batch's rows, ready for the driver, and the keys it uses (for the next batch's repeats)."""

    items: int
    entries: list[tuple[Any, ...]] = field(default_factory=list)
    postings: list[tuple[Any, ...]] = field(default_factory=list)
    keys: dict[str, str | None] = field(default_factory=dict)
    seq: int = 0
    head: str = ""


class DriverValues:
    """Values as the driver receives them from an ORM write: a column's SQLAlchemy bind processor
    (dates and times on SQLite)."""

    def __init__(self, uow: UnitOfWork, table: Any, columns: tuple[str, ...]) -> None:
        dialect = uow.session.connection().dialect
        self.processors = {
            name: proc for name in columns if (proc := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
        }

    def __call__(self, column: str, value: Any) -> Any:
        proc = self.processors.get(column)
        return value if proc is None or value is None else proc(value)


class Appender:
    """Where the journal stands while a load appends to it: next id, sequence number and chain
    head."""

    def __init__(self, uow: UnitOfWork, actor: User) -> None:
        book: Book = uow.book
        self.uow, self.actor, self.code = uow, actor, book.code
        self.book_id, self.seq, self.head = book.id or 0, book.entry_count, book.head_hash
        self.first_seq, self.now = book.entry_count + 1, uow.now
        self.value, self.next_id = DriverValues(uow, ENTRIES, ("date", "created_at")), 0
        self.days: dict[dt.date, tuple[str, Any]] = {}

    def day(self, day: dt.date) -> tuple[str, Any]:
        """A date as the hash covers it (ISO text) and as the driver takes it, made once per day."""
        if day not in self.days:
            self.days[day] = (day.isoformat(), self.value("date", day))
        return self.days[day]

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

    def rows(self, batch: Batch, items: list[Item], plans: list[Plan], ids: list[int]) -> Batch:
        """Append ``items`` (checked, with their shapes' plans) to the chain as rows of ``batch``:
        their legs are already codes and fen, as the hash and the postings take them."""
        book, code, actor, stamp = self.book_id, self.code, self.actor.name, self.now.isoformat()
        created, actor_id, seq, head = self.value("created_at", self.now), self.actor.id, self.seq, self.head
        for entry_id, (day, kind, memo, legs, key, digest, _), plan in zip(ids, items, plans, strict=True):
            seq += 1
            batch.postings += [
                (entry_id, book, *leg_ids, g.fen, g.purpose, g.project)
                for g, leg_ids in zip(legs, plan.ids, strict=True)
            ]
            iso, stored_day = self.day(day)
            own = entry_hash(head, stored_content(code, seq, iso, kind, memo, actor, stamp, key, None, legs))
            batch.entries.append(
                (entry_id, book, seq, stored_day, kind, memo, actor_id, created, key, digest, None, head, own)
            )
            head = own
            if key:
                batch.keys[key] = digest
        self.seq = batch.seq = seq
        self.head = batch.head = head
        return batch


def insert_rows(uow: UnitOfWork, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """The rows as the driver takes them, through Core's ``exec_driver_sql``: Core's per-value
    parameter handling costs more than the database's own work. On SQLite a batch is a few
    multi-row ``INSERT ... VALUES`` statements, as many rows each as SQLite's limit on parameters
    allows: the driver binds them all at once, then SQLite inserts them without Python's lock
    (``executemany`` takes the lock back to bind every row, and the thread then waits on the
    checks running beside it; a JSON text read by ``json_each`` costs SQLite half as much again
    to parse)."""
    connection = uow.session.connection()
    names, mark = ", ".join(columns), param_mark(connection)
    one = f"({', '.join([mark] * len(columns))})"
    if not uow.store.is_sqlite:
        connection.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES {one}", rows)
        return
    limit = connection.connection.dbapi_connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)  # type: ignore[union-attr]
    per = limit // len(columns)
    for start in range(0, len(rows), per):
        part = rows[start : start + per]
        sql = f"INSERT INTO {table} ({names}) VALUES {','.join([one] * len(part))}"
        connection.exec_driver_sql(sql, tuple(chain.from_iterable(part)))


def write(uow: UnitOfWork, batch: Batch) -> None:
    """A batch: its entries and its postings straight to the driver, then the running balances
    (summed from the new postings by the database) and the book's head, as every post moves them.
    The book is consistent after each batch."""
    if not batch.entries:
        return
    insert_rows(uow, "entries", ENTRY_COLUMNS, batch.entries)
    insert_rows(uow, "postings", POSTING_COLUMNS, batch.postings)
    add_posted_to_balances(uow.session, uow.book_id, batch.entries[0][0], batch.entries[-1][0])
    move_head(uow.session, uow.book, batch.seq, batch.head)
