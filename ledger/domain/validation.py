"""The one list of checks every entry passes before it is written, one at a time or in bulk
(beancount's ``ops/validation.py``).

Each check is a plain function ``check(item, shape, facts)`` that raises the error naming what is
wrong; :data:`RULES` lists them in the order they run. :func:`check` runs them all on one entry
(``ledger.services.journal.post``); :class:`Checks` runs them on every entry of a bulk load, in
order, skipping only the checks in :data:`PER_SHAPE` for an entry whose shape has passed them.
An entry's shape is its kind, whether it reverses an entry, and, for each leg, the account, fund,
sign, party, place and purpose: a check belongs in :data:`PER_SHAPE` only when it reads nothing
else of the entry. A new
rule is a function added to :data:`RULES`; both paths then enforce it.

``facts`` answers what a check asks of the book (:class:`Facts`: the references, closed months,
the funds' figures, the day it is), read from the unit of work by ``ledger.services.facts``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ledger.domain.entries import Item, refuse_malformed, refuse_unbalanced
from ledger.domain.funds import FundMove, FundState, fund_effect
from ledger.domain.money import from_fen
from ledger.domain.periods import month_of
from ledger.errors import InputError, LedgerError

#: A leg's account, fund, party and place ids, as the journal's rows take them.
Ids = tuple[int, int, int | None, int | None]


class Account(Protocol):
    id: int | None
    code: str
    type: str
    is_open: bool
    purpose: str | None


class Fund(Protocol):
    id: int | None
    code: str
    restricted: bool
    purposes: str  # comma-separated purpose codes
    is_open: bool


class Coded(Protocol):
    id: int | None


class Facts(Protocol):
    """What the checks ask of the book; a lookup of a code the book does not know raises NotFound."""

    today: dt.date
    funds: FundState

    def account(self, code: str) -> Account: ...
    def fund(self, code: str) -> Fund: ...
    def party(self, code: str) -> Coded: ...
    def compound(self, code: str) -> Coded: ...
    def closed_until(self, day: dt.date) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Shape:
    """What the book says of an entry's legs, the same for every entry of its shape: each leg's
    ids, and its funds with their legs and how each leg moves the fund."""

    ids: tuple[Ids, ...]
    funds: tuple[FundMove, ...]


def shape_of(item: Item, facts: Facts) -> Shape:
    """The shape of ``item``, resolving every code of its legs (an unknown one is NotFound)."""
    ids: list[Ids] = []
    funds: dict[str, tuple[int, list[int], list[tuple[int, int, int]]]] = {}
    for n, leg in enumerate(item.legs):
        account, fund = facts.account(leg.account), facts.fund(leg.fund)
        party = None if leg.party is None else facts.party(leg.party).id  # "" is a code the book lacks
        place = None if leg.compound is None else facts.compound(leg.compound).id
        ids.append((account.id or 0, fund.id or 0, party, place))
        _, legs, moves = funds.setdefault(fund.code, (fund.id or 0, [], []))
        legs.append(n)
        held, available = fund_effect(account.type, account.code)
        if held or available:
            moves.append((n, held, available))
    moved = (FundMove(code, fund_id, tuple(a), tuple(b)) for code, (fund_id, a, b) in sorted(funds.items()))
    return Shape(tuple(ids), tuple(moved))


Check = Callable[[Item, Shape, Facts], None]


def well_formed(item: Item, shape: Shape, facts: Facts) -> None:
    """A known kind of entry, with two legs or more; a reversal, and only a reversal, names the
    entry it reverses."""
    refuse_malformed(item.kind, len(item.legs))
    if (item.kind == "reversal") != (item.reverses is not None):
        raise LedgerError("entry_reversal_unlinked", kind=item.kind)


def balanced(item: Item, shape: Shape, facts: Facts) -> None:
    """No zero leg, and the legs sum to zero in each fund (and so in total)."""
    legs = item.legs
    for fund in shape.funds:
        fens = [legs[n].fen for n in fund.legs]
        if sum(fens) or not all(fens):
            refuse_unbalanced(item.memo, ((leg.fund, leg.fen) for leg in legs), from_fen)


def dated_by_today(item: Item, shape: Shape, facts: Facts) -> None:
    """No entry is recorded ahead of its day."""
    if item.date > facts.today:
        raise InputError("date_future", date=item.date.isoformat())


def in_open_month(item: Item, shape: Shape, facts: Facts) -> None:
    """No entry goes into a closed month, nor into any month before the last closed one."""
    if last := facts.closed_until(item.date):
        raise LedgerError("period_closed", month=month_of(item.date), last=last)


def open_accounts_and_funds(item: Item, shape: Shape, facts: Facts) -> None:
    """Every leg's account and fund is open."""
    for leg in item.legs:
        account, fund = facts.account(leg.account), facts.fund(leg.fund)
        if not account.is_open:
            raise LedgerError("account_closed", code=account.code)
        if not fund.is_open:
            raise LedgerError("fund_closed", code=fund.code)


