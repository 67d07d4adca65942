"""Crash driver (issue 6): take projects 1..N of a book through the whole workflow, resumably.

Usage: ``python -m tests.system.crash_driver --db PATH_OR_URL --book CODE --projects N``. Each pass
moves every project one step (点单 order → 派单 dispatch → 接单 accept → 申请 apply → 评审
approve → 拨付 disburse → 完成 complete → 评估 evaluate → 公开 disclose), each step its own unit
of work through the services, as one CLI command would run it; one line per committed step
goes to stderr (flushed), so a test can SIGKILL the driver after the k-th step.

On start it reads every project's stage and carries on from there, so running it again is
"the same command": it orders only while fewer than N projects exist (projects are numbered
1..N), and it disburses with an idempotency key per project. The book needs the workflow people
of ``tests.workflows.conftest.PEOPLE`` and at least :func:`budget` in its community fund.

:func:`problems` says what a run of the driver, stopped anywhere, must never leave: a stage
without its events or its ledger entry, an entry or event without the other, a step twice.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from sqlalchemy import select, text

from ledger.storage.engine import Store, open_store
from ledger.storage.location import locate
from ledger.storage.uow import UnitOfWork
from workflows.services import delivery, intake, review
from workflows.storage.tables import Project

#: The happy path: the stage a project is in, and the step that moves it on.
NEXT: dict[str, tuple[Callable[..., Any], str, dict[str, Any]]] = {
    "ordered": (intake.dispatch, "cathy", {"organisation": "swc"}),
    "dispatched": (intake.accept, "olga", {}),
    "accepted": (intake.apply, "olga", {"fund": "community", "purpose": "community_service"}),
    "applied": (review.approve, "rev", {}),
    "approved": (delivery.disburse, "tina", {}),
    "in_progress": (delivery.complete, "olga", {}),
    "completed": (delivery.evaluate, "eva", {"score": 4, "summary": "按期完成"}),
    "evaluated": (delivery.disclose, "rev", {}),
}
#: The triggers of the happy path, in order, and the stage each one leads to.
TRIGGERS = ("order", "dispatch", "accept", "apply", "approve", "disburse", "complete", "evaluate", "disclose")
STAGES = (*NEXT, "disclosed")


def amount(seq: int) -> str:
    """Project ``seq`` asks for, is granted and is paid this much, in one tranche."""
    return f"{100 + seq}.00"


def budget(projects: int) -> Decimal:
    return sum((Decimal(amount(n)) for n in range(1, projects + 1)), Decimal("0.00"))


def stages(store: Store, book: str) -> dict[int, str]:
    with UnitOfWork(store, book) as uow:
        found = uow.session.execute(select(Project.seq, Project.stage).where(Project.book_id == uow.book_id))
        return {int(seq): str(stage) for seq, stage in found}


def step(store: Store, book: str, seq: int, stage: str | None) -> str:
    """Move project ``seq`` one step from ``stage`` (None: not ordered yet); returns the new stage."""
    work = partial(UnitOfWork, store, book)
    if stage is None:
        fired = intake.order(work, "rita", compound="c01", title=f"项目 {seq}", need="楼道加装扶手")
        if fired.project != seq:
            raise SystemExit(f"ordered project {fired.project}, expected {seq}")
        return fired.to_stage
    service, actor, kwargs = NEXT[stage]
    if stage in ("accepted", "approved"):
        kwargs = {**kwargs, "amount": amount(seq)}
    if stage == "approved":
        kwargs["key"] = f"crash-tranche-{seq}"
    done = service(work, actor, project=seq, **kwargs)
    return str(getattr(done, "fired", done).to_stage)


def run(store: Store, book: str, projects: int) -> int:
    """Advance every project to ``disclosed``, one step per project per pass; returns the steps."""
    current: dict[int, str | None] = {n: None for n in range(1, projects + 1)}
    current |= stages(store, book)
    if len(current) != projects:
        raise SystemExit(f"book {book} has projects beyond 1..{projects}: {sorted(current)}")
    done = 0
    while any(stage != "disclosed" for stage in current.values()):
        for seq, stage in current.items():
            if stage == "disclosed":
                continue
            current[seq] = step(store, book, seq, stage)
            done += 1
            sys.stderr.write(f"step {seq} {current[seq]}\n")
            sys.stderr.flush()
    return done


# --- what a run, stopped anywhere, must have left ------------------------------------------------

#: Per table: its alias and a query of the book's rows (``{book}`` joins the book by its code).
SQL = {
    "projects": ("p", "SELECT p.id, p.seq, p.stage FROM projects p {book} ORDER BY p.seq"),
    "events": (
        "v",
        "SELECT v.project_id, v.trigger, v.from_stage, v.to_stage, v.entry_id, x.kind FROM project_events v "
        "LEFT JOIN entries x ON x.id = v.entry_id {book} ORDER BY v.id",
    ),
    "entries": (
        "e",
        "SELECT DISTINCT e.id, e.kind, p.project_id FROM entries e JOIN postings p ON p.entry_id = e.id {book} "
        "AND e.kind IN ('commitment', 'disbursement', 'release')",
    ),
    "disclosures": ("d", "SELECT d.project_id, 1 FROM disclosures d {book}"),
}
#: The ledger entry a trigger of the happy path writes, and the stage from which each kind exists.
LINKED = {"approve": "commitment", "disburse": "disbursement"}
FROM_STAGE = {"commitment": "approved", "disbursement": "in_progress", "release": None}


def steps(store: Store, book: str) -> tuple[int, dict[str, int]]:
    """Steps committed so far (one event each), and how many projects are at each stage."""
    sql = "SELECT p.stage, COUNT(*) FROM projects p JOIN books b ON b.id = p.book_id WHERE b.code = :c GROUP BY 1"
    with store.engine.connect() as conn:
        at = {str(stage): int(n) for stage, n in conn.execute(text(sql), {"c": book})}
    return sum(n * (STAGES.index(stage) + 1) for stage, n in at.items()), at


def _read(store: Store, book: str) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    with store.engine.connect() as conn:
        for name, (alias, sql) in SQL.items():
            query = text(sql.format(book=f"JOIN books b ON b.id = {alias}.book_id WHERE b.code = :c"))
            out[name] = [tuple(row) for row in conn.execute(query, {"c": book})]
    return out


def problems(store: Store, book: str, projects: int) -> list[str]:
    """Every disagreement between the projects' stages, their events and their ledger entries."""
    data, found = _read(store, book), []
    seqs = [seq for _, seq, _ in data["projects"]]
    if seqs != list(range(1, len(seqs) + 1)) or len(seqs) > projects:
        found.append(f"projects are numbered {seqs}, not 1..n with n <= {projects}")
    events: dict[int, list[tuple[Any, ...]]] = {}
    for row in data["events"]:
        events.setdefault(row[0], []).append(row)
    entries = {entry: (kind, project) for entry, kind, project in data["entries"]}
    linked = {row[4] for row in data["events"]}
    found += [f"{kind} entry {e} of project id {p} has no event" for e, (kind, p) in entries.items() if e not in linked]
    disclosed = {project for project, _ in data["disclosures"]}
    for pid, seq, stage in data["projects"]:
        found += project_problems(seq, stage, events.get(pid, []), [k for k, p in entries.values() if p == pid])
        if (stage == "disclosed") != (pid in disclosed):
            found.append(f"project {seq} is {stage}: disclosure record {'present' if pid in disclosed else 'missing'}")
    return found


