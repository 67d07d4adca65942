"""Queries of the write path: entries by key or number, reversals, postings, closed months,
funds' figures and a month's totals.

Each function takes the open unit of work (its session and book) and returns plain values;
services call these and never the session. Statements that load no ORM object run on the
session's connection, which costs half of ``Session.execute`` per statement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, func, select

from ledger.domain.codes import FUND_BALANCE_TYPES, OPEN_COMMITMENTS
from ledger.domain.entries import Posting
from ledger.domain.money import ZERO, to_fen
from ledger.domain.periods import Period
from ledger.errors import Conflict, NotFound
from ledger.storage.engine import param_mark
from ledger.storage.tables import (
    Account,
    Balance,
    ClosedMonth,
    Compound,
    Correction,
    Entry,
    Fund,
    Party,
    PostingRecord,
    Valuation,
)

if TYPE_CHECKING:
    from ledger.storage.uow import UnitOfWork

POSTINGS = PostingRecord.__table__  # type: ignore[attr-defined]
BALANCES = Balance.__table__  # type: ignore[attr-defined]


def entry_by_key(uow: UnitOfWork, key: str) -> Entry | None:
    stmt = select(Entry).where(Entry.book_id == uow.book_id, Entry.idem_key == key)
    return uow.session.execute(stmt).scalar_one_or_none()


def entries_by_keys(uow: UnitOfWork, keys: list[str]) -> dict[str, tuple[str | None, int]]:
    """The request digest and entry number of each key already used in the book, in chunks (a
    long import never sends one huge IN list) given to the driver as it is (SQLAlchemy renders an
    expanding IN list anew for each call: 7% of a bulk load)."""
    known: dict[str, tuple[str | None, int]] = {}
    connection = uow.session.connection()
    mark = param_mark(connection)
    for start in range(0, len(keys), 1000):
        chunk = keys[start : start + 1000]
        listed = ", ".join([mark] * len(chunk))
        sql = f"SELECT idem_key, request_digest, seq FROM entries WHERE book_id = {mark} AND idem_key IN ({listed})"
        known |= {key: (digest, seq) for key, digest, seq in connection.exec_driver_sql(sql, (uow.book_id, *chunk))}
    return known


def find_repeat(uow: UnitOfWork, key: str, digest: str | None) -> Entry | None:
    """The entry already recorded under ``key`` for the same request, or None if the key is free;
    a key used for other content is a Conflict."""
    existing = entry_by_key(uow, key)
    if existing is not None and existing.request_digest != digest:
        raise Conflict("key_conflict", key=key, entry=existing.seq)
    return existing


def entry_by_seq(uow: UnitOfWork, seq: int) -> Entry:
    stmt = select(Entry).where(Entry.book_id == uow.book_id, Entry.seq == seq)
    entry = uow.session.execute(stmt).scalar_one_or_none()
    if entry is None:
        raise NotFound("entry_missing", entry=seq)
    return entry


def seq_of(uow: UnitOfWork, entry_id: int) -> int:
    """The number people know an entry by, from its id."""
    return int(uow.session.execute(select(Entry.seq).where(Entry.id == entry_id)).scalar_one())


def find_reversal(uow: UnitOfWork, entry_id: int) -> Entry | None:
    """The entry that reversed entry ``entry_id``, if any."""
    return uow.session.execute(select(Entry).where(Entry.reverses == entry_id)).scalar_one_or_none()


def postings_of(uow: UnitOfWork, entry_id: int) -> tuple[Posting, ...]:
    """The postings of an entry as values (codes, not ids)."""
    stmt = (
        select(
            Account.code,
            Fund.code,
            POSTINGS.c.amount_fen,
            Party.code,
            Compound.code,
            POSTINGS.c.purpose,
            POSTINGS.c.project_id,
        )
        .select_from(POSTINGS)
        .join(Account, Account.id == POSTINGS.c.account_id)
        .join(Fund, Fund.id == POSTINGS.c.fund_id)
        .outerjoin(Party, Party.id == POSTINGS.c.party_id)
        .outerjoin(Compound, Compound.id == POSTINGS.c.compound_id)
        .where(POSTINGS.c.entry_id == entry_id)
        .order_by(POSTINGS.c.id)
    )
    return tuple(Posting(*row) for row in uow.session.execute(stmt))


def keys_with_prefix(uow: UnitOfWork, prefix: str) -> list[Entry]:
    """Entries whose idempotency key starts with ``prefix`` (rule transfers of one party)."""
    stmt = select(Entry).where(Entry.book_id == uow.book_id, Entry.idem_key.startswith(prefix))
    return list(uow.session.execute(stmt).scalars())


def first_open_entry(uow: UnitOfWork, after: dt.date | None, before: dt.date) -> dt.date | None:
    """The date of the book's earliest entry dated after ``after`` (the end of the last closed
    month, if any) and before ``before``: an earlier month still open, or None."""
    stmt = select(func.min(Entry.date)).where(Entry.book_id == uow.book_id, Entry.date < before)
    if after is not None:
        stmt = stmt.where(Entry.date > after)
    return uow.session.execute(stmt).scalar_one()  # type: ignore[no-any-return]


def close_month(uow: UnitOfWork, month: str, user_id: int) -> None:
    """Lock ``month`` of the book: no entry can be dated in it afterwards."""
    uow.session.add(ClosedMonth(book_id=uow.book_id, month=month, closed_at=uow.now, closed_by=user_id))
    uow.session.flush()
    uow.refs.closing(month)


def add_valuation(uow: UnitOfWork, entry_id: int, basis: str) -> None:
    """The stated basis of the fair value an entry records (a gift in kind, a donated service)."""
    uow.session.add(Valuation(book_id=uow.book_id, entry_id=entry_id, basis=basis))
    uow.session.flush()


def add_correction(uow: UnitOfWork, entry_id: int, period: str) -> None:
    """The closed month an adjustment entry corrects."""
    uow.session.add(Correction(entry_id=entry_id, book_id=uow.book_id, period=period))
    uow.session.flush()


def funds_of(uow: UnitOfWork) -> list[Fund]:
    """The book's funds, in the order they were created."""
    return list(uow.session.execute(select(Fund).where(Fund.book_id == uow.book_id).order_by(Fund.id)).scalars())


