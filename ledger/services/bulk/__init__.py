"""The bulk path: many entries in one transaction, set-based.

Imports and generated history go through here instead of one ``post`` per entry. An entry to load
is an :class:`~ledger.domain.entries.Item`: its legs carry codes and fen, the form the hash chain
and the database take, so a million entries are never turned into yuan and back. Every item
passes the same checks as a single post (:class:`ledger.domain.validation.Checks`: every rule,
those that read only the entry's shape once per shape), in order, with the funds carried forward
from one entry to the next; then the same builder as a single post makes its rows and hash
(:class:`ledger.storage.journal.Chain`). While a batch is written on a second thread the next one
is checked and hashed (:mod:`.writer`). Each batch also moves the running balances and the book's
head, so the book is consistent after every batch. Memory is bounded by the batch size; the
caller's unit of work makes the whole load one transaction, so an error or Ctrl-C leaves nothing
half written.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import islice

from ledger.domain.codes import LEDGER_WRITERS
from ledger.domain.entries import Item
from ledger.domain.progress import Count
from ledger.domain.validation import Checks
from ledger.errors import Conflict, InputError
from ledger.services.auth import require
from ledger.services.bulk.writer import Writer
from ledger.services.facts import LoadFacts
from ledger.storage import journal
from ledger.storage.journal import Batch, Chain
from ledger.storage.refs import Refs
from ledger.storage.repository import entries_by_keys
from ledger.storage.uow import UnitOfWork

#: New objects between two runs of the cycle collector during a load.
YOUNG = 50_000


@dataclass
class Loaded:
    """What a load did: entries written, and entries skipped because their key was already there."""

    written: int = 0
    repeated: int = 0
    first_seq: int | None = None
    last_seq: int | None = None


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
    progress: Count | None = None,
    analyze: bool = True,
) -> Loaded:
    """Check and append ``items`` in order as ``actor`` (a ledger writer); the caller commits.
    Items whose key is already in the book with the same digest are skipped (a re-run writes
    nothing); a key reused for different content is a conflict. With ``analyze`` the planner's
    statistics are refreshed afterwards (a book that grew by a million entries needs them)."""
    user = require(uow, actor, LEDGER_WRITERS, action)
    refs = Refs.preloaded(uow)
    checks, done, chain = Checks(LoadFacts(uow, refs)), Loaded(), Chain(uow, user)
    with journal.bulk_cache(uow), Writer() as writer, few_collections():
        refs.before_query = writer.wait
        ready: Batch | None = None
        for chunk in batched(items, batch):
            fresh = _new_items(uow, chunk, done, ready.keys if ready else {})
            ids = chain.reserve(len(fresh))
            if ready:  # the previous batch is written while this one is checked and hashed
                writer.submit(partial(journal.write, uow, ready))
            shapes = [checks(item) for item in fresh]
            following = chain.rows(Batch(len(chunk)), fresh, shapes, ids)
            writer.wait()
            _report(ready, progress)
            ready = following
        if ready:
            journal.write(uow, ready)
            _report(ready, progress)
    if chain.seq >= chain.first_seq:
        done.first_seq, done.last_seq = chain.first_seq, chain.seq
        done.written = chain.seq - chain.first_seq + 1
    if analyze and done.written:
        journal.refresh_statistics(uow)
    return done


@contextmanager
def few_collections() -> Iterator[None]:
    """Python's cycle collector runs every :data:`YOUNG` new objects instead of every 700 for the
    length of a load (or of an import's checks). A load makes millions of short-lived tuples and
    none in a cycle, and the collections took a seventh of the load's main thread (thirty years
    of history: 6.2 s, and 5.2 to 5.5 s with this; 100,000 rows imported: 5.9 s, and 5.2 s)."""
    before = gc.get_threshold()
    gc.set_threshold(YOUNG, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _report(batch: Batch | None, progress: Count | None) -> None:
    if batch and progress:
        progress(batch.items)


def _new_items(uow: UnitOfWork, chunk: list[Item], done: Loaded, pending: dict[str, str | None]) -> list[Item]:
    """Drop items whose key is already in the book, in the batch not yet written (``pending``) or
    earlier in the chunk, with the same content; the same key for other content is a conflict. A
    reversal is refused: it is posted one at a time (``cfund ledger reverse``)."""
    keys = [i.key for i in chunk if i.key]
    found = {key: digest for key, (digest, _) in entries_by_keys(uow, keys).items()}
    found |= {key: pending[key] for key in keys if key in pending}
    fresh = []
    for item in chunk:
        if item.reverses is not None:
            raise InputError("bulk_reversal")
        if item.key and item.key in found:
            if found[item.key] != item.digest:
                raise Conflict("key_conflict", key=item.key)
            done.repeated += 1
            continue
        if item.key:
            found[item.key] = item.digest
        fresh.append(item)
    return fresh
