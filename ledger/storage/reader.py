"""The read path: a plain DB-API connection that never takes the write lock.

Reports and lists run here, without SQLAlchemy, so that read commands start fast. On SQLite
the connection is ``query_only`` and reads inside one deferred transaction (a WAL snapshot,
not blocking writers); on PostgreSQL a READ ONLY, REPEATABLE READ transaction gives one
consistent snapshot. SQL is written with ``:name`` parameters and translated for psycopg.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from ledger.errors import InputError, NotFound, StorageError
from ledger.storage.clock import utc_now
from ledger.storage.location import SCHEMA_HEAD, Location

_PARAM = re.compile(r"(?<!:):([a-z_][a-z0-9_]*)")
#: Rows fetched per round trip by :meth:`Reader.stream`.
STREAM_BATCH = 2000
_cursor_names = itertools.count(1)
Notify = Callable[[str, dict[str, object]], None]


def listed(codes: Iterable[str]) -> str:
    """Constant codes (account codes, types, kinds from :mod:`ledger.domain.codes`) as a SQL list:
    ``'asset', 'liability'``."""
    return ", ".join(f"'{code}'" for code in codes)


class Reader:
    """An open read transaction on one book."""

    def __init__(self, conn: Any, postgres: bool, book_code: str) -> None:
        self._conn = conn
        self._postgres = postgres
        self.book_code = book_code
        self.book_id = 0
        #: The moment of the read (overdue days are counted to it).
        self.now = utc_now()
        #: Set once the connection is closed: a stream left unfinished (output cut off by
        #: ``| head``) has nothing left to close.
        self.closed = False

    def rows(self, sql: str, **params: Any) -> list[tuple[Any, ...]]:
        """Run a query; ``book`` is always bound to the current book's id."""
        sql = self._prepare(sql, params)
        cursor = self._conn.cursor()
        try:
            cursor.execute(sql, params)
            return [tuple(r) for r in cursor.fetchall()]
        finally:
            cursor.close()

    def stream(self, sql: str, **params: Any) -> Iterator[tuple[Any, ...]]:
        """Like :meth:`rows`, but yields rows a batch at a time, so memory stays bounded.

        PostgreSQL reads through a server-side (named) cursor; SQLite steps its cursor with
        ``fetchmany``. The cursor is closed when the generator finishes or is closed.
        """
        sql = self._prepare(sql, params)
        if self._postgres:
            cursor = self._conn.cursor(name=f"cfund_stream_{next(_cursor_names)}")
            cursor.itersize = STREAM_BATCH
        else:
            cursor = self._conn.cursor()
        try:
            cursor.execute(sql, params)
            while batch := cursor.fetchmany(STREAM_BATCH):
                for row in batch:
                    yield tuple(row)
        finally:
            if not self.closed:
                cursor.close()

    def _prepare(self, sql: str, params: dict[str, Any]) -> str:
        """Bind ``book`` to the current book's id; translate ``:name`` for psycopg."""
        params.setdefault("book", self.book_id)
        return _PARAM.sub(r"%(\1)s", sql) if self._postgres else sql

    def use_book(self, code: str) -> None:
        """Read another book of the same database from now on, in the same snapshot."""
        self.book_code = code
        self._bind_book()

    def _bind_book(self) -> None:
        found = self.rows("SELECT id FROM books WHERE code = :code", code=self.book_code)
        if not found:
            raise NotFound("book_missing", book=self.book_code)
        self.book_id = int(found[0][0])


def _connect(location: Location) -> Any:
    if location.sqlite_path is None:
        import psycopg

        try:
            conn = psycopg.connect(location.dbapi_url)
        except psycopg.Error as exc:
            raise StorageError("db_unreachable", db=location.display, reason=type(exc).__name__) from exc
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return conn
    if not location.sqlite_path.exists():
        raise InputError("db_missing", db=str(location.sqlite_path))
    lite = sqlite3.connect(location.sqlite_path, isolation_level=None)
    lite.execute("PRAGMA query_only = ON")
    lite.execute("PRAGMA busy_timeout = 30000")
    lite.execute("BEGIN")
    return lite


def _revision(conn: Any, postgres: bool) -> str | None:
    table_sql = (
        "SELECT 1 WHERE to_regclass('alembic_version') IS NOT NULL"
        if postgres
        else "SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'"
    )
    cursor = conn.cursor()
    try:
        cursor.execute(table_sql)
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT version_num FROM alembic_version")
        row = cursor.fetchone()
        return None if row is None else str(row[0])
    finally:
        cursor.close()


@contextmanager
def reading(location: Location, book_code: str, notify: Notify | None = None) -> Iterator[Reader]:
    """A read transaction on ``book_code``; an old schema is first upgraded (with a notice)."""
    conn = _connect(location)
    try:
        revision = _revision(conn, location.sqlite_path is None)
        if revision != SCHEMA_HEAD:
            conn.close()
            if revision is None:
                raise InputError("db_not_initialised", db=location.display)
            from ledger.storage.engine import open_store

            open_store(location, notify=notify).engine.dispose()
            conn = _connect(location)
        reader = Reader(conn, location.sqlite_path is None, book_code)
        reader._bind_book()
        try:
            yield reader
        finally:
            reader.closed = True
    finally:
        conn.close()
