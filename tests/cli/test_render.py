"""Tables as a person sees them: they fit the terminal, codes and dates stay whole, and rows
too wide for it become one block each."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.cli.commands.test_ledger import cfund
from tests.cli.commands.test_project import db, ok, order, project_book  # noqa: F401 - fixtures
from tests.helpers.cli import ME, installed_cfund

__all__ = ["db"]  # the fixture of a book with the workflow's people, used by name


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "render.db"
    for args in (
        ("init", "--admin", "admin"),
        ("--as", "admin", "user", "add", "tina", "--role", "treasurer", "--os-user", ME.name),
        ("--as", "tina", "party", "add", "gas", "--name", "华润兴泸燃气", "--kind", "donor"),
        ("--as", "tina", "ledger", "donate", "--donor", "gas", "--amount", "20,000", "--fund", "platform"),
    ):
        assert cfund(path, *args).exit_code == 0
    return path


def shown(book: Path, columns: int, *args: str) -> list[str]:
    result = cfund(book, *args, "--format", "table", env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(cell_len(line.rstrip()) <= columns for line in lines), result.stdout
    return lines


def test_a_wide_terminal_shows_the_journal_as_a_table(book: Path) -> None:
    lines = shown(book, 200, "ledger", "journal")
    assert any("凭证" in line and "经办人" in line for line in lines)  # every header on one line
    assert any("2026" in line and "│ 捐赠 " in line and "platform" in line and "20,000.00" in line for line in lines)
    csv = cfund(book, "ledger", "journal", "--format", "csv").stdout.splitlines()
    assert csv[0].split(",")[2] == "kind" and csv[1].split(",")[2] == "donation"  # CSV keeps the codes
    balance = shown(book, 120, "ledger", "balance")
    assert any(line.startswith("│ 1002 ") and "│ 资产 " in line for line in balance)  # the type by name


def test_a_narrow_terminal_shows_each_journal_row_as_a_block(book: Path) -> None:
    lines = shown(book, 80, "ledger", "journal")
    fields = {line.split()[0]: line.split()[1:] for line in lines if line.strip() and not line.startswith("─")}
    assert fields["基金"] == ["platform"] and fields["往来方"] == ["gas"] and "冲销凭证" not in fields
    assert sum(line.startswith("─") for line in lines) == 2  # two postings, two blocks


def test_codes_stay_whole_when_a_table_fits(book: Path) -> None:
    lines = shown(book, 80, "ledger", "funds")
    assert any(line.startswith("│ community │") for line in lines)
    assert any("│ platform  │" in line and "20,000.00" in line for line in lines)


def test_project_show_labels_each_field_in_the_language_chosen(db: Path) -> None:
    n = order(db)
    ok(db, "--as", "cathy", "project", "dispatch", str(n), "--organisation", "swc")
    zh = ok(db, "--as", "cathy", "project", "show", str(n), "--format", "table").stdout
    en = ok(db, "--as", "cathy", "project", "show", str(n), "--format", "table", lang="en").stdout
    assert "│ 阶段 " in zh and "派单" in zh and "│ 下一步 " in zh and "accept 接单 (organisation)" in zh
    assert "│ Stage " in en and "Dispatched" in en and "│ accept (organisation)" in en
    assert "stage_zh" not in zh + en and "overdue_days" not in zh + en  # labels, not keys
    log = ok(db, "--as", "cathy", "audit", "log", "--format", "table", lang="en").stdout
    assert "│ order " in log and "project_order" not in log  # the step's name, not its logged code
    assert "│ 派单 " in ok(db, "--as", "cathy", "audit", "log", "--format", "table").stdout
    csv = ok(db, "--as", "cathy", "project", "show", str(n), "--format", "csv").stdout.splitlines()
    assert csv[0] == "field,value" and "stage,dispatched" in csv and "next,accept (organisation)" in csv


def test_times_in_tables_are_local_to_the_minute_and_iso_in_csv(book: Path) -> None:
    import datetime as dt
    import os
    import subprocess

    from tests.helpers.cli import installed_cfund

    env = {**os.environ, "CFUND_DB": str(book), "TZ": "Asia/Shanghai", "COLUMNS": "120"}
    log = [installed_cfund(), "audit", "log"]
    csv = subprocess.run([*log, "--format", "csv"], capture_output=True, text=True, env=env, check=True).stdout
    at = dt.datetime.fromisoformat(csv.splitlines()[1].split(",")[0])
    assert at.utcoffset() == dt.timedelta(0)  # stored and exported in UTC
    table = subprocess.run([*log, "--format", "table"], capture_output=True, text=True, env=env, check=True).stdout
    local = (at + dt.timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
    assert f"│ {local} │" in table and "+00:00" not in table


def test_a_journal_cut_off_by_head_ends_quietly_and_a_whole_one_is_valid_json(book: Path, tmp_path: Path) -> None:
    lines = ["日期,捐赠方,金额,基金,用途,参考号"] + [f"2025-03-01,gas,{n}.00,community,,H{n}" for n in range(1, 601)]
    (tmp_path / "many.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cfund(book, "--as", "tina", "import", "donations", str(tmp_path / "many.csv")).exit_code == 0
    env = {**os.environ, "CFUND_DB": str(book), "CFUND_LANG": "en"}
    # 1,202 postings are more than a pipe holds: the reader stops while the journal is still streaming
    cut = subprocess.Popen(
        [installed_cfund(), "ledger", "journal"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert cut.stdout is not None and cut.stdout.readline().startswith(b"entry,date,kind")
    cut.stdout.close()
    assert cut.wait(60) == 1 and cut.stderr is not None and cut.stderr.read() == b""
    whole = json.loads(cfund(book, "ledger", "journal", "--format", "json").stdout)
    assert len(whole) == 2 * 601 and whole[-1]["reverses"] is None and whole[-1]["credit"] == "600.00"
