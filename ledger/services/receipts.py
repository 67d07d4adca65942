"""Donation receipts (公益事业捐赠票据): issued for a donation, a gift in kind or a pledge's
payment, in a numbered series per book and year, carrying what the receipt rules require (the
payer's name and 统一社会信用代码 or masked ID number, the amount in figures and 大写, the date,
the item, the fund, the issuer). A donor who declines a receipt, and an anonymous gift, are
recorded as such. A receipt is cancelled only by a void record with its reason, never deleted
or renumbered; its donation can then have a new receipt, under the next number.

Issuing again what stands (the same kind for the same entry) is harmless and answers with it.
Only the book's ledger writers issue and void; two issuers take turns on the book's lock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ledger.data.fixtures import accrual_accounts
from ledger.domain.codes import LEDGER_WRITERS, RECEIPT_KINDS, RECEIPTED_KINDS
from ledger.domain.entries import Posting
from ledger.domain.periods import day_or_today
from ledger.domain.privacy import masked_id_number
from ledger.domain.text import clean_text, optional_text
from ledger.errors import Conflict, InputError, LedgerError, NotFound
from ledger.services.auth import require
from ledger.storage.receipt_tables import Receipt
from ledger.storage.receipts import add_receipt, add_void, live_record, receipt_by_number, series_end
from ledger.storage.repository import entry_by_seq, find_reversal, postings_of, seq_of
from ledger.storage.tables import Entry, User
from ledger.storage.uow import UnitOfWork, Work

ANONYMOUS = "匿名"
#: A gift's entry and its legs, read once.
Gift = tuple[Entry, tuple[Posting, ...]]


@dataclass(frozen=True)
class Issued:
    """A receipt register's record: its number (none when declined or anonymous), its entry."""

    number: str | None
    entry: int
    kind: str
    amount: Decimal
    already: bool


@dataclass(frozen=True)
class Request:
    """What ``receipt issue`` (or ``ledger donate --receipt``) names."""

    entry: int
    kind: str = "issued"
    id_number: str | None = None
    item: str | None = None
    date: str | None = None


def label(year: int, number: int) -> str:
    """A receipt's number as printed: the year, then six digits (2026-000001)."""
    return f"{year}-{number:06d}"


def parse_label(text: str) -> tuple[int, int]:
    year, _, number = text.strip().partition("-")
    if not (year.isdigit() and len(year) == 4 and number.isdigit()):
        raise InputError("receipt_number_invalid", number=text)
    return int(year), int(number)


def issue(work: Work, actor: str | None, request: Request) -> Issued:
    with work() as uow:
        user = require(uow, actor, LEDGER_WRITERS, "receipt issue")
        result = issue_in(uow, user, request)
        uow.commit()
        return result


def issue_in(uow: UnitOfWork, user: User, request: Request) -> Issued:
    """Issue in an open unit of work (the donation's own, for ``ledger donate --receipt``)."""
    if request.kind not in RECEIPT_KINDS:
        raise InputError("kind_invalid", kind=request.kind, kinds=", ".join(RECEIPT_KINDS))
    entry, legs = _gift(uow, request.entry)
    standing = live_record(uow, entry.id or 0)
    if standing is not None:
        if standing.kind != request.kind:
            raise Conflict("receipt_record_exists", entry=request.entry, kind=standing.kind)
        return _issued(standing, request.entry, already=True)
    day = day_or_today(request.date, uow.today)
    if day > uow.today:
        raise InputError("receipt_in_future", date=day.isoformat())
    if day < entry.date:
        raise InputError("receipt_before_gift", date=day.isoformat(), entry=request.entry, gift=entry.date.isoformat())
    number = None
    if request.kind == "issued":
        last, latest = series_end(uow, day.year)
        if latest is not None and day < latest:  # a series runs forward in time, as a book of forms does
            raise InputError("receipt_out_of_order", date=day.isoformat(), last=latest.isoformat())
        number = last + 1
    row = _receipt(uow, user, (entry, legs), request, day, number)
    return _issued(add_receipt(uow, row), request.entry, already=False)


def _gift(uow: UnitOfWork, seq: int) -> Gift:
    """The entry and its legs, if a receipt can be issued for it: a gift, or a pledge's payment,
    not reversed."""
    entry = entry_by_seq(uow, seq)
    receivable = accrual_accounts()["receivable"]
    legs = postings_of(uow, entry.id or 0)
    paid_pledge = entry.kind == "settlement" and any(p.account == receivable and p.amount < 0 for p in legs)
    if entry.kind not in RECEIPTED_KINDS and not paid_pledge:
        raise InputError("receipt_not_a_gift", entry=seq, kind=entry.kind)
    if find_reversal(uow, entry.id or 0) is not None:
        raise LedgerError("receipt_reversed", entry=seq)
    return entry, legs


def _receipt(
    uow: UnitOfWork,
    user: User,
    gift: tuple[Entry, tuple[Posting, ...]],
    request: Request,
    day: dt.date,
    number: int | None,
) -> Receipt:
    entry, legs = gift
    payer = uow.refs.party(next(p.party for p in legs if p.party))
    fund = uow.refs.fund(legs[0].fund)
    payer_id = masked_id_number(request.id_number) if request.id_number else payer.uscc
    kind = "实物捐赠" if entry.kind == "in_kind_donation" else "捐赠款"
    item = optional_text(request.item, "--item", limit=200) or f"{kind}（{fund.name_zh}）"
    return Receipt(
        book_id=uow.book_id,
        entry_id=entry.id or 0,
        kind=request.kind,
        year=day.year,
        number=number,
        payer_name=ANONYMOUS if request.kind == "anonymous" else payer.name,
        payer_id=None if request.kind == "anonymous" else payer_id,
        amount=sum((p.amount for p in legs if p.amount > 0), Decimal("0.00")),
        item=item,
        fund_id=fund.id or 0,
        issued_on=day,
        issuer_id=user.id or 0,
        created_at=uow.now,
    )


def _issued(row: Receipt, seq: int, *, already: bool) -> Issued:
    number = label(row.year, row.number) if row.number is not None else None
    return Issued(number, seq, row.kind, row.amount, already)


def void(work: Work, actor: str | None, *, number: str, reason: str) -> Issued:
    """Cancel receipt ``number`` (2026-000001) for ``reason``; voiding it again is harmless."""
    year, n = parse_label(number)
    with work() as uow:
        user = require(uow, actor, LEDGER_WRITERS, "receipt void")
        why = clean_text(reason, "--reason", limit=500)
        found = receipt_by_number(uow, year, n)
        if found is None:
            raise NotFound("receipt_missing", number=label(year, n))
        row, voided = found
        if voided is None:
            add_void(uow, row.id or 0, why, user.id or 0)
        uow.commit()
        return Issued(label(year, n), seq_of(uow, row.entry_id), "voided", row.amount, already=voided is not None)
