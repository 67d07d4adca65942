"""``cfund import`` as a treasurer uses it, on SQLite and PostgreSQL: a template to fill in,
donations from CSV (UTF-8 or GBK) and XLSX with Chinese or English headers, every bad row
listed at once with nothing written, a re-run that writes nothing, a dry run, Ctrl-C, and a bank
statement reconciled against the journal."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import text
from typer.testing import Result

from tests.conftest import BookHandle, as_at_a_terminal, assert_books_balanced
from tests.helpers.cli import cfund as command_line
from tests.helpers.cli import env_of as cli_env
from tests.ledger.services.test_journal import donate

ZH = ["日期", "捐赠方", "金额", "基金", "用途", "参考号", "摘要"]


def env_of(book: BookHandle, user: str = "tina") -> dict[str, str | None]:
    return cli_env(book, user)


def cfund(book: BookHandle, *args: str, user: str = "tina") -> Result:
    return command_line(book, *args, user=user)


def digest(book: BookHandle) -> str:
    """Every row of the book's journal tables, so 'nothing written' is checked byte for byte
    (the book's rows only: on PostgreSQL the whole test session shares one database)."""
    found = hashlib.sha256()
    with book.store.engine.connect() as conn:
        book_id = conn.execute(text("SELECT id FROM books WHERE code = :code"), {"code": book.code}).scalar_one()
        for table, column in (
            ("entries", "book_id"),
            ("postings", "book_id"),
            ("balances", "book_id"),
            ("books", "id"),
        ):
            sql = f"SELECT * FROM {table} WHERE {column} = :book ORDER BY 1"  # noqa: S608
            for row in conn.execute(text(sql), {"book": book_id}):
                found.update(repr(tuple(row)).encode())
    return found.hexdigest()


def rows(count: int, start: int = 0) -> list[list[str]]:
    return [
        [f"2025-03-{1 + i % 28:02d}", "gas" if i % 2 else "SSC", f"{100 + i}.50", "community", "", f"R{i}", ""]
        for i in range(start, start + count)
    ]


def write_csv(path: Path, body: list[list[str]], header: list[str] = ZH, encoding: str = "utf-8-sig") -> Path:
    pd.DataFrame(body, columns=header).to_csv(path, index=False, encoding=encoding)
    return path


def written(book: BookHandle, path: Path, *args: str) -> int:
    """How many entries ``cfund import donations PATH`` wrote; it must succeed."""
    done = cfund(book, "import", "donations", str(path), *args, "--format", "json")
    assert done.exit_code == 0, done.stderr
    return int(json.loads(done.stdout)["written"])


def test_the_template_documents_its_columns_and_imports_as_is(book: BookHandle, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    done = command_line(book, "--lang", "zh", "import", "template", "donations", "--out", str(out), catch=True)
    assert done.exit_code == 0 and "参考号" in done.stdout
    workbook = load_workbook(out)
    assert [c.value for c in workbook.worksheets[0][1]] == ZH and "说明 columns" in workbook.sheetnames
    assert written(book, out) == 1


def test_a_file_is_imported_once_and_a_second_run_writes_nothing(book: BookHandle, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", rows(120))
    first = cfund(book, "import", "donations", str(path), "--format", "json")
    assert first.exit_code == 0, first.stderr
    data = json.loads(first.stdout)
    expected = sum(Decimal(f"{100 + i}.50") for i in range(120))
    assert (data["written"], data["repeated"], data["funds"][0]["amount"]) == (120, 0, str(expected))
    before = digest(book)
    again = cfund(book, "import", "donations", str(path))
    assert again.exit_code == 0 and "Nothing new" in again.stdout and digest(book) == before
    write_csv(path, rows(130))  # ten more rows appended to the same list
    assert json.loads(cfund(book, "import", "donations", str(path), "--format", "json").stdout)["written"] == 10
    assert_books_balanced(book)


def test_english_headers_in_xlsx_and_gbk_csv_are_read(book: BookHandle, tmp_path: Path) -> None:
    english = ["date", "donor", "amount", "fund", "purpose", "reference", "memo"]
    xlsx = tmp_path / "d.xlsx"
    pd.DataFrame(rows(3), columns=english).to_excel(xlsx, index=False)
    assert json.loads(cfund(book, "import", "donations", str(xlsx), "--format", "json").stdout)["written"] == 3
    gbk = write_csv(tmp_path / "gbk.csv", rows(2, start=10), encoding="gb18030")
    assert json.loads(cfund(book, "import", "donations", str(gbk), "--format", "json").stdout)["written"] == 2


def test_every_bad_row_is_listed_and_nothing_is_written(book: BookHandle, tmp_path: Path) -> None:
    body = rows(6)
    body[1][2] = "1.005"  # row 3: more than two decimals
    body[2][0] = "2025-02-30"  # row 4: no such day
    body[3][1] = "nobody"  # row 5: unknown donor
    body[4][3] = "nofund"  # row 6: unknown fund
    body[5][5] = "R0"  # row 7: the reference of row 2 again
    path = write_csv(tmp_path / "bad.csv", body)
    before = digest(book)
    done = cfund(book, "import", "donations", str(path))
    assert done.exit_code == 2 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 6, lines
    for row, column in ((3, "amount"), (4, "date"), (5, "donor"), (6, "fund"), (7, "reference")):
        assert any(line.startswith(f"row {row}, column {column}:") for line in lines), (row, column, lines)
    assert "problems found: 5;" in lines[-1] and digest(book) == before
    zh = command_line(book, "import", "donations", str(path), user="tina", lang="zh", catch=True)
    named = [line.split("：")[0] for line in zh.stderr.splitlines()[:-1]]  # columns as the chosen language heads them
    assert named == [
        "第 3 行，金额 列",
        "第 4 行，日期 列",
        "第 5 行，捐赠方 列",
        "第 6 行，基金 列",
        "第 7 行，参考号 列",
    ]
    # the reason says what is wrong in the reader's language, not the importer's key for the column
    assert "第 3 行，金额 列：金额 最多两位小数（到分）：1.005。" in zh.stderr.splitlines()
    assert "日期 无效：2025-02-30" in zh.stderr and "amount" not in zh.stderr and "date" not in zh.stderr


def test_an_empty_required_cell_says_it_is_empty(book: BookHandle, tmp_path: Path) -> None:
    body = rows(2)
    body[0] = [""] * len(body[0])  # a row with only its purpose filled: data, not a blank line
    body[0][4] = "community_service"
    body[1][1] = body[1][3] = ""
    path = write_csv(tmp_path / "empty.csv", body)
    done = command_line(book, "import", "donations", str(path), user="tina", lang="zh", catch=True)
    assert done.exit_code == 2
    empty = [line for line in done.stderr.splitlines() if line.endswith("必填，这一行是空的。")]
    assert sorted(line.split("：")[0] for line in empty) == sorted(
        ["第 2 行，日期 列", "第 2 行，捐赠方 列", "第 2 行，金额 列", "第 2 行，基金 列", "第 2 行，参考号 列"]
        + ["第 3 行，捐赠方 列", "第 3 行，基金 列"]
    )


def test_a_reference_reused_for_another_donation_is_refused(book: BookHandle, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", rows(3))
    assert cfund(book, "import", "donations", str(path)).exit_code == 0
    body = rows(3)
    body[1][2] = "999.00"
    done = cfund(book, "import", "donations", str(write_csv(path, body)))
    assert done.exit_code == 2 and "row 3" in done.stderr and "R1" in done.stderr


def test_a_dry_run_shows_the_totals_and_writes_nothing(book: BookHandle, tmp_path: Path) -> None:
    before = digest(book)
    done = cfund(
        book, "import", "donations", str(write_csv(tmp_path / "d.csv", rows(4))), "--dry-run", "--format", "json"
    )
    assert done.exit_code == 0 and json.loads(done.stdout)[0]["amount"] == "408.00"
    assert digest(book) == before


def test_the_auditor_cannot_import(book: BookHandle, tmp_path: Path) -> None:
    before = digest(book)
    done = cfund(book, "import", "donations", str(write_csv(tmp_path / "d.csv", rows(2))), user="audrey")
    assert done.exit_code == 4 and digest(book) == before


def test_one_progress_bar_counts_the_rows_checked_then_the_entries_written(book: BookHandle, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", rows(5_000))

    def steps() -> list[str]:
        done = command_line(book, "import", "donations", str(path), user="tina", env={"CFUND_PROGRESS": "plain"})
        assert done.exit_code == 0, done.stderr
        return [line for line in done.stderr.splitlines() if line.startswith("import ")]

    assert steps() == [f"import {n}/10000" for n in (2000, 4000, 5000, 7000, 9000, 10000)]
    again = [f"import {n}/10000" for n in (2000, 4000, 5000)] + ["import 5000/5000"]
    assert steps() == again  # every row checked, none to write: the bar ends there


def test_ctrl_c_during_an_import_exits_130_with_nothing_written(book: BookHandle, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv", rows(40_000))
    before = digest(book)
    env = {**os.environ, **env_of(book), "CFUND_PROGRESS": "plain"}
    command = [sys.executable, "-c", "from cli.main import run; run()", "import", "donations", str(path)]
    proc = subprocess.Popen(
        command, env=env, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, preexec_fn=as_at_a_terminal
    )
    assert proc.stderr is not None
    # the bar counts the 40,000 rows checked, then the entries written: wait for the writing
    while int((line := proc.stderr.readline()).split()[-1].split("/")[0]) <= 40_000:
        assert line.startswith("import "), line
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert digest(book) == before


def test_a_bank_statement_is_matched_to_the_journal(book: BookHandle, tmp_path: Path) -> None:
    donate(book, "500.00", date="2025-03-02")
    donate(book, "500.00", date="2025-03-20")
    header = ["日期", "金额", "流水号", "对方户名", "摘要"]
    lines = [
        ["2025-03-03", "500.00", "B1", "华润兴泸燃气", ""],  # one day after the first donation
        ["2025-03-20", "500.00", "B2", "华润兴泸燃气", ""],
        ["2025-03-21", "500.00", "B3", "?", ""],  # a third 500.00 the journal does not have
        ["2025-03-25", "-80.00", "B4", "银行", "手续费"],
    ]
    path = write_csv(tmp_path / "bank.csv", lines, header)
    before = digest(book)
    done = cfund(book, "import", "bank", str(path), "--format", "json")
    assert done.exit_code == 0, done.stderr
    found = {r["reference"]: (r["status"], r["entry"]) for r in json.loads(done.stdout)}
    assert found == {"B1": ("matched", 1), "B2": ("matched", 2), "B3": ("unmatched", None), "B4": ("unmatched", None)}
    assert "2 unmatched" in done.stderr and digest(book) == before


@pytest.mark.parametrize("content", [b"\x00\xff\xfe garbage", b"PK\x03\x04 not really a workbook"])
def test_a_broken_file_is_one_clear_error(book: BookHandle, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / ("broken.xlsx" if content.startswith(b"PK") else "broken.csv")
    path.write_bytes(content)
    done = cfund(book, "import", "donations", str(path))
    assert done.exit_code == 2 and "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) <= 2
