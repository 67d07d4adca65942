"""进展报告 and 结项报告: the organisation doing a project reports its progress while it runs
(approved or in progress) and, once it is completed, its completion with the money used and
what is left of the grant to release (剩余财产: approved less paid). A project has one
completion report; each report is sealed and disclosed in the pack. When they fall due is the
statutory calendar's (``report due``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ledger.domain.text import clean_text
from ledger.errors import Conflict, InputError, PermissionDenied
from ledger.services.auth import require
from ledger.storage.uow import Work
from workflows.project.guards import GUARDS
from workflows.project.state import REPORT_KINDS
from workflows.storage.repository import add_report, project_by_seq, project_money, reports_of

#: The stages at which each kind of report may be made.
STAGES = {"progress": ("approved", "in_progress"), "completion": ("completed", "evaluated", "disclosed")}


@dataclass(frozen=True)
class Reported:
    project: int
    kind: str
    used: Decimal
    leftover: Decimal


def report(work: Work, actor: str | None, *, project: int, kind: str, summary: str) -> Reported:
    """Record a report of ``kind`` on project ``project`` by its organisation."""
    if kind not in REPORT_KINDS:
        raise InputError("kind_invalid", kind=kind, kinds=", ".join(REPORT_KINDS))
    text = clean_text(summary, "summary", limit=4000)
    with work() as uow:
        user = require(uow, actor, ("organisation",), "project report")
        row = project_by_seq(uow, project)
        if not GUARDS["assigned_organisation"](user, frozenset(), row):
            raise PermissionDenied("guard_assigned_organisation", user=user.name, project=row.seq)
        if row.stage not in STAGES[kind]:
            raise InputError("report_stage", kind=kind, project=project, stage=row.stage)
        if kind == "completion" and reports_of(uow, row.id, kind):
            raise Conflict("report_completed", project=project)
        money = project_money(uow, row.id)
        used, leftover = money.paid, (row.approved or money.committed) - money.paid
        add_report(uow, row, kind, text, (used, leftover), user.id or 0)
        uow.commit()
    return Reported(project, kind, used, leftover)
