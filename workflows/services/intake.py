"""点单 → 派单 → 接单 → 申请: ordering a need, dispatching it, accepting or declining it, and the
project-based application with its co-funding plan; plus contributions received against it."""

from __future__ import annotations

from decimal import Decimal

from ledger.data.fixtures import donation_accounts
from ledger.domain.chain import request_digest
from ledger.domain.codes import LEDGER_WRITERS, RECIPIENT_KINDS
from ledger.domain.entries import EntryDraft, Posting, make_entry
from ledger.domain.money import parse_amount, parse_positive
from ledger.domain.periods import day_or_today
from ledger.domain.text import clean_text, optional_text
from ledger.domain.validation import check_purpose
from ledger.errors import InputError, PermissionDenied
from ledger.services.auth import acting_user, require
from ledger.services.journal import post
from ledger.storage.refs import Refs
from ledger.storage.repository import find_repeat
from ledger.storage.tables import Fund, User
from ledger.storage.uow import UnitOfWork
from workflows.project import guards
from workflows.project.machine import next_stage
from workflows.project.stages import NEW, TAKES_CONTRIBUTIONS, table
from workflows.services.transition import Fired, fire
from workflows.storage.repository import contributions, next_project_seq, project_by_seq, record_event
from workflows.storage.tables import SHARES, Contribution, Project

#: Roles that may order on a resident's behalf (a resident orders only for themself).
ORDER_FOR_OTHERS = frozenset({"community"})


def order(
    uow: UnitOfWork, actor: str | None, *, compound: str, title: str, need: str, resident: str | None = None
) -> Fired:
    """A resident orders a need (点单), or the community orders it on a resident's behalf."""
    user = acting_user(uow, actor)
    transition = table().transition("order")
    assert transition is not None
    roles = guards.check(uow, user, transition, None)
    refs = uow.refs
    orderer = _orderer(refs, user, roles, resident)
    now = uow.now
    project = Project(
        book_id=uow.book_id,
        seq=next_project_seq(uow.session, uow.book_id),
        stage=next_stage(NEW, "order"),
        stage_since=now,
        created_at=now,
        compound_id=refs.compound(compound).id or 0,
        title=clean_text(title, "title", limit=200),
        need=clean_text(need, "need", limit=2000),
        resident_id=orderer.id if orderer else None,
        opened_by=user.id or 0,
    )
    uow.session.add(project)
    uow.session.flush()
    record_event(uow.session, project, "order", None, user.id or 0, "", None, now)
    uow.commit()
    return Fired(project.seq, "order", None, project.stage)


def _orderer(refs: Refs, user: User, roles: frozenset[str], resident: str | None) -> User | None:
    """Who the need is for: a resident orders for themself; the community may name any resident."""
    if resident is None:
        return user if "resident" in roles else None
    named = refs.user(resident)
    if "resident" not in refs.roles(named.id or 0):
        raise InputError("order_not_resident", name=named.name)
    if named.id != user.id and roles.isdisjoint(ORDER_FOR_OTHERS):
        raise PermissionDenied("order_for_another", user=user.name, name=named.name)
    return named


def dispatch(uow: UnitOfWork, actor: str | None, *, project: int, organisation: str, note: str | None = None) -> Fired:
    """The community dispatches the need to a social organisation (派单)."""
    party = uow.refs.party(organisation)
    if party.kind not in RECIPIENT_KINDS:
        raise InputError("party_kind", code=organisation, expected="organisation | individual", actual=party.kind)

    def assign(uow: UnitOfWork, user: User, row: Project) -> None:
        row.organisation_id = party.id

    return fire(uow, actor, project, "dispatch", note, assign)


def accept(uow: UnitOfWork, actor: str | None, *, project: int, note: str | None = None) -> Fired:
    """The assigned organisation takes the order (接单)."""
    return fire(uow, actor, project, "accept", note)


def decline(uow: UnitOfWork, actor: str | None, *, project: int, reason: str) -> Fired:
    """The assigned organisation declines; the need goes back to be dispatched again."""

    def unassign(uow: UnitOfWork, user: User, row: Project) -> None:
        row.organisation_id = None

    return fire(uow, actor, project, "decline", clean_text(reason, "reason", limit=2000), unassign)


