"""The crash tests' harness (:mod:`tests.system.test_crash`): the profile, a command run and killed
with SIGKILL at a seeded point, the checks that the book is whole, and the kill loop of a
scenario."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

from tests.cli.commands.test_imports import env_of
from tests.conftest import BookHandle
from tests.helpers import ROOT
from workflows.services.audit import verify


@dataclass(frozen=True)
class Profile:
    name: str
    rows: int
    kills: int
    projects: int


PROFILE = Profile("full", 60_000, 20, 200) if os.environ.get("CFUND_CRASH_FULL") == "1" else Profile("ci", 6_000, 6, 30)
SEED = int(os.environ.get("CFUND_CRASH_SEED", "6002"))
BATCH = 2000  # rows per progress line of an import: rows checked, then entries written (bulk.load)
CFUND = str(Path(sys.executable).with_name("cfund"))
LIMIT_S = 900.0


@dataclass
class Run:
    """One spawned process: when each progress line came, how it ended, and what was found after."""

    how: str
    at: float
    lines: list[float] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    code: int | None = None
    seconds: float = 0.0
    outcome: str = ""

    def describe(self, unit: str) -> str:
        at = f"after line {int(self.at)}" if self.how == "line" else f"after {self.at:.2f}s"
        ended = "killed" if self.code == -signal.SIGKILL else f"exited {self.code}"
        return f"{self.how:5} {at:16} {ended} with {len(self.lines)} {unit} done, {self.seconds:.1f}s: {self.outcome}"


def spawn(command: list[str], env: dict[str, str], marker: str, how: str, at: float) -> Run:
    """Start ``command``; SIGKILL it right after its ``at``-th line starting with ``marker`` on
    stderr (``how == "line"``) or ``at`` seconds after it started (``how == "timer"``)."""
    run, start = Run(how, at), time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    stderr = proc.stderr

    def read() -> None:
        for line in stderr:
            if not line.startswith(marker):
                run.other.append(line.rstrip())
                continue
            run.lines.append(time.perf_counter() - start)
            if how == "line" and len(run.lines) == at:
                proc.kill()

    reader = threading.Thread(target=read)
    reader.start()
    try:
        proc.wait(timeout=at if how == "timer" else LIMIT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
    run.code, run.seconds = proc.wait(), time.perf_counter() - start
    reader.join()
    assert run.code in (0, -signal.SIGKILL), (run.code, run.other[-20:])
    return run


def settle(book: BookHandle) -> None:
    """On PostgreSQL, wait until the killed client's server backend has gone: until then it may
    still be writing, or (had COMMIT been sent) committing."""
    if book.store.is_sqlite:
        return
    sql = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'"
    )
    deadline = time.monotonic() + 60
    with book.store.engine.connect() as conn:
        while conn.execute(text(sql)).scalar():
            assert time.monotonic() < deadline, "a killed client's backend is still busy after 60 s"
            time.sleep(0.05)
            conn.rollback()


def assert_whole(book: BookHandle) -> int:
    """``audit verify`` (chain, every ledger invariant, per-project money) and, on SQLite, the
    file's own integrity check; returns the number of checks passed."""
    found = verify(book.store, book.code)
    assert found.problems == (), found.problems[:10]
    if not book.store.is_sqlite:
        return 1
    assert book.location.sqlite_path is not None
    with sqlite3.connect(book.location.sqlite_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    return 2


def kill_plan(rng: random.Random, kills: int) -> list[str]:
    """Half by progress count, half by timer; the first by count, to time the command."""
    rest = ["line"] * (kills // 2 - 1) + ["timer"] * (kills - kills // 2)
    rng.shuffle(rest)
    return ["line", *rest]


def pace(runs: list[Run]) -> tuple[float, float]:
    """Seconds to the first progress line and between lines, the median of the runs so far."""
    first = statistics.median(r.lines[0] for r in runs if r.lines)
    gaps = [(r.lines[-1] - r.lines[0]) / (len(r.lines) - 1) for r in runs if len(r.lines) > 1]
    return first, statistics.median(gaps)


class Scenario:
    """A command killed again and again on one book: where to kill it (from the runs so far), what
    a kill left (``check`` names it and fails on a broken book), and, should a late kill have let
    the work finish, a fresh book of the same store for the kills to come."""

    marker = ""

    def __init__(self, book: BookHandle) -> None:
        self.book = book

    def command(self) -> list[str]:
        raise NotImplementedError

    def env(self) -> dict[str, str]:
        return {**os.environ, **env_of(self.book)}

    def choose(self, rng: random.Random, how: str, runs: list[Run]) -> float:
        raise NotImplementedError

    def check(self) -> str:
        raise NotImplementedError

    def finished(self) -> bool:
        raise NotImplementedError

    def fresh(self) -> None:
        raise NotImplementedError

    def rerun_twice(self, tables: dict[str, str]) -> tuple[str, str]:
        """The same command run to the end, then once more, which must change none of ``tables``;
        the book must be whole after each. Returns what each printed."""
        outs = []
        for _ in range(2):
            before = journal_state(self.book, tables)
            done = subprocess.run(
                self.command(), env=self.env(), cwd=ROOT, capture_output=True, text=True, timeout=LIMIT_S
            )
            assert done.returncode == 0, done.stdout + done.stderr[-2000:]
            assert_whole(self.book)
            outs.append(done.stdout.strip())
        assert journal_state(self.book, tables) == before, "the second re-run wrote something"
        print(f"  re-run: {outs[0]} / again: {outs[1]}", flush=True)
        return outs[0], outs[1]


def crash_loop(s: Scenario) -> list[Run]:
    """Kill the command at seeded points; after each kill the scenario's check and
    :func:`assert_whole` must pass, a kill by count must have landed mid-run, and nothing may
    change afterwards (no late commit by a killed client's server backend)."""
    rng, runs, checks, fresh = random.Random(SEED), list[Run](), 0, 0
    started = time.perf_counter()
    for how in kill_plan(rng, PROFILE.kills):
        assert not runs or s.check() == runs[-1].outcome, "the book changed after the killed run was checked"
        if s.finished():
            s.fresh()
            fresh += 1
            print("  (a kill came after the end: the next kills go to a fresh book)", flush=True)
        run = spawn(s.command(), s.env(), s.marker, how, s.choose(rng, how, runs))
        settle(s.book)
        run.outcome = s.check()
        assert how == "timer" or run.code == -signal.SIGKILL, f"killed too late: {run.outcome}"
        checks += 1 + assert_whole(s.book)
        runs.append(run)
        print(f"  kill {len(runs):2}: {run.describe(s.marker.strip() + ' lines')}", flush=True)
    landed = sum(r.code == -signal.SIGKILL for r in runs)
    seconds = time.perf_counter() - started
    print(f"  {len(runs)} kills ({landed} mid-run, {fresh} fresh books), {checks} checks passed, {seconds:.1f}s")
    return runs


JOURNAL = {
    "entries": "book_id = :book",
    "postings": "book_id = :book",
    "balances": "book_id = :book",
    "books": "id = :book",
}


def journal_state(book: BookHandle, tables: dict[str, str] = JOURNAL) -> tuple[int, str]:
    """The book's entry count and a digest of every row of ``tables`` (the journal's by default)."""
    found = hashlib.sha256()
    with book.store.engine.connect() as conn:
        book_id = conn.execute(text("SELECT id FROM books WHERE code = :c"), {"c": book.code}).scalar_one()
        for table, where in tables.items():
            for row in conn.execute(text(f"SELECT * FROM {table} WHERE {where} ORDER BY 1"), {"book": book_id}):  # noqa: S608
                found.update(repr(tuple(row)).encode())
        count = conn.execute(text("SELECT COUNT(*) FROM entries WHERE book_id = :b"), {"b": book_id}).scalar_one()
    return int(count), found.hexdigest()
