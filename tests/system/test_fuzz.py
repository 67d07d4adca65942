"""Bad input, fuzzed: every write command run in-process as a person would type it, with values
made by hypothesis (amounts, dates, periods, codes, numbers, users, free text, import files).

Each input must end one of two ways: (a) exit 0, and the books still audit; or (b) exit 2 or 4
with one clean line on stderr (an import may list one line per bad row before its summary), no
traceback, and every table of the database byte for byte as it was. An accepted value is also
judged against what the README promises (no full-width digits, no third decimal, real dates...).

Every product anomaly this found is fixed, and kept fixed by a focused test in
``tests/cli/test_fuzz_found.py``; the fuzz run fails on any anomaly, by its label. It runs 1,000
inputs per backend (under a minute each on a 2-core machine); ``CFUND_FUZZ_EXAMPLES`` sets another
number (say 20000 for a long run). ``pytest -s`` prints the counts and timings.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import HealthCheck, Phase, given, settings
from sqlalchemy import text

from cli.main import app
from ledger.storage.engine import Store, open_store
from ledger.storage.location import locate
from tests.conftest import PG_ADMIN_URL, BookHandle, assert_books_balanced, new_book, new_store
from tests.helpers.cli import cfund as command_line
from tests.helpers.cli import env_of as cli_env
from tests.system.fuzz_judge import verdict
from tests.system.fuzz_specs import Case, Prepared, cases, prepare, specs
from tests.system.fuzz_values import Sheet, sheet_bytes
from tests.workflows.services.test_audit import WRITES, database_digest
from workflows.services.audit import verify

EXAMPLES = int(os.environ.get("CFUND_FUZZ_EXAMPLES") or 1000)  # inputs per backend


# ---------------------------------------------------------------------------------------------
# Running the inputs
# ---------------------------------------------------------------------------------------------


def env_of(book: BookHandle, user: str) -> dict[str, str | None]:
    return cli_env(book, user) | {"CFUND_PROGRESS": None}


def digest(store: Store) -> str:
    """Every row of every table, byte for byte: on SQLite as test_audit reads it; on PostgreSQL
    each table's rows as text, hashed by the server in one round trip."""
    if store.is_sqlite:
        return database_digest(store.location.sqlite_path)
    with store.engine.connect() as conn:
        tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).scalars()
        sql = " UNION ALL ".join(
            f"SELECT '{t}', md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) FROM \"{t}\" r"
            for t in tables.all()
        )
        return hashlib.sha256(repr(conn.execute(text(sql)).all()).encode()).hexdigest()


BACKUPS: dict[str, Callable[[Path], None]] = {
    "missing": lambda path: None,
    "directory": lambda path: path.mkdir(),
    "empty": lambda path: path.write_bytes(b""),
    "garbage": lambda path: path.write_bytes(b"SQLite format 3\x00" + bytes(300)),
    "random": lambda path: path.write_bytes(hashlib.sha512(b"cfund").digest() * 64),
    "csv": lambda path: path.write_text("日期,捐赠方\n2025-01-01,gas\n", encoding="utf-8"),
    "plain-sqlite": lambda path: sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close(),
}


