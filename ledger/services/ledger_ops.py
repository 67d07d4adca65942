"""Treasurer services: donations, expenses, reversals and closing a month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ledger.data.fixtures import donation_accounts
from ledger.domain.closing import closing_entry
from ledger.domain.codes import LEDGER_WRITERS
from ledger.domain.entries import Posting, make_entry, reversing
from ledger.domain.money import parse_positive
from ledger.domain.periods import Period, day_or_today, month_of, parse_period
from ledger.domain.text import clean_text, optional_text
from ledger.errors import Conflict, InputError, LedgerError
from ledger.services.auth import require
from ledger.services.income import CashIn, cash_in, idem_key
from ledger.services.journal import PostResult, post
from ledger.services.receipts import Request, issue_in, label
from ledger.storage.receipts import live_record
from ledger.storage.repository import (
    add_correction,
    close_month,
    entry_by_seq,
    find_reversal,
    first_open_entry,
    funds_of,
    month_totals,
    postings_of,
)
from ledger.storage.uow import UnitOfWork, Work


def _day(uow: UnitOfWork, date: str | None) -> dt.date:
    return day_or_today(date, uow.today)


def donate(
    work: Work,
    actor: str | None,
    *,
    donor: str,
    amount: str,
    fund: str,
    date: str | None = None,
    key: str | None = None,
    memo: str | None = None,
    compound: str | None = None,
    receipt: bool = False,
    id_number: str | None = None,
) -> PostResult:
    """Record a donation: cash in, donation income of the fund (restricted or not); with
    ``receipt``, its donation receipt in the same transaction (``id_number``: an individual
    donor's, masked on the receipt)."""
    with work() as uow:
        user = require(uow, actor, LEDGER_WRITERS, "ledger donate")
        value, day, note = parse_positive(amount), _day(uow, date), clean_text(memo, "memo", required=False)
        income = donation_accounts()["restricted" if uow.refs.fund(fund).restricted else "unrestricted"]
        request = {"cmd": "donate", "donor": donor, "amount": str(value), "fund": fund, "date": date, "memo": note}
        entry = CashIn("donation", donor, value, fund, day, note, compound)
        result = cash_in(uow, user, entry, income, key, request | {"compound": compound})
        if receipt:
            issued = issue_in(uow, user, Request(entry=result.seq, id_number=id_number))
            result = replace(result, receipt=issued.number)
        uow.commit()
        return result


def expense(
    work: Work,
    actor: str | None,
    *,
    fund: str,
    account: str,
    amount: str,
    purpose: str,
    payee: str,
    date: str | None = None,
    key: str | None = None,
    memo: str | None = None,
) -> PostResult:
    """Record spending from a fund for a permitted purpose, paid from the bank."""
    with work() as uow:
        user = require(uow, actor, LEDGER_WRITERS, "ledger expense")
        value, day, note = parse_positive(amount), _day(uow, date), clean_text(memo, "memo", required=False)
        purpose = clean_text(purpose, "purpose", limit=50)
        if uow.refs.account(account).type != "expense":
            raise InputError("account_not_expense", code=account)
        uow.refs.party(payee)
        legs = (
            Posting(account, fund, value, party=payee, purpose=purpose),
            Posting(donation_accounts()["cash"], fund, -value, party=payee, purpose=purpose),
        )
        draft = make_entry(day, "expense", note or f"expense {purpose} {payee}", legs)
        request: dict[str, str | None] = {"cmd": "expense", "fund": fund, "account": account, "amount": str(value)}
        request |= {"purpose": purpose}
        request |= {"payee": payee, "date": date, "memo": note}
        result = post(uow, user, draft, key=idem_key(key), request=request)
        uow.commit()
        return result


def reverse(
    work: Work,
    actor: str | None,
    *,
    entry: int,
    reason: str,
    date: str | None = None,
) -> PostResult:
    """Undo an entry with its exact opposite; an entry is reversed at most once."""
    with work() as uow:
        user = require(uow, actor, LEDGER_WRITERS, "ledger reverse")
        why = clean_text(reason, "reason", required=False)
        if not why:
            raise InputError("reason_missing")
        original = entry_by_seq(uow, entry)
        if original.kind == "reversal":
            raise LedgerError("reverse_reversal", entry=entry)
        if original.kind in ("commitment", "release", "disbursement"):
            raise LedgerError("reverse_workflow_entry", entry=entry, kind=original.kind)
        done = find_reversal(uow, original.id or 0)
        if done is not None:
            raise Conflict("already_reversed", entry=entry, by=done.seq)
        receipt = live_record(uow, original.id or 0)
        if receipt is not None and receipt.number is not None:  # the receipt is taken back first
            raise LedgerError("reverse_receipted", entry=entry, number=label(receipt.year, receipt.number))
        draft = reversing(original.id or 0, postings_of(uow, original.id or 0), _day(uow, date), why)
        result = post(uow, user, draft)
        uow.commit()
        return result


@dataclass(frozen=True)
class CloseResult:
    month: str
    already: bool
    entry: int | None = None


def close_period(work: Work, actor: str | None, *, month: str) -> CloseResult:
    """Close a month that has ended, once every earlier month with entries is closed: post its
    closing entry (income and expenses into net assets, restricted spending released), then lock
    it; no entry can be dated in it, or before it, afterwards."""
    with work() as uow:
        user = require(uow, actor, LEDGER_WRITERS, "ledger close-period")
        period = parse_period(month, kinds=("month",))
        if not period.is_over(uow.today):
            raise InputError("period_not_ended", month=period.label)
        if uow.refs.closed(period.label):
            return CloseResult(period.label, already=True)
        _refuse_earlier_open(uow, period)
        draft = closing_entry(month_totals(uow, period), _fund_map(uow), period.end, period.label)
        posted = post(uow, user, draft) if draft else None
        close_month(uow, period.label, user.id or 0)
        uow.commit()
        return CloseResult(period.label, already=False, entry=posted.seq if posted else None)


def _refuse_earlier_open(uow: UnitOfWork, period: Period) -> None:
    """A month closes only after every earlier month with entries: closing out of order would
    leave the earlier month's income and expenses outside net assets and its figures open."""
    last = uow.refs.last_closed()
    after = parse_period(last, kinds=("month",)).end if last else None
    if (open_day := first_open_entry(uow, after, period.start)) is not None:
        raise LedgerError("period_earlier_open", month=period.label, earlier=month_of(open_day))


def _fund_map(uow: UnitOfWork) -> dict[str, tuple[bool, str]]:
    return {f.code: (f.restricted, f.net_assets_account) for f in funds_of(uow)}


@dataclass(frozen=True)
class Adjustment:
    """An entry in an open month correcting a closed one: ``amount`` from ``credit`` to
    ``debit`` in ``fund``, and why (``memo``, required)."""

    corrects: str
    debit: str
    credit: str
    amount: str
    fund: str
    memo: str
    purpose: str | None = None
    party: str | None = None
    date: str | None = None
    key: str | None = None


def adjust(work: Work, actor: str | None, a: Adjustment) -> PostResult:
    """Post an adjustment for a closed month: the entry is dated in an open month (a closed one
    takes none) and names the month it corrects, which must be closed (before then, correct the
    month itself); the notes list it."""
    with work() as uow:
        user = require(uow, actor, LEDGER_WRITERS, "ledger adjust")
        month = parse_period(a.corrects, kinds=("month",)).label
        if not uow.refs.closed(month):
            raise InputError("adjust_open_month", month=month)
        value, note = parse_positive(a.amount), clean_text(a.memo, "memo", limit=500)
        purpose = optional_text(a.purpose, "purpose", limit=50)
        legs = (
            Posting(a.debit, a.fund, value, party=a.party, purpose=purpose),
            Posting(a.credit, a.fund, -value, party=a.party, purpose=purpose),
        )
        draft = make_entry(_day(uow, a.date), "adjustment", note, legs)
        request = {"cmd": "adjust", **{k: v for k, v in vars(a).items() if k != "key"}}
        result = post(uow, user, draft, key=idem_key(a.key), request=request)
        if not result.already:
            add_correction(uow, result.id or 0, month)
        uow.commit()
        return result
