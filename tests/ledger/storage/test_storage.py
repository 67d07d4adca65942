"""Storage: append-only triggers, SQLite settings, migrations and upgrade on first use."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from ledger.errors import InputError
from ledger.services import ledger_ops
from ledger.storage.engine import Store, make_engine, open_store, upgrade
from ledger.storage.identity import os_account
from ledger.storage.location import SCHEMA_HEAD, locate
from tests.conftest import BookHandle


def _donate(book: BookHandle) -> None:
    ledger_ops.donate(book.uow, "tina", donor="gas", amount="100.00", fund="community", date="2025-05-05")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE postings SET amount_fen = amount_fen + 1",
        "DELETE FROM postings",
        "UPDATE entries SET memo = 'edited'",
        "DELETE FROM entries",
    ],
)
def test_raw_updates_and_deletes_of_the_journal_fail_in_the_database(book: BookHandle, sql: str) -> None:
    _donate(book)
    with book.store.engine.connect() as conn, pytest.raises(Exception, match="append-only"):
        conn.execute(text(sql))
    with book.store.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM postings")).scalar() >= 2


@pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_truncate_fails_on_postgres(book: BookHandle) -> None:
    _donate(book)
    with book.store.engine.connect() as conn, pytest.raises(Exception, match="append-only"):
        conn.execute(text("TRUNCATE postings CASCADE"))


def test_the_database_refuses_an_entry_in_a_closed_month(book: BookHandle) -> None:
    _donate(book)
    ledger_ops.close_period(book.uow, "tina", month="2025-05")
    with book.store.engine.connect() as conn, pytest.raises(Exception, match="period closed"):
        conn.execute(
            text(
                "INSERT INTO entries (book_id, seq, date, kind, memo, actor_id, created_at, prev_hash, hash) "
                "SELECT e.book_id, 99, e.date, e.kind, e.memo, e.actor_id, e.created_at, e.prev_hash, e.hash "
                "FROM entries e JOIN books b ON b.id = e.book_id WHERE b.code = :code"
            ),
            {"code": book.code},
        )


def test_sqlite_uses_wal_full_sync_foreign_keys_and_owner_only_file(tmp_path: Path) -> None:
    location = locate(str(tmp_path / "x.db"))
    store = open_store(location, create=True)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    assert stat.S_IMODE((tmp_path / "x.db").stat().st_mode) == 0o600


def test_opening_a_missing_database_asks_for_init(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        open_store(locate(str(tmp_path / "missing.db")))
    assert err.value.key == "db_missing"
    assert not (tmp_path / "missing.db").exists()


def test_an_old_sqlite_file_is_upgraded_on_first_use_with_a_notice(tmp_path: Path) -> None:
    location = locate(str(tmp_path / "old.db"))
    (tmp_path / "old.db").touch()
    upgrade(Store(location, make_engine(location)), "0001")  # as an older cfund left it
    conn = sqlite3.connect(tmp_path / "old.db")
    assert conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0] == 0
    conn.close()
    notices: list[tuple[str, dict[str, object]]] = []
    store = open_store(location, notify=lambda key, fields: notices.append((key, fields)))
    assert [key for key, _ in notices] == ["db_upgraded"]
    assert notices[0][1]["new"] == SCHEMA_HEAD
    with store.engine.connect() as c:
        assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == SCHEMA_HEAD
        triggers = {r[0] for r in c.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"entries_no_update", "postings_no_delete", "entries_closed_period"} <= triggers


def test_upgrade_is_a_no_op_at_head(tmp_path: Path) -> None:
    store = open_store(locate(str(tmp_path / "y.db")), create=True)
    upgrade(store)
    with store.engine.connect() as c:
        assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == SCHEMA_HEAD


def test_an_upgrade_binds_the_admins_to_the_account_that_runs_it_and_no_one_else(tmp_path: Path) -> None:
    """Before credentials (0005) a name was enough: the admins keep the book, the others wait."""
    location = locate(str(tmp_path / "old.db"))
    (tmp_path / "old.db").touch()
    upgrade(Store(location, make_engine(location)), "0004")
    conn = sqlite3.connect(tmp_path / "old.db")
    conn.execute(
        "INSERT INTO books (id, code, name, created_at, entry_count, head_hash) "
        "VALUES (1, 'b', 'b', '2026-01-01', 0, '')"
    )
    for uid, name, role in ((1, "ada", "admin"), (2, "tina", "treasurer")):
        conn.execute("INSERT INTO users (id, book_id, name, created_at) VALUES (?, 1, ?, '2026-01-01')", (uid, name))
        conn.execute("INSERT INTO user_roles (user_id, role) VALUES (?, ?)", (uid, role))
    conn.commit()
    conn.close()
    store = open_store(location, notify=lambda key, fields: None)
    with store.engine.connect() as c:
        bound = dict(c.exec_driver_sql("SELECT name, os_user FROM users ORDER BY id").all())
    assert bound == {"ada": os_account(), "tina": None}
