"""Steps from a file (``workflows.steps``), on SQLite and PostgreSQL: a meeting's decisions done in
one commit through the same rules as the single commands; any refused row means nothing is
written and every problem is listed; money checks see the rows before them; Ctrl-C and dry runs
leave the book as it was."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ledger.errors import InputProblems
from tests.cli.test_import import digest
from tests.conftest import BookHandle
from tests.workflows.conftest import to_stage
from workflows import steps
from workflows.audit import verify
from workflows.repository import project_by_seq, project_money


def write(path: Path, rows: list[dict[str, object]]) -> Path:
    pd.DataFrame(rows).fillna("").astype(str).to_csv(path, index=False, encoding="utf-8-sig")
    return path


def load(book: BookHandle, actor: str, path: Path, **kwargs: object) -> list[steps.Done]:
    with book.uow() as uow:
        return steps.import_steps(uow, actor, path, **kwargs)  # type: ignore[arg-type]


def stage(book: BookHandle, n: int) -> str:
    with book.uow() as uow:
        return project_by_seq(uow.session, uow.book_id, n).stage


def test_a_meeting_file_is_done_in_one_commit_by_the_single_commands_rules(wf: BookHandle, tmp_path: Path) -> None:
    a, b, c = (to_stage(wf, "applied", amount="200.00") for _ in range(3))
    path = write(
        tmp_path / "meeting.csv",
        [
            {"action": "approve", "project": a, "note": "预算合理"},
            {"action": "approve", "project": b, "amount": "150.00"},
            {"action": "return", "project": c, "note": "请补充报价"},
        ],
    )
    done = load(wf, "rev", path)
    assert [(d.row, d.fired.from_stage, d.fired.to_stage) for d in done] == [
        (2, "applied", "approved"),
        (3, "applied", "approved"),
        (4, "applied", "accepted"),
    ]
    assert [stage(wf, n) for n in (a, b, c)] == ["approved", "approved", "accepted"]
    with wf.uow() as uow:
        committed = [project_money(uow.session, project_by_seq(uow.session, uow.book_id, n).id or 0) for n in (a, b)]
    assert [str(m.open) for m in committed] == ["200.00", "150.00"]
    assert verify(wf.store, wf.code).problems == ()


def test_a_later_row_sees_the_money_committed_by_the_rows_before(wf: BookHandle, tmp_path: Path) -> None:
    """The fund holds 1,000.00: each approval alone fits, the two together do not. Checking every
    row against the balance before the file (a naive batch) would commit 1,200.00."""
    a, b = to_stage(wf, "applied", amount="600.00"), to_stage(wf, "applied", amount="600.00")
    before = digest(wf)
    path = write(tmp_path / "m.csv", [{"action": "approve", "project": a}, {"action": "approve", "project": b}])
    with pytest.raises(InputProblems) as refused:
        load(wf, "rev", path)
    assert [(p.row, p.key) for p in refused.value.problems] == [(3, "fund_insufficient")]
    assert digest(wf) == before and stage(wf, a) == "applied"


def test_one_refused_row_writes_nothing_and_every_problem_is_listed(wf: BookHandle, tmp_path: Path) -> None:
    a, b = to_stage(wf, "applied"), to_stage(wf, "approved")
    before = digest(wf)
    path = write(
        tmp_path / "m.csv",
        [
            {"action": "approve", "project": a},  # passes, but is not written
            {"action": "approve", "project": b},  # already approved
            {"action": "disburse", "project": a, "amount": "10.00"},  # a reviewer may not pay
            {"action": "approve", "project": 999},
        ],
    )
    with pytest.raises(InputProblems) as refused:
        load(wf, "rev", path)
    problems = [(p.row, p.key) for p in refused.value.problems]
    assert problems == [(3, "trigger_not_allowed"), (4, "role_refused"), (5, "project_missing")]
    assert refused.value.exit_code == 4  # a role refusal: act as someone else, as the single command says
    assert digest(wf) == before and stage(wf, a) == "applied"
    assert verify(wf.store, wf.code).problems == ()


def test_rows_are_checked_before_any_runs(wf: BookHandle, tmp_path: Path) -> None:
    n = to_stage(wf, "applied")
    path = write(
        tmp_path / "m.csv",
        [
            {"action": "approve", "project": n},
            {"action": "frobnicate", "project": n},
            {"action": "complete", "project": n, "score": "3"},
            {"action": "evaluate", "project": "１２", "score": "4"},
            {"action": "return", "project": n},
        ],
    )
    with pytest.raises(InputProblems) as refused:
        load(wf, "rev", path)
    assert refused.value.exit_code == 2
    assert [(p.row, p.column, p.key) for p in refused.value.problems] == [
        (3, "action", "steps_action_unknown"),
        (4, "score", "steps_cell_unused"),
        (5, "summary", "steps_cell_missing"),
        (5, "project", "number_invalid"),
        (6, "note", "steps_cell_missing"),
    ]
    assert stage(wf, n) == "applied"


def test_a_dry_run_and_ctrl_c_leave_the_book_as_it_was(wf: BookHandle, tmp_path: Path) -> None:
    projects = [to_stage(wf, "applied", amount="50.00") for _ in range(4)]
    path = write(tmp_path / "m.csv", [{"action": "approve", "project": n} for n in projects])
    before = digest(wf)
    with wf.uow() as uow:
        count = uow.book.entry_count
    done = load(wf, "rev", path, dry_run=True)
    assert [d.fired.entry for d in done] == [count + 1, count + 2, count + 3, count + 4]
    assert digest(wf) == before

    def interrupt(count: int, total: int) -> None:
        if count == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load(wf, "rev", path, progress=interrupt)
    assert digest(wf) == before and {stage(wf, n) for n in projects} == {"applied"}
    assert len(load(wf, "rev", path)) == 4 and {stage(wf, n) for n in projects} == {"approved"}


def test_a_whole_project_from_order_to_disclosure(wf: BookHandle, tmp_path: Path) -> None:
    [ordered] = load(
        wf,
        "rita",
        write(tmp_path / "o.csv", [{"action": "order", "compound": "c01", "title": "扶手", "need": "楼道扶手"}]),
    )
    n = ordered.fired.project
    files = [
        ("cathy", {"action": "dispatch", "project": n, "organisation": "swc"}),
        ("olga", {"action": "accept", "project": n}),
        (
            "olga",
            {"action": "apply", "project": n, "fund": "community", "purpose": "community_service", "amount": "80.00"},
        ),
        ("rev", {"action": "approve", "project": n}),
        ("tina", {"action": "disburse", "project": n, "amount": "60.00", "key": "T1"}),
        ("olga", {"action": "complete", "project": n}),
        ("eva", {"action": "evaluate", "project": n, "score": "5", "summary": "好"}),
        ("rev", {"action": "disclose", "project": n}),
    ]
    for i, (actor, row) in enumerate(files):
        load(wf, actor, write(tmp_path / f"s{i}.csv", [row]))
    assert stage(wf, n) == "disclosed"
    with wf.uow() as uow:
        money = project_money(uow.session, project_by_seq(uow.session, uow.book_id, n).id or 0)
    assert (str(money.paid), str(money.released), str(money.open)) == ("60.00", "20.00", "0.00")
