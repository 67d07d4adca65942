"""The unit of work: one database transaction for one service call, and batches of them.

A service is given a factory (:data:`Work`) and opens its own unit of work with it: entering
opens a session whose transaction starts with ``BEGIN IMMEDIATE`` on SQLite (one writer at a
time, no stale reads) or, on PostgreSQL, locks the book's row ``FOR UPDATE`` so that the writers of
a book take turns: every balance check then sees every committed entry. Leaving rolls back unless
:meth:`UnitOfWork.commit` was called, so an error or Ctrl-C leaves nothing half written.

A :class:`Batch` is one transaction for many service calls (``cfund import steps``): its
:meth:`Batch.step` is the factory each call is given; a step's commit ends the step, its writes
kept for the batch, and the batch commits once at the end, or leaves nothing. Steps may each run
in a savepoint, so that a refused step leaves the others as they were.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from types import TracebackType
from typing import Any

from sqlalchemy import bindparam, event, inspect, text
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session, select

from ledger.errors import NotFound
from ledger.storage.clock import utc_now
from ledger.storage.db_roles import BOUND_SQL
from ledger.storage.engine import Store
from ledger.storage.refs import Refs
from ledger.storage.seals import SEALED, Touched, seal
from ledger.storage.tables import Book

SEALED_SET = frozenset(SEALED)
#: The book's row, locked (built once; SQLAlchemy then only binds the code).
_LOCK = select(Book).where(Book.code == bindparam("code")).with_for_update()  # type: ignore[arg-type]


class UnitOfWork:
    """A write transaction on one book of a store."""

    def __init__(
        self, store: Store, book_code: str, now: dt.datetime | None = None, credentials: tuple[str, ...] = ()
    ) -> None:
        self.store = store
        self.book_code = book_code
        #: The moment the work happens: now, unless a back-fill (the demo) says otherwise.
        self.now = now or utc_now()
        #: What the person at the keyboard offers as proof of who they are: a password, a session
        #: token (checked by :func:`ledger.services.auth.acting_user`).
        self.credentials = credentials
        #: The users proven in this unit of work (a batch proves its user once).
        self.proven: set[int] = set()
        #: On PostgreSQL, the login's own name when it is bound to it (see :mod:`ledger.storage.db_roles`).
        self.bound_user: str | None = None
        #: The rows of sealed tables written so far, sealed at commit (:mod:`ledger.storage.seals`).
        self.touched: Touched = set()
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        self.session = Session(self.store.engine, expire_on_commit=False, autoflush=False)
        event.listen(self.session, "after_flush", self._flushed)
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

    def touch(self, table: str, key: tuple[Any, ...]) -> None:
        """Name a row of a sealed table written other than through an ORM object (a core
        statement), so that the commit seals it."""
        self.touched.add((table, key))

    def _flushed(self, session: Session, _context: Any) -> None:
        changed = (row for row in session.dirty if session.is_modified(row, include_collections=False))
        for row in (*session.new, *changed, *session.deleted):
            name = getattr(getattr(row, "__table__", None), "name", None)
            if name in SEALED_SET:
                self.touch(name, tuple(inspect(row).mapper.primary_key_from_instance(row)))

    def commit(self) -> None:
        """Seal what was written, and commit it with its seals."""
        self.session.flush()
        if self.touched:
            seal(self.session, (self.book_id, self.book_code), self.touched)
        self.session.commit()
        self._committed = True

    def restart(self) -> None:
        """Roll back everything and begin again in a new transaction, the book locked again."""
        self.session.rollback()
        self.touched.clear()
        self.__dict__.pop("refs", None)
        self.book = self._lock_book()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._committed:
            try:
                self.session.rollback()
            except InvalidRequestError:
                # Ctrl-C landed inside SQLAlchemy's commit after the database committed (the
                # session is left 'committed'): nothing to roll back; the interrupt goes on.
                if exc is None:
                    raise
        self.session.close()


#: What a service is given: it opens its own unit of work by calling it.
Work = Callable[[], UnitOfWork]


class Step(UnitOfWork):
    """One service call inside a :class:`Batch`: the batch's transaction, session and book. Its
    :meth:`commit` ends the step (what it wrote is flushed and kept for the batch); with a
    savepoint, a step left uncommitted is undone alone, and the batch goes on."""

    def __init__(self, batch: Batch, savepoint: bool) -> None:
        self.batch, self.savepoint = batch, savepoint
        self._nested: SessionTransaction | None = None
        self._committed = False

    def __getattr__(self, name: str) -> Any:  # the batch's store, session, book, clock and lookups
        return getattr(self.batch.unit, name)

    @property
    def book_id(self) -> int:
        return self.batch.unit.book_id

    @property
    def refs(self) -> Refs:  # type: ignore[override]
        return self.batch.unit.refs

    def __enter__(self) -> Step:
        if self.savepoint:
            self._nested = self.session.begin_nested()
        return self

    def commit(self) -> None:
        self.session.flush()
        if self._nested is not None:
            self._nested.commit()
        self._committed = True

    def restart(self) -> None:
        raise NotImplementedError("a step cannot begin its batch again; Batch.restart can")

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        if self._committed:
            return
        if self._nested is not None:
            self._nested.rollback()
            self.session.expire_all()  # the book's head and the projects as the savepoint left them
        elif exc_type is not None:
            self.batch.spoiled = True  # what the step wrote before it failed is still in the batch


class Batch:
    """One transaction for many service calls, named as such: each call is given :meth:`step` as
    its unit-of-work factory; :meth:`commit` commits them all, leaving without it none."""

    def __init__(self, unit: UnitOfWork) -> None:
        self.unit = unit
        #: Each step in a savepoint of its own (to try every step and list every refusal).
        self.savepoints = False
        #: A step failed outside a savepoint: the batch holds part of it and may not commit.
        self.spoiled = False

    def __enter__(self) -> Batch:
        self.unit.__enter__()
        return self

    def step(self) -> Step:
        return Step(self, self.savepoints)

    def commit(self) -> None:
        if self.spoiled:
            raise RuntimeError("a step of this batch failed part-way: restart the batch, or leave it")
        self.unit.commit()

    def restart(self, *, savepoints: bool) -> None:
        """Undo every step so far and begin again, each step now in a savepoint or not."""
        self.unit.restart()
        self.savepoints, self.spoiled = savepoints, False

    def __exit__(self, *exc_info: object) -> None:
        self.unit.__exit__(None, None, None)  # leaving without a commit rolls the batch back
