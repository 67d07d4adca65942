"""``cfund db backup`` takes one consistent snapshot while writers keep posting, and ``cfund db
restore`` puts back only a copy that passes its audit."""

from __future__ import annotations

import multiprocessing as mp
import os
import re
import sqlite3
import stat
import subprocess
import time
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from ledger.storage.engine import open_store
from ledger.storage.location import locate
from tests.conftest import BookHandle, new_book
from tests.helpers.cli import cfund as command_line
from tests.workflows.services.test_audit import database_digest


def cfund(db: Path | str, book: str, *args: str, user: str = "admin") -> Result:
    return command_line(db, *args, user=user, book=book)


def _writer(db: str, book: str, count: int, stop: Any = None, after: int = 0) -> None:
    """Post ``count`` donations, or with ``stop`` (an event) post until it is set and then
    ``after`` more (``count`` stays a cap)."""
    from ledger.services import ledger_ops
    from ledger.storage.uow import UnitOfWork

    store = open_store(locate(db))

    def post(n: int) -> None:
        ledger_ops.donate(partial(UnitOfWork, store, book), "tina", donor="gas", amount=f"{n}.00", fund="community")

    n = 0
    while n < count and not (stop is not None and stop.is_set()):
        n += 1
        post(n)
    for extra in range(n + 1, n + 1 + after):
        post(extra)


def hashes(path: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(path) as conn:
        return list(conn.execute("SELECT seq, hash FROM entries ORDER BY seq"))


@pytest.fixture
def sqlite_book(tmp_path: Path) -> BookHandle:
    return new_book(open_store(locate(str(tmp_path / "live.db")), create=True))


def test_a_backup_taken_while_two_writers_post_is_a_consistent_prefix(sqlite_book: BookHandle, tmp_path: Path) -> None:
    live = sqlite_book.location.sqlite_path
    assert live is not None
    ctx = mp.get_context("spawn")
    # The writers post until the backup is done, then 5 more each: the copy is taken while they
    # write whatever the machine's speed (a fixed count once ran out before a slow backup began).
    stop = ctx.Event()
    writers = [ctx.Process(target=_writer, args=(str(live), sqlite_book.code, 100_000, stop, 5)) for _ in range(2)]
    for w in writers:
        w.start()
    while len(hashes(live)) < 40:  # the writers are well under way
        time.sleep(0.05)
    copy = tmp_path / "copy.db"
    done = cfund(live, sqlite_book.code, "db", "backup", str(copy))
    stop.set()
    for w in writers:
        w.join(120)
    assert done.exit_code == 0, done.stderr
    assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600
    taken, final = hashes(copy), hashes(live)
    assert 40 <= len(taken) <= len(final) - 10, (len(taken), len(final))
    assert taken == final[: len(taken)]  # the copy is the journal as it stood at one moment
    assert cfund(copy, sqlite_book.code, "audit", "verify").exit_code == 0
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert cfund(live, sqlite_book.code, "db", "backup", str(copy)).exit_code == 2  # never overwrites


def test_restore_refuses_a_tampered_copy_and_puts_back_a_good_one(sqlite_book: BookHandle, tmp_path: Path) -> None:
    live = sqlite_book.location.sqlite_path
    assert live is not None
    _writer(str(live), sqlite_book.code, 5)
    good, bad = tmp_path / "good.db", tmp_path / "bad.db"
    assert cfund(live, sqlite_book.code, "db", "backup", str(good)).exit_code == 0
    assert cfund(live, sqlite_book.code, "db", "backup", str(bad)).exit_code == 0
    with sqlite3.connect(bad) as conn:
        conn.execute("DROP TRIGGER postings_no_update")
        conn.execute("UPDATE postings SET amount_fen = amount_fen + 100 WHERE id = (SELECT MIN(id) FROM postings)")
    _writer(str(live), sqlite_book.code, 3)  # the live book moves on: 8 entries
    before = database_digest(live)
    refused = cfund(live, sqlite_book.code, "db", "restore", str(bad))
    assert refused.exit_code == 3 and "not restored" in refused.stderr and database_digest(live) == before
    assert cfund(live, sqlite_book.code, "db", "restore", str(good), user="audrey").exit_code == 4
    assert database_digest(live) == before
    done = cfund(live, sqlite_book.code, "db", "restore", str(good))
    assert done.exit_code == 0, done.stderr
    assert hashes(live) == hashes(good) and len(hashes(live)) == 5
    assert cfund(live, sqlite_book.code, "audit", "verify").exit_code == 0


def test_restore_shows_its_audit_of_the_copy_as_it_goes(
    sqlite_book: BookHandle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live, copy = sqlite_book.location.sqlite_path, tmp_path / "copy.db"
    assert live is not None
    _writer(str(live), sqlite_book.code, 5)
    assert cfund(live, sqlite_book.code, "db", "backup", str(copy)).exit_code == 0
    monkeypatch.setattr("ledger.storage.audit.STEP", 2)  # a step every 2 entries (2,000 in use)
    monkeypatch.setenv("CFUND_PROGRESS", "plain")
    done = cfund(live, sqlite_book.code, "db", "restore", str(copy))
    assert done.exit_code == 0, done.stderr
    assert re.findall(rf"^audit {sqlite_book.code} (\d+)/5$", done.stderr, re.M) == ["2", "4"]


def test_restore_refuses_a_copy_without_this_book(sqlite_book: BookHandle, tmp_path: Path) -> None:
    """An empty database (or another district's) passes its audit, yet would wipe this book."""
    live = sqlite_book.location.sqlite_path
    assert live is not None
    _writer(str(live), sqlite_book.code, 2)
    empty, other = tmp_path / "empty.db", tmp_path / "other.db"
    open_store(locate(str(empty)), create=True).engine.dispose()
    new_book(open_store(locate(str(other)), create=True), prefix="other").store.engine.dispose()
    before = database_digest(live)
    for copy in (empty, other):
        refused = cfund(live, sqlite_book.code, "db", "restore", str(copy))
        assert refused.exit_code == 2 and "would wipe this book" in refused.stderr, refused.stderr
        assert database_digest(live) == before


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_postgres_backup_is_a_pg_dump_archive(book: BookHandle, tmp_path: Path) -> None:
    from tests.ledger.services.test_journal import donate

    donate(book, "12.00")
    dump = tmp_path / "pg.dump"
    done = cfund(book.location.url, book.code, "db", "backup", str(dump))
    assert done.exit_code == 0, done.stderr
    listing = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=True).stdout
    assert "TABLE DATA public entries" in listing and "TRIGGER public postings postings_append_only" in listing
