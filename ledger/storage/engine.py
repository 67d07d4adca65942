"""Opening the database for writing: engines, SQLite pragmas, migrations on first use.

SQLite: WAL, synchronous FULL, foreign keys, busy timeout, and ``BEGIN IMMEDIATE`` for every
write transaction (pysqlite's deferred BEGIN lets two writers read the same balance). PostgreSQL:
psycopg 3 at READ COMMITTED; write units of work lock their book row (see :mod:`ledger.storage.uow`).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError

from ledger.errors import InputError, StorageError
from ledger.storage.location import SCHEMA_HEAD, Location

BUSY_TIMEOUT_MS = 30_000


@dataclass
class Store:
    """An open database: its location and the engine write units of work use."""

    location: Location
    engine: Engine

    @property
    def is_sqlite(self) -> bool:
        return self.location.is_sqlite


def param_mark(connection: Connection) -> str:
    """The driver's parameter mark (``?`` on SQLite, ``%s`` on psycopg), for the bulk path's
    statements given to the driver as they are (``Connection.exec_driver_sql``): their many
    values would cost more in Core's per-value handling than in the database's own work."""
    return "?" if connection.dialect.name == "sqlite" else "%s"


def insert_rows(connection: Connection, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """The rows as the driver takes them, through Core's ``exec_driver_sql``: Core's per-value
    parameter handling costs more than the database's own work. On SQLite a batch is a few
    multi-row ``INSERT ... VALUES`` statements, as many rows each as SQLite's limit on parameters
    allows: the driver binds them all at once, then SQLite inserts them without Python's lock
    (``executemany`` takes the lock back to bind every row, and the thread then waits on the
    checks running beside it; a JSON text read by ``json_each`` costs SQLite half as much again
    to parse)."""
    names, mark = ", ".join(columns), param_mark(connection)
    one = f"({', '.join([mark] * len(columns))})"
    if connection.dialect.name != "sqlite":
        connection.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES {one}", rows)
        return
    limit = connection.connection.dbapi_connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)  # type: ignore[union-attr]
    per = limit // len(columns)
    for start in range(0, len(rows), per):
        part = rows[start : start + per]
        sql = f"INSERT INTO {table} ({names}) VALUES {','.join([one] * len(part))}"
        connection.exec_driver_sql(sql, tuple(chain.from_iterable(part)))


def _sqlite_engine(location: Location, write: bool = True) -> Engine:
    engine = create_engine(location.url, poolclass=None)
    begin = "BEGIN IMMEDIATE" if write else "BEGIN"  # a reader's snapshot does not block writers

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_conn.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=FULL",
            "foreign_keys=ON",
            f"busy_timeout={BUSY_TIMEOUT_MS}",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)

    return engine


def _postgres_engine(location: Location) -> Engine:
    return create_engine(location.url, isolation_level="READ COMMITTED", pool_pre_ping=False)


def make_engine(location: Location, write: bool = True) -> Engine:
    """The engine for a location (no schema check); ``write=False`` gives a reader's engine."""
    return _sqlite_engine(location, write) if location.is_sqlite else _postgres_engine(location)


def open_store(
    location: Location,
    *,
    create: bool = False,
    notify: Callable[[str, dict[str, object]], None] | None = None,
) -> Store:
    """Open (and with ``create`` make) the database, upgrading an old schema with a notice."""
    if location.sqlite_path is not None:
        _prepare_sqlite_file(location, create)
    store = Store(location, make_engine(location))
    try:
        revision = current_revision(store.engine)
    except DBAPIError as exc:
        raise StorageError("db_unreachable", db=location.display, reason=type(exc).__name__) from exc
    if revision is None and not create:
        raise InputError("db_not_initialised", db=location.display)
    if revision != SCHEMA_HEAD:
        upgrade(store)
        if revision is not None and notify:
            notify(
                "db_upgraded",
                {"db": location.display, "old": revision, "new": SCHEMA_HEAD},
            )
    return store


def _prepare_sqlite_file(location: Location, create: bool) -> None:
    path = location.sqlite_path
    assert path is not None
    if path.exists():
        return
    if not create:
        raise InputError("db_missing", db=str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)  # owner-only: the journal holds personal data
    os.close(fd)


def current_revision(engine: Engine) -> str | None:
    """The alembic revision of the database, or None for an empty database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(store: Store, revision: str = "head") -> None:
    """Bring the schema to ``revision``, the newest by default (creates it on an empty database)."""
    from alembic import command
    from alembic.config import Config

    from ledger.storage.migrations import script_location

    config = Config()
    config.set_main_option("script_location", script_location())
    with store.engine.connect() as conn:  # on SQLite the begin hook makes this BEGIN IMMEDIATE
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        conn.commit()
