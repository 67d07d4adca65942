"""Crash tests (issue 6): ``cfund import donations`` and a run of workflow transitions are killed
with SIGKILL at seeded points, on a real SQLite file and on PostgreSQL. Half the kills come after
the k-th progress line, half after a seeded time. After each kill the book is whole: the import
left nothing (or, had it committed, everything), every project's stage matches its events and
its ledger entries, ``audit verify`` passes and SQLite's ``integrity_check`` says ok. Then the
same command, run again, finishes the work exactly once, and once more writes nothing. (Should a
timer on a suddenly faster machine let the work finish, the next kills go to a fresh book.)
Negative controls: the same harness catches a naive import that commits each batch and a naive
transition that commits its ledger entry before its stage, and the workflow check catches a stage,
entry or event changed behind the services' back.

Profiles: CI by default (6,000 rows, 6 kills per scenario, 30 projects); ``CFUND_CRASH_FULL=1``
for the issue's figures (60,000 rows, 20 kills, 200 projects). ``CFUND_CRASH_SEED`` changes the
seed. ``pytest -s`` shows each kill, the seconds and the checks passed.
"""

from __future__ import annotations

import math
import os
import random
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from ledger.services import ledger_ops
from tests.cli.commands.test_imports import env_of, rows, write_csv
from tests.conftest import BookHandle, new_book
from tests.system import crash_driver as driver
from tests.system.crash_harness import (
    BATCH,
    CFUND,
    JOURNAL,
    PROFILE,
    SEED,
    Run,
    Scenario,
    crash_loop,
    journal_state,
    pace,
    settle,
    spawn,
)
from tests.workflows.conftest import add_people

# --- (a) a killed import ---------------------------------------------------------------------


def imported(book: BookHandle) -> tuple[int, int]:
    """Entries written by imports, and their distinct references."""
    sql = (
        "SELECT COUNT(*), COUNT(DISTINCT e.idem_key) FROM entries e JOIN books b ON b.id = e.book_id "
        "WHERE b.code = :c AND e.idem_key LIKE 'import:%'"
    )
    with book.store.engine.connect() as conn:
        count, distinct = conn.execute(text(sql), {"c": book.code}).one()
    return int(count), int(distinct)


def import_outcome(book: BookHandle, before: tuple[int, str], rows_in_file: int) -> str:
    """``nothing`` when the book is exactly as before, ``all`` when every row is in it once;
    anything else (a partial import, a duplicate) fails."""
    now = journal_state(book)
    if now == before:
        return "nothing written"
    found = imported(book)
    assert now[0] == before[0] + rows_in_file and found == (rows_in_file, rows_in_file), (
        f"partial import: {now[0] - before[0]} entries written, {found[0]} imported ({found[1]} references) "
        f"of {rows_in_file} rows"
    )
    return "all rows written (the kill came after the commit)"


class ImportCrash(Scenario):
    """``cfund import donations FILE`` of PROFILE.rows rows, killed by progress line or timer."""

    marker = "import "

    def __init__(self, book: BookHandle, path: Path) -> None:
        super().__init__(book)
        self.path, self.before = path, journal_state(book)
        #: progress lines: one per BATCH rows checked, then one per batch of BATCH entries written
        self.lines = 2 * math.ceil(PROFILE.rows / BATCH)

    def command(self) -> list[str]:
        return [CFUND, "import", "donations", str(self.path)]

    def env(self) -> dict[str, str]:
        return {**super().env(), "CFUND_PROGRESS": "plain"}

    def choose(self, rng: random.Random, how: str, runs: list[Run]) -> float:
        if not runs:
            return self.lines  # after the last batch, before the commit; and it times the command
        if how == "line":
            return rng.randint(1, self.lines)
        first, per_line = pace(runs)
        if sum(r.how == "timer" for r in runs) % 2:  # alternately while checking rows, while writing
            return round(rng.uniform(0.05, 1) * first, 2)
        return round(rng.uniform(first, first + (self.lines - 1) * per_line), 2)

    def check(self) -> str:
        return import_outcome(self.book, self.before, PROFILE.rows)

    def finished(self) -> bool:
        return imported(self.book)[0] == PROFILE.rows

    def fresh(self) -> None:
        self.book = new_book(self.book.store, "f")
        self.before = journal_state(self.book)


