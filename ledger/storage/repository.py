"""Queries of the write path: resolve codes, read balances, append entries.

Functions take an open session and a book id and return plain values; only services open and
commit transactions. Entries go in through SQLAlchemy Core (set-based), with the running
balances of each account and fund updated in the same transaction. Statements that load no ORM
object run on the session's connection, which costs half of ``Session.execute`` per statement.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from ledger.domain.chain import entry_content, entry_hash
from ledger.domain.entries import EntryDraft
from ledger.domain.money import ZERO
from ledger.errors import Conflict, NotFound
from ledger.storage.engine import param_mark
from ledger.storage.tables import (
    Account,
    Balance,
    Book,
    Compound,
    Entry,
    Fund,
    Party,
    Period,
    Posting,
    User,
    UserRole,
)

ENTRIES = Entry.__table__  # type: ignore[attr-defined]
POSTINGS = Posting.__table__  # type: ignore[attr-defined]
BALANCES = Balance.__table__  # type: ignore[attr-defined]


@functools.cache
def _by_code(model: Any, column: Any) -> Any:
    """The lookup of one row by its code, built once: SQLAlchemy then only binds the values
    (building the statement anew cost twice as much as running it)."""
    return select(model).where(model.book_id == bindparam("book"), column == bindparam("code"))


@dataclass
class Refs:
    """Code -> row lookups for one book, cached for the life of a unit of work. ``before_query``
    runs before a lookup reads the database (a bulk load waits there for its writer thread)."""

    session: Session
    book_id: int
    before_query: Callable[[], None] | None = None

    def __post_init__(self) -> None:
        self._cache: dict[tuple[Any, ...], Any] = {}

    def _get(self, model: Any, column: Any, code: str, kind: str) -> Any:
        key = (model, code)
        if key not in self._cache:
            if self.before_query:
                self.before_query()
            params = {"book": self.book_id, "code": code}
            row = self.session.execute(_by_code(model, column), params).scalar_one_or_none()
            if row is None:
                raise NotFound(f"{kind}_missing", code=code)
            self._cache[key] = row
        return self._cache[key]

    def preload(self) -> Refs:
        """Read every account, fund, party and compound of the book at once (for bulk work)."""
        for model, column in (
            (Account, Account.code),
            (Fund, Fund.code),
            (Party, Party.code),
            (Compound, Compound.code),
        ):
            rows = self.session.execute(select(model).where(model.book_id == self.book_id)).scalars()
            self._cache.update({(model, getattr(row, column.key)): row for row in rows})
        return self

    def ids(self, posting: Any) -> tuple[int, int, int | None, int | None]:
        """Account, fund, party and compound ids of a posting (each row cached by its code)."""
        party = self.party(posting.party).id if posting.party else None
        place = self.compound(posting.compound).id if posting.compound else None
        return self.account(posting.account).id or 0, self.fund(posting.fund).id or 0, party, place

    def account(self, code: str) -> Account:
        return self._get(Account, Account.code, code, "account")  # type: ignore[no-any-return]

    def fund(self, code: str) -> Fund:
        return self._get(Fund, Fund.code, code, "fund")  # type: ignore[no-any-return]

    def party(self, code: str) -> Party:
        return self._get(Party, Party.code, code, "party")  # type: ignore[no-any-return]

    def compound(self, code: str) -> Compound:
        return self._get(Compound, Compound.code, code, "compound")  # type: ignore[no-any-return]

    def user(self, name: str) -> User:
        return self._get(User, User.name, name, "user")  # type: ignore[no-any-return]

    def roles(self, user_id: int) -> frozenset[str]:
        """The roles a user holds (no service grants roles and then checks them in one unit of work)."""
        return self._memo((UserRole, user_id), lambda: frozenset(roles_of(self.session, user_id)))  # type: ignore[no-any-return]

    def closed(self, month: str) -> bool:
        """Whether ``month`` is closed (closing a period writes no entry after it, in its unit of work)."""
        return self._memo((Period, month), lambda: closed_month(self.session, self.book_id, month))  # type: ignore[no-any-return]

    def _memo(self, key: tuple[Any, ...], load: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]


_ROLES = select(UserRole.role).where(UserRole.user_id == bindparam("user"))  # type: ignore[arg-type]


def roles_of(session: Session, user_id: int) -> set[str]:
    return {r[0] for r in session.connection().execute(_ROLES, {"user": user_id})}


_CLOSED = select(Period.id).where(Period.book_id == bindparam("book"), Period.month == bindparam("month"))  # type: ignore[arg-type]


def closed_month(session: Session, book_id: int, month: str) -> bool:
    return session.connection().execute(_CLOSED, {"book": book_id, "month": month}).first() is not None


def entry_by_key(session: Session, book_id: int, key: str) -> Entry | None:
    stmt = select(Entry).where(Entry.book_id == book_id, Entry.idem_key == key)  # type: ignore[arg-type]
    return session.execute(stmt).scalar_one_or_none()


def entries_by_keys(session: Session, book_id: int, keys: list[str]) -> dict[str, tuple[str | None, int]]:
    """The request digest and entry number of each key already used in the book, in chunks (a
    long import never sends one huge IN list) given to the driver as it is (SQLAlchemy renders an
    expanding IN list anew for each call: 7% of a bulk load)."""
    known: dict[str, tuple[str | None, int]] = {}
    connection = session.connection()
    mark = param_mark(connection)
    for start in range(0, len(keys), 1000):
        chunk = keys[start : start + 1000]
        listed = ", ".join([mark] * len(chunk))
        sql = f"SELECT idem_key, request_digest, seq FROM entries WHERE book_id = {mark} AND idem_key IN ({listed})"
        known |= {key: (digest, seq) for key, digest, seq in connection.exec_driver_sql(sql, (book_id, *chunk))}
    return known


def find_repeat(session: Session, book_id: int, key: str, digest: str | None) -> Entry | None:
    """The entry already recorded under ``key`` for the same request, or None if the key is free;
    a key used for other content is a Conflict."""
    existing = entry_by_key(session, book_id, key)
    if existing is not None and existing.request_digest != digest:
        raise Conflict("key_conflict", key=key, entry=existing.seq)
    return existing


def entry_by_seq(session: Session, book_id: int, seq: int) -> Entry:
    stmt = select(Entry).where(Entry.book_id == book_id, Entry.seq == seq)  # type: ignore[arg-type]
    entry = session.execute(stmt).scalar_one_or_none()
    if entry is None:
        raise NotFound("entry_missing", entry=seq)
    return entry


def find_reversal(session: Session, entry_id: int) -> Entry | None:
    return session.execute(select(Entry).where(Entry.reverses == entry_id)).scalar_one_or_none()  # type: ignore[arg-type]


@dataclass(frozen=True)
class NewEntry:
    """What an appended entry was given: its ids and chain hash."""

    id: int
    seq: int
    hash: str


_NEW_ENTRY = insert(ENTRIES).returning(ENTRIES.c.id)
_NEW_POSTING = insert(POSTINGS)
_BOOKS = Book.__table__  # type: ignore[attr-defined]
_MOVE_HEAD = (
    update(_BOOKS)
    .where(_BOOKS.c.id == bindparam("book"))
    .values(entry_count=bindparam("count"), head_hash=bindparam("head"))
)


def move_head(session: Session, book: Book, seq: int, head: str) -> None:
    """The book's new entry count and chain head, in its row and in the loaded ``book``."""
    session.connection().execute(_MOVE_HEAD, {"book": book.id, "count": seq, "head": head})
    set_committed_value(book, "entry_count", seq)
    set_committed_value(book, "head_hash", head)


