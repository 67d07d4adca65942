"""Backups: a consistent copy taken while writers keep working, and a restore that only ever
puts back a copy that passed its audit.

SQLite uses its online backup API: the copy is one snapshot of the database, whatever the
writers do meanwhile (WAL mode lets them go on). It is written to a temporary file beside
``FILE``, created exclusively and readable by its owner only, and renamed when complete.
PostgreSQL is backed up with ``pg_dump`` (one snapshot by design) in its custom format;
restoring one is ``pg_restore`` into a new database, audited there with ``cfund --db <that
database> audit verify`` before anyone points cfund at it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import text

from ledger.data.files import replaced
from ledger.errors import InputError, SystemProblem
from ledger.storage.engine import Store
from ledger.storage.location import Location

PAGES_PER_STEP = 1024


def backup(location: Location, dest: Path) -> Path:
    """Copy the database at ``location`` to ``dest`` (which must not exist yet)."""
    if dest.exists():
        raise InputError("backup_exists", file=str(dest))
    if not dest.parent.is_dir():
        raise InputError("backup_folder", folder=str(dest.parent))
    with replaced(dest, private=True) as partial:  # created exclusively, owner-only: never a planted link
        if location.sqlite_path is not None:
            _sqlite_copy(location.sqlite_path, partial)
        else:
            _pg_dump(location.url, partial)
    return dest


def _sqlite_copy(source: Path, target: Path) -> None:
    if not source.is_file():
        raise InputError("db_missing", db=str(source))
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst, pages=PAGES_PER_STEP)
        dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
    finally:
        dst.close()
        src.close()


def _pg_dump(url: str, target: Path) -> None:
    tool = shutil.which("pg_dump")
    if tool is None:
        raise SystemProblem("pg_dump_missing")
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    done = subprocess.run([tool, "--format=custom", f"--file={target}", plain], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemProblem("pg_dump_failed", reason=done.stderr.strip().splitlines()[-1:] or "?")


def book_codes(store: Store) -> list[str]:
    """The books a database holds."""
    with store.engine.connect() as conn:
        return [code for (code,) in conn.execute(text("SELECT code FROM books ORDER BY code"))]


def restore_sqlite(copy: Path, target: Path) -> None:
    """Put ``copy`` (already audited) in place of ``target``, through the backup API so that a
    database in WAL mode is replaced whole, under its write lock."""
    src = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    if not target.exists():
        os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst, pages=PAGES_PER_STEP)
        dst.execute("PRAGMA journal_mode=WAL")
    finally:
        dst.close()
        src.close()
