"""Queries of the workflow's write path: read a project as its rules see it, create and move
projects, record their events, contributions and disclosures, and read a project's money from
the ledger (memo accounts 9101-9104 and contributions). Each function takes the open unit of
work; the services call these and never the session."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, insert, inspect, select, update
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger.domain.codes import COMMITTED, MEMO_ACCOUNTS, OPEN_COMMITMENTS, PAID, RELEASED
from ledger.domain.money import ZERO
from ledger.errors import Conflict, NotFound
from ledger.storage.repository import POSTINGS
from ledger.storage.tables import Account, Entry, Fund, Party, User
from workflows.project.stages import BEFORE_APPROVAL
from workflows.project.state import ProjectState
from workflows.storage.tables import (
    Contribution,
    Disclosure,
    DisclosureCorrection,
    Project,
    ProjectEvent,
    ProjectReport,
)

if TYPE_CHECKING:
    from ledger.storage.uow import UnitOfWork

# The statements of every transition, built once (SQLAlchemy then only binds the values).
_PROJECTS = Project.__table__  # type: ignore[attr-defined]
_EVENT = insert(ProjectEvent.__table__)  # type: ignore[attr-defined]
_REVIEWER = aliased(User)
_STATE = (
    select(Project, Fund.code, Party.code, _REVIEWER.organisation_id)
    .outerjoin(Fund, Fund.id == Project.fund_id)
    .outerjoin(Party, Party.id == Project.organisation_id)
    .outerjoin(_REVIEWER, _REVIEWER.id == Project.reviewer_id)
    .where(Project.book_id == bindparam("book"), Project.seq == bindparam("seq"))
)


def project_by_seq(uow: UnitOfWork, seq: int) -> ProjectState:
    """Project ``seq`` of the book, as its rules see it."""
    found = uow.session.execute(_STATE, {"book": uow.book_id, "seq": seq}).one_or_none()
    if found is None:
        raise NotFound("project_missing", project=seq)
    row, fund, organisation, reviewer_organisation = found
    return ProjectState(
        id=row.id or 0,
        seq=row.seq,
        stage=row.stage,
        opened_by=row.opened_by,
        resident_id=row.resident_id,
        organisation_id=row.organisation_id,
        organisation=organisation,
        reviewer_id=row.reviewer_id,
        reviewer_organisation_id=reviewer_organisation,
        fund_id=row.fund_id,
        fund=fund,
        purpose=row.purpose,
        requested=row.requested,
        approved=row.approved,
        plan=(row.plan_company, row.plan_residents, row.plan_social),
        title=row.title,
        evaluation_score=row.evaluation_score,
        evaluation_summary=row.evaluation_summary,
    )


def add_project(uow: UnitOfWork, **fields: Any) -> ProjectState:
    """A new project of the book, numbered after the last one."""
    current = uow.session.connection().execute(select(func.max(Project.seq)).where(Project.book_id == uow.book_id))
    seq = int(current.scalar() or 0) + 1
    uow.session.add(Project(book_id=uow.book_id, seq=seq, stage_since=uow.now, created_at=uow.now, **fields))
    uow.session.flush()
    return project_by_seq(uow, seq)


@functools.cache
def _move(fields: tuple[str, ...]) -> Any:
    """The stage's compare-and-set, also writing ``fields`` (built once per set of fields)."""
    columns = {name: inspect(Project).columns[name].key for name in fields}
    return (
        update(_PROJECTS)
        .where(_PROJECTS.c.id == bindparam("pid"), _PROJECTS.c.stage == bindparam("before"))
        .values(stage=bindparam("after"), stage_since=bindparam("at"), **{c: bindparam(c) for c in columns.values()})
    )


def move(uow: UnitOfWork, project: ProjectState, before: str, after: str, fields: dict[str, Any] | None = None) -> None:
    """Compare-and-set the stage, writing ``fields`` (attribute names of :class:`Project`) in the
    same UPDATE: refuse if another writer moved the project meanwhile."""
    names = tuple(sorted(fields or {}))
    values = {inspect(Project).columns[name].key: (fields or {})[name] for name in names}
    params = {"pid": project.id, "before": before, "after": after, "at": uow.now} | values
    if uow.session.connection().execute(_move(names), params).rowcount != 1:
        raise Conflict("project_moved", project=project.seq, stage=before)
    uow.touch("projects", (project.id,))


def record_event(
    uow: UnitOfWork,
    project: ProjectState,
    trigger: str,
    stages: tuple[str | None, str],
    actor_id: int,
    note: str,
    entry_id: int | None,
) -> None:
    """The event of a step: who moved the project from which stage to which, when, and its entry."""
    before, after = stages
    row = {"book_id": uow.book_id, "project_id": project.id, "trigger": trigger, "from_stage": before}
    row |= {"to_stage": after, "actor_id": actor_id, "at": uow.now, "note": note, "entry_id": entry_id}
    # its id as the driver reports it (SQLite's last row id; PostgreSQL's RETURNING): sealed at commit
    uow.touch("project_events", tuple(uow.session.connection().execute(_EVENT, row).inserted_primary_key))


def add_contribution(
    uow: UnitOfWork, project: ProjectState, entry_id: int, party_id: int, share: str, amount: Decimal
) -> None:
    """Co-funding received for ``project`` by the donation entry ``entry_id``."""
    row = {"project_id": project.id, "entry_id": entry_id, "party_id": party_id, "share": share, "amount": amount}
    uow.session.add(Contribution(book_id=uow.book_id, **row))
    uow.session.flush()