def append_entry(
    session: Session,
    book: Book,
    draft: EntryDraft,
    actor: User,
    refs: Refs,
    key: str | None,
    digest: str | None,
    clock: dt.datetime,
) -> NewEntry:
    """Insert one entry and its postings, update balances and the book's chain head."""
    now, seq = clock, book.entry_count + 1
    reverses_seq = None
    if draft.reverses is not None:
        reverses_seq = session.execute(select(Entry.seq).where(Entry.id == draft.reverses)).scalar_one()
    content = entry_content(book.code, seq, draft, actor.name, now, key, reverses_seq)
    own_hash = entry_hash(book.head_hash, content)
    row = {"book_id": book.id, "seq": seq, "date": draft.date, "kind": draft.kind, "memo": draft.memo}
    row |= {"actor_id": actor.id, "created_at": now, "idem_key": key, "request_digest": digest}
    row |= {"reverses": draft.reverses, "prev_hash": book.head_hash, "hash": own_hash}
    entry_id = session.connection().execute(_NEW_ENTRY, row).scalar_one()
    postings = [posting_row(p, refs) for p in draft.postings]
    session.connection().execute(_NEW_POSTING, [{**r, "entry_id": entry_id, "book_id": book.id} for r in postings])
    add_to_balances(session, book.id or 0, postings)
    move_head(session, book, seq, own_hash)
    return NewEntry(entry_id, seq, own_hash)