def test_a_killed_import_leaves_nothing_and_the_same_command_finishes(book: BookHandle, tmp_path: Path) -> None:
    header = f"{PROFILE.rows:,} rows, {PROFILE.kills} kills, profile {PROFILE.name}, seed {SEED}"
    print(f"\n[crash import] {book.backend}: {header}", flush=True)
    started = time.perf_counter()
    crash = ImportCrash(book, write_csv(tmp_path / "donations.csv", rows(PROFILE.rows)))
    crash_loop(crash)
    _, again = crash.rerun_twice(JOURNAL)
    assert crash.check().startswith("all") and imported(crash.book) == (PROFILE.rows, PROFILE.rows)
    assert "Nothing new" in again
    print(f"  total {time.perf_counter() - started:.1f}s", flush=True)


#: Negative control: the same import made naive, committing after each batch of 2,000 rows.
NAIVE_IMPORT = """
import ledger.storage.journal as journal
append = journal.write
def each_batch_committed(uow, *args):
    out = append(uow, *args)
    uow.session.commit()
    return out
journal.write = each_batch_committed
from cli.main import run
run()
"""


def test_the_harness_catches_a_naive_import_that_commits_each_batch(book: BookHandle, tmp_path: Path) -> None:
    path, before = write_csv(tmp_path / "d.csv", rows(5000)), journal_state(book)
    env = {**os.environ, **env_of(book), "CFUND_PROGRESS": "plain"}
    two_written = math.ceil(5000 / BATCH) + 2  # the lines of the rows checked, then two batches written
    command = [sys.executable, "-c", NAIVE_IMPORT, "import", "donations", str(path)]
    run = spawn(command, env, "import ", "line", two_written)
    settle(book)
    assert run.code == -signal.SIGKILL
    with pytest.raises(AssertionError, match="partial import: 4000 entries written, 4000 imported"):
        import_outcome(book, before, 5000)


# --- (b) killed workflow transitions ---------------------------------------------------------


WORKFLOW_TABLES = ("projects", "project_events", "disclosures")


def workflow_book(book: BookHandle) -> BookHandle:
    add_people(book)
    ledger_ops.donate(book.uow, "tina", donor="gas", amount=str(driver.budget(PROFILE.projects)), fund="community")
    return book


def workflow_outcome(book: BookHandle, total: int) -> str:
    problems = driver.problems(book.store, book.code, PROFILE.projects)
    assert problems == [], problems[:20]
    done, at = driver.steps(book.store, book.code)
    return f"{done}/{total} steps in the book ({', '.join(f'{n} {s}' for s, n in sorted(at.items()))})"