def project_problems(seq: int, stage: str, events: list[tuple[Any, ...]], kinds: list[str]) -> list[str]:
    """One project: its events are the happy path so far and lead to its stage; each event has
    the entry it writes; its entries are the ones its stage calls for, once each."""
    found, n = [], len(events)
    path = [(t, f, s) for _, t, f, s, _, _ in events]
    if path != list(zip(TRIGGERS[:n], (None, *STAGES[: n - 1]), STAGES[:n], strict=True)):
        found.append(f"project {seq}: events {path} are not the happy path")
    if not events or events[-1][3] != stage:
        found.append(f"project {seq} is {stage} but its last event leads to {events[-1][3] if events else None}")
    for _, trigger, _, _, entry, kind in events:
        if entry is not None and kind is None:
            found.append(f"project {seq}: event {trigger} refers to missing entry {entry}")
        elif kind != LINKED.get(trigger):
            found.append(f"project {seq}: event {trigger} has entry {entry} ({kind}), not {LINKED.get(trigger)}")
    reached = STAGES.index(stage) if stage in STAGES else -1
    for kind, since in FROM_STAGE.items():
        expected = int(since is not None and reached >= STAGES.index(since))
        if kinds.count(kind) != expected:
            found.append(f"project {seq} is {stage} with {kinds.count(kind)} {kind} entries, not {expected}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--book", required=True)
    parser.add_argument("--projects", type=int, required=True)
    args = parser.parse_args()
    store = open_store(locate(args.db))
    try:
        done = run(store, args.book, args.projects)
    finally:
        store.engine.dispose()
    print(f"done {done} steps")


if __name__ == "__main__":
    main()
