"""点单 → 派单 → 接单 → 申请: ordering a need, dispatching it, accepting or declining it, and the
project-based application with its co-funding plan."""

from __future__ import annotations

from ledger.domain.codes import RECIPIENT_KINDS
from ledger.domain.money import parse_positive
from ledger.domain.text import clean_text
from ledger.domain.validation import check_purpose
from ledger.errors import InputError, PermissionDenied
from ledger.services.auth import acting_user
from ledger.storage.refs import Refs
from ledger.storage.tables import Party, User
from ledger.storage.uow import UnitOfWork, Work
from workflows.project import guards
from workflows.project.machine import next_stage
from workflows.project.stages import NEW, table
from workflows.services.cofunding import plan_shares
from workflows.services.transition import Fired, advance, allowed, run, write
from workflows.storage.repository import add_project, record_event

#: Roles that may order on a resident's behalf (a resident orders only for themself).
ORDER_FOR_OTHERS = frozenset({"community"})


def order(work: Work, actor: str | None, *, compound: str, title: str, need: str, resident: str | None = None) -> Fired:
    """A resident orders a need (点单), or the community orders it on a resident's behalf."""
    with work() as uow:
        user = acting_user(uow, actor)
        transition = table().transition("order")
        assert transition is not None
        roles = uow.refs.roles(user.id or 0)
        guards.check(user, roles, transition, None)
        orderer = _orderer(uow.refs, user, roles, resident)
        project = add_project(
            uow,
            stage=next_stage(NEW, "order"),
            compound_id=uow.refs.compound(compound).id or 0,
            title=clean_text(title, "title", limit=200),
            need=clean_text(need, "need", limit=2000),
            resident_id=orderer.id if orderer else None,
            opened_by=user.id or 0,
        )
        record_event(uow, project, "order", (None, project.stage), user.id or 0, "", None)
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


def _recipient(uow: UnitOfWork, code: str) -> Party:
    party = uow.refs.party(code)
    if party.kind not in RECIPIENT_KINDS:
        raise InputError("party_kind", code=code, expected="organisation | individual", actual=party.kind)
    return party


def dispatch(work: Work, actor: str | None, *, project: int, organisation: str, note: str | None = None) -> Fired:
    """The community dispatches the need to a social organisation (派单)."""
    with work() as uow:
        party = _recipient(uow, organisation)
        change = advance(allowed(uow, actor, project, "dispatch", note))
        fired = write(uow, change.causing(fields={"organisation_id": party.id}))
        uow.commit()
    return fired


def accept(work: Work, actor: str | None, *, project: int, note: str | None = None) -> Fired:
    """The assigned organisation takes the order (接单)."""
    return run(work, actor, project, "accept", note)


def decline(work: Work, actor: str | None, *, project: int, reason: str) -> Fired:
    """The assigned organisation declines; the need goes back to be dispatched again."""
    why = clean_text(reason, "reason", limit=2000)
    return run(
        work, actor, project, "decline", why, lambda uow, change: change.causing(fields={"organisation_id": None})
    )


def apply(
    work: Work,
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
    with work() as uow:
        fund_row = uow.refs.fund(fund)
        check_purpose("-", None, fund_row.code, True, fund_row.purposes, purpose)
        company, residents, social = plan_shares(budget, plan or {})
        change = advance(allowed(uow, actor, project, "apply", note))
        fields = {"fund_id": fund_row.id, "purpose": purpose, "requested": budget, "approved": None}
        fields |= {"plan_company": company, "plan_residents": residents, "plan_social": social}
        fired = write(uow, change.causing(fields=fields))
        uow.commit()
    return fired
