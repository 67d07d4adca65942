"""Posting to the journal: the one path every entry takes, with every invariant checked.

``post`` is used by every ledger service (donations, rule transfers, expenses, reversals) and,
later, by the workflow services: it checks roles, idempotency, accounts, funds, purposes, the
period and fund balances, then appends the entry in the caller's unit of work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ledger.domain.chain import request_digest
from ledger.domain.entries import EntryDraft
from ledger.domain.funds import refuse_overdraft
from ledger.domain.periods import month_of
from ledger.errors import InputError, LedgerError
from ledger.storage.repository import Refs, append_entry, entry_by_key, find_repeat, find_reversal
from ledger.storage.tables import Entry, User
from ledger.storage.uow import UnitOfWork


@dataclass(frozen=True)
class PostResult:
    """The outcome of a posting command: the entry number, or that it was already recorded."""

    seq: int
    id: int | None = None
    already: bool = False
    reversed_by: int | None = None
    amount: Decimal | None = None


def post(
    uow: UnitOfWork,
    actor: User,
    draft: EntryDraft,
    *,
    key: str | None = None,
    request: dict[str, Any] | None = None,
) -> PostResult:
    """Append ``draft`` after every check; with ``key``, a repeat is recognised, not re-posted."""
    digest = request_digest(request) if key and request is not None else None
    if key:
        existing = find_repeat(uow.session, uow.book_id, key, digest)
        if existing is not None:
            reversal = find_reversal(uow.session, existing.id or 0)
            return PostResult(
                existing.seq, id=existing.id, already=True, reversed_by=reversal.seq if reversal else None
            )
    refs = uow.refs
    check_draft(uow, draft, refs)
    refuse_overdraft(uow.session, uow.book_id, draft, refs)
    new = append_entry(uow.session, uow.book, draft, actor, refs, key, digest, uow.now)
    amount = sum((p.amount for p in draft.postings if p.amount > 0), Decimal("0.00"))
    return PostResult(new.seq, id=new.id, amount=amount)


def check_draft(uow: UnitOfWork, draft: EntryDraft, refs: Refs, closed: Callable[[str], bool] | None = None) -> None:
    """Every invariant a single entry must meet before it is written (``closed`` tells whether a
    month is closed, for callers that checked the periods once)."""
    if draft.date > uow.today:
        raise InputError("date_future", date=draft.date.isoformat())
    is_closed = closed or refs.closed
    if is_closed(month_of(draft.date)):
        raise LedgerError("period_closed", month=month_of(draft.date))
    for posting in draft.postings:
        account, fund = refs.account(posting.account), refs.fund(posting.fund)
        if not account.is_open:
            raise LedgerError("account_closed", code=account.code)
        if not fund.is_open:
            raise LedgerError("fund_closed", code=fund.code)
        if account.type == "expense" and posting.amount > 0 and draft.kind != "reversal":
            check_purpose(
                account.code,
                account.purpose,
                fund.code,
                fund.restricted,
                fund.purposes,
                posting.purpose,
            )
        if posting.party is not None:
            refs.party(posting.party)
        if posting.compound is not None:
            refs.compound(posting.compound)


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
        raise LedgerError(
            "purpose_account_mismatch",
            account=account,
            purpose=purpose,
            expected=account_purpose,
        )
    used = purpose or account_purpose
    if used is None and not restricted:
        return
    if used is None or used not in permitted.split(","):
        raise LedgerError("purpose_not_permitted", fund=fund, purpose=used or "-", permitted=permitted)


def live_key(uow: UnitOfWork, base: str) -> tuple[str, Entry | None]:
    """For one-per-period transfers: the key in force, skipping entries that were reversed.

    Returns the key of the live (not reversed) entry and that entry, or the first free key.
    """
    key, n = base, 1
    while True:
        existing = entry_by_key(uow.session, uow.book_id, key)
        if existing is None or find_reversal(uow.session, existing.id or 0) is None:
            return key, existing
        n += 1
        key = f"{base}~{n}"
