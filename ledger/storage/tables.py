"""SQLModel tables of the ledger: records only, no behaviour.

Amounts are BIGINT fen behind :class:`FenType`; ids are 64-bit on every backend. Every row of a
book carries its ``book_id``. The journal tables (``entries``, ``postings``, ``periods``) are
append-only, enforced by triggers created in the migrations.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Dialect,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from ledger.domain.codes import ACCOUNT_TYPES, COMPOUND_KINDS, PARTY_KINDS, ROLES
from ledger.domain.money import from_fen, to_fen

#: 64-bit ids; on SQLite ``INTEGER PRIMARY KEY`` is already 64-bit and autoincrements.
IdType = BigInteger().with_variant(Integer(), "sqlite")


class FenType(TypeDecorator[Decimal]):
    """A Decimal yuan amount stored as signed BIGINT fen; refuses anything but exact Decimals."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        return None if value is None else to_fen(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else from_fen(int(value))


def fen(column: str, *, nullable: bool = False) -> Any:
    """An amount: Decimal yuan in Python, signed BIGINT fen in ``column`` (named for what it stores)."""
    return Field(default=None if nullable else ..., sa_type=FenType, sa_column_kwargs={"name": column})


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _ref(table: str, nullable: bool = False) -> Any:
    return Field(
        default=None if nullable else ...,
        foreign_key=f"{table}.id",
        sa_type=IdType,
        index=True,
    )


class Book(SQLModel, table=True):
    __tablename__ = "books"
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    code: str = Field(sa_type=String(40), unique=True)
    name: str = Field(sa_type=String(200))
    created_at: dt.datetime
    entry_count: int = Field(default=0, sa_type=BigInteger)
    head_hash: str = Field(default="", sa_type=String(64))


class User(SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("book_id", "name"),)
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    book_id: int = _ref("books")
    name: str = Field(sa_type=String(100))
    organisation_id: int | None = _ref("parties", nullable=True)
    created_at: dt.datetime
    #: The operating-system account whose login proves this user (cfund init binds the first admin).
    os_user: str | None = Field(default=None, sa_type=String(100))
    #: The password's scrypt digest (:mod:`ledger.domain.credentials`); never the password.
    secret: str | None = Field(default=None, sa_type=String(200))


class UserSession(SQLModel, table=True):
    """A login (``cfund login``) that proves its user until it expires: only the token's digest."""

    __tablename__ = "user_sessions"
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    user_id: int = _ref("users")
    token_digest: str = Field(sa_type=String(64), unique=True)
    created_at: dt.datetime
    expires_at: dt.datetime


class UserRole(SQLModel, table=True):
    __tablename__ = "user_roles"
    __table_args__ = (
        CheckConstraint(
            _in("role", ROLES),
            name="ck_user_roles_role",
        ),
    )
    user_id: int = Field(primary_key=True, foreign_key="users.id", sa_type=IdType)
    role: str = Field(primary_key=True, sa_type=String(20))


class Account(SQLModel, table=True):
    __tablename__ = "accounts"
    __table_args__ = (
        UniqueConstraint("book_id", "code"),
        CheckConstraint(
            _in("type", ACCOUNT_TYPES),
            name="ck_accounts_type",
        ),
    )
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    book_id: int = _ref("books")
    code: str = Field(sa_type=String(20))
    type: str = Field(sa_type=String(20))
    name_zh: str = Field(sa_type=String(100))
    name_en: str = Field(sa_type=String(100))
    purpose: str | None = Field(default=None, sa_type=String(40))
    is_open: bool = True


class Purpose(SQLModel, table=True):
    __tablename__ = "purposes"
    __table_args__ = (UniqueConstraint("book_id", "code"),)
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    book_id: int = _ref("books")
    code: str = Field(sa_type=String(40))
    name_zh: str = Field(sa_type=String(100))
    name_en: str = Field(sa_type=String(100))


class Fund(SQLModel, table=True):
    __tablename__ = "funds"
    __table_args__ = (UniqueConstraint("book_id", "code"),)
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    book_id: int = _ref("books")
    code: str = Field(sa_type=String(40))
    name_zh: str = Field(sa_type=String(100))
    name_en: str = Field(sa_type=String(100))
    restricted: bool
    net_assets_account: str = Field(sa_type=String(20))
    purposes: str = Field(sa_type=String(400))  # comma-separated purpose codes
    is_open: bool = True


class Party(SQLModel, table=True):
    __tablename__ = "parties"
    __table_args__ = (
        UniqueConstraint("book_id", "code"),
        CheckConstraint(
            _in("kind", PARTY_KINDS),
            name="ck_parties_kind",
        ),
    )
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    book_id: int = _ref("books")
    code: str = Field(sa_type=String(60))
    name: str = Field(sa_type=String(200))
    kind: str = Field(sa_type=String(20))
    uscc: str | None = Field(default=None, sa_type=String(18))
    #: How the party is related to the fund or its host (关联方), for the notes; None if it is not.
    related: str | None = Field(default=None, sa_type=String(200))


