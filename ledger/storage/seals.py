"""Seals: the hash chain over everything beside the journal that decides money, who may act or
what is published (the register, users, their role grants and login sessions, closed months,
projects, their events, co-funding and disclosures).

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
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, Table, bindparam, insert, select, tuple_
from sqlmodel import Session, SQLModel

from ledger.domain.chain import GENESIS, canonical
from ledger.domain.money import to_fen
from ledger.storage.tables import Seal, User

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
)
#: The digest of a row that a unit of work deleted.
GONE = "-"
#: What a commit seals: (table, primary key) of each row written; a key of None seals every row.
Touched = set[tuple[str, tuple[Any, ...] | None]]
#: The sealed tables by name: the models' own, or (in a migration) as reflected from the database.
Tables = Mapping[str, Table]
_AS_IS = frozenset({str, int, bool})


def _plain(value: Any) -> Any:
    """A column value as the digest covers it, alike on SQLite and PostgreSQL, and alike read
    through the models (money as Decimal yuan) or reflected (money as integer fen)."""
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return to_fen(value)
    return value


@functools.cache
def _shape(table: Table) -> tuple[str, tuple[str, ...], tuple[int, ...]]:
    """The table's name, its columns' names in order, and the positions of its primary key."""
    names = tuple(str(c.name) for c in table.columns)
    return str(table.name), names, tuple(names.index(str(c.name)) for c in table.primary_key.columns)


def row_key(table: Table, row: Sequence[Any]) -> str:
    """A row's key as sealed: its primary key's values joined by ``/``."""
    return "/".join(str(row[i]) for i in _shape(table)[2])


def row_digest(table: Table, row: Sequence[Any]) -> str:
    """SHA-256 of the row's columns by name, in canonical JSON; a NULL is left out, so that a
    column added later (NULL in the rows before it) leaves their digests as they were. ``row``
    holds the values in the table's column order (a row of ``select(table)``)."""
    name, names, _ = _shape(table)
    plain = {n: v if type(v) in _AS_IS else _plain(v) for n, v in zip(names, row, strict=True) if v is not None}
    return hashlib.sha256(canonical({"table": name, "row": plain})).hexdigest()


def seal_hash(prev: str, book: str, seq: int, table: str, key: str, digest: str) -> str:
    content = {"book": book, "seq": seq, "table": table, "key": key, "digest": digest}
    return hashlib.sha256(prev.encode("ascii") + canonical(content)).hexdigest()


@functools.cache
def _rows_sql(table: Table, keyed: bool) -> Select[Any]:
    """The book's rows of ``table``, or those of the keys bound (built once per table)."""
    if "book_id" in table.c:
        scope = table.c.book_id == bindparam("book")
    else:  # user_roles, user_sessions: the grants and sessions of the book's users
        users = table.metadata.tables.get("users", User.__table__)  # type: ignore[attr-defined]
        scope = table.c.user_id.in_(select(users.c.id).where(users.c.book_id == bindparam("book")))
    pk = list(table.primary_key.columns)
    stmt = select(table).where(scope).order_by(*pk)
    if keyed:
        stmt = stmt.where((tuple_(*pk) if len(pk) > 1 else pk[0]).in_(bindparam("keys", expanding=True)))
    return stmt


def rows_of(
    session: Session, table: Table, book_id: int, keys: Sequence[tuple[Any, ...]] | None = None
) -> Iterator[Any]:
    """The book's rows of ``table`` (those of ``keys`` only, when given), in key order; core
    statements on the connection (the ORM's execute costs more than the read)."""
    if keys is None:
        yield from session.connection().execute(_rows_sql(table, False), {"book": book_id})
        return
    single = len(table.primary_key.columns) == 1
    bound = {"book": book_id, "keys": [k[0] if single else k for k in keys]}
    yield from session.connection().execute(_rows_sql(table, True), bound)


#: Every seal of one table of a book, to find each key's latest: for sealing every row of a table
#: (a new book, an upgrade), never on a commit's path.
_LATEST = select(Seal.seq, Seal.row_key, Seal.digest).where(
    Seal.book_id == bindparam("book"),  # type: ignore[arg-type]
    Seal.table_name == bindparam("table"),  # type: ignore[arg-type]
)
#: The book's last seal: read at commit, under the book's lock. (Not with the lock: on PostgreSQL
#: a query that waited for the row lock still reads its other rows as they were before it waited.)
_LAST = select(Seal.seq, Seal.hash).where(Seal.book_id == bindparam("book")).order_by(Seal.seq.desc()).limit(1)  # type: ignore[arg-type,attr-defined]
_INSERT = insert(Seal.__table__)  # type: ignore[attr-defined]


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
    seq, head = session.connection().execute(_LAST, {"book": book_id}).one_or_none() or (0, GENESIS)
    for name in (n for n in SEALED if n in by_table and n in known):
        for rkey, digest in _due(session, book_id, known[name], by_table[name]):
            seq += 1
            head = seal_hash(head, code, seq, name, rkey, digest)
            rows.append(
                {"book_id": book_id, "seq": seq, "table_name": name, "row_key": rkey, "digest": digest, "hash": head}
            )
    if rows:
        session.connection().execute(_INSERT, rows)


#: Touched: every row of every sealed table (a new book, or one sealed for the first time).
EVERY_ROW: Touched = {(name, None) for name in SEALED}
