"""``cfund audit verify`` and ``cfund db restore``: recompute the chain and every invariant of the
ledger and the workflow on a read-only snapshot, and put back only a copy that passes."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from ledger.domain.progress import Progress
from ledger.errors import CheckFailed, InputError
from ledger.services.auth import require
from ledger.storage.audit import (
    FIRST,
    Problem,
    Snapshot,
    anchor_problems,
    chain_part,
    chain_problems,
    check_part,
    join_parts,
)
from ledger.storage.backup import book_codes, restore_sqlite
from ledger.storage.engine import Store, open_store
from ledger.storage.location import Location, locate
from ledger.storage.reader import reading
from ledger.storage.uow import Work
from workflows.disclosure.public_journal import public_head
from workflows.storage.audit import table_problems

#: Books of this many entries or more have their chain checked by two processes.
SPLIT_FROM = 100_000
#: A progress bar for each book audited: ``bar(label)`` is entered as the audit runs.
Bars = Callable[[str], AbstractContextManager[Progress]]


@dataclass(frozen=True)
class Verification:
    """The outcome of a full check: how many entries, the chain head, and every problem found."""

    entries: int
    head: str
    problems: tuple[Problem, ...]


def verify(
    store: Store,
    book_code: str,
    *,
    split_from: int = SPLIT_FROM,
    progress: Progress | None = None,
    expect: Anchor | None = None,
) -> Verification:
    """Check the whole book; never writes, and on SQLite does not block writers. The set-based
    checks run on a connection of their own while the chain is recomputed in Python (the
    database does their work outside the GIL); a book of ``split_from`` entries or more has the
    later half of its chain checked by a second process, so that two cores share the hashing.
    ``progress(done, total)`` hears how far the chain check has come. With ``expect``, a head
    published earlier must still be in the chain (:func:`anchor_of`)."""
    with Snapshot(store.location, book_code) as snap, ThreadPoolExecutor(max_workers=1) as pool:
        tables = pool.submit(table_problems, snap)
        chain = _chain(snap, split_from, progress)
        anchored = (
            [*anchor_problems(snap, expect.head, expect.entries), *_public(store, book_code, expect)] if expect else []
        )
        return Verification(snap.book.entry_count, snap.book.head_hash, (*anchored, *chain, *tables.result()))


@dataclass(frozen=True)
class Anchor:
    """A head published earlier, the number of entries it closed (None when not known), and a
    pack's public head (:mod:`workflows.disclosure.public_journal`)."""

    head: str
    entries: int | None = None
    public_head: str | None = None


def _public(store: Store, book_code: str, expect: Anchor) -> list[Problem]:
    """Whether a pack's public journal follows from this book's journal: its head recomputed from
    the first ``entries`` entries (which no later entry changes)."""
    if expect.public_head is None or expect.entries is None:
        return []
    with reading(store.location, book_code) as reader:
        found = public_head(reader, expect.entries)
    if found == expect.public_head:
        return []
    detail = f"the pack's public journal ends at {expect.public_head[:12]}…, this journal gives {found[:12]}…"
    return [Problem("anchor", None, detail)]


_HEAD = re.compile(r"[0-9a-f]{64}")


def anchor_of(value: str) -> Anchor:
    """``--expect``: a chain head as 64 hex digits, or a file that states one: a pack's
    ``disclosure-<period>.json`` (``chain_head``, ``entries``) or the JSON of a clean
    ``audit verify`` (``head``, ``entries``)."""
    text = value.strip()
    if _HEAD.fullmatch(text.lower()):
        return Anchor(text.lower())
    path = Path(text).expanduser()
    try:
        stated = json.loads(path.read_text(encoding="utf-8"))
        head, entries = stated.get("chain_head") or stated["head"], stated.get("entries")
        public = stated.get("public_head")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise InputError("anchor_invalid", value=value) from None
    heads_ok = all(isinstance(h, str) and _HEAD.fullmatch(h) for h in (head, public or head))
    if not heads_ok or not isinstance(entries, int | None):
        raise InputError("anchor_invalid", value=value)
    return Anchor(head, entries, public)


def _chain(snap: Snapshot, split_from: int, progress: Progress | None) -> list[Problem]:
    """The chain check, in one pass or, for a large book on two or more cores, in two halves
    (entries appended after this snapshot are past ``last`` and left out of both)."""
    first, last = snap.seqs()
    whole = 0 if first is None or last is None else last - first + 1
    if first is None or last is None or whole < split_from or _cores() < 2:
        return chain_problems(snap, _share(progress, whole, 1))
    middle = (first + last) // 2
    try:
        procs = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    except OSError:  # no second process here (a sandbox without semaphores): one pass
        return chain_problems(snap, _share(progress, whole, 1))
    with procs:
        later = procs.submit(check_part, snap.location, snap.book_code, middle, last)
        parts = [chain_part(snap, FIRST, middle, _share(progress, whole, 2)), later.result()]
    return join_parts(snap.book, parts)


def _share(progress: Progress | None, whole: int, parts: int) -> Callable[[int], None] | None:
    """Entries checked here as progress through the whole book: when ``parts`` processes check
    equal halves at the same pace, each entry checked here stands for ``parts``."""
    if progress is None:
        return None
    return lambda done: progress(min(done * parts, whole), whole)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def restore(work: Work, actor: str | None, location: Location, book: str, copy: Path, bars: Bars) -> list[str]:
    """Audit every book of ``copy`` (in a scratch file, so the copy itself is never changed),
    then put it in place of the SQLite database at ``location``; a copy that fails its audit is
    refused (exit 3), and one that lacks the current ``book`` too (an empty or another district's
    copy would wipe it). Replacing a database that exists is for admins. Returns the copy's books."""
    target = location.sqlite_path
    if target is None:
        raise InputError("restore_postgres")
    if target.exists():
        with work() as uow:
            require(uow, actor, ("admin",), "db restore")
    if not copy.is_file():
        raise InputError("backup_missing", file=str(copy))
    with tempfile.TemporaryDirectory(prefix="cfund-restore-") as scratch:
        checked = Path(scratch) / "copy.db"
        shutil.copyfile(copy, checked)
        books = _audit_copy(checked, copy, bars)
        if target.exists() and book not in books:
            raise InputError("backup_lacks_book", file=str(copy), book=book, books=", ".join(books) or "-")
        restore_sqlite(checked, target)
    return books


def _audit_copy(path: Path, shown: Path, bars: Bars) -> list[str]:
    try:
        store = open_store(locate(str(path)))
        books = book_codes(store)
    except Exception:  # noqa: BLE001 - anything unreadable is simply not a cfund backup
        raise InputError("backup_unreadable", file=str(shown)) from None
    try:
        for code in books:
            with bars(f"audit {code}") as step:
                problems = verify(store, code, progress=step).problems
            if problems:
                first = problems[0]
                raise CheckFailed("restore_refused", book=code, check=first.check, entry=first.entry or "-")
    finally:
        store.engine.dispose()  # the scratch file is deleted next: no connection may hold it
    return books
