"""``cfund import steps`` as the social work centre uses it: the template filled in with Chinese
headers, a meeting's decisions in one commit, a file loaded twice refused whole with every row's
reason, an auditor refused, and a dry run."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from tests.cli.commands.test_project import advance, cfund, db, ok, order, project_book, rows, state  # noqa: F401 - fixtures
from tests.helpers.cli import ME

__all__ = ["db"]  # the fixture, used by name


def applied(db: Path, count: int) -> list[int]:
    projects = [order(db, title=f"路灯 {i}") for i in range(count)]
    for n in projects:
        advance(db, n, "apply")
    return projects


def test_the_template_filled_in_with_chinese_headers_is_a_meeting(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "steps.xlsx"
    written = ok(db, "import", "template", "steps", "--out", str(out))
    assert "评估意见" in written.stdout and "步骤 steps" in load_workbook(out).sheetnames
    a, b = applied(db, 2)
    header = [c.value for c in load_workbook(out).worksheets[0][1]]
    meeting = pd.DataFrame([["" for _ in header] for _ in range(2)], columns=header)
    meeting.loc[0, ["操作", "项目", "金额"]] = ["approve", str(a), "200"]
    meeting.loc[1, ["操作", "项目", "备注"]] = ["reject", str(b), "不在资助范围"]
    meeting.to_excel(out, index=False)
    done = ok(db, "--as", "rev", "import", "steps", str(out))
    assert [(r["project"], r["from"], r["to"]) for r in rows(done)] == [
        (str(a), "applied", "approved"),
        (str(b), "applied", "rejected"),
    ]
    assert done.stderr.strip() == "已在一次提交中完成 2 个步骤，生成凭证 1 张。"
    history = rows(ok(db, "project", "history", str(a), "--format", "csv"))
    assert (history[-1]["trigger"], history[-1]["actor"]) == ("approve", "rev")


def test_a_file_loaded_twice_is_refused_whole_with_each_rows_reason(db: Path, tmp_path: Path) -> None:
    a, b = applied(db, 2)
    path = tmp_path / "m.csv"
    pd.DataFrame({"action": ["approve", "approve"], "project": [a, b]}).to_csv(path, index=False)
    first = ok(db, "--as", "rev", "--lang", "en", "import", "steps", str(path), "--format", "json")
    assert [(d["row"], d["to"], d["entry"]) for d in json.loads(first.stdout)] == [
        (2, "approved", 2),
        (3, "approved", 3),
    ]
    before = state(db)
    again = cfund(db, "--as", "rev", "import", "steps", str(path), lang="en")
    assert again.exit_code == 2
    assert again.stderr.splitlines() == [
        "row 2, column action: A project at stage Approved (approved) cannot approve. See cfund project actions.",
        "row 3, column action: A project at stage Approved (approved) cannot approve. See cfund project actions.",
        "Error: Rows refused: 2; no step was done. Nothing was changed.",
    ]
    assert state(db) == before


def test_the_auditor_changes_nothing_and_a_dry_run_writes_nothing(db: Path, tmp_path: Path) -> None:
    ok(db, "--as", "admin", "user", "add", "aud", "--role", "auditor", "--os-user", ME.name)
    [n] = applied(db, 1)
    path = tmp_path / "m.csv"
    pd.DataFrame({"action": ["approve"], "project": [n]}).to_csv(path, index=False)
    before = state(db)
    denied = cfund(db, "--as", "aud", "import", "steps", str(path), lang="en")
    assert denied.exit_code == 4 and "aud (roles: auditor) may not run import steps" in denied.stderr
    dry = ok(db, "--as", "rev", "--lang", "en", "import", "steps", str(path), "--dry-run")
    assert rows(dry)[0]["to"] == "approved" and "nothing was written" in dry.stderr
    assert state(db) == before
