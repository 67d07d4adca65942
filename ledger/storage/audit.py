"""The audit's hash chain: recompute every entry's hash from its stored content, on a read-only
:class:`Snapshot` of the book.

Each check returns the problems it finds (as bean-check lists every error), in journal order;
the caller reports the first broken entry. Nothing here writes. The chain is checked in an
ordered pass over entries and their postings, read a batch at a time (a server-side cursor on
PostgreSQL), so memory does not grow with the journal; a large journal can be checked as two
runs of entries, in two processes, joined at the seam. The checks made by queries are in
:mod:`ledger.storage.invariants`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from ledger.domain import chain
from ledger.domain.chain import GENESIS, entry_hash
from ledger.domain.progress import PROGRESS_EVERY, Count
from ledger.errors import NotFound
from ledger.storage.engine import make_engine
from ledger.storage.location import Location
from ledger.storage.reader import Reader
from ledger.storage.tables import Account, Book, Compound, Entry, Fund, Party, User


@dataclass(frozen=True)
class Problem:
    """One break: which check, which entry (sequence number, when there is one), what was found."""

    check: str
    entry: int | None
    detail: str


#: Every entry in journal order, one row per posting (postings in the order they were written);
#: an entry without postings still gives one row, with NULL posting columns.
JOURNAL_SQL = (
    "SELECT e.seq, e.date, e.kind, e.memo, e.actor_id, e.created_at, e.idem_key, r.seq, e.prev_hash, e.hash, "
    "p.account_id, p.fund_id, p.amount_fen, p.party_id, p.compound_id, p.purpose, p.project_id "
    "FROM entries e LEFT JOIN entries r ON r.id = e.reverses "
    "LEFT JOIN postings p ON p.entry_id = e.id AND p.book_id = e.book_id "
    "WHERE e.book_id = :book AND e.seq > :after AND e.seq <= :upto ORDER BY e.seq, p.id"
)
STEP = PROGRESS_EVERY  # progress(entries checked) every STEP entries
#: Bounds that take in every entry (seq is a signed 64-bit integer).
FIRST, LAST = -(2**63), 2**63 - 1
SEQ, DATE, KIND, MEMO, ACTOR, CREATED, KEY, REVERSES, PREV, HASH, ACCOUNT = range(11)


class Codes:
    """The book's users, accounts, funds, parties and places by id: the codes an entry's hash
    covers, looked up in memory rather than joined for each of millions of postings."""

    def __init__(self, session: Session, book_id: int) -> None:
        def by_id(column: Any) -> dict[int, str]:
            table = column.class_
            rows = session.execute(select(table.id, column).where(table.book_id == book_id))
            return {row_id: code for row_id, code in rows}

        self.users = by_id(User.name)
        self.accounts, self.funds = by_id(Account.code), by_id(Fund.code)
        self.parties, self.compounds = by_id(Party.code), by_id(Compound.code)
        self._created: tuple[Any, str] = (None, "")

    def leg(self, row: Sequence[Any]) -> list[Any]:
        """A posting as the hash covers it (:meth:`ledger.domain.entries.Posting.leg`), from the posting
        columns of a journal row; a dangling id gives None, which breaks the hash."""
        account, fund, fen, party, place, purpose, project = row[ACCOUNT:]
        return [
            self.accounts.get(account),
            self.funds.get(fund),
            fen,
            self.parties.get(party),
            self.compounds.get(place),
            purpose,
            project,
        ]

    def created(self, value: Any) -> str:
        """The entry's write time as it was hashed (ISO text, UTC when stored without a zone).
        Entries written together share it, so the last one is kept."""
        if value != self._created[0]:
            when = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
            self._created = (value, (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).isoformat())
        return self._created[1]


@dataclass(frozen=True)
class ChainPart:
    """The chain check of a run of entries, and the hashes at its ends, so that runs checked
    apart (in two processes) join into the check of the whole journal."""

    problems: tuple[Problem, ...]
    start: tuple[int, str] | None  # the first entry's seq and previous hash (None: no entries)
    end: str | None  # the last entry's hash
    last: int = 0  # the last entry's seq


def missing(after: int, before: int) -> Problem:
    """Entries ``after + 1`` to ``before - 1`` are not in the journal (deleted, or never came)."""
    first, last = after + 1, before - 1
    detail = f"entry {first} is missing" if first == last else f"entries {first} to {last} are missing"
    return Problem("missing", first, detail)


class Snapshot:
    """One book on a read-only snapshot of the database: on SQLite a deferred read transaction
    (writers are not blocked), on PostgreSQL REPEATABLE READ, read only. :meth:`session` opens
    another session on the same engine (a check run beside the chain, on a thread of its own)."""

    def __init__(self, location: Location, book_code: str) -> None:
        self.location, self.book_code = location, book_code

    def __enter__(self) -> Snapshot:
        self.engine = snapshot(make_engine(self.location, write=False))
        self.main = Session(self.engine)
        self.book = self.main.execute(select(Book).where(Book.code == self.book_code)).scalar_one_or_none()  # type: ignore[arg-type]
        if self.book is None:
            self.close()
            raise NotFound("book_missing", book=self.book_code)
        return self

    def session(self) -> Session:
        return Session(self.engine)

    def seqs(self) -> tuple[int | None, int | None]:
        """The first and last entry numbers of the book (None when it has none)."""
        stmt = select(func.min(Entry.seq), func.max(Entry.seq)).where(Entry.book_id == self.book.id)
        first, last = self.main.execute(stmt).one()
        return first, last

    def close(self) -> None:
        self.main.close()
        self.engine.dispose()

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def chain_problems(snap: Snapshot, progress: Count | None = None) -> list[Problem]:
    """Recompute every entry's hash from its stored content and the previous hash."""
    return join_parts(snap.book, [chain_part(snap, FIRST, LAST, progress)])


