"""The session of ``cfund login``, kept for this operating-system account: one small file per
database and book in the user-data folder, readable by its owner only. It holds the user's name,
the token (the database keeps only its digest) and when it expires. ``cfund login`` writes it
(:mod:`cli.commands.identity`)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Saved:
    user: str
    token: str
    expires: dt.datetime


def path(database: str, book: str) -> Path:
    """Where the session for ``book`` of ``database`` (as the messages name it) is kept."""
    import hashlib  # not at import: OpenSSL is not needed to start every command

    from cli.context import default_folder

    key = hashlib.sha256(f"{database}|{book}".encode()).hexdigest()[:24]
    return default_folder() / "sessions" / f"{key}.json"


def read(database: str, book: str) -> Saved | None:
    """The saved session, if there is one that has not expired."""
    try:
        data = json.loads(path(database, book).read_text(encoding="utf-8"))
        saved = Saved(str(data["user"]), str(data["token"]), dt.datetime.fromisoformat(data["expires"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return saved if saved.expires > dt.datetime.now(dt.UTC) else None


def forget(database: str, book: str) -> None:
    path(database, book).unlink(missing_ok=True)
