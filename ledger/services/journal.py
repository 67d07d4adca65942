"""Posting to the journal: the one way a single entry is written, with every check.

``post`` is used by every ledger service (donations, rule transfers, expenses, reversals, a
month's closing) and by the workflow's steps: it recognises a repeated key, runs every rule of
:mod:`ledger.domain.validation` on the entry, and writes it through the same row builder as a bulk
load (:mod:`ledger.storage.journal`), in the caller's unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ledger.domain import validation
from ledger.domain.chain import request_digest
from ledger.domain.entries import EntryDraft, Item
from ledger.domain.money import ZERO
from ledger.services.facts import BookFacts
from ledger.storage import journal
from ledger.storage.repository import entry_by_key, find_repeat, find_reversal, seq_of
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
    #: The donation receipt issued with it (``ledger donate --receipt``), by its number.
    receipt: str | None = None


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
        existing = find_repeat(uow, key, digest)
        if existing is not None:
            reversal = find_reversal(uow, existing.id or 0)
            return PostResult(
                existing.seq, id=existing.id, already=True, reversed_by=reversal.seq if reversal else None
            )
    item = Item.of(draft, key, digest)
    shape = validation.check(item, BookFacts(uow))
    reversed_seq = seq_of(uow, draft.reverses) if draft.reverses is not None else None
    written = journal.append(uow, actor, item, shape, reversed_seq)
    amount = sum((p.amount for p in draft.postings if p.amount > 0), ZERO)
    return PostResult(written.seq, id=written.entries[0][0], amount=amount)


def live_key(uow: UnitOfWork, base: str) -> tuple[str, Entry | None]:
    """For one-per-period transfers: the key in force, skipping entries that were reversed.

    Returns the key of the live (not reversed) entry and that entry, or the first free key.
    """
    key, n = base, 1
    while True:
        existing = entry_by_key(uow, key)
        if existing is None or find_reversal(uow, existing.id or 0) is None:
            return key, existing
        n += 1
        key = f"{base}~{n}"
