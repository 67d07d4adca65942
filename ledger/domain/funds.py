"""Fund balances and the rule that no entry overspends a fund.

A fund's balance is the sum of its asset and liability accounts; what it has available is that
less its open commitments (memo account 9101, money promised to approved grants). An entry may
not take either below zero. :class:`FundState` holds each fund's figures in fen, read under the
book lock when first needed, and carries them forward entry by entry, so that entries checked
together (a bulk load) are checked as if they were posted one at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ledger.domain.codes import FUND_BALANCE_TYPES, OPEN_COMMITMENTS
from ledger.domain.entries import Item
from ledger.domain.money import from_fen
from ledger.errors import LedgerError

#: A fund's figures in fen: its balance, and its open commitments.
Figures = tuple[int, int]


def fund_effect(account_type: str, account_code: str) -> tuple[int, int]:
    """How a leg on an account moves its fund: the factors of its amount in the fund's balance
    and in what the fund has available (an open commitment binds money without moving it)."""
    if account_type in FUND_BALANCE_TYPES:
        return 1, 1
    return (0, -1) if account_code == OPEN_COMMITMENTS else (0, 0)


@dataclass(frozen=True, slots=True)
class FundMove:
    """One fund of an entry's shape: its legs (which sum to zero), and ``(leg, balance factor,
    available factor)`` for each of them that moves the fund (:func:`fund_effect`)."""

    code: str
    id: int
    legs: tuple[int, ...]
    moves: tuple[tuple[int, int, int], ...]


def check_fund(
    code: str, held: Any, committed: Any, balance: Any, available: Any, shown: Callable[[Any], str] = str
) -> None:
    """Refuse a change of ``balance`` / ``available`` that takes the fund below zero or into money
    committed to approved grants. Amounts are yuan, or fen, which ``shown`` turns into yuan for
    the message."""
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


def _yuan(fen: int) -> str:
    return str(from_fen(fen))


class FundState:
    """Each fund's balance and open commitments in fen, as the journal stands under the book lock:
    read by ``load(fund ids)`` when first needed (or all at once, :meth:`know`), then carried
    forward past every entry checked."""

    def __init__(self, load: Callable[[list[int]], dict[int, Figures]]) -> None:
        self.load = load
        self.held: dict[int, int] = {}
        self.committed: dict[int, int] = {}

    def know(self, fund_ids: Iterable[int]) -> None:
        """Read the figures of ``fund_ids`` now."""
        for fund_id, (held, committed) in self.load(list(fund_ids)).items():
            self.held[fund_id], self.committed[fund_id] = held, committed

    def apply(self, item: Item, funds: tuple[FundMove, ...]) -> None:
        """Refuse ``item`` if it overspends a fund (:func:`check_fund`), else carry the funds past it.
        A fund the entry does not take down needs no figures: it is carried only once known."""
        legs = item.legs
        for fund in funds:
            if not fund.moves:
                continue
            moved = free = 0
            for leg, held, available in fund.moves:
                fen = legs[leg].fen
                moved, free = moved + held * fen, free + available * fen
            if fund.id not in self.held:
                if moved >= 0 and free >= 0:
                    continue
                self.know([fund.id])
            before, promised = self.held[fund.id], self.committed[fund.id]
            check_fund(fund.code, before, promised, moved, free, shown=_yuan)
            self.held[fund.id], self.committed[fund.id] = before + moved, promised + moved - free
