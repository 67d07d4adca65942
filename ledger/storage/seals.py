"""Seals: the hash chain over everything beside the journal that decides money, who may act or
what is published (the register, users, their role grants and login sessions, closed months,
projects, their events, co-funding, disclosures, the valuations of gifts in kind, the host a book
belongs to, the month an adjustment corrects, donation receipts and their voids, corrections
of disclosures, projects' progress and completion reports, and the filings of the calendar).

Every write of such a row, however it is made (an ORM object, a core UPDATE), is named to the
unit of work (:meth:`ledger.storage.uow.UnitOfWork.touch`); at commit the row is read back and its
digest appended to the book's chain of seals, in the same transaction. ``audit verify`` reads
every row again: a row whose digest is not its latest seal was changed behind cfund's back; a
row without a seal was inserted so; a sealed row that is gone was deleted; a seal changed or
removed breaks the chain (or, the newest, leaves its row without it). A commit that seals
reads the book's last seal, each touched table's rows, and inserts the seals. A seal's hash
covers the previous seal's hash, the book, its number, the table, the row's key and the digest
of the row's every column (:func:`row_digest`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import chain
from typing import Any

from sqlalchemy import Boolean, DateTime, Table, TypeDecorator, bindparam, select
from sqlmodel import Session, SQLModel

from ledger.domain.chain import GENESIS, canonical
from ledger.storage import receipt_tables  # noqa: F401  (its tables are sealed: registered here)
from ledger.storage.engine import insert_rows, param_mark
from ledger.storage.tables import Seal

#: The sealed tables, in the order a commit seals them.
SEALED = (
    "accounts",
    "purposes",
    "funds",
    "parties",
    "compounds",
    "users",
    "user_roles",
    "user_sessions",
    "periods",
    "projects",
    "project_events",
    "contributions",
    "disclosures",
    "valuations",
    "host_members",
    "corrections",
    "receipts",
    "receipt_voids",
    "disclosure_corrections",
    "project_reports",
    "filings",
)
#: The digest of a row that a unit of work deleted.
GONE = "-"
#: What a commit seals: (table, primary key) of each row written; a key of None seals every row.
Touched = set[tuple[str, tuple[Any, ...] | None]]
#: The sealed tables by name: the models' own, or (in a migration) as reflected from the database.
Tables = Mapping[str, Table]


def _utc_text(value: str | dt.datetime) -> str:
    """A time as the digest covers it: UTC, ``YYYY-MM-DD HH:MM:SS.ffffff``. These are the very
    characters SQLite holds (cfund stores times in UTC), so that a read there converts nothing;
    PostgreSQL gives an aware datetime, turned into the same text."""
    if type(value) is str and len(value) == 26 and value[10] == " ":
        return value
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat(" ", "microseconds")


def _convert(column: Any) -> Callable[[Any], Any] | None:
    """How a column's value, as the driver gives it (no SQLAlchemy type applied), is digested:
    alike on SQLite and PostgreSQL, and alike for a model's table or one reflected (money is the
    integer fen stored either way; a date is written alike from SQLite's text and PostgreSQL's
    date by the canonical JSON itself)."""
    kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    if isinstance(kind, DateTime):
        return _utc_text
    return bool if isinstance(kind, Boolean) else None


@functools.cache
def _shape(table: Table) -> tuple[str, tuple[int, ...], tuple[tuple[str, Any], ...]]:
    """The table's name, the positions of its primary key, and each column's name with its
    conversion for the digest, in the table's order."""
    names = [str(c.name) for c in table.columns]
    keys = tuple(names.index(str(c.name)) for c in table.primary_key.columns)
    return str(table.name), keys, tuple((str(c.name), _convert(c)) for c in table.columns)


def row_key(table: Table, row: Sequence[Any]) -> str:
    """A row's key as sealed: its primary key's values joined by ``/``."""
    return "/".join(str(row[i]) for i in _shape(table)[1])


def row_digest(table: Table, row: Sequence[Any]) -> str:
    """SHA-256 of the row's columns by name, in canonical JSON; a NULL is left out, so that a
    column added later (NULL in the rows before it) leaves their digests as they were. ``row``
    holds the values as the driver gives them, in the table's column order (a row of
    :func:`rows_of`)."""
    name, _, columns = _shape(table)
    plain = {n: (v if c is None else c(v)) for (n, c), v in zip(columns, row, strict=True) if v is not None}
    return hashlib.sha256(canonical({"table": name, "row": plain})).hexdigest()


def seal_hash(prev: str, book: str, seq: int, table: str, key: str, digest: str) -> str:
    content = {"book": book, "seq": seq, "table": table, "key": key, "digest": digest}
    return hashlib.sha256(prev.encode("ascii") + canonical(content)).hexdigest()


#: Keys read back per statement: under SQLite's least limit on parameters (999), for a key of two.
_PER_READ = 400