@dataclass
class Fuzz:
    """Runs cases against the prepared book and keeps the tally."""

    prepared: Prepared
    scratch: Path
    before: str = ""
    count: int = 0
    tally: Counter[tuple[str, str]] = field(default_factory=Counter)
    anomalies: list[str] = field(default_factory=list)
    broken: set[tuple[str, int | None]] = field(default_factory=set)
    opened: list[Store] = field(default_factory=list)

    def argv(self, case: Case) -> list[str]:
        out = list(case.spec.command)
        for opt, value in zip(case.spec.opts, case.values, strict=True):
            if isinstance(value, Sheet):
                data, suffix = sheet_bytes(value)
                value = str(self.scratch / f"in{self.count}{suffix}")
                Path(value).write_bytes(data)
            elif opt.kind == "backup":
                BACKUPS[value](path := self.scratch / f"copy{self.count}.db")
                value = str(path)
            if value is not None:
                out += ([] if opt.flag is None else [opt.flag]) + ([] if opt.kind == "switch" else [value])
        return out

    def run(self, case: Case) -> None:
        book = self.prepared.book
        self.before = self.before or digest(book.store)
        argv = self.argv(case)
        result = command_line(book, *argv, user=case.user, env={"CFUND_PROGRESS": None}, catch=True)
        after = digest(book.store)
        changed, self.before, self.count = after != self.before, after, self.count + 1
        label = verdict(case, result, changed)
        if result.exit_code == 0 and changed:
            label = self.audit(case) or label
        for store in self.opened:  # as the end of a cfund process would: without this, the engines wait
            store.engine.dispose()  # in traceback cycles for the collector and PostgreSQL runs out of clients
        self.opened.clear()
        words = " ".join(case.spec.command)
        outcome = "accepted" if result.exit_code == 0 else f"exit {result.exit_code}"
        self.tally[(words, outcome)] += 1
        if label is not None:
            line = f"[{case.user!r}] cfund {' '.join(map(repr, argv))[:400]} -> exit {result.exit_code}: "
            line += f"{result.stderr[:300]!r} {result.exception!r}"[:700]
            self.anomalies.append(f"{label}: {line}")

    def audit(self, case: Case | None = None) -> str | None:
        """``audit verify`` after every accepted change: a problem it has not reported before is
        the last input's doing."""
        found = {(p.check, p.entry) for p in verify(self.prepared.book.store, self.prepared.book.code).problems}
        found, self.broken = found - self.broken, self.broken | found
        if not found:
            return None
        if case is not None and case.value("--compound") is not None and not case.value("--compound").strip():
            return "empty-compound-chain"
        return f"audit verify: {sorted(found)[:3]}"

    def report(self, seconds: float, backend: str) -> str:
        lines = [f"fuzz {backend}: {self.count} inputs in {seconds:.1f} s ({1000 * seconds / self.count:.1f} ms each)"]
        for words in sorted({w for w, _ in self.tally}):
            parts = ", ".join(f"{o} {n}" for (w, o), n in sorted(self.tally.items()) if w == words)
            lines.append(f"  {words:24} {parts}")
        return "\n".join(lines + [f"  ANOMALY {u[:600]}" for u in self.anomalies])


@contextmanager
def own_store(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[Store]:
    """A store of the fuzz's own, so that "every table" holds this test's rows alone: a fresh
    SQLite file, or a fresh PostgreSQL database dropped afterwards."""
    if backend == "sqlite":
        store = new_store(request, backend, tmp_path)
        yield store
        store.engine.dispose()
        return
    request.getfixturevalue("pg_url")  # skips, or fails under CFUND_REQUIRE_PG, without a server
    import psycopg

    name = f"cfund_fuzz_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        store = open_store(locate(f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"), create=True)
        yield store
        store.engine.dispose()
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fuzzed(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[Prepared]:
    """The prepared book on a store of its own; its journal still balances after the fuzz."""
    with own_store(request, backend, tmp_path) as store:
        prepared = prepare(new_book(store, prefix="fz"))
        yield prepared
        assert_books_balanced(prepared.book)


def test_every_write_command_refuses_bad_input_cleanly(
    fuzzed: Prepared, backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = specs(fuzzed)
    bootstrap = {("init",), ("db", "upgrade"), ("demo",)}
    assert {s.command for s in commands} == set(WRITES) - bootstrap
    # typer rebuilds the click command from the app on every invoke (4/5 of the time): build it once
    built = typer.main.get_command(app)
    monkeypatch.setattr("typer.testing._get_command", lambda _app: built)
    fuzz = Fuzz(fuzzed, tmp_path)

    def tracked(*args: Any, **kwargs: Any) -> Store:
        fuzz.opened.append(store := open_store(*args, **kwargs))
        return store

    monkeypatch.setattr("ledger.storage.engine.open_store", tracked)  # the commands' stores, to close after each

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=(Phase.explicit, Phase.generate),  # no shrinking: the book changes as inputs run
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases(commands))
    def one(case: Case) -> None:
        fuzz.run(case)

    started = time.perf_counter()
    one()
    assert fuzz.audit() is None, "the books fail their audit after the fuzz"
    print("\n" + fuzz.report(time.perf_counter() - started, backend))
    assert not fuzz.anomalies, "\n".join(fuzz.anomalies[:20])
    assert fuzz.count >= EXAMPLES
    assert EXAMPLES < 300 or {w for w, _ in fuzz.tally} == {" ".join(s.command) for s in commands}


def test_the_digest_sees_a_one_character_change(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> None:
    """Negative control: "byte for byte unchanged" would prove nothing if the digest were blind.
    On a store of its own, as the fuzz: the session's shared database holds other tests' books."""
    with own_store(request, backend, tmp_path) as store:
        _digest_sees_a_rename(new_book(store, prefix="dg"))


def _digest_sees_a_rename(book: BookHandle) -> None:
    rename = "UPDATE parties SET name = :name WHERE code = 'gas' AND book_id = (SELECT id FROM books WHERE code = :c)"
    before = digest(book.store)
    for name, same in (("GAS.", False), ("GAS", True)):
        with book.store.engine.begin() as conn:
            conn.execute(text(rename), {"name": name, "c": book.code})
        assert (digest(book.store) == before) is same