def apply(
    uow: UnitOfWork,
    actor: str | None,
    *,
    project: int,
    fund: str,
    purpose: str,
    amount: str,
    plan: dict[str, str | None] | None = None,
    note: str | None = None,
) -> Fired:
    """Project-based application (项目化申请): fund, purpose, budget and co-funding plan."""
    budget = parse_positive(amount, field="amount")
    fund_row = uow.refs.fund(fund)
    check_purpose("-", None, fund_row.code, True, fund_row.purposes, purpose)
    shares = _plan(budget, plan or {})

    def fill(uow: UnitOfWork, user: User, row: Project) -> None:
        row.fund_id, row.purpose, row.requested_fen, row.approved_fen = fund_row.id, purpose, budget, None
        row.plan_company_fen, row.plan_residents_fen, row.plan_social_fen = shares

    return fire(uow, actor, project, "apply", note, fill)


def _plan(budget: Decimal, plan: dict[str, str | None]) -> tuple[Decimal | None, ...]:
    """社企担一点 + 居民出一点 + 社会资源解决一点: three shares that sum to the budget, or none."""
    if not any(plan.get(s) for s in SHARES):
        return (None, None, None)
    shares = tuple(parse_amount(plan.get(s) or "0", field=f"--plan-{s}") for s in SHARES)
    for share, value in zip(SHARES, shares, strict=True):
        if value < 0:
            raise InputError("amount_negative", field=f"--plan-{share}", value=str(value))
    if sum(shares) != budget:
        raise InputError("plan_sum", total=str(sum(shares)), budget=str(budget))
    return shares


def contribute(
    uow: UnitOfWork,
    actor: str | None,
    *,
    project: int,
    party: str,
    share: str,
    amount: str,
    date: str | None = None,
    key: str | None = None,
) -> Fired:
    """Record co-funding received against the plan: a restricted donation to the project."""
    user = require(uow, actor, LEDGER_WRITERS, "project contribute")
    row = project_by_seq(uow.session, uow.book_id, project)
    value, key = parse_positive(amount), optional_text(key, "key", limit=200)
    request = {"cmd": "contribute", "project": row.seq, "party": party, "share": share, "amount": str(value)}
    earlier = find_repeat(uow, key, request_digest(request)) if key else None
    if earlier is not None:
        return Fired(project, "contribute", row.stage, row.stage, earlier.seq, already=True)
    _check_share(uow, row, share, value)
    posted = post(uow, user, _contribution_entry(uow, row, party, value, date, share), key=key, request=request)
    payer = uow.refs.party(party)
    uow.session.add(
        Contribution(
            book_id=uow.book_id,
            project_id=row.id or 0,
            entry_id=posted.id or 0,
            party_id=payer.id or 0,
            share=share,
            amount_fen=value,
        )
    )
    uow.commit()
    return Fired(project, "contribute", row.stage, row.stage, posted.seq)


def _check_share(uow: UnitOfWork, row: Project, share: str, value: Decimal) -> None:
    """The share must be in the plan, the project applied for, and the plan not exceeded."""
    if share not in SHARES:
        raise InputError("kind_invalid", kind=share, kinds=", ".join(SHARES))
    planned = dict(zip(SHARES, (row.plan_company_fen, row.plan_residents_fen, row.plan_social_fen), strict=True))
    target = planned[share]
    if row.fund_id is None or target is None or row.stage not in TAKES_CONTRIBUTIONS:
        raise InputError("contribution_no_plan", project=row.seq, stage=row.stage)
    received = contributions(uow.session, row.id or 0).get(share, Decimal("0.00"))
    if received + value > target:
        raise InputError(
            "contribution_exceeds_plan", share=share, planned=str(target), received=str(received), amount=str(value)
        )


def _contribution_entry(
    uow: UnitOfWork, row: Project, party: str, value: Decimal, date: str | None, share: str
) -> EntryDraft:
    """The donation that carries a contribution: cash in, restricted income, tagged with the project."""
    fund = uow.session.get(Fund, row.fund_id)
    assert fund is not None
    day = day_or_today(date, uow.now.date())
    accounts = donation_accounts()
    return make_entry(
        day,
        "donation",
        f"project {row.seq} co-funding ({share})",
        (
            Posting(accounts["cash"], fund.code, value, party=party, project=row.id),
            Posting(accounts["restricted"], fund.code, -value, party=party, project=row.id),
        ),
    )
