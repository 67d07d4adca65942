"""Queries and writes of the receipt register on the write path: the next number of a year's
series, an entry's live record (a receipt not voided, or a declined or anonymous record), a
receipt by its number, and the append-only inserts. The caller holds the book's lock (the unit
of work takes it), so the next number is the next: two issuers take turns, and the unique
(book, year, number) refuses a duplicate should anything bypass the lock."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from ledger.storage.receipt_tables import Receipt, ReceiptVoid

if TYPE_CHECKING:
    from ledger.storage.uow import UnitOfWork


def series_end(uow: UnitOfWork, year: int) -> tuple[int, dt.date | None]:
    """The year's last number and the date of its last receipt (0 and none for a new year)."""
    last = (func.coalesce(func.max(Receipt.number), 0), func.max(Receipt.issued_on))
    stmt = select(*last).where(Receipt.book_id == uow.book_id, Receipt.year == year, Receipt.kind == "issued")
    number, day = uow.session.execute(stmt).one()
    return int(number), dt.date.fromisoformat(str(day)[:10]) if day is not None else None


def live_record(uow: UnitOfWork, entry_id: int) -> Receipt | None:
    """The entry's record that stands: a receipt not voided, or why it has none."""
    voided = select(ReceiptVoid.receipt_id)
    stmt = select(Receipt).where(
        Receipt.book_id == uow.book_id,
        Receipt.entry_id == entry_id,
        Receipt.id.not_in(voided),  # type: ignore[union-attr]
    )
    return uow.session.execute(stmt.order_by(Receipt.id.desc())).scalars().first()  # type: ignore[union-attr]


def receipt_by_number(uow: UnitOfWork, year: int, number: int) -> tuple[Receipt, ReceiptVoid | None] | None:
    stmt = select(Receipt).where(Receipt.book_id == uow.book_id, Receipt.year == year, Receipt.number == number)
    found = uow.session.execute(stmt).scalar_one_or_none()
    if found is None:
        return None
    return found, uow.session.get(ReceiptVoid, found.id)


def add_receipt(uow: UnitOfWork, receipt: Receipt) -> Receipt:
    uow.session.add(receipt)
    uow.session.flush()
    return receipt


def add_void(uow: UnitOfWork, receipt_id: int, reason: str, actor_id: int) -> None:
    row = ReceiptVoid(receipt_id=receipt_id, book_id=uow.book_id, reason=reason, actor_id=actor_id, created_at=uow.now)
    uow.session.add(row)
    uow.session.flush()
