"""Workflow benchmark (issue 5): ``--projects`` micro-projects through the whole workflow
(点单 order → 派单 dispatch → 接单 accept → 申请 apply → 评审 approve → 拨付 disburse → 完成 complete
→ 评估 evaluate → 公开 disclose), each step its own unit of work as a CLI command would run it.

Usage: ``python bench/workflow.py [--projects 10000] [--db PATH_OR_URL]``. Prints a Markdown row
(wall seconds of the projects alone, steps per second, peak RSS); exits 1 when the target (60 s
for 10,000 projects) is missed.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ledger.db import open_store
from ledger.services import ledger_ops
from workflows import delivery, demo, intake, review
from workflows.demo_projects import register_people

TARGET_S, TARGET_PROJECTS = 60.0, 10_000


def one_project(book: Any, rng: random.Random, orgs: list[tuple[str, str]]) -> None:
    org, member = rng.choice(orgs)
    people = book.config["people"]
    reviewer, evaluator = people["reviewers"][0], people["evaluators"][0]
    n = book.call(intake.order, "居民-01", compound=demo.place(book.config, rng), title="楼道加装扶手", need="扶手")
    n = n.project
    amount = f"{rng.randint(10, 50) * 100}.00"
    steps: list[tuple[Any, str, dict[str, Any]]] = [
        (intake.dispatch, book.config["users"]["community"], {"organisation": org}),
        (intake.accept, member, {}),
        (intake.apply, member, {"fund": "community", "purpose": "community_service", "amount": amount}),
        (review.approve, reviewer, {}),
        (delivery.disburse, book.config["users"]["treasurer"], {"amount": amount}),
        (delivery.complete, member, {}),
        (delivery.evaluate, evaluator, {"score": 4, "summary": "按期完成"}),
        (delivery.disclose, reviewer, {}),
    ]
    for service, actor, kwargs in steps:
        book.call(service, actor, project=n, **kwargs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=TARGET_PROJECTS)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    from ledger.locate import locate

    db = args.db or str(Path(tempfile.mkdtemp(prefix="cfund-wf-")) / "wf.db")
    store = open_store(locate(db), create=True)
    book, rng = demo.start(store)
    orgs = register_people(book, rng)
    treasurer = book.config["users"]["treasurer"]
    book.call(ledger_ops.donate, treasurer, donor="gas", amount="100000000.00", fund="community", date="2025-01-02")
    started = time.perf_counter()
    for _ in range(args.projects):
        one_project(book, rng, orgs)
    wall = time.perf_counter() - started
    scaled = wall * TARGET_PROJECTS / args.projects
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    met = "yes" if scaled <= TARGET_S else "NO"
    steps = 9 * args.projects / wall
    print(f"| {args.projects:,} projects x 9 steps | {wall:.1f} | {steps:.0f} | {scaled:.0f} | {rss:.0f} | {met} |")
    sys.exit(0 if met == "yes" else 1)


if __name__ == "__main__":
    main()
