"""The audit's checks made by queries, the workflow's included: the journal's invariants
(:mod:`ledger.storage.invariants`), each project's money against the ledger, SQLite's own
integrity check, and every sealed row against its seal (:mod:`ledger.storage.seal_check`), on a
session of the audit's snapshot."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlmodel import Session

from ledger.domain.money import ZERO
from ledger.storage.audit import Problem, Snapshot
from ledger.storage.invariants import invariant_problems, sqlite_integrity
from ledger.storage.seal_check import seal_problems
from workflows.project.stages import SETTLED
from workflows.storage.repository import ProjectMoney, projects_money
from workflows.storage.tables import Project

NO_MONEY = ProjectMoney(ZERO, ZERO, ZERO, ZERO)


def table_problems(snap: Snapshot) -> list[Problem]:
    """Every check made by queries, on a session of its own (it runs beside the chain check)."""
    book_id = snap.book.id or 0
    with snap.session() as session:
        checks = (invariant_problems(session, book_id), project_problems(session, book_id), sqlite_integrity(session))
        return [*(p for found in checks for p in found), *seal_problems(session, snap.book)]


def project_problems(session: Session, book_id: int) -> Iterator[Problem]:
    """Per project: approved = paid + open + released, payments within the approval, nothing
    left committed once a project is settled (the money of every project in one query)."""
    moneys = projects_money(session, book_id)
    stmt = select(Project.id, Project.seq, Project.stage, Project.approved).where(Project.book_id == book_id)
    for project_id, seq, stage, approved_amount in session.execute(stmt.order_by(Project.seq)):
        money = moneys.get(project_id, NO_MONEY)
        approved = approved_amount or 0
        if money.committed != money.paid + money.open + money.released or min(money.open, money.paid) < 0:
            yield Problem("project_money", None, f"project {seq}: committed is not paid + open + released")
        if money.paid > approved:
            yield Problem("project_overpaid", None, f"project {seq}: paid {money.paid} of {approved} approved")
        if stage in SETTLED and money.open != 0:
            yield Problem("project_open", None, f"project {seq} is {stage} with {money.open} still committed")
