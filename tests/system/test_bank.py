"""The bank test: 4 writer processes and 2 snapshot readers on one book, on SQLite and PostgreSQL.

Writers run seeded random donations, transfers between funds, expenses, project tranches and
reversals of their own entries through the services (see :mod:`tests.system.bank`); readers check the
invariants in at least 50 snapshots each; afterwards ``audit verify`` must find nothing and the
book must equal a replay of the successful operations. A negative control runs a targeted mix
(every writer spending from one small fund) over the naive implementation of
:func:`tests.helpers.race._naive` and must see the harm.

Profiles: the CI profile runs 2,000 operations (500 per writer): about 20-40 s on SQLite and
35-60 s on PostgreSQL on a 2-core machine. ``CFUND_BANK_OPS=20000`` selects the full profile
(about 4-5 minutes on SQLite and 10 on PostgreSQL: each operation slows as the journal grows);
any total of 2,000 or more works, split between the writers. Midway, ``cfund db backup`` copies
the live book; the copy must pass ``audit verify`` and every snapshot check, and its journal must
be an exact prefix of the final one. ``CFUND_BANK_SEED`` changes the
seed (default 6). The figures of each run are printed: ``pytest tests/test_bank.py -s``.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from ledger.services import ledger_ops
from ledger.storage.location import locate
from ledger.storage.reader import reading
from tests.conftest import PG_ADMIN_URL, BookHandle
from tests.helpers.cli import cfund as command_line
from tests.system.bank import run_bank
from tests.system.bank_checks import (
    EXPECTED_REFUSALS,
    MIN_READS,
    READERS,
    Profile,
    Project,
    Result,
    Setup,
    final_problems,
    snapshot,
)
from tests.workflows.conftest import add_people, call, to_stage
from workflows.services import intake, review

OPENING = {"community": "3000.00", "feedback": "1500.00", "disaster": "400.00", "platform": "1500.00"}
PROJECTS = (
    ("community", "community_service", "1200.00"),
    ("community", "poverty_relief", "800.00"),
    ("feedback", "hardship_aid", "600.00"),
    ("platform", "other_welfare", "600.00"),
)
SEED = int(os.environ.get("CFUND_BANK_SEED", "6"))
MIX = (("donate", 2.0), ("expense", 4.0), ("transfer", 1.0), ("disburse", 3.0), ("reverse", 1.5))
BANK = Profile(int(os.environ.get("CFUND_BANK_OPS", "2000")), SEED, (*MIX, ("reverse_tranche", 0.5)))
#: The negative control's mix: every writer spends 30.00 to 80.00 at a time from the 400.00 disaster fund.
DRAIN = Profile(40, SEED, (("expense", 1.0),), spend_from=("disaster",), fen=(3000, 8000))


def prepare(book: BookHandle) -> Setup:
    """Through the services: the workflow's people, four funded funds, four approved projects."""
    add_people(book)
    for fund, amount in OPENING.items():
        call(book, ledger_ops.donate, "tina", donor="gas", amount=amount, fund=fund)
    projects = []
    for fund, purpose, amount in PROJECTS:
        n = to_stage(book, "accepted")
        call(book, intake.apply, "olga", project=n, fund=fund, purpose=purpose, amount=amount)
        call(book, review.approve, "rev", project=n)
        projects.append(Project(n, fund, Decimal(amount)))
    with reading(book.location, book.code) as r:
        purposes = {
            code: tuple(p.split(",")) for code, p in r.rows("SELECT code, purposes FROM funds WHERE book_id = :book")
        }
        head = int(r.rows("SELECT entry_count FROM books WHERE id = :book")[0][0])
    opening = {fund: Decimal(OPENING[fund]) for fund in purposes}
    return Setup(purposes, opening, tuple(projects), head)


def run(
    book: BookHandle,
    setup: Setup,
    profile: Profile,
    label: str,
    naive: bool = False,
    during: Callable[[], Path] | None = None,
) -> Result:
    result = run_bank(book, setup, profile, naive=naive, during=during)
    print(f"\n{result.summary(label)}")
    for line in [*result.errors, *map(str, result.anomalies), *result.problems][:5]:
        print(f"  {line[:300]}")
    return result


