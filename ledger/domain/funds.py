"""Fund balances and the rule that no entry overspends a fund.

A fund's balance is the sum of its asset and liability accounts; what it has available is that
less its open commitments (memo account 9101, money promised to approved grants). An entry may
not take either below zero; the single post reads both under the book lock, the bulk path
carries them forward entry by entry (:class:`ledger.services.bulk.checks.FundState`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlmodel import Session

from ledger.domain.codes import FUND_BALANCE_TYPES, OPEN_COMMITMENTS
from ledger.domain.entries import EntryDraft
from ledger.domain.money import ZERO
from ledger.errors import LedgerError
from ledger.storage.repository import BALANCES, Refs
from ledger.storage.tables import Account

_FUND_BALANCES = (
    select(BALANCES.c.fund_id, func.sum(BALANCES.c.balance_fen))
    .join(Account, Account.id == BALANCES.c.account_id)  # type: ignore[arg-type]
    .where(BALANCES.c.book_id == bindparam("book"), BALANCES.c.fund_id.in_(bindparam("ids", expanding=True)))
    .where(Account.type.in_(FUND_BALANCE_TYPES))  # type: ignore[attr-defined]
    .group_by(BALANCES.c.fund_id)
)


def fund_balances(session: Session, book_id: int, fund_ids: Iterable[int]) -> dict[int, Decimal]:
    """Balance (net resources) of each fund: the sum of its asset and liability accounts."""
    ids = list(fund_ids)
    out = {fid: ZERO for fid in ids}
    for fund_id, amount in session.connection().execute(_FUND_BALANCES, {"book": book_id, "ids": ids}):
        out[fund_id] = amount  # FenType turns SUM (numeric on PostgreSQL, int on SQLite) into yuan
    return out


def fund_effect(account: Account) -> tuple[int, int]:
    """How a leg on ``account`` moves its fund: the factors of its amount in the fund's balance
    and in what the fund has available (an open commitment binds money without moving it)."""
    if account.type in FUND_BALANCE_TYPES:
        return 1, 1
    return (0, -1) if account.code == OPEN_COMMITMENTS else (0, 0)


def fund_deltas(draft: EntryDraft, refs: Refs) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """How an entry moves each fund's balance and its available amount (balance - open commitments),
    by fund code; a fund the entry does not move in one of them is absent from it."""
    balance: dict[str, Decimal] = {}
    available: dict[str, Decimal] = {}
    for p in draft.postings:
        held, free = fund_effect(refs.account(p.account))
        if held:
            balance[p.fund] = balance.get(p.fund, ZERO) + held * p.amount
        if free:
            available[p.fund] = available.get(p.fund, ZERO) + free * p.amount
    return balance, available


def check_fund(
    code: str, held: Any, committed: Any, balance: Any, available: Any, shown: Callable[[Any], str] = str
) -> None:
    """Refuse a change of ``balance`` / ``available`` that takes the fund below zero or into money
    committed to approved grants. Amounts are yuan, or fen for the bulk path, which ``shown``
    turns into yuan for the message."""
    if balance < 0 and held + balance < 0:
        raise LedgerError("fund_overdrawn", fund=code, balance=shown(held), amount=shown(-balance))
    if available < 0 and held - committed + available < 0:
        raise LedgerError(
            "fund_committed",
            fund=code,
            available=shown(held - committed),
            committed=shown(committed),
            amount=shown(-available),
        )


def refuse_overdraft(session: Session, book_id: int, draft: EntryDraft, refs: Refs) -> None:
    """Refuse an entry that would take a fund below zero, or spend money already committed to
    approved grants (available = balance - open commitments on 9101)."""
    balance, available = fund_deltas(draft, refs)
    moved = set(balance) | set(available)
    falling = sorted(code for code in moved if balance.get(code, ZERO) < 0 or available.get(code, ZERO) < 0)
    if not falling:
        return
    ids = {code: refs.fund(code).id or 0 for code in falling}
    now_balance = fund_balances(session, book_id, ids.values())
    now_open = fund_commitments(session, ids.values())
    for code in falling:
        moves = balance.get(code, ZERO), available.get(code, ZERO)
        check_fund(code, now_balance[ids[code]], now_open[ids[code]], *moves)


_FUND_COMMITMENTS = (
    select(BALANCES.c.fund_id, func.sum(BALANCES.c.balance_fen))
    .join(Account, Account.id == BALANCES.c.account_id)
    .where(BALANCES.c.fund_id.in_(bindparam("ids", expanding=True)), Account.code == OPEN_COMMITMENTS)
    .group_by(BALANCES.c.fund_id)
)


def fund_commitments(session: Session, fund_ids: Iterable[int]) -> dict[int, Decimal]:
    """Open commitments of each fund: the balance of the memo account 9101."""
    ids = list(fund_ids)
    out = {fid: ZERO for fid in ids}
    out.update({fund_id: amount for fund_id, amount in session.connection().execute(_FUND_COMMITMENTS, {"ids": ids})})
    return out
