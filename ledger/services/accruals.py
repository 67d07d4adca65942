"""Accruals (《民间非营利组织会计制度》): what is owed to a fund or by it until it is settled, each
kept by party and fund on its account (``fixtures/rules.toml`` ``[accruals]``).

- A pledge (应收款项): a donor's agreed, unconditional promise of a gift is donation income
  when it is made, a receivable until it is paid.
- A prepayment (预付账款): cash paid in advance, used up later as the expense it pays for.
- A payable (应付款项): an expense incurred now and paid later.

:func:`settle` settles part or all of what a party owes or is owed, never more: the book's
writers take turns (the unit of work locks the book), so two settlements cannot both take the
same balance. Every command has a donation's guarantees: role, ``--key``, fund, purposes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ledger.data.fixtures import accrual_accounts, donation_accounts
from ledger.domain.codes import LEDGER_WRITERS
from ledger.domain.entries import Posting, make_entry
from ledger.domain.money import ZERO, parse_positive
from ledger.domain.periods import day_or_today
from ledger.domain.text import clean_text, optional_text
from ledger.errors import InputError, LedgerError
from ledger.services.auth import require
from ledger.services.income import idem_key
from ledger.services.journal import PostResult, post
from ledger.storage.repository import entry_by_key, party_balance
from ledger.storage.uow import UnitOfWork, Work

#: What can be settled: its account in ``[accruals]``, and the side its balance stands on (+1:
#: owed to the fund, -1: owed by it).
SETTLED = {"pledge": ("receivable", 1), "prepayment": ("prepayment", 1), "payable": ("payable", -1)}
#: Each, as a message names it: (zh, en).
NAMES = {"pledge": ("捐赠承诺", "pledge"), "prepayment": ("预付款", "prepayment"), "payable": ("应付款", "payable")}
#: The kind of entry that opens each.
KINDS = {"pledge": "pledge", "prepayment": "prepayment", "payable": "accrual"}


@dataclass(frozen=True)
class Accrual:
    """What a command names: a ``what`` of :data:`SETTLED` for ``party`` in ``fund``; a payable
    or a used prepayment also names the expense ``account`` and its ``purpose``."""

    what: str
    party: str
    amount: str
    fund: str
    account: str | None = None
    purpose: str | None = None
    date: str | None = None
    key: str | None = None
    memo: str | None = None


def accrue(work: Work, actor: str | None, accrual: Accrual) -> PostResult:
    """Record a pledge (``party`` the donor, donation income now), a prepayment (cash out in
    advance), or a payable (the expense incurred, owed to ``party``)."""
    return _record(work, actor, accrual, settling=False)


def settle(work: Work, actor: str | None, accrual: Accrual) -> PostResult:
    """Settle part or all of what ``party`` owes the fund or is owed by it, never more: a pledge
    paid in, a prepayment used up as its expense, a payable paid."""
    return _record(work, actor, accrual, settling=True)


def _record(work: Work, actor: str | None, a: Accrual, *, settling: bool) -> PostResult:
    if a.what not in SETTLED:
        raise InputError("accrual_kind", kind=a.what, kinds=", ".join(SETTLED))
    action = f"ledger settle {a.what}" if settling else f"ledger {a.what}"
    with work() as uow:
        user = require(uow, actor, LEDGER_WRITERS, action)
        value, note = parse_positive(a.amount), clean_text(a.memo, "memo", required=False)
        uow.refs.party(a.party)
        key = idem_key(a.key)
        if settling and (key is None or entry_by_key(uow, key) is None):  # a repeat is answered by post
            _within(uow, a, value)
        kind = "settlement" if settling else KINDS[a.what]
        legs = _legs(uow, a, value, settling)
        draft = make_entry(day_or_today(a.date, uow.today), kind, note or f"{kind} {a.party}", legs)
        request = {"cmd": action, **{k: v for k, v in vars(a).items() if k not in ("key", "memo")}, "memo": note}
        result = post(uow, user, draft, key=key, request=request)
        uow.commit()
        return result


def _legs(uow: UnitOfWork, a: Accrual, value: Decimal, settling: bool) -> tuple[Posting, Posting]:
    """Debit first: what the fund gains, then what it gives."""
    held = accrual_accounts()[SETTLED[a.what][0]]
    owed = Posting(held, a.fund, value, party=a.party)
    cash = Posting(donation_accounts()["cash"], a.fund, value, party=a.party)
    if a.what == "pledge":
        income = donation_accounts()["restricted" if uow.refs.fund(a.fund).restricted else "unrestricted"]
        return (cash, owed.negated()) if settling else (owed, Posting(income, a.fund, -value, party=a.party))
    if a.what == "prepayment":
        return (_expense(uow, a, value), owed.negated()) if settling else (owed, cash.negated())
    return (owed, cash.negated()) if settling else (_expense(uow, a, value), owed.negated())


def _within(uow: UnitOfWork, a: Accrual, value: Decimal) -> None:
    """Refuse to settle more than is outstanding."""
    name, side = SETTLED[a.what]
    outstanding = side * party_balance(uow, accrual_accounts()[name], a.fund, a.party) + ZERO  # no -0.00
    if value > outstanding:
        zh, en = NAMES[a.what]
        fields = {"kind_zh": zh, "kind_en": en, "party": a.party, "fund": a.fund}
        raise LedgerError("settle_exceeds", **fields, outstanding=outstanding, amount=value)


def _expense(uow: UnitOfWork, a: Accrual, value: Decimal) -> Posting:
    if a.account is None:
        raise InputError("accrual_account_needed")
    if uow.refs.account(a.account).type != "expense":
        raise InputError("account_not_expense", code=a.account)
    return Posting(a.account, a.fund, value, party=a.party, purpose=optional_text(a.purpose, "purpose", limit=50))
