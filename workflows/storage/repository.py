"""Queries of the workflow's write path: load and move projects, record events, and read a
project's money from the ledger (memo accounts 9101-9104 and contributions)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, insert, inspect, select, update
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from ledger.domain.codes import COMMITTED, MEMO_ACCOUNTS, OPEN_COMMITMENTS, PAID, RELEASED
from ledger.domain.money import ZERO
from ledger.errors import Conflict, NotFound
from ledger.storage.repository import POSTINGS
from ledger.storage.tables import Account, Entry
from workflows.project.stages import BEFORE_APPROVAL
from workflows.storage.tables import Contribution, Project, ProjectEvent

# The statements of every transition, built once (SQLAlchemy then only binds the values).
_PROJECT = select(Project).where(Project.book_id == bindparam("book"), Project.seq == bindparam("seq"))
_PROJECTS = Project.__table__  # type: ignore[attr-defined]
_EVENT = insert(ProjectEvent.__table__)  # type: ignore[attr-defined]


def project_by_seq(session: Session, book_id: int, seq: int) -> Project:
    project = session.execute(_PROJECT, {"book": book_id, "seq": seq}).scalar_one_or_none()
    if project is None:
        raise NotFound("project_missing", project=seq)
    return project


def next_project_seq(session: Session, book_id: int) -> int:
    current = session.connection().execute(select(func.max(Project.seq)).where(Project.book_id == book_id)).scalar()
    return int(current or 0) + 1


@functools.cache
def _move(fields: tuple[str, ...]) -> Any:
    """The stage's compare-and-set, also writing ``fields`` (built once per set of fields)."""
    return (
        update(_PROJECTS)
        .where(_PROJECTS.c.id == bindparam("pid"), _PROJECTS.c.stage == bindparam("before"))
        .values(stage=bindparam("after"), stage_since=bindparam("at"), **{f: bindparam(f) for f in fields})
    )


def move(session: Session, project: Project, from_stage: str, to_stage: str, now: dt.datetime) -> None:
    """Compare-and-set the stage: refuse if another writer moved the project meanwhile. The
    fields the transition's effect changed on ``project`` go in the same UPDATE."""
    changed = tuple(sorted(inspect(project).committed_state))
    values = {f: getattr(project, f) for f in changed}
    params = {"pid": project.id, "before": from_stage, "after": to_stage, "at": now} | values
    if session.connection().execute(_move(changed), params).rowcount != 1:
        raise Conflict("project_moved", project=project.seq, stage=from_stage)
    for field, value in (values | {"stage": to_stage, "stage_since": now}).items():
        set_committed_value(project, field, value)


def record_event(
    session: Session,
    project: Project,
    trigger: str,
    from_stage: str | None,
    actor_id: int,
    note: str,
    entry_id: int | None,
    now: dt.datetime,
) -> None:
    session.connection().execute(
        _EVENT,
        {
            "book_id": project.book_id,
            "project_id": project.id or 0,
            "trigger": trigger,
            "from_stage": from_stage,
            "to_stage": project.stage,
            "actor_id": actor_id,
            "at": now,
            "note": note,
            "entry_id": entry_id,
        },
    )


@dataclass(frozen=True)
class ProjectMoney:
    """A project's money as the ledger records it."""

    committed: Decimal
    open: Decimal
    paid: Decimal
    released: Decimal


_PROJECT_MONEY = (
    select(Account.code, func.sum(POSTINGS.c.amount_fen))
    .select_from(POSTINGS)
    .join(Account, Account.id == POSTINGS.c.account_id)
    .where(POSTINGS.c.project_id == bindparam("pid"), Account.code.in_(MEMO_ACCOUNTS))
    .group_by(Account.code)
)


def project_money(session: Session, project_id: int) -> ProjectMoney:
    return _money({code: amount for code, amount in session.connection().execute(_PROJECT_MONEY, {"pid": project_id})})


def projects_money(session: Session, book_id: int) -> dict[int, ProjectMoney]:
    """:func:`project_money` of every project of a book that has memo postings, by project id, in
    one grouped query (driven by the book's four memo accounts, not by each project)."""
    stmt = (
        select(POSTINGS.c.project_id, Account.code, func.sum(POSTINGS.c.amount_fen))
        .select_from(Account)
        .join(POSTINGS, POSTINGS.c.account_id == Account.id)
        .where(Account.book_id == book_id, Account.code.in_(MEMO_ACCOUNTS))
        .where(POSTINGS.c.project_id.is_not(None))
        .group_by(POSTINGS.c.project_id, Account.code)
    )
    sums: dict[int, dict[str, Decimal]] = {}
    for project_id, code, amount in session.execute(stmt):
        sums.setdefault(project_id, {})[code] = amount
    return {project_id: _money(by_code) for project_id, by_code in sums.items()}


def _money(sums: dict[str, Decimal]) -> ProjectMoney:
    return ProjectMoney(
        -sums.get(COMMITTED, ZERO), sums.get(OPEN_COMMITMENTS, ZERO), sums.get(PAID, ZERO), sums.get(RELEASED, ZERO)
    )


def _live(stmt: Any) -> Any:
    """Only contributions whose donation entry has not been reversed."""
    reversal = aliased(Entry)
    return stmt.outerjoin(reversal, reversal.reverses == Contribution.entry_id).where(reversal.id.is_(None))


_CONTRIBUTIONS = _live(
    select(Contribution.share, func.sum(Contribution.amount_fen)).where(Contribution.project_id == bindparam("pid"))
).group_by(Contribution.share)
_RESERVED = _live(
    select(func.sum(Contribution.amount_fen))
    .join(Project, Project.id == Contribution.project_id)
    .where(Project.fund_id == bindparam("fund"), Project.id != bindparam("pid"), Project.stage.in_(BEFORE_APPROVAL))
)


def contributions(session: Session, project_id: int) -> dict[str, Decimal]:
    """Co-funding received for a project, by share (company, residents, social)."""
    return {share: amount for share, amount in session.connection().execute(_CONTRIBUTIONS, {"pid": project_id})}


def reserved_contributions(session: Session, fund_id: int, except_project: int) -> Decimal:
    """Contributions held for other projects of a fund that are not yet approved."""
    return session.connection().execute(_RESERVED, {"fund": fund_id, "pid": except_project}).scalar() or ZERO