_FUND_BALANCES = (
    select(BALANCES.c.fund_id, func.sum(BALANCES.c.balance_fen))
    .join(Account, Account.id == BALANCES.c.account_id)
    .where(BALANCES.c.book_id == bindparam("book"), BALANCES.c.fund_id.in_(bindparam("ids", expanding=True)))
    .where(Account.type.in_(FUND_BALANCE_TYPES))
    .group_by(BALANCES.c.fund_id)
)
_FUND_COMMITMENTS = (
    select(BALANCES.c.fund_id, func.sum(BALANCES.c.balance_fen))
    .join(Account, Account.id == BALANCES.c.account_id)
    .where(BALANCES.c.fund_id.in_(bindparam("ids", expanding=True)), Account.code == OPEN_COMMITMENTS)
    .group_by(BALANCES.c.fund_id)
)


def fund_balances(uow: UnitOfWork, fund_ids: Iterable[int]) -> dict[int, Decimal]:
    """Balance (net resources) of each fund: the sum of its asset and liability accounts."""
    ids = list(fund_ids)
    out = {fid: ZERO for fid in ids}
    params = {"book": uow.book_id, "ids": ids}
    out.update(dict(uow.session.connection().execute(_FUND_BALANCES, params).all()))  # FenType: yuan on both backends
    return out


def fund_commitments(uow: UnitOfWork, fund_ids: Iterable[int]) -> dict[int, Decimal]:
    """Open commitments of each fund: the balance of the memo account 9101."""
    ids = list(fund_ids)
    out = {fid: ZERO for fid in ids}
    out.update(dict(uow.session.connection().execute(_FUND_COMMITMENTS, {"ids": ids}).all()))
    return out


def fund_figures(uow: UnitOfWork, fund_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Each fund's balance and open commitments in fen (:data:`ledger.domain.funds.Figures`)."""
    held, committed = fund_balances(uow, fund_ids), fund_commitments(uow, fund_ids)
    return {fid: (to_fen(held[fid]), to_fen(committed[fid])) for fid in fund_ids}


def party_balance(uow: UnitOfWork, account: str, fund: str, party: str) -> Decimal:
    """What ``party`` has on ``account`` in ``fund`` (debit positive): a pledge not yet paid, a
    prepayment not yet used, a payable not yet paid."""
    stmt = (
        select(func.sum(POSTINGS.c.amount_fen))  # typed as the column: Decimal yuan
        .join(Account, Account.id == POSTINGS.c.account_id)
        .join(Fund, Fund.id == POSTINGS.c.fund_id)
        .join(Party, Party.id == POSTINGS.c.party_id)
        .where(POSTINGS.c.book_id == uow.book_id, Account.code == account, Fund.code == fund, Party.code == party)
    )
    total = uow.session.execute(stmt).scalar_one()
    return ZERO if total is None else Decimal(total)


def month_totals(uow: UnitOfWork, period: Period) -> list[tuple[str, str, str, Decimal]]:
    """(account code, account type, fund code, total) of income and expenses in the month."""
    stmt = (
        select(Account.code, Account.type, Fund.code, func.sum(POSTINGS.c.amount_fen))
        .select_from(POSTINGS)
        .join(Entry, Entry.id == POSTINGS.c.entry_id)
        .join(Account, Account.id == POSTINGS.c.account_id)
        .join(Fund, Fund.id == POSTINGS.c.fund_id)
        .where(POSTINGS.c.book_id == uow.book_id, Entry.date >= period.start, Entry.date <= period.end)
        .where(Entry.kind != "closing", Account.type.in_(("income", "expense")))
        .group_by(Account.code, Account.type, Fund.code)
        .order_by(Fund.code, Account.code)
    )
    return [(code, kind, fund, amount) for code, kind, fund, amount in uow.session.execute(stmt) if amount]
