"""cfund as a person runs it, in this process (Typer's runner): the one place that turns a test's
book, or a database, and the acting user into a command line's environment."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from typer.testing import CliRunner, Result

from cli.main import app
from ledger.services.identity import this_account

if TYPE_CHECKING:
    from tests.conftest import BookHandle

runner = CliRunner()
#: The OS account running the tests: the test books' users are bound to it, so it proves them.
ME = this_account()


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


def installed_cfund() -> str:
    """The ``cfund`` console script of this environment, for tests that run it as a process."""
    found = shutil.which("cfund", path=str(Path(sys.executable).parent)) or shutil.which("cfund")
    assert found, "the cfund console script is not installed"
    return found


class Cli:
    """The CLI runner a test is given (the ``cli`` fixture): ``cli(book, "ledger", "balance",
    user="tina")``, and :meth:`new_database` for a test that begins with ``cfund init``."""

    def __init__(self, folder: Path, template: Path) -> None:
        self.folder, self.template = folder, template

    def __call__(self, where: BookHandle | Path | str, *args: str, **options: object) -> Result:
        return cfund(where, *args, **options)  # type: ignore[arg-type]

    def new_database(self, name: str = "cli.db") -> Path:
        """A SQLite file at the newest schema with no book in it yet (migrated once per session)."""
        return copy_database(self.template, self.folder / name)

    def copy(self, source: Path, name: str = "cli.db") -> Path:
        """A copy of a database a module built once (through the CLI), for one test."""
        return copy_database(source, self.folder / name)


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy of a SQLite database, through its backup API (what is still in the WAL
    comes too)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target