def permitted_purposes(item: Item, shape: Shape, facts: Facts) -> None:
    """Money is given and spent only for purposes its fund permits: a leg that names a purpose
    names one of its fund's, and spending (an expense debited, other than by a reversal) names
    one when the fund is restricted, and the expense account's own."""
    for leg in item.legs:
        account, fund = facts.account(leg.account), facts.fund(leg.fund)
        if account.type == "expense" and leg.fen > 0 and item.reverses is None:
            check_purpose(account.code, account.purpose, fund.code, fund.restricted, fund.purposes, leg.purpose)
        elif leg.purpose is not None and leg.purpose not in fund.purposes.split(","):
            raise LedgerError("purpose_not_permitted", fund=fund.code, purpose=leg.purpose, permitted=fund.purposes)


def funds_cover(item: Item, shape: Shape, facts: Facts) -> None:
    """No fund goes below zero, nor spends money committed to approved grants."""
    facts.funds.apply(item, shape.funds)


#: Every check, in the order they run.
RULES: tuple[Check, ...] = (
    well_formed,
    balanced,
    dated_by_today,
    in_open_month,
    open_accounts_and_funds,
    permitted_purposes,
    funds_cover,
)
#: The checks that read only an entry's shape: a bulk load runs them once per shape.
PER_SHAPE: frozenset[Check] = frozenset({well_formed, open_accounts_and_funds, permitted_purposes})


def check(item: Item, facts: Facts) -> Shape:
    """Run every rule on ``item``; its shape, for the journal's rows."""
    shape = shape_of(item, facts)
    for rule in RULES:
        rule(item, shape, facts)
    return shape


class Checks:
    """Every rule, on each entry of a bulk load in order: all of them for the first entry of a
    shape, the rest (those not in :data:`PER_SHAPE`) for every entry."""

    #: Shapes remembered at most (a load of many one-off shapes starts again rather than grow).
    LIMIT = 100_000

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.shapes: dict[tuple[Any, ...], Shape] = {}
        self.each = tuple(rule for rule in RULES if rule not in PER_SHAPE)

    def __call__(self, item: Item) -> Shape:
        legs = [(g.account, g.fund, g.fen > 0, g.party, g.compound, g.purpose) for g in item.legs]
        key = (item.kind, item.reverses is None, *legs)
        shape = self.shapes.get(key)
        if shape is None:
            shape = check(item, self.facts)
            if len(self.shapes) >= self.LIMIT:
                self.shapes.clear()
            self.shapes[key] = shape
            return shape
        facts = self.facts
        for rule in self.each:
            rule(item, shape, facts)
        return shape


def check_purpose(
    account: str,
    account_purpose: str | None,
    fund: str,
    restricted: bool,
    permitted: str,
    purpose: str | None,
) -> None:
    """A fund is spent only for one of its permitted purposes (restricted funds always name one)."""
    if account_purpose and purpose and purpose != account_purpose:
        raise LedgerError("purpose_account_mismatch", account=account, purpose=purpose, expected=account_purpose)
    used = purpose or account_purpose
    if used is None and not restricted:
        return
    if used is None or used not in permitted.split(","):
        raise LedgerError("purpose_not_permitted", fund=fund, purpose=used or "-", permitted=permitted)