class Compound(SQLModel, table=True):
    __tablename__ = "compounds"
    __table_args__ = (
        UniqueConstraint("book_id", "code"),
        CheckConstraint(_in("kind", COMPOUND_KINDS), name="ck_compounds_kind"),
    )
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    book_id: int = _ref("books")
    code: str = Field(sa_type=String(60))
    name: str = Field(sa_type=String(200))
    kind: str = Field(sa_type=String(20))


class Entry(SQLModel, table=True):
    __tablename__ = "entries"
    __table_args__ = (
        UniqueConstraint("book_id", "seq"),
        UniqueConstraint("book_id", "idem_key"),
        Index("ix_entries_book_date", "book_id", "date"),  # a period's entries (migration 0004)
    )
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    book_id: int = Field(foreign_key="books.id", sa_type=IdType)
    seq: int = Field(sa_type=BigInteger)
    date: dt.date
    kind: str = Field(sa_type=String(30))
    memo: str = Field(sa_type=String(500))
    actor_id: int = Field(foreign_key="users.id", sa_type=IdType)
    created_at: dt.datetime
    idem_key: str | None = Field(default=None, sa_type=String(200))
    request_digest: str | None = Field(default=None, sa_type=String(64))
    reverses: int | None = Field(default=None, foreign_key="entries.id", sa_type=IdType, unique=True)
    prev_hash: str = Field(sa_type=String(64))
    hash: str = Field(sa_type=String(64))


class PostingRecord(SQLModel, table=True):
    __tablename__ = "postings"
    __table_args__ = (
        CheckConstraint("amount_fen <> 0", name="ck_postings_nonzero"),
        Index(
            "ix_postings_project_id",
            "project_id",
            sqlite_where=text("project_id IS NOT NULL"),
            postgresql_where=text("project_id IS NOT NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    entry_id: int = _ref("entries")
    book_id: int = Field(foreign_key="books.id", sa_type=IdType)
    account_id: int = _ref("accounts")
    fund_id: int = _ref("funds")
    amount: Decimal = fen("amount_fen")
    party_id: int | None = Field(default=None, foreign_key="parties.id", sa_type=IdType)
    compound_id: int | None = Field(default=None, foreign_key="compounds.id", sa_type=IdType)
    purpose: str | None = Field(default=None, sa_type=String(40))
    project_id: int | None = Field(default=None, sa_type=IdType)


class ClosedMonth(SQLModel, table=True):
    __tablename__ = "periods"
    __table_args__ = (UniqueConstraint("book_id", "month"),)
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    book_id: int = _ref("books")
    month: str = Field(sa_type=String(7))
    closed_at: dt.datetime
    closed_by: int = Field(foreign_key="users.id", sa_type=IdType)


class Correction(SQLModel, table=True):
    """An adjustment entry, dated in an open month, and the closed month it corrects
    (append-only, sealed)."""

    __tablename__ = "corrections"
    entry_id: int = Field(primary_key=True, foreign_key="entries.id", sa_type=IdType)
    book_id: int = Field(foreign_key="books.id", sa_type=IdType)
    period: str = Field(sa_type=String(7))


class HostMember(SQLModel, table=True):
    """The host charity a book (a 专项基金) belongs to: its statements are consolidated with the
    other books of the same host (sealed: it decides what a host's figures hold)."""

    __tablename__ = "host_members"
    book_id: int = Field(primary_key=True, foreign_key="books.id", sa_type=IdType)
    host: str = Field(sa_type=String(40), index=True)


class Valuation(SQLModel, table=True):
    """How an in-kind gift or a donated service was valued: its entry's amount is the fair value
    of what was given, on this stated basis (append-only, sealed)."""

    __tablename__ = "valuations"
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    book_id: int = Field(foreign_key="books.id", sa_type=IdType)
    entry_id: int = Field(foreign_key="entries.id", sa_type=IdType, unique=True)
    basis: str = Field(sa_type=String(500))


class Seal(SQLModel, table=True):
    """One link of a book's chain of seals: a row of a sealed table as a commit left it."""

    __tablename__ = "seals"
    #: Found by their book and number only: a commit reads the last, the audit reads them in
    #: order (an index by row, kept up on every insert, would serve neither).
    __table_args__ = (UniqueConstraint("book_id", "seq"),)
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    book_id: int = Field(foreign_key="books.id", sa_type=IdType)
    seq: int = Field(sa_type=BigInteger)
    table_name: str = Field(sa_type=String(30))
    row_key: str = Field(sa_type=String(100))
    digest: str = Field(sa_type=String(64))
    hash: str = Field(sa_type=String(64))


class Balance(SQLModel, table=True):
    """Running total per account and fund, kept in the same transaction as each entry."""

    __tablename__ = "balances"
    book_id: int = Field(foreign_key="books.id", sa_type=IdType, index=True)
    account_id: int = Field(primary_key=True, foreign_key="accounts.id", sa_type=IdType)
    fund_id: int = Field(primary_key=True, foreign_key="funds.id", sa_type=IdType)
    balance: Decimal = fen("balance_fen")
