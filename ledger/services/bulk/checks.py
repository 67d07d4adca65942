"""The checks of a bulk load, run in full once per shape of entry.

An entry's shape is its kind and, for each leg, the account, fund, sign, party, place and
purpose. The first entry of a shape goes through the one-at-a-time rules
(:func:`ledger.domain.entries.make_entry` and :func:`ledger.services.journal.check_draft`); what they
found is kept as the shape's :class:`Plan`: each leg's ids, and for each fund the legs that must
sum to zero and how they move its balance and what it has available. Every entry is then checked
against its plan, in fen: balanced in each fund with no zero leg, dated neither in the future nor
in a closed month, and no fund overspent, carried forward entry by entry (:class:`FundState`) as
if the entries were posted one at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ledger.domain.entries import Item
from ledger.domain.funds import check_fund, fund_balances, fund_commitments, fund_effect
from ledger.domain.money import from_fen, to_fen
from ledger.domain.periods import month_of
from ledger.errors import InputError, LedgerError
from ledger.services.journal import check_draft
from ledger.storage.repository import Refs
from ledger.storage.tables import Fund, Period
from ledger.storage.uow import UnitOfWork

#: A leg's account, fund, party and place ids.
Ids = tuple[int, int, int | None, int | None]


@dataclass(frozen=True, slots=True)
class FundMove:
    """One fund of a shape: its legs (which sum to zero), and ``(leg, balance factor, available
    factor)`` for each of them that moves the fund (:func:`ledger.domain.funds.fund_effect`)."""

    code: str
    id: int
    legs: tuple[int, ...]
    moves: tuple[tuple[int, int, int], ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """What the one-at-a-time rules found for one shape: each leg's ids, and its funds by code."""

    ids: tuple[Ids, ...]
    funds: tuple[FundMove, ...]


def _yuan(fen: int) -> str:
    return str(from_fen(fen))


class FundState:
    """Each fund's balance and open commitments in fen, read once under the book lock and carried
    forward entry by entry."""

    def __init__(self, uow: UnitOfWork) -> None:
        ids = list(uow.session.execute(select(Fund.id).where(Fund.book_id == uow.book_id)).scalars())
        self.held = {fund: to_fen(yuan) for fund, yuan in fund_balances(uow.session, uow.book_id, ids).items()}
        self.committed = {fund: to_fen(yuan) for fund, yuan in fund_commitments(uow.session, ids).items()}

    def apply(self, item: Item, plan: Plan) -> None:
        """Refuse ``item`` if it overspends a fund (:func:`ledger.domain.funds.check_fund`), else carry it."""
        for fund in plan.funds:
            if not fund.moves:
                continue
            moved = free = 0
            for leg, held, available in fund.moves:
                fen = item.legs[leg].fen
                moved, free = moved + held * fen, free + available * fen
            before, promised = self.held[fund.id], self.committed[fund.id]
            check_fund(fund.code, before, promised, moved, free, shown=_yuan)
            self.held[fund.id], self.committed[fund.id] = before + moved, promised + moved - free


class Checks:
    """Every rule of a single post, for each entry of a load, in order."""

    #: Shapes remembered at most (a load of many one-off shapes starts again rather than grow).
    LIMIT = 100_000

    def __init__(self, uow: UnitOfWork, refs: Refs) -> None:
        self.uow, self.refs, self.funds = uow, refs, FundState(uow)
        self.plans: dict[tuple[Any, ...], Plan] = {}
        self.today = uow.today
        self.months = set(uow.session.execute(select(Period.month).where(Period.book_id == uow.book_id)).scalars())

    def check(self, item: Item) -> Plan:
        """Check ``item`` and carry the funds past it; its shape's plan (a new shape reads only
        ``refs``, which waits for the writer before a query)."""
        shape = (item.kind, *[(g.account, g.fund, g.fen > 0, g.party, g.compound, g.purpose) for g in item.legs])
        plan = self.plans.get(shape)
        if plan is None:
            plan = self._plan(item, shape)
        elif item.date > self.today:
            raise InputError("date_future", date=item.date.isoformat())
        elif self.months and month_of(item.date) in self.months:
            raise LedgerError("period_closed", month=month_of(item.date))
        for fund in plan.funds:
            fens = [item.legs[leg].fen for leg in fund.legs]
            if sum(fens) or not all(fens):
                item.draft()  # make_entry refuses it and names why: the fund's residual, or a zero leg
        self.funds.apply(item, plan)
        return plan

    def _plan(self, item: Item, shape: tuple[Any, ...]) -> Plan:
        """The plan of a new shape, after every one-at-a-time rule has passed on ``item``."""
        check_draft(self.uow, item.draft(), self.refs, closed=self.months.__contains__)
        funds: dict[str, tuple[list[int], list[tuple[int, int, int]]]] = {}
        for n, leg in enumerate(item.legs):
            legs, moves = funds.setdefault(leg.fund, ([], []))
            legs.append(n)
            held, available = fund_effect(self.refs.account(leg.account))
            if held or available:
                moves.append((n, held, available))
        plan = Plan(
            tuple(self.refs.ids(leg) for leg in item.legs),
            tuple(
                FundMove(code, self.refs.fund(code).id or 0, tuple(a), tuple(b))
                for code, (a, b) in sorted(funds.items())
            ),
        )
        if len(self.plans) >= self.LIMIT:
            self.plans.clear()
        self.plans[shape] = plan
        return plan
