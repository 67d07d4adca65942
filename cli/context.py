"""What every command needs: the settings from global options, and lazy access to storage.

Storage modules (SQLAlchemy, alembic) are imported only when a command writes, so ``--help``
and read commands start fast.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from cli import render, session
from cli.text.messages import t
from ledger.storage.location import Location, locate

if TYPE_CHECKING:
    from ledger.storage.engine import Store
    from ledger.storage.reader import Reader
    from ledger.storage.uow import UnitOfWork

DEFAULT_BOOK = "main"


@dataclass
class Settings:
    """Global options, resolved from flags and environment variables."""

    db: str | None
    book: str
    #: The user named by ``--as`` or ``CFUND_USER`` (a claim; the services ask for proof).
    claimed: str | None
    lang: str
    _store: Any = field(default=None, repr=False)

    @property
    def location(self) -> Location:
        return locate(self.db)

    @functools.cached_property
    def saved_session(self) -> session.Saved | None:
        """This account's ``cfund login`` session for the book, if any is still valid (the file
        read once per command, however often the proof is asked for)."""
        return session.read(self.location.display, self.book)

    @property
    def actor(self) -> str | None:
        """Who acts: the user named, or else the one logged in."""
        if self.claimed:
            return self.claimed
        saved = self.saved_session
        return saved.user if saved else None

    @property
    def credentials(self) -> tuple[str, ...]:
        """What is offered as proof: ``CFUND_PASSWORD`` and the saved session's token."""
        offered = [os.environ.get("CFUND_PASSWORD", "")]
        saved = self.saved_session
        offered += [saved.token] if saved else []
        return tuple(c for c in offered if c)

    def notify(self, key: str, fields: dict[str, object]) -> None:
        render.note(t(key, self.lang, **fields))

    def store(self, *, create: bool = False) -> Store:
        if self._store is None:
            from ledger.storage.engine import open_store

            self._store = open_store(self.location, create=create, notify=self.notify)
        return self._store  # type: ignore[no-any-return]

    def fresh_store(self, path: Path) -> Store:
        """A new SQLite database at ``path``, replacing any there (the demo's): from now on this
        command's database."""

        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        self.db, self._store = str(path), None
        return self.store(create=True)

    def close_store(self) -> None:
        """Let go of the database's connections (a demo's is read afresh afterwards)."""
        if self._store is not None:
            self._store.engine.dispose()
            self._store = None

    def uow(self) -> UnitOfWork:
        from ledger.storage.uow import UnitOfWork

        return UnitOfWork(self.store(), self.book, credentials=self.credentials)

    @contextmanager
    def reading(self) -> Iterator[Reader]:
        from ledger.storage.reader import reading

        with reading(self.location, self.book, self.notify) as reader:
            yield reader


def default_folder() -> Path:
    """The platform user-data directory, where the default database lives."""
    from ledger.storage.location import default_db_path

    return default_db_path().parent


def settings(ctx: typer.Context) -> Settings:
    """The settings the root callback stored."""
    obj = ctx.find_root().obj
    assert isinstance(obj, Settings)
    return obj
