"""The demo's 142 micro-projects: ordered through the year across the 72 compounds, dispatched
to active social organisations, and moved through every stage with a realistic mix: declined
and re-dispatched, returned for revision, rejected, cancelled, co-funded, paid in tranches,
evaluated and disclosed, with the most recent still in flight (some of them overdue). Each
application is reviewed by the book's committee of three (fixtures/workflow.toml), two of
whom decide."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from ledger.errors import LedgerError
from ledger.services import registry, setup
from workflows.demo.scenario import ME, place
from workflows.services import cofunding, committee, delivery, intake, progress, review

Step = tuple[int, Any, str, dict[str, Any]]  # (days after the previous step, service, actor, arguments)
FIRST_ORDER = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC)


def run_projects(demo: Any, rng: random.Random) -> None:
    """Register the organisations and people, then run every project's script in date order."""
    orgs = register_people(demo, rng)
    spacing = (demo.today - dt.timedelta(days=3) - FIRST_ORDER) / demo.config["projects"]
    for n in range(demo.config["projects"]):
        start = FIRST_ORDER + spacing * n
        _run(demo, start, _script(demo.config, rng, n + 1, orgs))


def register_people(demo: Any, rng: random.Random) -> list[tuple[str, str]]:
    config, admin = demo.config, demo.config["users"]["admin"]
    kinds, roads = config["organisations"]["kinds"], config["names"]["roads"]
    for n in range(1, config["organisations"]["total"] + 1):
        name = f"{roads[n % len(roads)]}{kinds[n % len(kinds)]}（{n:03d}）"
        demo.call(registry.add_party, admin, code=f"org{n:03d}", name=name, kind="organisation")
    orgs = []
    for n in rng.sample(range(1, config["organisations"]["total"] + 1), config["organisations"]["active"]):
        user = f"组织-{n:03d}"
        demo.call(setup.add_user, admin, name=user, roles=["organisation"], organisation=f"org{n:03d}", credential=ME)
        orgs.append((f"org{n:03d}", user))
    people = config["people"]
    for name in people["reviewers"]:
        demo.call(setup.add_user, admin, name=name, roles=["reviewer"], credential=ME)
    for name in people["evaluators"]:
        demo.call(setup.add_user, admin, name=name, roles=["evaluator"], credential=ME)
    for n in range(1, people["residents"] + 1):
        demo.call(setup.add_user, admin, name=f"居民-{n:02d}", roles=["resident"], credential=ME)
    return orgs


def _run(demo: Any, start: dt.datetime, script: list[Step]) -> None:
    """Play a script from ``start``; stop at today (the project is still in flight) or on a refusal
    of money (the fund had too little left, so the application waits)."""
    when, number = start, None
    for days, service, actor, kwargs in script:
        when = when + dt.timedelta(days=days, hours=2)
        if when >= demo.today:
            return
        demo.at = when
        try:
            done = demo.call(service, actor, **({"project": number} if number else {}), **kwargs)
        except LedgerError:
            return
        finally:
            demo.at = None
        number = number or done.project


def _script(config: dict[str, Any], rng: random.Random, n: int, orgs: list[tuple[str, str]]) -> list[Step]:
    kind = rng.choice(config["project_kind"])
    people, community = config["people"], config["users"]["community"]
    panel, evaluator = rng.sample(people["reviewers"], 3), rng.choice(people["evaluators"])
    reviewer = panel[0]
    org, member = rng.choice(orgs)
    budget = Decimal(rng.randint(kind["low"], kind["high"]) * 100) / 100
    resident = f"居民-{rng.randint(1, people['residents']):02d}"
    script: list[Step] = [
        (
            0,
            intake.order,
            resident,
            {"compound": place(config, rng), "title": kind["title"], "need": f"居民点单：{kind['title']}"},
        )
    ]
    if rng.random() < 0.08:  # declined, then dispatched to another organisation
        other, other_member = rng.choice(orgs)
        script += [
            (rng.randint(1, 3), intake.dispatch, community, {"organisation": other}),
            (rng.randint(1, 4), intake.decline, other_member, {"reason": "人手不足"}),
        ]
    script += [
        (rng.randint(1, 4), intake.dispatch, community, {"organisation": org}),
        (rng.randint(1, 6), intake.accept, member, {}),
    ]
    fate = rng.random()
    if fate > 0.95:  # stalled: the organisation never followed up, so the project is overdue
        return script[: rng.randint(1, len(script))]
    if fate < 0.05:
        return [*script, (rng.randint(1, 5), review.cancel, resident, {"reason": "需求已由物业解决"})]
    treasurer = config["users"]["treasurer"]
    script += _application(rng, kind, (member, panel, treasurer), budget)
    if fate < 0.11:
        return [*script, *_review(rng, panel, "reject", "预算依据不足")]
    approved = budget
    script += _review(rng, panel, "approve", "预算合理")
    if fate < 0.15:
        return [*script, (rng.randint(2, 10), review.cancel, reviewer, {"reason": "施工条件不具备"})]
    return script + _delivery(rng, (member, evaluator, reviewer, treasurer), approved)


