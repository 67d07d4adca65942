"""Domain values of the journal: postings and entry drafts, the factory that refuses to build
an unbalanced entry, and the items of a bulk load (legs in fen, checked as the factory checks).

Values here are plain frozen dataclasses: no database, no I/O. Long work reports its progress
through :data:`Progress` (a :class:`Tally` adds up counts for it).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from ledger.domain.money import format_amount, from_fen, to_fen
from ledger.errors import InputError, LedgerError

#: How long work reports how far it has come: ``progress(done, total)``.
Progress = Callable[[int, int], None]
#: Reads of the whole journal (audit, exports) report their progress every this many entries.
PROGRESS_EVERY = 2_000


class Tally:
    """Counts reported as they come (a batch of entries written) passed on as ``progress(done,
    total)``; :meth:`settle` changes the total once it is known."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.done, self.total = progress, 0, total

    def __call__(self, count: int) -> None:
        self.done += count
        if self.progress:
            self.progress(self.done, self.total)

    def settle(self, total: int) -> None:
        """A new total, shown at once (a bar that will end sooner than first thought)."""
        if total != self.total:
            self.total = total
            self(0)


ACCOUNT_TYPES = ("asset", "liability", "net_assets", "income", "expense", "memo")
#: Account types whose balance makes up a fund's balance (net resources of the fund).
FUND_BALANCE_TYPES = ("asset", "liability")
#: The memo account holding a fund's open commitments (grants approved, not yet paid or released).
OPEN_COMMITMENTS = "9101"
ENTRY_KINDS = (
    "donation",
    "profit_share",
    "surplus_feedback",
    "commitment",
    "release",
    "disbursement",
    "expense",
    "reversal",
    "adjustment",
    "closing",
)
ROLES = (
    "admin",
    "resident",
    "community",
    "organisation",
    "reviewer",
    "evaluator",
    "treasurer",
    "auditor",
)
PARTY_KINDS = ("company", "operation", "donor", "merchant", "organisation", "platform", "government", "individual")
COMPOUND_KINDS = ("compound", "courtyard", "building")
ZERO = Decimal("0.00")


#: Bidirectional controls: "捐赠\u202e00.0001" displays as a different amount than it holds.
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def unsafe_char(char: str) -> bool:
    """A character no stored text may hold: C0 and C1 controls, DEL, line and paragraph
    separators, bidirectional controls (each can make text on a screen say what it does not)."""
    return unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI


def clean_text(value: str | None, field: str, *, limit: int = 500, required: bool = True) -> str:
    """Trimmed user text; refuses empty (when required), too long, or unsafe characters."""
    text = (value or "").strip()
    if (required and not text) or len(text) > limit or any(map(unsafe_char, text)):
        raise InputError("text_invalid", field=field, limit=limit)
    return text


#: The largest number a BIGINT id holds.
MAX_ID = 2**63 - 1


def parse_number(value: str, field: str) -> int:
    """A project or entry number as typed: ASCII digits only (not ``1_0`` nor full-width digits),
    from 1 to the largest BIGINT, refused before any database sees it."""
    digits = str(value).strip().removeprefix("+")
    if not (digits.isascii() and digits.isdigit()) or not digits.strip("0"):
        raise InputError("number_invalid", field=field, value=str(value))
    if len(digits.lstrip("0")) > len(str(MAX_ID)) or int(digits) > MAX_ID:
        raise InputError("number_too_large", field=field, value=str(value), max=MAX_ID)
    return int(digits)


def optional_text(value: str | None, field: str, *, limit: int = 500) -> str | None:
    """An optional option: absent is None; given, even as "", it must be real text."""
    return None if value is None else clean_text(value, field, limit=limit)


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
        """The posting in fen, as the hash chain covers it and a bulk load carries it."""
        return Leg(self.account, self.fund, to_fen(self.amount), self.party, self.compound, self.purpose, self.project)

    def negated(self) -> Posting:
        return Posting(
            self.account,
            self.fund,
            -self.amount,
            self.party,
            self.compound,
            self.purpose,
            self.project,
        )


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
    if kind not in ENTRY_KINDS:
        raise LedgerError("entry_kind", kind=kind)
    if len(postings) < 2:
        raise LedgerError("entry_too_few", count=len(postings))
    per_fund: dict[str, Decimal] = {}
    for posting in postings:
        if posting.amount == 0:
            raise LedgerError("entry_zero_posting")
        per_fund[posting.fund] = per_fund.get(posting.fund, ZERO) + posting.amount
    if any(per_fund.values()):  # balanced entries (all but refused ones) skip the error's search
        _refuse_imbalance(memo, per_fund)
    return EntryDraft(date, kind, memo, tuple(postings), reverses)


def _refuse_imbalance(memo: str, per_fund: dict[str, Decimal]) -> None:
    """The error for an entry whose funds do not each sum to zero: the total residual, else the
    first fund (by code) left with one."""
    total = sum(per_fund.values(), ZERO)
    if total != 0:
        raise LedgerError("entry_unbalanced", memo=memo, residual=format_amount(total))
    fund, residual = min((fund, residual) for fund, residual in per_fund.items() if residual != 0)
    raise LedgerError("entry_unbalanced_fund", memo=memo, fund=fund, residual=format_amount(residual))


def reversal_of(original_id: int, postings: tuple[Posting, ...], date: dt.date, reason: str) -> EntryDraft:
    """The entry that exactly undoes ``postings`` of entry ``original_id``."""
    return make_entry(
        date,
        "reversal",
        reason,
        tuple(p.negated() for p in postings),
        reverses=original_id,
    )


class Leg(NamedTuple):
    """A posting as the bulk path carries it and the hash chain covers it (:meth:`Posting.leg`):
    codes and the signed amount in fen."""

    account: str
    fund: str
    fen: int
    party: str | None = None
    compound: str | None = None
    purpose: str | None = None
    project: int | None = None


class Item(NamedTuple):
    """One entry to load, with its idempotency key and the digest of what it was made from. The
    load checks it as :func:`ledger.domain.entries.make_entry` would: balanced in each fund, no zero leg."""

    date: dt.date
    kind: str
    memo: str
    legs: tuple[Leg, ...]
    key: str | None = None
    digest: str | None = None

    @classmethod
    def of(cls, draft: EntryDraft, key: str | None = None, digest: str | None = None) -> Item:
        """The item of an entry draft (a bulk load holds no reversal)."""
        if draft.reverses is not None:
            raise InputError("bulk_reversal")
        return cls(draft.date, draft.kind, draft.memo, tuple(p.leg() for p in draft.postings), key, digest)

    def draft(self) -> EntryDraft:
        """The entry as the one-at-a-time rules take it; refuses it as they do when it is unbalanced."""
        postings = tuple(
            Posting(g.account, g.fund, from_fen(g.fen), g.party, g.compound, g.purpose, g.project) for g in self.legs
        )
        return make_entry(self.date, self.kind, self.memo, postings)