class WorkflowCrash(Scenario):
    """The crash driver taking PROFILE.projects projects through the workflow, killed by step or timer."""

    marker = "step "

    def __init__(self, book: BookHandle) -> None:
        super().__init__(workflow_book(book))
        self.total = len(driver.TRIGGERS) * PROFILE.projects

    def command(self) -> list[str]:
        where = ["--db", env_of(self.book)["CFUND_DB"], "--book", self.book.code]
        return [sys.executable, "-m", "tests.system.crash_driver", *where, "--projects", str(PROFILE.projects)]

    def done(self) -> int:
        return driver.steps(self.book.store, self.book.code)[0]

    def choose(self, rng: random.Random, how: str, runs: list[Run]) -> float:
        left = self.total - self.done()
        share = max(2, left // (PROFILE.kills - len(runs) + 1))  # leave work for the kills to come
        if how == "line":
            return max(1, min(rng.randint(2 if not runs else 1, 2 * share - 1), left - 1))
        startup, per_step = pace(runs)
        return round(rng.uniform(0.5 * startup, startup + 2 * share * per_step), 2)

    def check(self) -> str:
        return workflow_outcome(self.book, self.total)

    def finished(self) -> bool:
        return self.done() == self.total

    def fresh(self) -> None:
        self.book = workflow_book(new_book(self.book.store, "f"))


def test_killed_workflow_steps_leave_every_project_whole_and_the_same_command_finishes(book: BookHandle) -> None:
    header = f"{PROFILE.projects} projects x 9 steps, {PROFILE.kills} kills, profile {PROFILE.name}, seed {SEED}"
    print(f"\n[crash workflow] {book.backend}: {header}", flush=True)
    started = time.perf_counter()
    crash = WorkflowCrash(book)
    crash_loop(crash)
    _, again = crash.rerun_twice({**JOURNAL, **{t: "book_id = :book" for t in WORKFLOW_TABLES}})
    assert crash.check().startswith(f"{crash.total}/{crash.total} steps") and again == "done 0 steps"
    assert driver.steps(crash.book.store, crash.book.code)[1] == {"disclosed": PROFILE.projects}
    print(f"  total {time.perf_counter() - started:.1f}s", flush=True)


#: Negative control: the driver made naive, its transitions committing the ledger entry first.
NAIVE_WORKFLOW = """
import sys, time
import workflows.services.transition as fire
def entry_committed_first(session, *args):
    session.commit()
    sys.stderr.write("step half done\\n")
    sys.stderr.flush()
    time.sleep(60)
fire.move = entry_committed_first
from tests.system.crash_driver import main
main()
"""


def test_the_harness_catches_a_naive_transition_that_commits_its_entry_first(book: BookHandle) -> None:
    workflow_book(book)
    stage = None
    while stage != "applied":
        stage = driver.step(book.store, book.code, 1, stage)
    command = [sys.executable, "-c", NAIVE_WORKFLOW, "--db", env_of(book)["CFUND_DB"], "--book", book.code]
    run = spawn([*command, "--projects", "1"], dict(os.environ), "step ", "line", 1)
    settle(book)
    assert run.code == -signal.SIGKILL
    problems = driver.problems(book.store, book.code, 1)
    assert "project 1 is applied with 1 commitment entries, not 0" in problems, problems
    assert any("has no event" in p for p in problems), problems


def raw(sql: str) -> Callable[[BookHandle, int], None]:
    def run(book: BookHandle, seq: int) -> None:
        with book.store.engine.begin() as conn:
            find = "SELECT p.id FROM projects p JOIN books b ON b.id = p.book_id WHERE b.code = :c AND p.seq = :s"
            pid = conn.execute(text(find), {"c": book.code, "s": seq}).scalar_one()
            conn.execute(text(sql), {"p": pid})

    return run


TAMPERING = {
    "stage moved without its entry": (
        "applied",
        raw("UPDATE projects SET stage = 'approved' WHERE id = :p"),
        "is approved with 0 commitment entries, not 1",
    ),
    "event without its stage": (
        "dispatched",
        raw(
            "INSERT INTO project_events (book_id, project_id, trigger, from_stage, to_stage, actor_id, at, note) "
            "SELECT book_id, id, 'accept', 'dispatched', 'accepted', opened_by, created_at, '' "
            "FROM projects WHERE id = :p"
        ),
        "is dispatched but its last event leads to accepted",
    ),
}


@pytest.mark.parametrize("case", list(TAMPERING))
def test_the_workflow_check_catches_a_stage_entry_or_event_out_of_step(book: BookHandle, case: str) -> None:
    """Negative controls: what a crash between the parts of a transition would leave is seen."""
    stage, tamper, expected = TAMPERING[case]
    workflow_book(book)
    current = None
    while current != stage:
        current = driver.step(book.store, book.code, 1, current)
    assert driver.problems(book.store, book.code, 1) == []
    tamper(book, 1)
    problems = driver.problems(book.store, book.code, 1)
    assert any(expected in p for p in problems), problems
