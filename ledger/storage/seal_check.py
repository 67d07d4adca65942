"""The audit of the seals (:mod:`ledger.storage.seals`): recompute the chain of seals, then read
every row of every sealed table and compare it with its latest seal. Each problem names the
table and the row's key; nothing here writes."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from ledger.domain.chain import GENESIS
from ledger.storage.audit import Problem
from ledger.storage.seals import GONE, SEALED, row_digest, row_key, rows_of, seal_hash
from ledger.storage.tables import Book, Seal

#: (table, key) -> the digest it was last sealed with.
Latest = dict[tuple[str, str], str]


def seal_problems(session: Session, book: Book) -> list[Problem]:
    """Every break of the seals' chain, then every row that differs from its latest seal."""
    latest: Latest = {}
    problems = list(_chain(session, book, latest))
    for name in SEALED:
        problems += _rows(session, book.id or 0, name, latest)
    return problems


def _chain(session: Session, book: Book, latest: Latest) -> Iterator[Problem]:
    stmt = select(Seal.seq, Seal.table_name, Seal.row_key, Seal.digest, Seal.hash).where(Seal.book_id == book.id)  # type: ignore[arg-type]
    prev, count = GENESIS, 0
    for seq, table, key, digest, stored in session.execute(stmt.order_by(Seal.seq)):  # type: ignore[arg-type]
        if seq != count + 1:
            yield Problem("seal", None, f"seal {count + 1} is missing (the next is {seq})")
        if seal_hash(prev, book.code, seq, table, key, digest) != stored:
            yield Problem("seal", None, f"seal {seq} ({table} {key}) does not match its hash (edited)")
        prev, count, latest[table, key] = stored, seq, digest


def _rows(session: Session, book_id: int, name: str, latest: Latest) -> Iterator[Problem]:
    table = SQLModel.metadata.tables[name]
    seen = set()
    for row in rows_of(session, table, book_id):
        key = row_key(table, row)
        seen.add(key)
        sealed = latest.get((name, key), GONE)
        if sealed == GONE:
            yield Problem("record", None, f"{name} row {key} was not written by cfund (it has no seal)")
        elif sealed != row_digest(table, row):
            yield Problem("record", None, f"{name} row {key} was changed after it was sealed")
    for (table_name, key), digest in latest.items():
        if table_name == name and digest != GONE and key not in seen:
            yield Problem("record", None, f"{name} row {key} was deleted after it was sealed")
