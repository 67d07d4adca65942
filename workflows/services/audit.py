"""``cfund audit verify`` and ``cfund audit log``: recompute the chain and every invariant of
the ledger and the workflow on a read-only snapshot, and list who did what and when."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from ledger.domain.money import ZERO
from ledger.domain.progress import Progress
from ledger.errors import NotFound
from ledger.storage.audit import (
    FIRST,
    Problem,
    chain_part,
    chain_problems,
    check_part,
    invariant_problems,
    join_parts,
    snapshot,
    sqlite_integrity,
)
from ledger.storage.engine import Store, make_engine
from ledger.storage.location import Location
from ledger.storage.reader import Reader
from ledger.storage.tables import Book, Entry
from workflows.project.stages import SETTLED
from workflows.storage.repository import ProjectMoney, projects_money
from workflows.storage.tables import Project

NO_MONEY = ProjectMoney(ZERO, ZERO, ZERO, ZERO)
#: Books of this many entries or more have their chain checked by two processes.
SPLIT_FROM = 100_000


@dataclass(frozen=True)
class Verification:
    """The outcome of a full check: how many entries, the chain head, and every problem found."""

    entries: int
    head: str
    problems: tuple[Problem, ...]


def verify(
    store: Store, book_code: str, *, split_from: int = SPLIT_FROM, progress: Progress | None = None
) -> Verification:
    """Check the whole book; never writes, and on SQLite does not block writers. The set-based
    checks run on a connection of their own while the chain is recomputed in Python (the
    database does their work outside the GIL); a book of ``split_from`` entries or more has the
    later half of its chain checked by a second process, so that two cores share the hashing.
    ``progress(done, total)`` hears how far the chain check has come."""
    engine = make_engine(store.location, write=False)
    try:
        with Session(snapshot(engine)) as session, ThreadPoolExecutor(max_workers=1) as pool:
            book = session.execute(select(Book).where(Book.code == book_code)).scalar_one_or_none()
            if book is None:
                raise NotFound("book_missing", book=book_code)
            tables = pool.submit(_table_problems, snapshot(engine), book.id or 0)
            chain = _chain(session, book, store.location, split_from, progress)
            return Verification(book.entry_count, book.head_hash, (*chain, *tables.result()))
    finally:
        engine.dispose()


def _chain(
    session: Session, book: Book, location: Location, split_from: int, progress: Progress | None
) -> list[Problem]:
    """The chain check, in one pass or, for a large book on two or more cores, in two halves
    (entries appended after this snapshot are past ``last`` and left out of both)."""
    stmt = select(func.min(Entry.seq), func.max(Entry.seq)).where(Entry.book_id == book.id)
    first, last = session.execute(stmt).one()
    whole = 0 if first is None else last - first + 1
    if first is None or whole < split_from or _cores() < 2:
        return list(chain_problems(session, book, _share(progress, whole, 1)))
    middle = (first + last) // 2
    try:
        procs = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    except OSError:  # no second process here (a sandbox without semaphores): one pass
        return list(chain_problems(session, book, _share(progress, whole, 1)))
    with procs:
        later = procs.submit(check_part, location, book.code, middle, last)
        parts = [chain_part(session, book, FIRST, middle, _share(progress, whole, 2)), later.result()]
    return join_parts(book, parts)


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


def _table_problems(engine: Engine, book_id: int) -> list[Problem]:
    """The checks made by queries: journal invariants, projects, SQLite's integrity check."""
    with Session(engine) as session:
        return [*invariant_problems(session, book_id), *project_problems(session, book_id), *sqlite_integrity(session)]


def project_problems(session: Session, book_id: int) -> Iterator[Problem]:
    """Per project: approved = paid + open + released, payments within the approval, nothing
    left committed once a project is closed (the money of every project in one query)."""
    moneys = projects_money(session, book_id)
    stmt = select(Project.id, Project.seq, Project.stage, Project.approved_fen).where(Project.book_id == book_id)
    for project_id, seq, stage, approved_fen in session.execute(stmt.order_by(Project.seq)):
        money = moneys.get(project_id, NO_MONEY)
        approved = approved_fen or 0
        if money.committed != money.paid + money.open + money.released or min(money.open, money.paid) < 0:
            yield Problem("project_money", None, f"project {seq}: committed is not paid + open + released")
        if money.paid > approved:
            yield Problem("project_overpaid", None, f"project {seq}: paid {money.paid} of {approved} approved")
        if stage in SETTLED and money.open != 0:
            yield Problem("project_open", None, f"project {seq} is {stage} with {money.open} still committed")


def _narrowing(
    user: str | None, kind: str | None, date_from: dt.date | None, date_to: dt.date | None
) -> tuple[dict[str, str], str, str]:
    """Parameters and the conditions on entries and on project events that select at least the
    activity asked for: the user and kind exactly, the dates with a day to spare each side."""
    params, entries, events = {}, "", ""
    for name, value, on_entries, on_events in (
        ("user", user, " AND u.name = :user", " AND u.name = :user"),
        ("kind", kind, " AND e.kind = :kind", " AND 'project_' || v.trigger = :kind"),
        ("after", date_from and date_from - dt.timedelta(days=1), " AND e.created_at >= :after", " AND v.at >= :after"),
        ("before", date_to and date_to + dt.timedelta(days=2), " AND e.created_at < :before", " AND v.at < :before"),
    ):
        if value:
            params[name] = value.isoformat() if isinstance(value, dt.date) else value
            entries, events = entries + on_entries, events + on_events
    return params, entries, events


def activity(
    reader: Reader,
    *,
    user: str | None = None,
    kind: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Who did what and when: ledger entries and project transitions, oldest first. The database
    narrows the rows (a million entries made 500 MB of rows to filter here); the exact test of
    each stays below, the dates in UTC, whatever time zone the server compares in."""
    params, entries, events = _narrowing(user, kind, date_from, date_to)
    rows = reader.rows(
        "SELECT e.created_at, u.name, e.kind, e.seq, NULL, e.memo FROM entries e JOIN users u ON u.id = e.actor_id "
        f"WHERE e.book_id = :book{entries} UNION ALL "
        "SELECT v.at, u.name, 'project_' || v.trigger, x.seq, p.seq, v.note FROM project_events v "
        "JOIN users u ON u.id = v.actor_id JOIN projects p ON p.id = v.project_id "
        f"LEFT JOIN entries x ON x.id = v.entry_id WHERE v.book_id = :book{events}",
        **params,
    )
    out = []
    for at, who, what, entry, project, note in rows:
        when = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(str(at))
        when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
        if (
            (user and who != user)
            or (kind and what != kind)
            or (date_from and when.date() < date_from)
            or (date_to and when.date() > date_to)
        ):
            continue
        out.append(
            {
                "at": when.isoformat(timespec="seconds"),
                "user": who,
                "kind": what,
                "entry": entry,
                "project": project,
                "note": note,
            }
        )
    return sorted(out, key=lambda r: r["at"])
