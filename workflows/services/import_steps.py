"""``cfund import steps``: many workflow steps from one file (a review meeting's decisions, a
payment run, needs collected on paper) done in one transaction, all or nothing.

Each row names an action, its project and its arguments; the acting user does it through the
same service as the single command (roles, guards, the machine, every money check). The rows run
in order in one unit of work, so the book is locked and committed once. If any row is refused,
every row is tried again, each in its own savepoint, so that every problem is listed at once; then
nothing is written."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ledger.data.tabular import Cells, Column, cell, read_rows, refused
from ledger.domain.progress import Progress
from ledger.domain.text import parse_number
from ledger.errors import CfundError, InputError, InputProblems, PermissionDenied, RowProblem
from ledger.services.auth import require
from ledger.storage.uow import Batch, Work
from workflows.project.stages import table
from workflows.services import committee, delivery, intake, review
from workflows.services.transition import Fired

#: How many rows a file may hold: the book stays locked for other writers while they run.
MAX_STEPS = 20_000


@dataclass(frozen=True)
class Action:
    """What a row may say for one action: the service, the cells it needs and those it may take."""

    service: Callable[..., Any]
    needs: tuple[str, ...]
    takes: tuple[str, ...] = ()


ACTIONS = {
    "order": Action(intake.order, ("compound", "title", "need"), ("resident",)),
    "dispatch": Action(intake.dispatch, ("project", "organisation"), ("note",)),
    "accept": Action(intake.accept, ("project",), ("note",)),
    "decline": Action(intake.decline, ("project", "reason")),
    "apply": Action(intake.apply, ("project", "fund", "purpose", "amount"), ("note",)),
    "return": Action(review.return_, ("project", "note")),
    "reject": Action(review.reject, ("project", "note")),
    "approve": Action(review.approve, ("project",), ("amount", "note")),
    "vote_approve": Action(functools.partial(committee.vote, decision_="approve"), ("project",), ("note",)),
    "vote_reject": Action(functools.partial(committee.vote, decision_="reject"), ("project", "note")),
    "vote_return": Action(functools.partial(committee.vote, decision_="return"), ("project", "note")),
    "cancel": Action(review.cancel, ("project", "reason")),
    "disburse": Action(delivery.disburse, ("project", "amount"), ("key", "note")),
    "complete": Action(delivery.complete, ("project",), ("note",)),
    "evaluate": Action(delivery.evaluate, ("project", "score", "summary")),
    "disclose": Action(delivery.disclose, ("project",)),
}


def _column(key: str, zh: str, doc_zh: str, doc_en: str, example: str = "", required: bool = False) -> Column:
    return Column(key, zh, key, doc_zh, doc_en, required, example)


STEP_COLUMNS = (
    _column("action", "操作", "操作：" + " / ".join(ACTIONS), "Action: " + " / ".join(ACTIONS), "approve", True),
    _column("project", "项目", "项目编号（点单行留空）", "Project number (empty for order)", "12"),
    _column("organisation", "社会组织", "派单给的组织编号（dispatch）", "Organisation code (dispatch)"),
    _column("fund", "基金", "基金编号（apply）", "Fund code (apply)"),
    _column("purpose", "用途", "用途（apply）", "Purpose (apply)"),
    _column("amount", "金额", "金额（元）：apply 预算、approve 批准额、disburse 拨付额", "Amount in yuan"),
    _column("score", "评分", "评分 1-5（evaluate）", "Score 1-5 (evaluate)"),
    _column("summary", "评估意见", "评估意见（evaluate）", "Evaluation summary (evaluate)"),
    _column("note", "备注", "备注；return / reject 必填", "Note; required for return / reject", "预算合理"),
    _column("reason", "原因", "原因（decline / cancel）", "Reason (decline / cancel)"),
    _column("key", "幂等键", "拨付的唯一键，重复拨付靠它识别（disburse）", "Unique key of a tranche (disburse)"),
    _column("compound", "小区", "小区编号（order）", "Compound code (order)"),
    _column("title", "标题", "需求标题（order）", "Title of the need (order)"),
    _column("need", "需求", "需求内容（order）", "What is needed (order)"),
    _column("resident", "居民", "代哪位居民点单（order，可空）", "Resident ordered for (order, may be empty)"),
)


@dataclass(frozen=True)
class Line:
    """One line of a steps file, ready to run: its row number, action and service arguments."""

    row: int
    action: str
    args: dict[str, Any]


@dataclass(frozen=True)
class Done:
    """A step as it ran (or, in a dry run, would run)."""

    row: int
    action: str
    fired: Fired


def import_steps(
    work: Work,
    actor: str | None,
    path: Path,
    *,
    sheet: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> list[Done]:
    """Check every row of ``path``, run them all in order in one batch, and commit it (unless
    ``dry_run``). A user who may fire no transition at all (the auditor) is refused before the file
    is read."""
    with Batch(work()) as batch:
        require(batch.unit, actor, tuple(sorted({role for t in table().transitions for role in t.who})), "import steps")
        rows, problems = read_rows(path, STEP_COLUMNS, sheet)
        if len(rows) > MAX_STEPS:
            raise InputError("import_too_many_rows", rows=len(rows), limit=MAX_STEPS)
        lines = [line for number, row in rows if (line := _line(number, row, problems)) is not None]
        if problems:
            raise refused(problems, STEP_COLUMNS, file=str(path))
        done = run(batch, actor, lines, progress)
        if not dry_run:
            batch.commit()
    return done


def _line(number: int, row: Cells, problems: list[RowProblem]) -> Line | None:
    """A row as a line to run, or its problems (unknown action, a needed cell empty, a cell it does not use)."""
    name = row.get("action", "").lower()
    action = ACTIONS.get(name)
    if action is None:
        problems.append(RowProblem(number, "action", "steps_action_unknown", action=name))
        return None
    filled = {key for key, text in row.items() if text and key != "action"}
    found = [RowProblem(number, key, "steps_cell_missing", action=name) for key in action.needs if key not in filled]
    found += [
        RowProblem(number, key, "steps_cell_unused", action=name)
        for key in sorted(filled - {*action.needs, *action.takes})
    ]
    args: dict[str, Any] = {key: row[key] for key in filled}
    for key in [key for key in ("project", "score") if key in filled]:  # in this order, every run
        args[key] = cell(found, number, key, functools.partial(parse_number, args[key], key))
    problems.extend(found)
    return None if found else Line(number, name, args)


def run(batch: Batch, actor: str | None, lines: Sequence[Line], progress: Progress | None = None) -> list[Done]:
    """Run ``lines`` in order as steps of ``batch`` (which the caller commits); if one is refused,
    undo them all and raise every line's problem at once."""
    done = []
    try:
        for line in lines:
            done.append(Done(line.row, line.action, _fire(batch.step, actor, line)))
            if progress:
                progress(len(done), len(lines))
    except CfundError as first:
        problems = _every_problem(batch, actor, lines)
        raise (problems if problems.problems else first) from None
    return done


def _fire(work: Work, actor: str | None, line: Line) -> Fired:
    result = ACTIONS[line.action].service(work, actor, **line.args)
    if isinstance(result, committee.Voted):
        return result.fired()
    return result.fired if isinstance(result, delivery.Disclosed) else result  # type: ignore[no-any-return]


def _every_problem(batch: Batch, actor: str | None, lines: Sequence[Line]) -> InputProblems:
    """The batch begun again with each step in a savepoint of its own, tried after the ones that
    passed, so that every refusal is listed; all undone after."""
    problems, denied = [], False
    batch.restart(savepoints=True)
    for line in lines:
        try:
            _fire(batch.step, actor, line)
        except CfundError as exc:
            problems.append(RowProblem(line.row, "action", exc.key, **exc.fields))
            denied = denied or isinstance(exc, PermissionDenied)
    batch.restart(savepoints=False)
    error = refused(problems, STEP_COLUMNS, key="steps_refused")
    error.exit_code = PermissionDenied.exit_code if denied else error.exit_code
    return error
