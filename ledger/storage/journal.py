"""The journal's rows: the one builder of an entry's rows and its hash, and the one writer of them,
for a single post and a bulk batch alike.

:class:`Chain` knows where the journal stands (next id, sequence number, chain head) and turns
checked items into a :class:`Batch` of ready rows: the entries with their hashes over
:func:`ledger.domain.chain.stored_content`, the postings with the items' fen and the ids their
shape resolved. :func:`write` sends a batch's entries and postings to the driver, then moves the
running balances and the book's head, so the book is consistent after every batch. A new column
or hashed field is written here once, for every path.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.attributes import set_committed_value

from ledger.domain import chain
from ledger.domain.entries import Item
from ledger.domain.validation import Shape
from ledger.storage.engine import insert_rows
from ledger.storage.tables import Book, Entry, User

if TYPE_CHECKING:
    import datetime as dt

    from ledger.storage.uow import UnitOfWork

ENTRIES = Entry.__table__  # type: ignore[attr-defined]
BOOKS = Book.__table__  # type: ignore[attr-defined]
ENTRY_COLUMNS = (
    *("id", "book_id", "seq", "date", "kind", "memo", "actor_id", "created_at"),
    *("idem_key", "request_digest", "reverses", "prev_hash", "hash"),
)
#: A leg's ids (:data:`ledger.domain.validation.Ids`) come together, then its amount and purpose.
POSTING_COLUMNS = (
    *("entry_id", "book_id", "account_id", "fund_id", "party_id", "compound_id"),
    *("amount_fen", "purpose", "project_id"),
)
_NEXT_IDS = text("SELECT nextval(pg_get_serial_sequence('entries', 'id')) FROM generate_series(1, :n)")
_LARGEST_ID = select(func.coalesce(func.max(ENTRIES.c.id), 0))
#: SQLite page cache of a bulk load: the journal's indexes stay in memory while they grow.
CACHE_KIB = 131_072


@dataclass
class Batch:
    """One batch's rows, ready for the driver, and the keys it uses (for the next batch's repeats)."""

    items: int
    entries: list[tuple[Any, ...]] = field(default_factory=list)
    postings: list[tuple[Any, ...]] = field(default_factory=list)
    keys: dict[str, str | None] = field(default_factory=dict)
    seq: int = 0
    head: str = ""


@functools.cache
def _processors(dialect: Any) -> dict[str, Any]:
    """The bind processors of the entries' date and time columns, as an ORM write applies them."""
    out = {}
    for name in ("date", "created_at"):
        proc = ENTRIES.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        out[name] = proc or (lambda value: value)
    return out


class Chain:
    """Where the journal stands while entries are appended: next id, sequence number and chain
    head; and the one way a checked entry becomes its rows and its hash."""

    def __init__(self, uow: UnitOfWork, actor: User) -> None:
        book: Book = uow.book
        self.uow, self.actor, self.code = uow, actor, book.code
        self.book_id, self.seq, self.head = book.id or 0, book.entry_count, book.head_hash
        self.first_seq, self.now = book.entry_count + 1, uow.now
        self.value = _processors(uow.session.connection().dialect)
        self.next_id = 0
        self.days: dict[dt.date, tuple[str, Any]] = {}

    def day(self, day: dt.date) -> tuple[str, Any]:
        """A date as the hash covers it (ISO text) and as the driver takes it, made once per day."""
        if day not in self.days:
            self.days[day] = (day.isoformat(), self.value["date"](day))
        return self.days[day]

    def reserve(self, count: int) -> list[int]:
        """Ids for ``count`` new entries: from the sequence on PostgreSQL; on SQLite the writer
        holds the database's write lock, so the ids after the largest are free (read once)."""
        connection = self.uow.session.connection()
        if not self.uow.store.is_sqlite:
            return list(connection.execute(_NEXT_IDS, {"n": count}).scalars()) if count else []
        if not self.next_id:
            self.next_id = connection.execute(_LARGEST_ID).scalar_one() + 1
        self.next_id += count
        return list(range(self.next_id - count, self.next_id))

    def rows(
        self, batch: Batch, items: list[Item], shapes: list[Shape], ids: list[int], reversed_seq: int | None = None
    ) -> Batch:
        """Append ``items`` (checked, with their shapes) to the chain as rows of ``batch``; an item
        that reverses an entry names it by ``reversed_seq`` in its hash."""
        book, code, actor, stamp = self.book_id, self.code, self.actor.name, self.now.isoformat()
        created, actor_id, seq, head = self.value["created_at"](self.now), self.actor.id, self.seq, self.head
        content, digest_of = chain.stored_content, chain.entry_hash
        for entry_id, (day, kind, memo, legs, key, digest, reverses), shape in zip(ids, items, shapes, strict=True):
            seq += 1
            batch.postings += [
                (entry_id, book, *leg_ids, g.fen, g.purpose, g.project)
                for g, leg_ids in zip(legs, shape.ids, strict=True)
            ]
            iso, stored_day = self.day(day)
            named = None if reverses is None else reversed_seq
            own = digest_of(head, content(code, seq, iso, kind, memo, actor, stamp, key, named, legs))
            batch.entries.append(
                (entry_id, book, seq, stored_day, kind, memo, actor_id, created, key, digest, reverses, head, own)
            )
            head = own
            if key:
                batch.keys[key] = digest
        self.seq = batch.seq = seq
        self.head = batch.head = head
        return batch