def _review(rng: random.Random, panel: list[str], outcome: str, note: str) -> list[Step]:
    """规范化评审 by the committee (two of three decide): the first two members vote; now and
    then the second dissents and the third decides."""
    first = (rng.randint(3, 16), committee.vote, panel[0], {"decision_": outcome, "note": note})
    if rng.random() < 0.8:
        return [first, (1, committee.vote, panel[1], {"decision_": outcome, "note": note})]
    other = "return" if outcome != "return" else "approve"
    dissent = (1, committee.vote, panel[1], {"decision_": other, "note": "请再论证"})
    return [first, dissent, (2, committee.vote, panel[2], {"decision_": outcome, "note": note})]


def _application(
    rng: random.Random, kind: dict[str, Any], who: tuple[str, list[str], str], budget: Decimal
) -> list[Step]:
    member, panel, treasurer = who
    args: dict[str, Any] = {"fund": kind["fund"], "purpose": kind["purpose"], "amount": str(budget)}
    plan: dict[str, str] = {}
    if kind.get("cofunded"):  # 社企担一点 + 居民出一点 + 社会资源解决一点
        company = (budget * Decimal("0.4")).quantize(Decimal("0.01"))
        residents = (budget * Decimal("0.2")).quantize(Decimal("0.01"))
        plan = {"company": str(company), "residents": str(residents), "social": str(budget - company - residents)}
        args["plan"] = plan
    steps: list[Step] = [(rng.randint(2, 12), intake.apply, member, args)]
    if rng.random() < 0.1:  # returned for revision, then applied again
        steps += [*_review(rng, panel, "return", "请补充报价单"), (rng.randint(2, 8), intake.apply, member, args)]
    for days, party, share in ((1, "ssc", "company"), (2, "residents", "residents")):
        if plan:
            steps.append(
                (days, cofunding.contribute, treasurer, {"party": party, "share": share, "amount": plan[share]})
            )
    return steps


def _delivery(rng: random.Random, who: tuple[str, str, str, str], approved: Decimal) -> list[Step]:
    member, evaluator, reviewer, treasurer = who
    first = (approved * Decimal("0.6")).quantize(Decimal("0.01"))
    second = (approved * Decimal(rng.choice(("0.3", "0.35", "0.4")))).quantize(Decimal("0.01"))
    summary = {"score": rng.randint(3, 5), "summary": "按计划完成，居民满意"}
    return [
        (rng.randint(2, 10), delivery.disburse, treasurer, {"amount": str(first)}),
        (rng.randint(40, 90), progress.report, member, {"kind": "progress", "summary": "已完成过半，居民参与良好"}),
        (rng.randint(10, 40), delivery.disburse, treasurer, {"amount": str(second)}),
        (rng.randint(10, 60), delivery.complete, member, {}),
        (rng.randint(5, 30), progress.report, member, {"kind": "completion", "summary": "全部完工，结余按规定释放"}),
        (rng.randint(5, 20), delivery.evaluate, evaluator, summary),
        (rng.randint(3, 10), delivery.disclose, reviewer, {}),
    ]
