"""``cfund audit verify`` and ``cfund audit log``: recompute the chain and every invariant of
the ledger and the workflow on a read-only snapshot, and list who did what and when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from ledger.audit import Problem, chain_problems, invariant_problems, sqlite_integrity
from ledger.db import Store, make_engine
from ledger.errors import NotFound
from ledger.reader import Reader
from ledger.tables import Book
from workflows.repository import project_money
from workflows.tables import Project

CLOSED = ("evaluated", "disclosed", "rejected", "cancelled")


@dataclass(frozen=True)
class Verification:
    """The outcome of a full check: how many entries, the chain head, and every problem found."""

    entries: int
    head: str
    problems: tuple[Problem, ...]


def verify(store: Store, book_code: str) -> Verification:
    """Check the whole book; never writes, and on SQLite does not block writers."""
    engine = make_engine(store.location, write=False)
    try:
        with Session(engine) as session:
            book = session.execute(select(Book).where(Book.code == book_code)).scalar_one_or_none()
            if book is None:
                raise NotFound("book_missing", book=book_code)
            problems = [
                *chain_problems(session, book),
                *invariant_problems(session, book.id or 0),
                *project_problems(session, book.id or 0),
                *sqlite_integrity(session),
            ]
            return Verification(book.entry_count, book.head_hash, tuple(problems))
    finally:
        engine.dispose()


def project_problems(session: Session, book_id: int) -> Iterator[Problem]:
    """Per project: approved = paid + open + released, payments within the approval, nothing
    left committed once a project is closed."""
    rows = session.execute(select(Project).where(Project.book_id == book_id).order_by(Project.seq)).scalars()
    for row in rows:
        money = project_money(session, row.id or 0)
        approved = row.approved_fen or 0
        if money.committed != money.paid + money.open + money.released or min(money.open, money.paid) < 0:
            yield Problem("project_money", None, f"project {row.seq}: committed is not paid + open + released")
        if money.paid > approved:
            yield Problem("project_overpaid", None, f"project {row.seq}: paid {money.paid} of {approved} approved")
        if row.stage in CLOSED and money.open != 0:
            yield Problem("project_open", None, f"project {row.seq} is {row.stage} with {money.open} still committed")


def activity(
    reader: Reader,
    *,
    user: str | None = None,
    kind: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Who did what and when: ledger entries and project transitions, oldest first."""
    rows = reader.rows(
        "SELECT e.created_at, u.name, e.kind, e.seq, NULL, e.memo FROM entries e JOIN users u ON u.id = e.actor_id "
        "WHERE e.book_id = :book UNION ALL "
        "SELECT v.at, u.name, 'project_' || v.trigger, x.seq, p.seq, v.note FROM project_events v "
        "JOIN users u ON u.id = v.actor_id JOIN projects p ON p.id = v.project_id "
        "LEFT JOIN entries x ON x.id = v.entry_id WHERE v.book_id = :book"
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
