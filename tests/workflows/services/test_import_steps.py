"""Steps from a file (``workflows.services.import_steps``), on SQLite and PostgreSQL: a meeting's decisions done in
one commit through the same rules as the single commands; any refused row means nothing is
written and every problem is listed; money checks see the rows before them; Ctrl-C and dry runs
leave the book as it was."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from ledger.errors import InputProblems
from tests.cli.commands.test_imports import digest
from tests.conftest import BookHandle
from tests.workflows.conftest import to_stage
from workflows.services import import_steps as steps
from workflows.services.audit import verify
from workflows.storage.repository import project_by_seq, project_money


def write(path: Path, rows: list[dict[str, object]]) -> Path:
    pd.DataFrame(rows).fillna("").astype(str).to_csv(path, index=False, encoding="utf-8-sig")
    return path


def load(book: BookHandle, actor: str, path: Path, **kwargs: object) -> list[steps.Done]:
    return steps.import_steps(book.uow, actor, path, **kwargs)  # type: ignore[arg-type]


def stage(book: BookHandle, n: int) -> str:
    with book.uow() as uow:
        return project_by_seq(uow, n).stage


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
        committed = [project_money(uow, project_by_seq(uow, n).id or 0) for n in (a, b)]
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
        money = project_money(uow, project_by_seq(uow, n).id or 0)
    assert (str(money.paid), str(money.released), str(money.open)) == ("60.00", "20.00", "0.00")


CELLS = {
    "project": st.sampled_from(("1", "2", "3", "4", "0", "99", "x", "")),
    "organisation": st.sampled_from(("swc", "repairs", "gas", "", "nope")),
    "fund": st.sampled_from(("community", "platform", "", "nope")),
    "purpose": st.sampled_from(("community_service", "hardship_aid", "")),
    "amount": st.sampled_from(("", "10.00", "60", "900", "-5", "abc", "1.500")),
    "score": st.sampled_from(("", "4", "9")),
    "summary": st.sampled_from(("", "按期完成")),
    "note": st.sampled_from(("", "备注")),
    "reason": st.sampled_from(("", "原因")),
    "key": st.sampled_from(("", "K1", "K2")),
    "compound": st.sampled_from(("", "c01", "zz")),
    "title": st.sampled_from(("", "扶手")),
    "need": st.sampled_from(("", "楼道扶手")),
}
GOOD = {
    "project": st.sampled_from(("1", "2", "3", "4")),
    "organisation": st.just("swc"),
    "fund": st.just("community"),
    "purpose": st.just("community_service"),
    "amount": st.sampled_from(("10.00", "60")),
    "score": st.just("4"),
    "summary": st.just("按期完成"),
    "note": st.just("备注"),
    "reason": st.just("原因"),
    "key": st.sampled_from(("K1", "K2")),
    "compound": st.just("c01"),
    "title": st.just("扶手"),
    "need": st.just("楼道扶手"),
    "resident": st.just("rita"),
}


def well_formed(name: str) -> st.SearchStrategy[dict[str, str]]:
    """A row with the cells its action needs, some of those it takes, plausible values."""
    action = steps.ACTIONS[name]
    needed = {"action": st.just(name)} | {key: GOOD[key] for key in action.needs}
    return st.fixed_dictionaries(needed, optional={key: GOOD[key] for key in action.takes})


#: Who usually does what (any of them may still try anything).
HANDS = {
    "rev": ("approve", "return", "reject", "disclose", "cancel"),
    "tina": ("disburse",),
    "olga": ("accept", "decline", "apply", "complete"),
    "cathy": ("order", "dispatch"),
    "eva": ("evaluate",),
    "rita": ("order", "cancel"),
    "oscar": ("accept", "apply"),
}
ANY_ROW = st.fixed_dictionaries({"action": st.sampled_from((*steps.ACTIONS, "bogus"))}, optional=CELLS)


def a_file(actor: str) -> st.SearchStrategy[tuple[str, list[dict[str, str]]]]:
    usual = st.sampled_from(HANDS[actor]).flatmap(well_formed)
    rows = st.lists(
        st.one_of(usual, usual, usual, ANY_ROW, st.sampled_from(tuple(steps.ACTIONS)).flatmap(well_formed)),
        min_size=1,
        max_size=3,
    )
    return st.tuples(st.just(actor), rows)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(st.sampled_from(tuple(HANDS)).flatmap(a_file), max_size=8))
def test_any_file_is_done_whole_or_refused_whole(
    wf: BookHandle, tmp_path: Path, files: list[tuple[str, list[dict[str, object]]]]
) -> None:
    """Random files by random people: each is either done in full (one event per step that was
    not a repeat) or refused with its problems and the book left byte for byte as it was."""
    for stage_ in ("ordered", "dispatched", "applied", "approved")[count(wf) :]:
        to_stage(wf, stage_)
    for actor, rows in files:
        before, events = digest(wf), count(wf, "project_events")
        try:
            done = load(wf, actor, write(tmp_path / "f.csv", rows))
        except InputProblems as refused:
            assert refused.problems and digest(wf) == before
            event("refused")
            continue
        event(f"done: {len(done)} steps")
        assert count(wf, "project_events") == events + sum(1 for d in done if not d.fired.already)
    assert verify(wf.store, wf.code).problems == ()


def count(book: BookHandle, table: str = "projects") -> int:
    with book.store.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())  # noqa: S608
