"""Audit: the chain and invariants verify on honest books and name the first broken entry when
someone edits the database behind cfund's back; the auditor can change nothing."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from cli.main import app
from tests.conftest import BookHandle
from tests.helpers import ROOT
from tests.helpers.cli import cfund
from tests.workflows.conftest import to_stage
from workflows.services.audit import verify


def test_an_honest_book_verifies(wf: BookHandle) -> None:
    to_stage(wf, "disclosed")
    to_stage(wf, "approved")
    result = verify(wf.store, wf.code)
    assert result.problems == () and result.entries == 5


#: PostgreSQL triggers a tamper test drops, and how to put them back: the PostgreSQL test
#: database is shared by the whole session, unlike the per-test SQLite files.
PG_TRIGGERS = {
    "postings_append_only": "CREATE TRIGGER postings_append_only BEFORE UPDATE OR DELETE ON postings "
    "FOR EACH ROW EXECUTE FUNCTION cfund_append_only()",
    "entries_closed_period": "CREATE TRIGGER entries_closed_period BEFORE INSERT ON entries "
    "FOR EACH ROW EXECUTE FUNCTION cfund_closed_period()",
}
SQLITE_NAMES = {"postings_append_only": "postings_no_update", "entries_closed_period": "entries_closed_period"}


@contextmanager
def without_trigger(book: BookHandle, name: str) -> Iterator[None]:
    """Drop a guard trigger for the length of a tamper test (restored on PostgreSQL after)."""
    table = name.split("_")[0]
    drop = f"DROP TRIGGER {SQLITE_NAMES[name]}" if book.store.is_sqlite else f"DROP TRIGGER {name} ON {table}"
    with book.store.engine.connect() as conn:
        conn.execute(text(drop))
        conn.commit()
    try:
        yield
    finally:
        if not book.store.is_sqlite:
            with book.store.engine.connect() as conn:
                conn.execute(text(PG_TRIGGERS[name]))
                conn.commit()


def _tamper(book: BookHandle, sql: str) -> None:
    with without_trigger(book, "postings_append_only"), book.store.engine.connect() as conn:
        conn.execute(text(sql))
        conn.commit()


def test_an_edited_posting_breaks_the_chain_at_that_entry(unchecked_book: BookHandle) -> None:
    from tests.ledger.services.test_journal import donate

    for amount in ("10.00", "20.00", "30.00"):
        donate(unchecked_book, amount)
    # move 1.00 between the two legs of entry 2: still balanced, but not what was written
    _tamper(
        unchecked_book,
        "UPDATE postings SET amount_fen = amount_fen + 100 WHERE entry_id = "
        "(SELECT e.id FROM entries e JOIN books b ON b.id = e.book_id WHERE b.code = :c AND e.seq = 2)".replace(
            ":c", f"'{unchecked_book.code}'"
        ),
    )
    problems = verify(unchecked_book.store, unchecked_book.code).problems
    assert problems[0].check == "chain" and problems[0].entry == 2
    assert {p.check for p in problems} >= {"chain", "balance", "fund_balance"}


def test_a_project_paid_beyond_its_approval_is_found(wf: BookHandle) -> None:
    n = to_stage(wf, "in_progress", amount="100.00")  # 10.00 paid
    with wf.store.engine.connect() as conn:
        conn.execute(
            text(
                "UPDATE projects SET approved_fen = 500 WHERE seq = :n AND book_id = "
                "(SELECT id FROM books WHERE code = :c)"
            ),
            {"n": n, "c": wf.code},
        )
        conn.commit()
    problems = verify(wf.store, wf.code).problems
    assert [p.check for p in problems] == ["project_overpaid", "record"] and f"project {n}" in problems[0].detail
    assert "projects row" in problems[1].detail and "changed after it was sealed" in problems[1].detail
    with wf.store.engine.connect() as conn:  # put it back so the after-test journal check passes
        conn.execute(
            text(
                "UPDATE projects SET approved_fen = 10000 WHERE seq = :n AND book_id = "
                "(SELECT id FROM books WHERE code = :c)"
            ),
            {"n": n, "c": wf.code},
        )
        conn.commit()


WRITES = {
    ("init",): None,  # bootstrap: creates a book when none exists, changes nothing otherwise
    ("db", "upgrade"): None,  # a no-op at the newest schema
    ("demo",): None,  # writes only its own fresh demo file
    ("user", "add"): ["eve", "--role", "admin"],
    ("user", "credential"): ["tina", "--os-user", "someone"],
    ("login",): [],  # a reader needs no session: refused, none written
    ("logout",): None,  # ends only the caller's own session; none here
    ("host", "join"): ["lmt-charity"],
    ("party", "add"): ["x1", "--name", "X", "--kind", "donor"],
    ("compound", "add"): ["x1", "--name", "X", "--kind", "compound"],
    ("ledger", "donate"): ["--donor", "gas", "--amount", "1", "--fund", "community"],
    ("ledger", "income"): ["other_income", "--payer", "gas", "--amount", "1", "--fund", "community"],
    ("ledger", "adjust"): [
        *("--corrects", "2025-01", "--debit", "4101.02", "--credit", "4901"),
        *("--amount", "1", "--fund", "community", "--memo", "x"),
    ],
    ("ledger", "accrue"): ["pledge", "--party", "gas", "--amount", "1", "--fund", "community"],
    ("ledger", "settle"): ["pledge", "--party", "gas", "--amount", "1", "--fund", "community"],
    ("ledger", "gift"): [
        "--donor",
        "gas",
        "--fair-value",
        "1",
        "--basis",
        "价",
        "--fund",
        "community",
        "--asset",
        "1201",
    ],
    ("ledger", "profit-share"): ["--company", "ssc", "--period", "2025Q1", "--net-profit", "100"],
    ("ledger", "feedback"): ["--operation", "canteen", "--period", "2025-01", "--net-profit", "100"],
    ("ledger", "expense"): [
        "--fund",
        "community",
        "--account",
        "5101.04",
        "--amount",
        "1",
        "--purpose",
        "community_service",
        "--payee",
        "gas",
    ],
    ("ledger", "reverse"): ["1", "--reason", "x"],
    ("ledger", "close-period"): ["2025-01"],
    ("project", "order"): ["--compound", "c01", "--title", "t", "--need", "n"],
    ("project", "dispatch"): ["1", "--organisation", "swc"],
    ("project", "accept"): ["1"],
    ("project", "decline"): ["1", "--reason", "x"],
    ("project", "apply"): ["1", "--fund", "community", "--purpose", "community_service", "--amount", "1"],
    ("project", "contribute"): ["1", "--party", "gas", "--share", "company", "--amount", "1"],
    ("project", "return"): ["1", "--note", "x"],
    ("project", "reject"): ["1", "--note", "x"],
    ("project", "approve"): ["1"],
    ("project", "vote"): ["1", "--approve"],
    ("project", "correct"): ["1", "--note", "x"],
    ("project", "report"): ["1", "--kind", "progress", "--summary", "x"],
    ("report", "filed"): ["annual_report", "--ref", "2025"],
    ("project", "disburse"): ["1", "--amount", "1"],
    ("project", "reverse-tranche"): ["1", "--entry", "1", "--reason", "x"],
    ("project", "complete"): ["1"],
    ("project", "evaluate"): ["1", "--score", "3", "--summary", "x"],
    ("project", "disclose"): ["1"],
    ("project", "cancel"): ["1", "--reason", "x"],
    ("receipt", "issue"): ["1"],
    ("receipt", "void"): ["2026-000001", "--reason", "x"],
    ("import", "donations"): [str(ROOT / "tests" / "data" / "donations.csv")],
    ("import", "steps"): [str(ROOT / "tests" / "data" / "steps.csv")],
    ("db", "restore"): ["no-such-copy.db"],  # refused before the copy is even looked at
    ("db", "roles"): None,  # PostgreSQL only; tests/ledger/test_db_roles.py shows the auditor login refused
}
READS = {
    ("report", "notes"),
    ("report", "donor"),
    ("report", "due"),
    ("receipt", "list"),
    ("receipt", "print"),
    ("user", "list"),
    ("account", "list"),
    ("fund", "list"),
    ("party", "list"),
    ("compound", "list"),
    ("ledger", "journal"),
    ("ledger", "balance"),
    ("ledger", "funds"),
    ("project", "list"),
    ("project", "show"),
    ("project", "history"),
    ("project", "actions"),
    ("project", "diagram"),
    ("audit", "verify"),
    ("audit", "log"),
    ("report", "statements"),
    ("report", "disclosure"),
    ("export", "hledger"),
    ("export", "beancount"),
    ("import", "bank"),
    ("import", "template"),
    ("db", "backup"),
}


def all_commands() -> set[tuple[str, ...]]:
    out = {(c.name,) for c in app.registered_commands}
    for group in app.registered_groups:
        out |= {(group.name, c.name) for c in group.typer_instance.registered_commands}
    return out


def database_digest(path: Path) -> str:
    conn = sqlite3.connect(path)
    digest = hashlib.sha256()
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
            digest.update(repr(row).encode())
    conn.close()
    return digest.hexdigest()


def test_every_command_is_known_as_a_read_or_a_write() -> None:
    assert all_commands() == set(WRITES) | READS


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_auditor_is_refused_every_write_and_nothing_changes(wf: BookHandle) -> None:
    n = to_stage(wf, "applied")
    assert n == 1
    path = wf.location.sqlite_path
    assert path is not None
    before = database_digest(path)
    for command, args in WRITES.items():
        if args is None:
            continue
        result = cfund(wf, *command, *args, user="audrey", env={"CFUND_PASSWORD": "a-guess-123"})
        assert result.exit_code == 4, (command, result.stderr)
    assert database_digest(path) == before


def test_an_entry_slipped_into_a_closed_month_is_found(
    unchecked_book: BookHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ledger.services import ledger_ops
    from tests.ledger.services.test_journal import donate

    donate(unchecked_book, "10.00", date="2025-03-01")
    ledger_ops.close_period(unchecked_book.uow, "tina", month="2025-03")
    with without_trigger(unchecked_book, "entries_closed_period"):  # someone removes the guard ...
        monkeypatch.setattr("ledger.storage.refs.Refs.closed", lambda *args: False)  # ... and the check
        late = donate(unchecked_book, "5.00", date="2025-03-15")
    problems = verify(unchecked_book.store, unchecked_book.code).problems
    assert [(p.check, p.entry) for p in problems] == [("closed_period", late.seq)]


def test_verify_memory_does_not_grow_with_the_number_of_entries(book: BookHandle) -> None:
    import tracemalloc

    from tests.ledger.services.test_bulk import donation, load

    def peak() -> int:
        tracemalloc.start()
        result = verify(book.store, book.code)
        size = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert result.problems == ()
        return size

    load(book, (donation(i) for i in range(2000)), batch=1000)
    peak()  # warm caches (imports, compiled statements)
    small = peak()
    load(book, (donation(i) for i in range(2000, 8000)), batch=1000)
    large = peak()
    assert large < small * 1.5, (small, large)


def test_a_chain_checked_in_two_processes_finds_what_one_pass_finds(
    unchecked_book: BookHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workflows.services.audit
    from tests.ledger.services.test_bulk import donation, load
    from tests.workflows.services.test_tamper import ENTRY_COLS, POSTING_COLS, entry_id, unguarded

    seams: list[int] = []

    def join_parts(book: object, parts: list) -> list:
        seams.extend(part.start[0] for part in parts[1:])
        return real(book, parts)

    real = workflows.services.audit.join_parts
    monkeypatch.setattr(workflows.services.audit, "join_parts", join_parts)
    load(unchecked_book, [donation(i) for i in range(40)])
    assert verify(unchecked_book.store, unchecked_book.code, split_from=2).problems == ()
    tampers = [  # with entry 41 added, the halves are entries 1-21 and 22-41
        f"UPDATE entries SET seq = 99 WHERE id = {entry_id(21)}",  # 21 and 22 swap across the seam
        f"UPDATE entries SET seq = 21 WHERE id = {entry_id(22)}",
        f"UPDATE entries SET seq = 22 WHERE id = {entry_id(99)}",
        f"UPDATE postings SET amount_fen = amount_fen + 100 WHERE entry_id = {entry_id(30)}",
        f"INSERT INTO entries (seq, {ENTRY_COLS}) SELECT 41, {ENTRY_COLS.replace('idem_key', 'NULL')} "
        f"FROM entries WHERE id = {entry_id(2)}",
        f"INSERT INTO postings (entry_id, {POSTING_COLS}) SELECT {entry_id(41)}, {POSTING_COLS} "
        f"FROM postings WHERE entry_id = {entry_id(2)}",
    ]
    with unguarded(unchecked_book), unchecked_book.store.engine.begin() as conn:
        for sql in tampers:
            conn.execute(text(sql), {"book": unchecked_book.code})
    split = verify(unchecked_book.store, unchecked_book.code, split_from=2).problems
    assert split == verify(unchecked_book.store, unchecked_book.code).problems
    assert [p.entry for p in split if p.check == "chain"] == [21, 21, 22, 22, 23, 30, 41, 41, None]
    assert seams in ([21, 22], [])  # the later half began at 21, then at 22 (one pass on one core)


@pytest.mark.parametrize("split_from", [2, 100_000], ids=["two processes", "one pass"])
def test_verify_reports_its_progress_through_the_book(
    book: BookHandle, split_from: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ledger.services.test_bulk import donation, load

    monkeypatch.setattr("ledger.storage.audit.STEP", 20)  # every 20 entries checked in this process
    load(book, (donation(i) for i in range(90)))
    heard: list[tuple[int, int]] = []
    result = verify(book.store, book.code, split_from=split_from, progress=lambda *step: heard.append(step))
    assert result.problems == () and result.entries == 90
    if split_from == 2:  # this process checks the first 45; each entry stands for two
        assert heard == [(40, 90), (80, 90)]
    else:
        assert heard == [(20, 90), (40, 90), (60, 90), (80, 90)]


def test_running_balances_that_differ_from_the_postings_are_found(unchecked_book: BookHandle) -> None:
    from tests.ledger.services.test_journal import donate

    donate(unchecked_book, "10.00")
    with unchecked_book.store.engine.begin() as conn:  # balances are a working table: no trigger to drop
        conn.execute(
            text(
                "UPDATE balances SET balance_fen = balance_fen + 100 WHERE account_id = (SELECT a.id FROM accounts a "
                "JOIN books b ON b.id = a.book_id WHERE b.code = :c AND a.code = '1002')"
            ),
            {"c": unchecked_book.code},
        )
    problems = verify(unchecked_book.store, unchecked_book.code).problems
    assert [(p.check, p.entry) for p in problems] == [("running_balance", None)]
