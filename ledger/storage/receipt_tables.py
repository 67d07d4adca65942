"""Tables of the donation-receipt register (公益事业捐赠票据), append-only and sealed like the
journal: each receipt as issued (a numbered series per book and year), or the record that a
donor declined one or gave anonymously; and the void records that cancel a receipt, with their
reason. A receipt is never changed, deleted or renumbered."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from ledger.domain.codes import RECEIPT_KINDS
from ledger.storage.tables import IdType, _in, _ref, fen


class Receipt(SQLModel, table=True):
    """What a receipt carries, as it was issued: its number in the year's series (none when the
    donor declined or was anonymous), the payer's name and 统一社会信用代码 or masked ID, the
    amount, the date, the item, the fund and the issuer."""

    __tablename__ = "receipts"
    __table_args__ = (
        UniqueConstraint("book_id", "year", "number"),
        CheckConstraint(_in("kind", RECEIPT_KINDS), name="ck_receipts_kind"),
        CheckConstraint("(kind = 'issued') = (number IS NOT NULL)", name="ck_receipts_number"),
    )
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    book_id: int = _ref("books")
    entry_id: int = _ref("entries")
    kind: str = Field(sa_type=String(10))
    year: int = Field(sa_type=Integer)
    number: int | None = Field(default=None, sa_type=Integer)
    payer_name: str = Field(sa_type=String(200))
    payer_id: str | None = Field(default=None, sa_type=String(40))
    amount: Decimal = fen("amount_fen")
    item: str = Field(sa_type=String(200))
    fund_id: int = _ref("funds")
    issued_on: dt.date
    issuer_id: int = _ref("users")
    created_at: dt.datetime


class ReceiptVoid(SQLModel, table=True):
    """A receipt cancelled (作废), why, by whom and when; the receipt itself stays as issued."""

    __tablename__ = "receipt_voids"
    receipt_id: int = Field(primary_key=True, foreign_key="receipts.id", sa_type=IdType)
    book_id: int = _ref("books")
    reason: str = Field(sa_type=String(500))
    actor_id: int = _ref("users")
    created_at: dt.datetime
