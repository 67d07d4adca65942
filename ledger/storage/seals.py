"""Seals: the hash chain over everything beside the journal that decides money, who may act or
what is published (the register, users, their role grants and login sessions, closed months,
projects, their events, co-funding and disclosures).

Every write of such a row, however it is made (an ORM object, a core UPDATE), is named to the
unit of work (:meth:`ledger.storage.uow.UnitOfWork.touch`); at commit the row is read back and its
digest appended to the book's chain of seals, in the same transaction. ``audit verify`` reads
every row again: a row whose digest is not its latest seal was changed behind cfund's back; a
row without a seal was inserted so; a sealed row that is gone was deleted; a seal changed or
removed breaks the chain. A seal's hash covers the previous seal's hash, the book, its number,
the table, the row's key and the digest of the row's every column (:func:`row_digest`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, insert, select, tuple_, update
from sqlmodel import Session, SQLModel

from ledger.domain.chain import canonical
from ledger.domain.money import to_fen
from ledger.storage.tables import Book, Seal, User

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
#: Touched keys of one table from which every seal of the table is read rather than those keys'.
MANY = 500
#: The digest of a row that a unit of work deleted.
GONE = "-"
#: What a commit seals: (table, primary key) of each row written; a key of None seals every row.
Touched = set[tuple[str, tuple[Any, ...] | None]]


#: The sealed tables by name: the models' own, or (in a migration) as reflected from the database.
Tables = Mapping[str, Table]


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


def row_key(table: Table, row: Any) -> str:
    """A row's key as sealed: its primary key's values joined by ``/``."""
    return "/".join(str(getattr(row, c.name)) for c in table.primary_key.columns)


def row_digest(table: Table, row: Any) -> str:
    """SHA-256 of the row's columns by name, in canonical JSON; a NULL is left out, so that a
    column added later (NULL in the rows before it) leaves their digests as they were."""
    values = ((str(c.name), getattr(row, c.name)) for c in table.columns)
    content = {"table": str(table.name), "row": {name: _plain(v) for name, v in values if v is not None}}
    return hashlib.sha256(canonical(content)).hexdigest()


def seal_hash(prev: str, book: str, seq: int, table: str, key: str, digest: str) -> str:
    content = {"book": book, "seq": seq, "table": table, "key": key, "digest": digest}
    return hashlib.sha256(prev.encode("ascii") + canonical(content)).hexdigest()


def rows_of(
    session: Session, table: Table, book_id: int, keys: Sequence[tuple[Any, ...]] | None = None
) -> Iterator[Any]:
    """The book's rows of ``table`` (those of ``keys`` only, when given), in key order."""
    if "book_id" in table.c:
        scope = table.c.book_id == book_id
    else:  # user_roles, user_sessions: the grants and sessions of the book's users
        users = table.metadata.tables.get("users", User.__table__)  # type: ignore[attr-defined]
        scope = table.c.user_id.in_(select(users.c.id).where(users.c.book_id == book_id))
    pk = list(table.primary_key.columns)
    stmt = select(table).where(scope).order_by(*pk)
    if keys is not None:
        stmt = stmt.where(tuple_(*pk).in_(keys) if len(pk) > 1 else pk[0].in_([k[0] for k in keys]))
    yield from session.execute(stmt)


def _latest(session: Session, book_id: int, table: str, keys: Collection[str]) -> dict[str, str]:
    """The digest each of ``keys`` was last sealed with (a later seal of a key wins)."""
    if not keys:
        return {}
    stmt = select(Seal.seq, Seal.row_key, Seal.digest).where(Seal.book_id == book_id, Seal.table_name == table)  # type: ignore[arg-type]
    if len(keys) < MANY:
        stmt = stmt.where(Seal.row_key.in_(keys))  # type: ignore[attr-defined]
    # ordered here, not by the database: ORDER BY seq would lead SQLite to walk every seal of the
    # book by (book_id, seq) instead of finding these keys by ix_seals_book_row
    return {key: digest for _, key, digest in sorted(tuple(row) for row in session.execute(stmt))}


def _due(session: Session, book_id: int, table: Table, keys: set[tuple[Any, ...]] | None) -> list[tuple[str, str]]:
    """(key, digest) of each touched row of ``table`` whose digest is not already its latest seal."""
    name = str(table.name)
    wanted = None if keys is None else sorted(keys, key=repr)
    found = {row_key(table, row): row_digest(table, row) for row in rows_of(session, table, book_id, wanted)}
    named = found.keys() | {"/".join(map(str, k)) for k in (wanted or ())}
    latest = _latest(session, book_id, name, named)
    due = [(key, found.get(key, GONE)) for key in sorted(named)]
    return [(key, digest) for key, digest in due if latest.get(key, GONE) != digest]


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


def seal(session: Session, book: Book, touched: Touched, tables: Tables | None = None) -> int:
    """Append a seal for every touched row whose content is new; returns how many. The book's row
    is locked by the caller (its writers take turns), so its seal head is current."""
    by_table = _by_table(touched)
    known = SQLModel.metadata.tables if tables is None else tables
    rows, head, seq = [], book.seal_head, book.seal_count
    for name in (n for n in SEALED if n in by_table and n in known):
        for rkey, digest in _due(session, book.id or 0, known[name], by_table[name]):
            seq += 1
            head = seal_hash(head, book.code, seq, name, rkey, digest)
            rows.append(
                {"book_id": book.id, "seq": seq, "table_name": name, "row_key": rkey, "digest": digest, "hash": head}
            )
    if rows:
        session.execute(insert(Seal), rows)
        session.execute(update(Book).where(Book.id == book.id).values(seal_count=seq, seal_head=head))  # type: ignore[arg-type]
        book.seal_count, book.seal_head = seq, head
    return len(rows)


#: Touched: every row of every sealed table (a new book, or one sealed for the first time).
EVERY_ROW: Touched = {(name, None) for name in SEALED}
