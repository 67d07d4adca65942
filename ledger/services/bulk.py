"""The bulk path: many entries in one transaction, set-based.

Imports and generated history go through here instead of one ``post`` per entry. Each batch is
checked entry by entry with the same rules as :func:`ledger.services.journal.post` (accounts,
funds, purposes, closed months, fund balances and commitments, idempotency keys), hashed into the
chain in order, and written with one multi-row INSERT for its entries and one for its postings
(:mod:`ledger.services.bulk_rows`); while a batch is written on a second thread the next one is
checked and hashed (:mod:`ledger.services.writer`). Each batch also moves the running balances
and the book's head, so the book is consistent after every batch. Memory is bounded by the batch
size; the caller's unit of work makes the whole load one transaction, so an error or Ctrl-C
leaves nothing half written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import islice
from typing import Any

from sqlalchemy import select, text

from ledger.errors import Conflict, InputError, LedgerError
from ledger.funds import check_fund, fund_balances, fund_commitments, fund_deltas
from ledger.model import ZERO, EntryDraft
from ledger.periods import month_of
from ledger.repository import Refs, entries_by_keys
from ledger.services import bulk_rows
from ledger.services.auth import LEDGER_WRITERS, require
from ledger.services.bulk_rows import Appender, Batch
from ledger.services.journal import check_draft
from ledger.services.writer import Writer
from ledger.tables import Fund, Period
from ledger.uow import UnitOfWork

Progress = Callable[[int], None]
#: SQLite page cache of a bulk load: the journal's indexes stay in memory while they grow.
CACHE_KIB = 131_072


@dataclass(frozen=True, slots=True)
class Item:
    """One entry to load, with its idempotency key and the digest of what it was made from."""

    draft: EntryDraft
    key: str | None = None
    digest: str | None = None


@dataclass
class Loaded:
    """What a load did: entries written, and entries skipped because their key was already there."""

    written: int = 0
    repeated: int = 0
    first_seq: int | None = None
    last_seq: int | None = None


class FundState:
    """Each fund's balance and open commitments, read once under the book lock and carried
    forward entry by entry, so a batch is checked as if its entries were posted one at a time."""

    def __init__(self, uow: UnitOfWork) -> None:
        ids = list(uow.session.execute(select(Fund.id).where(Fund.book_id == uow.book_id)).scalars())
        self.held = fund_balances(uow.session, uow.book_id, ids)
        self.committed = fund_commitments(uow.session, ids)

    def apply(self, draft: EntryDraft, refs: Refs) -> None:
        balance, available = fund_deltas(draft, refs)
        for code in sorted(set(balance) | set(available)):
            fund_id, moved, free = refs.fund(code).id or 0, balance.get(code, ZERO), available.get(code, ZERO)
            check_fund(code, self.held[fund_id], self.committed[fund_id], moved, free)
            self.held[fund_id] += moved
            self.committed[fund_id] += moved - free


def batched(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def load(
    uow: UnitOfWork,
    actor: str | None,
    items: Iterable[Item],
    *,
    action: str = "import",
    batch: int = 2000,
    progress: Progress | None = None,
    analyze: bool = True,
) -> Loaded:
    """Check and append ``items`` in order as ``actor`` (a ledger writer); the caller commits.
    Items whose key is already in the book with the same digest are skipped (a re-run writes
    nothing); a key reused for different content is a conflict. With ``analyze`` the planner's
    statistics are refreshed afterwards (a book that grew by a million entries needs them)."""
    user = require(uow, actor, LEDGER_WRITERS, action)
    if uow.store.is_sqlite:
        uow.session.execute(text(f"PRAGMA cache_size = -{CACHE_KIB}"))
    refs, checks = Refs(uow.session, uow.book_id).preload(), Checks(uow)
    funds, done, journal = FundState(uow), Loaded(), Appender(uow, user, refs)
    with Writer() as writer:
        refs.before_query = writer.wait
        ready: Batch | None = None
        for chunk in batched(items, batch):
            fresh = _new_items(uow, chunk, done, ready.keys if ready else {})
            ids = journal.reserve(len(fresh))
            if ready:  # the previous batch is written while this one is checked and hashed
                writer.submit(partial(bulk_rows.write, uow, ready))
            for item in fresh:
                checks.check(item.draft, refs)
                funds.apply(item.draft, refs)
            following = journal.rows(Batch(len(chunk)), fresh, ids)
            writer.wait()
            _report(ready, progress)
            ready = following
        if ready:
            bulk_rows.write(uow, ready)
            _report(ready, progress)
    if journal.seq >= journal.first_seq:
        done.first_seq, done.last_seq = journal.first_seq, journal.seq
        done.written = journal.seq - journal.first_seq + 1
    if analyze and done.written:
        refresh_statistics(uow)
    return done


def _report(batch: Batch | None, progress: Progress | None) -> None:
    if batch and progress:
        progress(batch.items)


def refresh_statistics(uow: UnitOfWork) -> None:
    """Let the query planner see the journal's new size (without it, SQLite reads a million
    entries through the wrong index)."""
    if uow.store.is_sqlite:
        uow.session.execute(text("PRAGMA analysis_limit = 1000"))
        uow.session.execute(text("ANALYZE"))
    else:
        for table in ("entries", "postings", "balances"):
            uow.session.execute(text(f"ANALYZE {table}"))


class Checks:
    """The rules of :func:`check_draft`, run once per shape of entry (kind, accounts, funds,
    purposes, parties, places, signs); the date rules run for every entry."""

    LIMIT = 100_000

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow, self.seen, self.today = uow, set[tuple[Any, ...]](), dt.date.today()
        self.months = set(uow.session.execute(select(Period.month).where(Period.book_id == uow.book_id)).scalars())

    def check(self, draft: EntryDraft, refs: Refs) -> None:
        """Check ``draft`` (a new shape reads only ``refs``, which waits for the writer before a query)."""
        if draft.reverses is not None:
            raise InputError("bulk_reversal")
        shape = (
            draft.kind,
            *((p.account, p.fund, p.amount > 0, p.purpose, p.party, p.compound) for p in draft.postings),
        )
        if shape not in self.seen:
            check_draft(self.uow, draft, refs, closed=self.months.__contains__)
            self.seen = self.seen if len(self.seen) < self.LIMIT else set()
            self.seen.add(shape)
        elif draft.date > self.today:
            raise InputError("date_future", date=draft.date.isoformat())
        elif self.months and month_of(draft.date) in self.months:
            raise LedgerError("period_closed", month=month_of(draft.date))


def _new_items(uow: UnitOfWork, chunk: list[Item], done: Loaded, pending: dict[str, str | None]) -> list[Item]:
    """Drop items whose key is already in the book, in the batch not yet written (``pending``) or
    earlier in the chunk, with the same content; the same key for other content is a conflict."""
    keys = [i.key for i in chunk if i.key]
    found = {key: digest for key, (digest, _) in entries_by_keys(uow.session, uow.book_id, keys).items()}
    found |= {key: pending[key] for key in keys if key in pending}
    fresh = []
    for item in chunk:
        if item.key and item.key in found:
            if found[item.key] != item.digest:
                raise Conflict("key_conflict", key=item.key)
            done.repeated += 1
            continue
        if item.key:
            found[item.key] = item.digest
        fresh.append(item)
    return fresh