def test_concurrent_writers_keep_every_invariant_in_every_snapshot_and_the_replay(
    book: BookHandle, tmp_path: Path
) -> None:
    setup = prepare(book)
    result = run(book, setup, BANK, "ci" if BANK.ops == 2000 else f"{BANK.ops}-ops", during=backup(book, tmp_path))
    assert result.errors == []
    assert len(result.ops) == BANK.ops
    assert len(result.reads) == READERS and all(r.count >= MIN_READS for r in result.reads)
    assert result.anomalies == []
    assert result.problems == []
    assert set(result.refusals()) <= set(EXPECTED_REFUSALS), result.refusals()
    kinds_ok = {op.kind for op in result.ops if op.ok}
    assert kinds_ok == {"donate", "expense", "transfer_out", "transfer_in", "disburse", "reverse", "reverse_tranche"}
    assert {"fund_overdrawn", "disburse_exceeds", "already_reversed"} <= set(result.refusals())
    with restored(book, result.during) as copy:  # the backup taken mid-run: one consistent moment
        verified = command_line(copy, "audit", "verify", user="audrey", book=book.code, catch=True)
        assert verified.exit_code == 0, verified.stdout + verified.stderr
        with reading(locate(copy), book.code) as r:
            assert snapshot(r) == []
            taken = r.rows("SELECT seq, hash FROM entries WHERE book_id = :book ORDER BY seq")
    with reading(book.location, book.code) as r:
        final = r.rows("SELECT seq, hash FROM entries WHERE book_id = :book ORDER BY seq")
    assert setup.head + 100 <= len(taken) < len(final) and taken == final[: len(taken)], (len(taken), len(final))


def backup(book: BookHandle, tmp_path: Path) -> Callable[[], Path]:
    """``cfund db backup`` while the writers run: the SQLite online API, or pg_dump."""

    def take() -> Path:
        copy = tmp_path / "midway.backup"
        done = command_line(book, "db", "backup", str(copy), user="admin", catch=True)
        assert done.exit_code == 0, done.stderr
        return copy

    return take


@contextmanager
def restored(book: BookHandle, copy: Path) -> Iterator[str]:
    """Where the backup can be read: the SQLite copy itself, or a new database pg_restore fills."""
    if book.store.is_sqlite:
        yield str(copy)
        return
    import psycopg

    name = f"cfund_bank_copy_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    try:
        subprocess.run(["pg_restore", "--no-owner", "-d", url, str(copy)], check=True, capture_output=True)
        yield url
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_drain_mix_holds_with_the_locks_and_the_final_checks_can_fail(book: BookHandle) -> None:
    setup = prepare(book)
    result = run(book, setup, DRAIN, "drain")
    assert result.errors == [] and result.anomalies == [] and result.problems == []
    spent = sum(op.amount for op in result.ops if op.ok)
    assert spent <= Decimal(OPENING["disaster"]) and result.refusals()["fund_overdrawn"] > 0
    first = next(i for i, op in enumerate(result.ops) if op.ok)
    unreported = final_problems(book, setup, result.ops[:first] + result.ops[first + 1 :])
    assert any(p.startswith("funds") for p in unreported) and any(p.startswith("entries") for p in unreported)
    claimed_refused = replace(result.ops[first], outcome="refused fund_overdrawn")
    left = final_problems(book, setup, [*result.ops[:first], claimed_refused, *result.ops[first + 1 :]])
    assert any(p.startswith(f"refused operation {claimed_refused.key} left entry") for p in left), left


def test_negative_control_naive_writers_break_the_invariants(unchecked_book: BookHandle) -> None:
    result = run(unchecked_book, prepare(unchecked_book), DRAIN, "naive drain", naive=True)
    with reading(unchecked_book.location, unchecked_book.code) as r:  # the readers' last look may come
        after = snapshot(r)  # before the last writer commits: the state it left counts too
    seen = [a.check for a in result.anomalies] + [check for check, _ in after]
    assert any(check.startswith("a fund is below zero") for check in seen), (result.anomalies[:5], after)
    assert len(result.anomalies) > 0 and result.problems != []
    assert sum(op.ok for op in result.ops) > 0
