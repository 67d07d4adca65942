"""Workflow benchmark (issue 5): ``--projects`` micro-projects through the whole workflow
(点单 order → 派单 dispatch → 接单 accept → 申请 apply → 评审 approve → 拨付 disburse → 完成 complete
→ 评估 evaluate → 公开 disclose) through ``workflows.services.import_steps``, as ``cfund import steps`` runs a file.

Projects go through in groups of ``--batch``: per group, each stage is one file per acting user
(the residents' orders, the community's dispatches, the review meeting, the payment run, the
evaluations, the disclosures), and each organisation's own steps (accept and apply, complete)
one file per organisation, which holds few projects. ``--batch 1`` makes every step its own
transaction, as one CLI command per step would.

Usage: ``python bench/workflow.py [--projects 10000] [--batch 250] [--db PATH_OR_URL]``. Prints a
Markdown row (wall seconds of the projects alone, steps per second, peak RSS); exits 1 when the
target (60 s for 10,000 projects) is missed.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from ledger.services import ledger_ops
from ledger.storage.engine import open_store
from ledger.storage.uow import Batch
from workflows.demo import scenario as demo
from workflows.demo.projects import register_people
from workflows.services import import_steps as steps

TARGET_S, TARGET_PROJECTS = 60.0, 10_000
RESIDENT = "居民-01"


def run(book: Any, actor: str, action: str, rows: list[dict[str, Any]]) -> list[steps.Done]:
    """One steps file: ``rows`` of ``action`` by ``actor`` in one batch."""
    with Batch(book.uow()) as batch:
        done = steps.run(batch, actor, [steps.Line(n + 2, action, row) for n, row in enumerate(rows)])
        batch.commit()
    return done


def group(book: Any, rng: random.Random, orgs: list[tuple[str, str]], count: int, batch: int) -> None:
    """``count`` projects through every stage, in files of at most ``batch`` rows."""
    users, people = book.config["users"], book.config["people"]
    reviewer, evaluator = people["reviewers"][0], people["evaluators"][0]
    need = {"title": "楼道加装扶手", "need": "扶手"}
    orders = [{"compound": demo.place(book.config, rng)} | need for _ in range(count)]
    made = [d.fired.project for part in chunks(orders, batch) for d in run(book, RESIDENT, "order", part)]
    plans = [(n, *rng.choice(orgs), f"{rng.randint(10, 50) * 100}.00") for n in made]
    each(book, users["community"], "dispatch", [{"project": n, "organisation": org} for n, org, _, _ in plans], batch)
    mine: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for n, _, member, amount in plans:
        mine[member].append((n, amount))
    apply = {"fund": "community", "purpose": "community_service"}
    for member, held in mine.items():
        each(book, member, "accept", [{"project": n} for n, _ in held], batch)
        each(book, member, "apply", [{"project": n, "amount": a} | apply for n, a in held], batch)
    for member in people["reviewers"][:2]:  # the committee of three: two members' votes decide
        each(book, member, "vote_approve", [{"project": n} for n, _, _, _ in plans], batch)
    each(book, users["treasurer"], "disburse", [{"project": n, "amount": a} for n, _, _, a in plans], batch)
    for member, held in mine.items():
        each(book, member, "complete", [{"project": n} for n, _ in held], batch)
    evaluations = [{"project": n, "score": 4, "summary": "按期完成"} for n in made]
    each(book, evaluator, "evaluate", evaluations, batch)
    each(book, reviewer, "disclose", [{"project": n} for n in made], batch)


def each(book: Any, actor: str, action: str, rows: list[dict[str, Any]], batch: int) -> None:
    for part in chunks(rows, batch):
        run(book, actor, action, part)


def chunks(rows: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=TARGET_PROJECTS)
    parser.add_argument("--batch", type=int, default=250, help="rows per steps file (1: a command per step)")
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    from ledger.storage.location import locate

    db = args.db or str(Path(tempfile.mkdtemp(prefix="cfund-wf-")) / "wf.db")
    store = open_store(locate(db), create=True)
    book, rng = demo.start(store)
    orgs = register_people(book, rng)
    treasurer = book.config["users"]["treasurer"]
    book.call(ledger_ops.donate, treasurer, donor="gas", amount="100000000.00", fund="community", date="2025-01-02")
    started = time.perf_counter()
    for first in range(0, args.projects, args.batch):
        group(book, rng, orgs, min(args.batch, args.projects - first), args.batch)
    wall = time.perf_counter() - started
    scaled = wall * TARGET_PROJECTS / args.projects
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    met = "yes" if scaled <= TARGET_S else "NO"
    rate = 9 * args.projects / wall
    label = f"{args.projects:,} projects x 9 steps, files of {args.batch}"
    print(f"| {label} | {wall:.1f} | {rate:.0f} | {scaled:.0f} | {rss:.0f} | {met} |")
    sys.exit(0 if met == "yes" else 1)


if __name__ == "__main__":
    main()
