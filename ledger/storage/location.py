"""Where the database is: turn ``--db`` / ``CFUND_DB`` into a SQLAlchemy URL (no heavy imports).

A plain path (or nothing, for the platform user-data directory) is SQLite; ``postgresql://`` and
``postgresql+psycopg://`` URLs are PostgreSQL through psycopg 3.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: The newest migration; a database at another revision is upgraded on first use.
SCHEMA_HEAD = "0014"


@dataclass(frozen=True)
class Location:
    """A resolved database location."""

    url: str
    sqlite_path: Path | None

    @property
    def is_sqlite(self) -> bool:
        return self.sqlite_path is not None

    @property
    def display(self) -> str:
        """For messages: the path, or the URL without any password."""
        if self.sqlite_path is not None:
            return str(self.sqlite_path)
        head, sep, tail = self.url.partition("@")
        if sep and ":" in head.split("//", 1)[-1]:
            scheme, _, creds = head.partition("//")
            return f"{scheme}//{creds.split(':', 1)[0]}:***@{tail}"
        return self.url

    @property
    def dbapi_url(self) -> str:
        """The URL as psycopg itself takes it."""
        return self.url.replace("postgresql+psycopg://", "postgresql://", 1)


def default_db_path() -> Path:
    """The embedded default: ``cfund.db`` in the platform user-data directory."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("cfund", appauthor=False)) / "cfund.db"


def locate(db: str | None) -> Location:
    """Resolve ``--db``: None -> default SQLite file; a URL -> PostgreSQL; else a SQLite path."""
    if db and db.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        rest = db.split("://", 1)[1]
        return Location(f"postgresql+psycopg://{rest}", None)
    if db and db.startswith("sqlite:///"):
        db = db[len("sqlite:///") :]
    path = Path(db).expanduser().resolve() if db else default_db_path()
    return Location(f"sqlite:///{path}", path)
