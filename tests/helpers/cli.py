"""cfund as a person runs it, in this process (Typer's runner): the one place that turns a test's
book, or a database, and the acting user into a command line's environment."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from typer.testing import CliRunner, Result

from cli.main import app

if TYPE_CHECKING:
    from tests.conftest import BookHandle

runner = CliRunner()


def db_of(where: BookHandle | Path | str) -> str:
    """The ``--db`` of a test's book (its SQLite path or PostgreSQL URL), or a path or URL as given."""
    if isinstance(where, (Path, str)):
        return str(where)
    return str(where.location.sqlite_path) if where.store.is_sqlite else where.location.url


def env_of(
    where: BookHandle | Path | str, user: str = "", lang: str = "en", book: str | None = None
) -> dict[str, str | None]:
    """The environment of a command line on ``where`` as ``user`` (no one when empty), in ``lang``."""
    env: dict[str, str | None] = {"CFUND_DB": db_of(where), "CFUND_USER": user, "CFUND_LANG": lang}
    code = book or getattr(where, "code", None)
    if code:
        env["CFUND_BOOK"] = code
    return env


def cfund(
    where: BookHandle | Path | str,
    *args: str,
    user: str = "",
    lang: str = "en",
    book: str | None = None,
    env: dict[str, str | None] | None = None,
    catch: bool = False,
) -> Result:
    """One command line. An unexpected exception propagates, unless ``catch`` keeps it in the
    result (as the fuzzer wants, to judge it)."""
    return runner.invoke(app, list(args), env=env_of(where, user, lang, book) | (env or {}), catch_exceptions=catch)


class Cli:
    """The CLI runner a test is given (the ``cli`` fixture): ``cli(book, "ledger", "balance",
    user="tina")``, and :meth:`new_database` for a test that begins with ``cfund init``."""

    def __init__(self, folder: Path, template: Path) -> None:
        self.folder, self.template = folder, template

    def __call__(self, where: BookHandle | Path | str, *args: str, **options: object) -> Result:
        return cfund(where, *args, **options)  # type: ignore[arg-type]

    def new_database(self, name: str = "cli.db") -> Path:
        """A SQLite file at the newest schema with no book in it yet (migrated once per session)."""
        path = self.folder / name
        shutil.copy(self.template, path)
        return path