def posting_row(posting: Any, refs: Refs) -> dict[str, Any]:
    return {
        "account_id": refs.account(posting.account).id,
        "fund_id": refs.fund(posting.fund).id,
        "amount_fen": posting.amount,
        "party_id": refs.party(posting.party).id if posting.party else None,
        "compound_id": refs.compound(posting.compound).id if posting.compound else None,
        "purpose": posting.purpose,
        "project_id": posting.project,
    }


@functools.cache
def _balance_upsert(dialect: str) -> Any:
    """Add to an (account, fund) balance, creating its row if needed (built once per dialect)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert  # type: ignore[assignment]
    stmt = upsert(BALANCES)
    return stmt.on_conflict_do_update(
        index_elements=["account_id", "fund_id"],
        set_={"balance_fen": BALANCES.c.balance_fen + stmt.excluded.balance_fen},
    )


def add_to_balances(session: Session, book_id: int, rows: Iterable[dict[str, Any]]) -> None:
    """Add posting amounts to the running (account, fund) balances, creating rows as needed."""
    deltas: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        deltas[(row["account_id"], row["fund_id"])] += row["amount_fen"]
    values = [
        {"book_id": book_id, "account_id": a, "fund_id": f, "balance_fen": d} for (a, f), d in sorted(deltas.items())
    ]
    if values:
        session.connection().execute(_balance_upsert(session.get_bind().dialect.name), values)


_ADD_POSTED = text(
    "INSERT INTO balances (book_id, account_id, fund_id, balance_fen) "
    "SELECT :book, account_id, fund_id, SUM(amount_fen) FROM postings "
    "WHERE book_id = :book AND entry_id BETWEEN :first AND :last GROUP BY account_id, fund_id "
    "ON CONFLICT (account_id, fund_id) DO UPDATE SET balance_fen = balances.balance_fen + excluded.balance_fen"
)


def add_posted_to_balances(session: Session, book_id: int, first: int, last: int) -> None:
    """Add the postings of the book's entries with ids ``first`` to ``last`` (a bulk batch,
    written under the book lock) to the running balances, summed by the database."""
    session.connection().execute(_ADD_POSTED, {"book": book_id, "first": first, "last": last})


def postings_of(session: Session, entry_id: int) -> tuple[Any, ...]:
    """The postings of an entry as domain values (codes, not ids)."""
    from ledger.domain.entries import Posting as PostingValue

    stmt = (
        select(
            Account.code,
            Fund.code,
            POSTINGS.c.amount_fen,
            Party.code,
            Compound.code,
            POSTINGS.c.purpose,
            POSTINGS.c.project_id,
        )
        .select_from(POSTINGS)
        .join(Account, Account.id == POSTINGS.c.account_id)  # type: ignore[arg-type]
        .join(Fund, Fund.id == POSTINGS.c.fund_id)  # type: ignore[arg-type]
        .outerjoin(Party, Party.id == POSTINGS.c.party_id)  # type: ignore[arg-type]
        .outerjoin(Compound, Compound.id == POSTINGS.c.compound_id)  # type: ignore[arg-type]
        .where(POSTINGS.c.entry_id == entry_id)
        .order_by(POSTINGS.c.id)
    )
    return tuple(PostingValue(*row) for row in session.execute(stmt))


def keys_with_prefix(session: Session, book_id: int, prefix: str) -> list[Entry]:
    """Entries whose idempotency key starts with ``prefix`` (rule transfers of one party)."""
    stmt = select(Entry).where(Entry.book_id == book_id, Entry.idem_key.startswith(prefix))  # type: ignore[arg-type,union-attr]
    return list(session.execute(stmt).scalars())