def append(uow: UnitOfWork, actor: User, item: Item, shape: Shape, reversed_seq: int | None = None) -> Batch:
    """Write one checked entry: the same rows, hash and statements as a bulk batch of one."""
    at = Chain(uow, actor)
    batch = at.rows(Batch(1), [item], [shape], at.reserve(1), reversed_seq)
    write(uow, batch)
    return batch


def write(uow: UnitOfWork, batch: Batch) -> None:
    """A batch: its entries and its postings straight to the driver, then the running balances
    (summed from the new postings by the database) and the book's head. The book is consistent
    after each batch."""
    if not batch.entries:
        return
    connection = uow.session.connection()
    insert_rows(connection, "entries", ENTRY_COLUMNS, batch.entries)
    insert_rows(connection, "postings", POSTING_COLUMNS, batch.postings)
    add_posted_to_balances(uow, batch.entries[0][0], batch.entries[-1][0])
    move_head(uow, batch.seq, batch.head)


_ADD_POSTED = text(
    "INSERT INTO balances (book_id, account_id, fund_id, balance_fen) "
    "SELECT :book, account_id, fund_id, SUM(amount_fen) FROM postings "
    "WHERE book_id = :book AND entry_id BETWEEN :first AND :last GROUP BY account_id, fund_id "
    "ON CONFLICT (account_id, fund_id) DO UPDATE SET balance_fen = balances.balance_fen + excluded.balance_fen"
)


def add_posted_to_balances(uow: UnitOfWork, first: int, last: int) -> None:
    """Add the postings of the book's entries with ids ``first`` to ``last`` (written under the
    book lock) to the running (account, fund) balances, summed by the database."""
    uow.session.connection().execute(_ADD_POSTED, {"book": uow.book_id, "first": first, "last": last})


_MOVE_HEAD = (
    update(BOOKS)
    .where(BOOKS.c.id == bindparam("book"))
    .values(entry_count=bindparam("count"), head_hash=bindparam("head"))
)


def move_head(uow: UnitOfWork, seq: int, head: str) -> None:
    """The book's new entry count and chain head, in its row and in the loaded book."""
    uow.session.connection().execute(_MOVE_HEAD, {"book": uow.book_id, "count": seq, "head": head})
    set_committed_value(uow.book, "entry_count", seq)
    set_committed_value(uow.book, "head_hash", head)


@contextmanager
def bulk_cache(uow: UnitOfWork) -> Iterator[None]:
    """A larger page cache for a bulk load on SQLite, for the length of the load (the setting
    belongs to the pooled connection, so it is put back after)."""
    if not uow.store.is_sqlite:
        yield
        return
    before = uow.session.execute(text("PRAGMA cache_size")).scalar_one()
    uow.session.execute(text(f"PRAGMA cache_size = -{CACHE_KIB}"))
    try:
        yield
    finally:
        with suppress(SQLAlchemyError):  # a failing load's own error is the one to raise
            uow.session.execute(text(f"PRAGMA cache_size = {int(before)}"))


def refresh_statistics(uow: UnitOfWork) -> None:
    """Let the query planner see the journal's new size (without it, SQLite reads a million
    entries through the wrong index)."""
    if uow.store.is_sqlite:
        uow.session.execute(text("PRAGMA analysis_limit = 1000"))
        uow.session.execute(text("ANALYZE"))
    else:
        for table in ("entries", "postings", "balances"):
            uow.session.execute(text(f"ANALYZE {table}"))