def add_disclosure(uow: UnitOfWork, project: ProjectState, digest: str, content: str, actor_id: int) -> None:
    """The disclosure record of ``project``: what was published, and its digest."""
    row = {"project_id": project.id, "digest": digest, "content": content, "actor_id": actor_id}
    uow.session.add(Disclosure(book_id=uow.book_id, created_at=uow.now, **row))
    uow.session.flush()


def ledger_lines(uow: UnitOfWork, project: ProjectState) -> list[tuple[int, dt.date, str, str, Decimal, str]]:
    """Every posting of the project: entry number, date, kind, account, amount and entry hash."""
    stmt = (
        select(Entry.seq, Entry.date, Entry.kind, Account.code, POSTINGS.c.amount_fen, Entry.hash)
        .select_from(POSTINGS)
        .join(Entry, Entry.id == POSTINGS.c.entry_id)
        .join(Account, Account.id == POSTINGS.c.account_id)
        .where(POSTINGS.c.project_id == project.id)
        .order_by(Entry.seq, POSTINGS.c.id)
    )
    return [tuple(row) for row in uow.session.connection().execute(stmt)]  # type: ignore[misc]


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


def project_money(uow: UnitOfWork, project_id: int) -> ProjectMoney:
    connection = uow.session.connection()
    return _money({code: amount for code, amount in connection.execute(_PROJECT_MONEY, {"pid": project_id})})


def projects_money(session: Session, book_id: int) -> dict[int, ProjectMoney]:
    """:func:`project_money` of every project of a book that has memo postings, by project id, in
    one grouped query (driven by the book's four memo accounts, not by each project), on the
    audit's read-only session."""
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
    select(Contribution.share, func.sum(Contribution.amount)).where(Contribution.project_id == bindparam("pid"))
).group_by(Contribution.share)
_RESERVED = _live(
    select(func.sum(Contribution.amount))
    .join(Project, Project.id == Contribution.project_id)
    .where(Project.fund_id == bindparam("fund"), Project.id != bindparam("pid"), Project.stage.in_(BEFORE_APPROVAL))
)


def contributions(uow: UnitOfWork, project_id: int) -> dict[str, Decimal]:
    """Co-funding received for a project, by share (company, residents, social)."""
    connection = uow.session.connection()
    return {share: amount for share, amount in connection.execute(_CONTRIBUTIONS, {"pid": project_id})}


def reserved_contributions(uow: UnitOfWork, fund_id: int, except_project: int) -> Decimal:
    """Contributions held for other projects of a fund that are not yet approved."""
    connection = uow.session.connection()
    return connection.execute(_RESERVED, {"fund": fund_id, "pid": except_project}).scalar() or ZERO


#: A vote is the event ``vote_<decision>``; a round of votes starts at the project's last
#: application (a returned project applies again, and its members vote again).
VOTE = "vote_"


def round_votes(uow: UnitOfWork, project_id: int) -> list[tuple[int, str]]:
    """The votes of the application's current round: (reviewer's user id, decision), in order."""
    applied = (
        select(func.coalesce(func.max(ProjectEvent.id), 0))
        .where(ProjectEvent.project_id == project_id, ProjectEvent.trigger == "apply")
        .scalar_subquery()
    )
    stmt = (
        select(ProjectEvent.actor_id, ProjectEvent.trigger)
        .where(ProjectEvent.project_id == project_id, ProjectEvent.trigger.startswith(VOTE))  # type: ignore[attr-defined]
        .where(ProjectEvent.id > applied)  # type: ignore[operator]
        .order_by(ProjectEvent.id)  # type: ignore[arg-type]
    )
    return [(int(actor), trigger.removeprefix(VOTE)) for actor, trigger in uow.session.execute(stmt)]


def latest_disclosure(uow: UnitOfWork, project_id: int) -> tuple[str, str] | None:
    """What stands published for a project, (digest, content): its latest correction, or the
    original; none before it is disclosed."""
    corrected = select(DisclosureCorrection.digest, DisclosureCorrection.content)
    corrected = corrected.where(DisclosureCorrection.project_id == project_id)
    found = uow.session.execute(corrected.order_by(DisclosureCorrection.id.desc())).first()  # type: ignore[union-attr]
    if found is None:
        found = uow.session.execute(
            select(Disclosure.digest, Disclosure.content).where(Disclosure.project_id == project_id)
        ).first()
    return (str(found[0]), str(found[1])) if found is not None else None


def add_disclosure_correction(uow: UnitOfWork, project: ProjectState, record: dict[str, str], actor_id: int) -> None:
    """A correction of ``project``'s disclosure: ``record`` holds supersedes, digest, content, note."""
    row = DisclosureCorrection(
        book_id=uow.book_id, project_id=project.id, actor_id=actor_id, created_at=uow.now, **record
    )
    uow.session.add(row)
    uow.session.flush()


def reports_of(uow: UnitOfWork, project_id: int, kind: str) -> int:
    """How many reports of ``kind`` a project has."""
    stmt = select(func.count()).where(ProjectReport.project_id == project_id, ProjectReport.kind == kind)
    return int(uow.session.execute(stmt).scalar_one())


def add_report(
    uow: UnitOfWork, project: ProjectState, kind: str, summary: str, money: tuple[Decimal, Decimal], actor_id: int
) -> None:
    used, leftover = money
    row = ProjectReport(book_id=uow.book_id, project_id=project.id, kind=kind, summary=summary, used=used,
                        leftover=leftover, actor_id=actor_id, created_at=uow.now)  # fmt: skip
    uow.session.add(row)
    uow.session.flush()
