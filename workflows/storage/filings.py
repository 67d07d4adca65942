"""The filings of the statutory calendar on the write path: whether one stands, and the insert."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from workflows.storage.tables import Filing

if TYPE_CHECKING:
    from ledger.storage.uow import UnitOfWork


def filing_of(uow: UnitOfWork, obligation: str, ref: str) -> Filing | None:
    stmt = select(Filing).where(Filing.book_id == uow.book_id, Filing.obligation == obligation, Filing.ref == ref)
    return uow.session.execute(stmt).scalars().first()


def add_filing(uow: UnitOfWork, obligation: str, ref: str, day: dt.date, note: str, actor_id: int) -> Filing:
    row = Filing(book_id=uow.book_id, obligation=obligation, ref=ref, filed_on=day, note=note, actor_id=actor_id,
                 created_at=uow.now)  # fmt: skip
    uow.session.add(row)
    uow.session.flush()
    return row
