"""Roles in the database (PostgreSQL): after ``cfund db roles`` the application login can only
read and append the journal, the auditor login can only read, only the owner can change tables
or drop the append-only triggers, and a login acts as itself: ``--as`` cannot impersonate."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from typer.testing import Result

from ledger.services import setup
from ledger.storage.engine import open_store
from ledger.storage.location import locate
from tests.conftest import PG_ADMIN_URL, BookHandle, _pg_available, new_book
from tests.helpers.cli import cfund as command_line

PREFIX = f"cfr{os.getpid()}"
APP_LOGIN, AUDIT_LOGIN, ADMIN_LOGIN = f"{PREFIX}_tina", f"{PREFIX}_audrey", f"{PREFIX}_anna"
pytestmark = pytest.mark.postgres


def admin(sql: str, database: str | None = None) -> None:
    url = PG_ADMIN_URL if database is None else PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{database}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(scope="module")
def deployed() -> Iterator[tuple[str, BookHandle]]:
    """A database of its own with a book, the roles, and two logins (dropped afterwards)."""
    reason = _pg_available()
    if reason:
        pytest.skip(reason)
    database = f"{PREFIX}_db"
    admin(f"DROP DATABASE IF EXISTS {database}")
    admin(f"CREATE DATABASE {database}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{database}"
    book = new_book(open_store(locate(url), create=True))
    setup.add_user(book.uow, "admin", name=APP_LOGIN, roles=["treasurer"])
    setup.add_user(book.uow, "admin", name=AUDIT_LOGIN, roles=["auditor"])
    setup.add_user(book.uow, "admin", name=ADMIN_LOGIN, roles=["admin"])
    done = cfund(url, book.code, "db", "roles", "--prefix", PREFIX, user="admin")
    assert done.exit_code == 0, done.stderr
    admin(f"CREATE ROLE {APP_LOGIN} LOGIN IN ROLE {PREFIX}_app")
    admin(f"CREATE ROLE {AUDIT_LOGIN} LOGIN IN ROLE {PREFIX}_auditor")
    admin(f"CREATE ROLE {ADMIN_LOGIN} LOGIN IN ROLE {PREFIX}_app")
    yield url, book
    book.store.engine.dispose()
    admin(f"DROP DATABASE {database} WITH (FORCE)")
    for role in (APP_LOGIN, AUDIT_LOGIN, ADMIN_LOGIN, f"{PREFIX}_app", f"{PREFIX}_auditor", f"{PREFIX}_owner"):
        admin(f"DROP ROLE IF EXISTS {role}")


def as_login(url: str, login: str) -> str:
    return url.replace("postgres@", f"{login}@")


def cfund(url: str, code: str, *args: str, user: str = "") -> Result:
    return command_line(url, *args, user=user, book=code)


def entries(url: str) -> list[tuple[int, str]]:
    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        return conn.execute(
            "SELECT e.seq, u.name FROM entries e JOIN users u ON u.id = e.actor_id ORDER BY 1"
        ).fetchall()


def test_the_app_login_posts_as_itself_and_cannot_impersonate(deployed: tuple[str, BookHandle]) -> None:
    url, book = deployed
    login = as_login(url, APP_LOGIN)
    donate = ("ledger", "donate", "--donor", "gas", "--amount", "5.00", "--fund", "community")
    done = cfund(login, book.code, *donate, "--receipt")  # the receipt register takes its rows too
    assert done.exit_code == 0, done.stderr
    assert entries(url)[-1][1] == APP_LOGIN
    before = entries(url)
    impersonating = cfund(login, book.code, "--as", "admin", *donate)
    assert impersonating.exit_code == 4 and "cannot act as admin" in impersonating.stderr
    assert entries(url) == before


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE postings SET amount_fen = amount_fen + 1",
        "DELETE FROM entries",
        "TRUNCATE entries CASCADE",
        "DROP TRIGGER postings_append_only ON postings",
        "ALTER TABLE entries ADD COLUMN sneaky int",
        "CREATE TABLE sneaky (x int)",
    ],
)
def test_the_app_login_cannot_change_the_journal_or_the_schema(deployed: tuple[str, BookHandle], sql: str) -> None:
    url, _ = deployed
    login = as_login(url, APP_LOGIN).replace("+psycopg", "")
    with psycopg.connect(login) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(sql)


def test_the_auditor_login_reads_and_is_refused_every_write(deployed: tuple[str, BookHandle]) -> None:
    url, book = deployed
    login = as_login(url, AUDIT_LOGIN)
    assert cfund(login, book.code, "audit", "verify").exit_code == 0
    assert cfund(login, book.code, "ledger", "balance").exit_code == 0
    before = entries(url)
    refused = cfund(login, book.code, "ledger", "donate", "--donor", "gas", "--amount", "5.00", "--fund", "community")
    assert refused.exit_code == 4 and "Traceback" not in refused.stderr and entries(url) == before
    with psycopg.connect(login.replace("+psycopg", "")) as conn:
        assert conn.execute("SELECT COUNT(*) FROM entries").fetchone() is not None
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO periods SELECT * FROM periods WHERE false")


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users WHERE name = '{login}'",
        "UPDATE users SET os_user = 'anyone' WHERE name = '{login}'",
        "UPDATE users SET secret = NULL",
        "INSERT INTO users (book_id, name, created_at) SELECT book_id, 'eve', created_at FROM users LIMIT 1",
        "DELETE FROM user_roles",
    ],
)
def test_a_treasurers_login_cannot_write_users_role_grants_or_credentials(
    deployed: tuple[str, BookHandle], sql: str
) -> None:
    url, _ = deployed
    login = as_login(url, APP_LOGIN).replace("+psycopg", "")
    with psycopg.connect(login) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(sql.format(login=APP_LOGIN))  # type: ignore[arg-type]


def test_an_admin_adds_users_only_through_an_owner_login(deployed: tuple[str, BookHandle]) -> None:
    url, book = deployed
    add = ("user", "add", "eve", "--role", "treasurer", "--password-env", "NEW")
    env = {"NEW": "eve-secret-1"}
    refused = command_line(as_login(url, ADMIN_LOGIN), *add, book=book.code, env=env)
    assert refused.exit_code == 4 and "database refused" in refused.stderr, refused.stderr
    assert "eve" not in {name for _, name in users(url)}
    done = command_line(url, *add, user="admin", book=book.code, env=env)  # the owner; admin proven by this account
    assert done.exit_code == 0, done.stderr
    assert ("treasurer", "eve") in users(url)


def users(url: str) -> list[tuple[str, str]]:
    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        return conn.execute("SELECT r.role, u.name FROM users u JOIN user_roles r ON r.user_id = u.id").fetchall()


def test_roles_are_refused_on_sqlite(tmp_path: Any) -> None:
    done = cfund(str(tmp_path / "x.db"), "main", "db", "roles")
    assert done.exit_code == 2 and "PostgreSQL" in done.stderr
