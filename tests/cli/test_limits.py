"""Limits and retries on SQLite and PostgreSQL: amounts up to 9e15 fen, ids above 2^31, and a
command the database refuses to serialise is run again, up to a cap, with nothing written twice."""

from __future__ import annotations

import json
from typing import Any

import psycopg
import pytest
from sqlalchemy import exc, text
from typer.testing import Result

from cli import retry
from ledger.domain.money import MAX_AMOUNT, format_amount
from ledger.storage.uow import UnitOfWork
from tests.conftest import BookHandle
from tests.helpers.cli import cfund as command_line
from tests.ledger.services.test_journal import donate
from workflows.services.audit import verify

BIG = 2**31 + 1000


def cfund(book: BookHandle, *args: str) -> Result:
    return command_line(book, *args, user="tina")


def entry_count(book: BookHandle) -> int:
    with book.uow() as uow:
        return uow.book.entry_count


def test_the_largest_amount_is_exact_and_one_fen_more_is_refused(book: BookHandle) -> None:
    top = format_amount(MAX_AMOUNT, grouping=False)
    assert top == "90000000000000.00"
    for _ in range(2):
        assert cfund(book, "ledger", "donate", "--donor", "gas", "--amount", top, "--fund", "community").exit_code == 0
    funds = cfund(book, "ledger", "funds", "--format", "json")
    community = next(f for f in json.loads(funds.stdout) if f["fund"] == "community")
    assert community["balance"] == "180000000000000.00"  # 1.8e16 fen: still exact
    over = cfund(book, "ledger", "donate", "--donor", "gas", "--amount", "90000000000000.01", "--fund", "community")
    assert over.exit_code == 2 and entry_count(book) == 2


def _ids_above_2_31(book: BookHandle) -> None:
    """Make every new row's id exceed 2^31. PostgreSQL: move the sequences. SQLite (which takes
    the largest id + 1): rows of another book with such ids."""
    with book.store.engine.begin() as conn:
        if not book.store.is_sqlite:
            for table in ("entries", "postings", "project_events", "projects", "users", "parties"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {BIG})"))
            return
        account = conn.execute(text("SELECT MIN(id) FROM accounts")).scalar_one()
        fund = conn.execute(text("SELECT MIN(id) FROM funds")).scalar_one()
        for sql in (
            "INSERT INTO books (id, code, name, created_at, entry_count, head_hash) "
            "VALUES (:big, 'far', 'far', '2025-01-01 00:00:00.000000', 0, '')",
            "INSERT INTO users (id, book_id, name, created_at) "
            "VALUES (:big, :big, 'far', '2025-01-01 00:00:00.000000')",
            "INSERT INTO entries (id, book_id, seq, date, kind, memo, actor_id, created_at, prev_hash, hash) "
            "VALUES (:big, :big, 1, '2025-01-01', 'donation', 'far', :big, '2025-01-01 00:00:00.000000', '', '')",
            "INSERT INTO postings (id, entry_id, book_id, account_id, fund_id, amount_fen) "
            "VALUES (:big, :big, :big, :account, :fund, 1)",
        ):
            conn.execute(text(sql), {"big": BIG, "account": account, "fund": fund})


def test_ids_above_2_31_work_through_services_bulk_and_workflow(book: BookHandle, tmp_path: Any) -> None:
    from tests.workflows.conftest import add_people, to_stage

    _ids_above_2_31(book)
    add_people(book)
    donate(book, "1000.00")
    to_stage(book, "disclosed")
    path = tmp_path / "d.csv"
    path.write_text("date,donor,amount,fund,reference\n2025-03-01,gas,5.00,community,BIG-1\n", encoding="utf-8")
    assert cfund(book, "import", "donations", str(path)).exit_code == 0
    with book.store.engine.connect() as conn:
        for table in ("entries", "postings") if book.store.is_sqlite else ("entries", "postings", "project_events"):
            low = conn.execute(
                text(f"SELECT MIN(t.id) FROM {table} t JOIN books b ON b.id = t.book_id WHERE b.code = :c"),
                {"c": book.code},
            ).scalar_one()
            assert low > 2**31, table
    assert verify(book.store, book.code).problems == ()
    assert cfund(book, "audit", "verify").exit_code == 0


def _conflict() -> exc.OperationalError:
    return exc.OperationalError("COMMIT", {}, psycopg.errors.SerializationFailure("could not serialize access"))


def test_a_serialisation_failure_is_retried_including_the_commit(
    book: BookHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    real, failures = UnitOfWork.commit, [2]

    def flaky(self: UnitOfWork) -> None:
        if failures[0]:
            failures[0] -= 1
            raise _conflict()
        real(self)

    monkeypatch.setattr(UnitOfWork, "commit", flaky)
    monkeypatch.setattr(retry.time, "sleep", lambda s: None)
    done = cfund(book, "ledger", "donate", "--donor", "gas", "--amount", "10.00", "--fund", "community")
    assert done.exit_code == 0, done.stderr
    assert failures == [0] and entry_count(book) == 1


def test_past_the_cap_the_user_is_told_it_is_safe_to_run_again(
    book: BookHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = [0]

    def always(self: UnitOfWork) -> None:
        calls[0] += 1
        raise _conflict()

    monkeypatch.setattr(UnitOfWork, "commit", always)
    monkeypatch.setattr(retry.time, "sleep", lambda s: None)
    done = cfund(book, "ledger", "donate", "--donor", "gas", "--amount", "10.00", "--fund", "community")
    assert done.exit_code == 5 and "safe to run again" in done.stderr and "Traceback" not in done.stderr
    assert calls == [retry.MAX_ATTEMPTS] and entry_count(book) == 0
