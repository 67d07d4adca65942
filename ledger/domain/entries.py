"""Entries as values: postings and entry drafts, the factory that refuses to build an unbalanced
entry, its exact reversal, and the items the journal writes (legs in fen, the form the hash chain
covers and the database stores).

Values here are plain frozen dataclasses and tuples: no database, no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from ledger.domain.codes import ENTRY_KINDS
from ledger.domain.money import format_amount, to_fen
from ledger.errors import LedgerError


@dataclass(frozen=True, slots=True)
class Posting:
    """One leg of an entry: debit positive, credit negative, in yuan."""

    account: str
    fund: str
    amount: Decimal
    party: str | None = None
    compound: str | None = None
    purpose: str | None = None
    project: int | None = None

    def leg(self) -> Leg:
        """The posting in fen, as the hash chain covers it and the journal writes it."""
        return Leg(self.account, self.fund, to_fen(self.amount), self.party, self.compound, self.purpose, self.project)

    def negated(self) -> Posting:
        return Posting(self.account, self.fund, -self.amount, self.party, self.compound, self.purpose, self.project)


@dataclass(frozen=True, slots=True)
class EntryDraft:
    """A balanced entry not yet in the journal. Build it with :func:`make_entry`."""

    date: dt.date
    kind: str
    memo: str
    postings: tuple[Posting, ...]
    reverses: int | None = None
    meta: dict[str, str] = field(default_factory=dict, compare=False)


def make_entry(
    date: dt.date,
    kind: str,
    memo: str,
    postings: tuple[Posting, ...],
    reverses: int | None = None,
) -> EntryDraft:
    """Build an entry, refusing fewer than two postings or any imbalance, in total or per fund."""
    refuse_malformed(kind, len(postings))
    refuse_unbalanced(memo, ((p.fund, p.amount) for p in postings))
    return EntryDraft(date, kind, memo, tuple(postings), reverses)


def refuse_malformed(kind: str, legs: int) -> None:
    """An entry is of a known kind and has two legs or more."""
    if kind not in ENTRY_KINDS:
        raise LedgerError("entry_kind", kind=kind)
    if legs < 2:
        raise LedgerError("entry_too_few", count=legs)


def refuse_unbalanced(memo: str, legs: Iterable[tuple[str, Any]], shown: Callable[[Any], Decimal] = Decimal) -> None:
    """Refuse legs ``(fund, amount)`` with a zero amount, or that do not sum to zero in total and in
    each fund. Amounts are yuan, or fen for the journal's items, which ``shown`` turns into yuan:
    the error names the total residual, else the first fund (by code) left with one."""
    per_fund: dict[str, Any] = {}
    for fund, amount in legs:
        if not amount:
            raise LedgerError("entry_zero_posting")
        per_fund[fund] = per_fund.get(fund, 0) + amount
    if not any(per_fund.values()):  # balanced entries (all but refused ones) skip the search
        return
    total = sum(per_fund.values())
    if total != 0:
        raise LedgerError("entry_unbalanced", memo=memo, residual=format_amount(shown(total)))
    fund, residual = min((fund, residual) for fund, residual in per_fund.items() if residual != 0)
    raise LedgerError("entry_unbalanced_fund", memo=memo, fund=fund, residual=format_amount(shown(residual)))


def reversing(original_id: int, postings: tuple[Posting, ...], date: dt.date, reason: str) -> EntryDraft:
    """The entry that exactly undoes ``postings`` of entry ``original_id``."""
    return make_entry(date, "reversal", reason, tuple(p.negated() for p in postings), reverses=original_id)


class Leg(NamedTuple):
    """A posting as the journal writes it and the hash chain covers it (:meth:`Posting.leg`):
    codes and the signed amount in fen."""

    account: str
    fund: str
    fen: int
    party: str | None = None
    compound: str | None = None
    purpose: str | None = None
    project: int | None = None


class Item(NamedTuple):
    """One entry to write, single or bulk: its legs in fen, its idempotency key and the digest of
    the request it was made from, and the entry (by id) it reverses. Every item passes the checks
    of :mod:`ledger.domain.validation` before it is written."""

    date: dt.date
    kind: str
    memo: str
    legs: tuple[Leg, ...]
    key: str | None = None
    digest: str | None = None
    reverses: int | None = None

    @classmethod
    def of(cls, draft: EntryDraft, key: str | None = None, digest: str | None = None) -> Item:
        """The item of an entry draft."""
        legs = tuple(p.leg() for p in draft.postings)
        return cls(draft.date, draft.kind, draft.memo, legs, key, digest, draft.reverses)