def chain_part(snap: Snapshot, after: int, upto: int, progress: Count | None = None) -> ChainPart:
    """Check the entries with ``after < seq <= upto``: each against its stored previous hash
    (the first one is left to :func:`join_parts`) and its content against its own hash.
    ``progress(done)`` hears of the entries checked every ``STEP`` entries."""
    session, book = snap.main, snap.book
    codes, problems = Codes(session, book.id or 0), []
    start: tuple[int, str] | None = None
    previous, seq = None, 0
    for done, rows in enumerate(journal(session, book, after, upto), 1):
        if progress and done % STEP == 0:
            progress(done)
        entry = rows[0]
        start = start or (entry[SEQ], entry[PREV])
        if previous is not None and entry[SEQ] != seq + 1:
            problems.append(missing(seq, entry[SEQ]))  # the break in the links follows from it
        elif previous is not None and entry[PREV] != previous:
            problems.append(Problem("chain", entry[SEQ], "previous hash does not match the entry before it"))
        if entry_hash(entry[PREV], _content(book.code, rows, codes)) != entry[HASH]:
            problems.append(
                Problem("chain", entry[SEQ], "content does not match its hash (edited after it was written)")
            )
        previous, seq = entry[HASH], entry[SEQ]
    return ChainPart(tuple(problems), start, previous, seq)


def join_parts(book: Book, parts: list[ChainPart]) -> list[Problem]:
    """The problems of consecutive parts in journal order, with the link into each part's first
    entry checked, and the book's chain head against the last entry."""
    previous, last, out = GENESIS, 0, []
    for part in parts:
        if part.start is None:
            continue
        seq, prev_hash = part.start
        if seq != last + 1:
            out.append(missing(last, seq))
        elif prev_hash != previous:
            out.append(Problem("chain", seq, "previous hash does not match the entry before it"))
        out += part.problems
        previous, last = part.end or previous, part.last
    if book.head_hash != previous or book.entry_count != last:
        out.append(Problem("chain", None, "the book's chain head is not the last entry's hash"))
    return out


def anchor_problems(snap: Snapshot, head: str, entries: int | None) -> list[Problem]:
    """Whether the chain still holds a head published earlier (in a pack, or a clean verify):
    entry ``entries`` (or, unnamed, any entry) must have that hash. A chain cut short, or an older
    copy put back, no longer has it."""
    book_id = snap.book.id or 0
    if entries is None:
        found = snap.main.execute(select(Entry.seq).where(Entry.book_id == book_id, Entry.hash == head)).first()
        return [] if found else [Problem("anchor", None, f"no entry has the anchored head {head[:12]}…")]
    stored = snap.main.execute(select(Entry.hash).where(Entry.book_id == book_id, Entry.seq == entries)).scalar()
    if stored is None:
        _, last = snap.seqs()
        detail = f"the anchored head is entry {entries}, but the chain ends at entry {last or 0}"
        return [Problem("anchor", None, detail + f": entries {(last or 0) + 1} to {entries} are missing")]
    if stored != head:
        return [Problem("anchor", entries, f"entry {entries} is not the anchored head: rewritten from there or before")]
    return []


def check_part(location: Location, book_code: str, after: int, upto: int) -> ChainPart:
    """:func:`chain_part` on a snapshot of its own (the second process of a large check)."""
    with Snapshot(location, book_code) as snap:
        return chain_part(snap, after, upto)


def snapshot(engine: Engine) -> Engine:
    """On PostgreSQL, every query of a connection reads the same snapshot and nothing can be
    written (SQLite's deferred read transaction already is one snapshot)."""
    if engine.dialect.name == "sqlite":
        return engine
    return engine.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)


def journal(session: Session, book: Book, after: int = FIRST, upto: int = LAST) -> Iterator[list[tuple[Any, ...]]]:
    """The book's entries with ``after < seq <= upto`` in order, each as its rows of
    :data:`JOURNAL_SQL`, read a batch at a time inside the session's transaction."""
    raw = session.connection().connection.dbapi_connection
    reader = Reader(raw, session.get_bind().dialect.name == "postgresql", book.code)
    reader.book_id = book.id or 0
    for _, rows in groupby(reader.stream(JOURNAL_SQL, after=after, upto=upto), key=itemgetter(SEQ)):
        yield list(rows)


def _content(book_code: str, rows: list[tuple[Any, ...]], codes: Codes) -> dict[str, Any]:
    entry = rows[0]
    legs = [codes.leg(row) for row in rows if row[ACCOUNT] is not None]
    date = entry[DATE] if isinstance(entry[DATE], str) else entry[DATE].isoformat()  # SQLite keeps ISO text
    actor, created = codes.users.get(entry[ACTOR]), codes.created(entry[CREATED])
    return chain.stored_content(
        book_code, entry[SEQ], date, entry[KIND], entry[MEMO], actor, created, entry[KEY], entry[REVERSES], legs
    )