@functools.cache
def _rows_sql(table: Table, mark: str, count: int) -> str:
    """The SQL of the book's rows of ``table``, or of ``count`` keys of them (0: every row), for
    the driver as it is: the values come as it reads them, nothing converted, without Core's
    per-statement and per-value work (built once per table and count)."""
    names = ", ".join(f'"{c.name}"' for c in table.columns)
    pk = [f'"{c.name}"' for c in table.primary_key.columns]
    # user_roles, user_sessions: the grants and sessions of the book's users
    scope = f"book_id = {mark}" if "book_id" in table.c else f"user_id IN (SELECT id FROM users WHERE book_id = {mark})"
    sql = f'SELECT {names} FROM "{table.name}" WHERE {scope}'
    if count:
        one, target = (mark, pk[0]) if len(pk) == 1 else (f"({', '.join([mark] * len(pk))})", f"({', '.join(pk)})")
        sql += f" AND {target} IN ({', '.join([one] * count)})"
    return f"{sql} ORDER BY {', '.join(pk)}"


def rows_of(
    session: Session, table: Table, book_id: int, keys: Sequence[tuple[Any, ...]] | None = None
) -> Iterator[Sequence[Any]]:
    """The book's rows of ``table`` in key order, or those of ``keys`` only, as the driver reads
    them (see :func:`row_digest`), on the session's connection and in its transaction."""
    connection = session.connection()
    mark, cursor = param_mark(connection), connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        if keys is None:
            cursor.execute(_rows_sql(table, mark, 0), (book_id,))
            while batch := cursor.fetchmany(_PER_READ):
                yield from batch
            return
        for start in range(0, len(keys), _PER_READ):
            part = keys[start : start + _PER_READ]
            cursor.execute(_rows_sql(table, mark, len(part)), (book_id, *chain.from_iterable(part)))
            yield from cursor.fetchall()
    finally:
        cursor.close()


#: Every seal of one table of a book, to find each key's latest: for sealing every row of a table
#: (a new book, an upgrade), never on a commit's path.
_LATEST = select(Seal.seq, Seal.row_key, Seal.digest).where(
    Seal.book_id == bindparam("book"),  # type: ignore[arg-type]
    Seal.table_name == bindparam("table"),  # type: ignore[arg-type]
)
#: The book's last seal: read at commit, under the book's lock. (Not with the lock: on PostgreSQL
#: a query that waited for the row lock still reads its other rows as they were before it waited.)
_LAST = "SELECT seq, hash FROM seals WHERE book_id = {mark} ORDER BY seq DESC LIMIT 1"
_COLUMNS = ("book_id", "seq", "table_name", "row_key", "digest", "hash")


def _due(session: Session, book_id: int, table: Table, keys: set[tuple[Any, ...]] | None) -> list[tuple[str, str]]:
    """(key, digest) of each touched row of ``table``, read back: a row gone has the digest
    :data:`GONE`. Every row of a table (``keys`` None) is sealed only where its digest is new."""
    name = str(table.name)
    if keys is not None:
        rows = rows_of(session, table, book_id, sorted(keys, key=repr))
        found = {row_key(table, row): row_digest(table, row) for row in rows}
        return [(key, found.get(key, GONE)) for key in sorted({"/".join(map(str, k)) for k in keys})]
    found = {row_key(table, row): row_digest(table, row) for row in rows_of(session, table, book_id)}
    stored = sorted(tuple(r) for r in session.connection().execute(_LATEST, {"book": book_id, "table": name}))
    latest = {key: digest for _, key, digest in stored}
    every = sorted(found.keys() | latest.keys())
    return [(key, found.get(key, GONE)) for key in every if latest.get(key) != found.get(key, GONE)]


def _by_table(touched: Touched) -> dict[str, set[tuple[Any, ...]] | None]:
    """The touched keys of each table; None where every row of it is touched."""
    out: dict[str, set[tuple[Any, ...]] | None] = {}
    for name, key in touched:
        keys = out.setdefault(name, set())
        if key is None or keys is None:
            out[name] = None
        else:
            keys.add(key)
    return out


def seal(session: Session, book: tuple[int, str], touched: Touched, tables: Tables | None = None) -> None:
    """Append, after the book's last seal, a seal for every touched row of book ``(id, code)``.
    The caller holds the book's lock (its writers take turns), so the last seal is current."""
    by_table = _by_table(touched)
    known = SQLModel.metadata.tables if tables is None else tables
    (book_id, code), rows = book, []
    connection = session.connection()
    last = _LAST.format(mark=param_mark(connection))
    seq, head = connection.exec_driver_sql(last, (book_id,)).one_or_none() or (0, GENESIS)
    for name in (n for n in SEALED if n in by_table and n in known):
        for rkey, digest in _due(session, book_id, known[name], by_table[name]):
            seq += 1
            head = seal_hash(head, code, seq, name, rkey, digest)
            rows.append((book_id, seq, name, rkey, digest, head))
    if rows:
        insert_rows(connection, "seals", _COLUMNS, rows)


#: Touched: every row of every sealed table (a new book, or one sealed for the first time).
EVERY_ROW: Touched = {(name, None) for name in SEALED}
