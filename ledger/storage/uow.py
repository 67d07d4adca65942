"""The unit of work: one database transaction for one service call.

Entering opens a session whose transaction starts with ``BEGIN IMMEDIATE`` on SQLite (one writer
at a time, no stale reads) or, on PostgreSQL, locks the book's row ``FOR UPDATE`` so that the
writers of a book take turns: every balance check then sees every committed entry. Leaving rolls
back unless :meth:`commit` was called, so an error or Ctrl-C leaves nothing half written.

Inside :meth:`steps`, many service calls share the one transaction: their ``commit`` only flushes,
and the caller commits them all at the end, or none.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from sqlalchemy import bindparam, text
from sqlmodel import Session, select

from ledger.errors import NotFound
from ledger.storage.db_roles import BOUND_SQL
from ledger.storage.engine import Store
from ledger.storage.refs import Refs
from ledger.storage.tables import Book

#: The book's row, locked (built once; SQLAlchemy then only binds the code).
_LOCK = select(Book).where(Book.code == bindparam("code")).with_for_update()  # type: ignore[arg-type]


def utc_now() -> dt.datetime:
    """The system clock, read here only: units of work and readers take their moment from it."""
    return dt.datetime.now(dt.UTC)


class UnitOfWork:
    """A write transaction on one book of a store."""

    def __init__(self, store: Store, book_code: str, now: dt.datetime | None = None) -> None:
        self.store = store
        self.book_code = book_code
        #: The moment the work happens: now, unless a back-fill (the demo) says otherwise.
        self.now = now or utc_now()
        #: On PostgreSQL, the login's own name when it is bound to it (see :mod:`ledger.storage.db_roles`).
        self.bound_user: str | None = None
        self._committed = False
        self._steps = False

    def __enter__(self) -> UnitOfWork:
        self.session = Session(self.store.engine, expire_on_commit=False, autoflush=False)
        try:
            self.book = self._lock_book()
        except BaseException:
            self.session.close()
            raise
        return self

    def _lock_book(self) -> Book:
        book = self.session.execute(_LOCK, {"code": self.book_code}).scalar_one_or_none()
        if book is None:
            raise NotFound("book_missing", book=self.book_code)
        if not self.store.is_sqlite:
            name, bound = self.session.execute(text(BOUND_SQL)).one()
            self.bound_user = name if bound else None
        return book

    @property
    def today(self) -> dt.date:
        """The work's day where it happens (the local date of :attr:`now`): entries may not be
        dated after it, and a period is over once it has ended before it."""
        return self.now.astimezone().date()

    @property
    def book_id(self) -> int:
        assert self.book.id is not None
        return self.book.id

    @functools.cached_property
    def refs(self) -> Refs:
        """Code -> row lookups, shared by every call in this unit of work."""
        return Refs(self.session, self.book_id)

    @contextmanager
    def steps(self) -> Iterator[None]:
        """Many calls in this one transaction: their :meth:`commit` only flushes (so each sees
        what the one before wrote); the caller commits after, or leaving rolls all back."""
        self._steps = True
        try:
            yield
        finally:
            self._steps = False

    def commit(self) -> None:
        if self._steps:
            self.session.flush()
            return
        self.session.commit()
        self._committed = True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._committed:
            self.session.rollback()
        self.session.close()
