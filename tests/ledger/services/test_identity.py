"""Who acts is proven, not claimed, on SQLite and PostgreSQL: ``--as admin`` typed by a treasurer
is refused; a password proves its user (kept only as a scrypt digest); ``cfund login`` keeps a
session that proves one user until it expires or an admin resets the credential; a reader needs
no session; ``cfund init`` binds the first admin to the account that runs it."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import Result

from ledger.services import identity
from tests.conftest import BookHandle
from tests.helpers.cli import ME, cfund

TINA, ADMIN = "tina-secret-1", "admin-secret-1"
DONATE = ("ledger", "donate", "--donor", "gas", "--amount", "5.00", "--fund", "community")


@pytest.fixture
def guarded(book: BookHandle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> BookHandle:
    """The book with passwords for the admin and tina, neither bound to the account running the
    tests any more; sessions kept under ``tmp_path``."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    identity.set_credential(book.uow, "admin", name="tina", credential=identity.Password(TINA))
    identity.set_credential(book.uow, "admin", name="admin", credential=identity.Password(ADMIN))
    return book


def run(book: BookHandle, *args: str, user: str = "", password: str | None = None) -> Result:
    return cfund(book, *args, user=user, env={"CFUND_PASSWORD": password})


def users(book: BookHandle) -> list[tuple[str, str | None, str | None]]:
    sql = "SELECT u.name, u.os_user, u.secret FROM users u JOIN books b ON b.id = u.book_id WHERE b.code = :c"
    with book.store.engine.connect() as conn:
        return sorted(tuple(row) for row in conn.execute(text(sql), {"c": book.code}))  # type: ignore[misc]


def actors(book: BookHandle) -> list[str]:
    sql = (
        "SELECT u.name FROM entries e JOIN users u ON u.id = e.actor_id JOIN books b ON b.id = e.book_id "
        "WHERE b.code = :c ORDER BY e.seq"
    )
    with book.store.engine.connect() as conn:
        return list(conn.execute(text(sql), {"c": book.code}).scalars())


def test_a_treasurer_cannot_act_as_the_admin(guarded: BookHandle) -> None:
    before = users(guarded)
    for password in (TINA, None, "admin-guess-1"):
        refused = run(guarded, "user", "add", "eve", "--role", "admin", user="admin", password=password)
        assert refused.exit_code == 4 and "Cannot prove you are admin" in refused.stderr, refused.stderr
    assert users(guarded) == before
    assert run(guarded, *DONATE, user="tina", password="wrong-password").exit_code == 4
    assert run(guarded, *DONATE, user="tina", password=TINA).exit_code == 0
    added = run(guarded, "user", "add", "eve", "--role", "treasurer", user="admin", password=ADMIN)
    assert added.exit_code == 0 and "no credential yet" in added.stderr
    assert run(guarded, *DONATE, user="eve", password=ADMIN).exit_code == 4  # another's password proves nothing
    assert actors(guarded) == ["tina"]


def test_a_password_is_kept_only_as_its_scrypt_digest(guarded: BookHandle) -> None:
    secrets = {name: secret for name, _, secret in users(guarded)}
    assert secrets["tina"] and secrets["tina"].startswith("scrypt$16384$8$1$") and TINA not in secrets["tina"]
    assert secrets["tina"] != secrets["admin"]
    before = users(guarded)
    for value, why in (("", "is empty"), ("short", "at least 8")):
        env = {"CFUND_PASSWORD": ADMIN, "NEW": value}
        refused = cfund(guarded, "user", "credential", "tina", "--password-env", "NEW", user="admin", env=env)
        assert refused.exit_code == 2 and why in refused.stderr, refused.stderr
    assert users(guarded) == before


def test_a_login_proves_one_user_until_it_ends(guarded: BookHandle, tmp_path: Path) -> None:
    done = run(guarded, "login", user="tina", password=TINA)
    assert done.exit_code == 0, done.stderr
    (saved,) = (tmp_path / "data" / "cfund" / "sessions").iterdir()
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600 and TINA not in saved.read_text(encoding="utf-8")
    assert run(guarded, *DONATE).exit_code == 0  # no --as, no password: the session's user acts
    assert run(guarded, "user", "add", "eve", "--role", "admin", user="admin").exit_code == 4
    forged = json.loads(saved.read_text(encoding="utf-8")) | {"user": "admin"}
    saved.write_text(json.dumps(forged), encoding="utf-8")  # tina's token, now claiming to be the admin's
    assert run(guarded, "user", "add", "eve", "--role", "admin").exit_code == 4
    assert run(guarded, "logout").exit_code == 0 and not saved.exists()
    assert run(guarded, *DONATE).exit_code == 2  # no one is acting
    assert actors(guarded) == ["tina"]


def test_an_expired_or_reset_session_proves_nothing(guarded: BookHandle) -> None:
    assert run(guarded, "login", user="tina", password=TINA).exit_code == 0
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    with guarded.store.engine.begin() as conn:
        conn.execute(text("UPDATE user_sessions SET expires_at = :t"), {"t": past})
    assert run(guarded, *DONATE).exit_code == 4
    assert run(guarded, "login", user="tina", password=TINA).exit_code == 0
    assert run(guarded, *DONATE).exit_code == 0
    reset = run(guarded, "user", "credential", "tina", "--os-user", "tina-desk", user="admin", password=ADMIN)
    assert reset.exit_code == 0 and "system account tina-desk" in reset.stdout
    assert run(guarded, *DONATE).exit_code == 4  # the reset ended her session
    assert run(guarded, *DONATE, user="tina", password=TINA).exit_code == 4  # and her password
    assert actors(guarded) == ["tina"]


def test_a_reader_needs_no_login_and_gets_none(guarded: BookHandle) -> None:
    refused = run(guarded, "login", user="audrey", password="whatever-1")
    assert refused.exit_code == 4 and "needs no login" in refused.stderr
    assert run(guarded, "ledger", "balance").exit_code == 0  # reading asks for no one


def test_the_first_admin_is_bound_to_the_account_that_ran_init(cli: object, tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    assert cfund(db, "init", book="b1").exit_code == 0
    listed = json.loads(cfund(db, "user", "list", "--format", "json", book="b1").stdout)
    assert listed == [{"name": ME.name, "roles": "admin", "organisation": None, "proof": f"os:{ME.name}"}]
    added = cfund(db, "user", "add", "tina", "--role", "treasurer", "--os-user", "tina-desk", user=ME.name, book="b1")
    assert added.exit_code == 0  # proven by the system's login, nothing typed
    assert cfund(db, *DONATE, user="tina", book="b1").exit_code == 4  # not this account
