"""What an import file may be, on SQLite and PostgreSQL: a header given twice is refused, whether
as written or once in Chinese and once in English (pandas would quietly read ``金额.1``); a
workbook with data on more than one sheet is refused unless ``--sheet`` names one, and a sheet
of notes beside the data (as in cfund's own template) is not data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.cli.commands.test_imports import ZH, cfund, digest, rows, write_csv, written
from tests.conftest import BookHandle


def workbook(path: Path, sheets: dict[str, pd.DataFrame]) -> Path:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("twice", ["金额", " 金额 ", "amount"])
def test_a_header_given_twice_is_refused_with_nothing_written(
    book: BookHandle, tmp_path: Path, suffix: str, twice: str
) -> None:
    body = [[*row, "999.00"] for row in rows(3)]
    path = tmp_path / f"d{suffix}"
    if suffix == ".csv":
        write_csv(path, body, [*ZH, twice])
    else:
        workbook(path, {"捐赠": pd.DataFrame(body, columns=[*ZH, twice])})
    before = digest(book)
    done = cfund(book, "import", "donations", str(path))
    assert done.exit_code == 2 and "row 1" in done.stderr and digest(book) == before, done.stderr
    assert ("given twice" if twice.strip() == "金额" else "are the same column") in done.stderr


def test_a_bank_statement_with_a_header_twice_is_refused(book: BookHandle, tmp_path: Path) -> None:
    header = ["日期", "金额", "流水号", "对方户名", "流水号"]
    path = write_csv(tmp_path / "bank.csv", [["2025-03-03", "500.00", "B1", "燃气", "B9"]], header)
    done = cfund(book, "import", "bank", str(path))
    assert done.exit_code == 2 and "流水号 is given twice" in done.stderr


def test_data_on_two_sheets_needs_sheet_to_say_which(book: BookHandle, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "d.xlsx",
        {"一月": pd.DataFrame(rows(2), columns=ZH), "二月": pd.DataFrame(rows(3, start=10), columns=ZH)},
    )
    before = digest(book)
    done = cfund(book, "import", "donations", str(path))
    assert done.exit_code == 2 and "一月、二月" in done.stderr and "--sheet" in done.stderr and digest(book) == before
    missing = cfund(book, "import", "donations", str(path), "--sheet", "三月")
    assert missing.exit_code == 2 and "三月" in missing.stderr and "一月、二月" in missing.stderr
    assert written(book, path, "--sheet", "二月") == 3 and written(book, path, "--sheet", "一月") == 2


def test_a_sheet_of_notes_is_not_data_wherever_it_is(book: BookHandle, tmp_path: Path) -> None:
    notes = pd.DataFrame([["请勿改动列名", "王会计"]], columns=["说明", "填表人"])
    empty = pd.DataFrame([], columns=ZH)  # the headers, no rows: not data either
    path = workbook(tmp_path / "d.xlsx", {"封面": notes, "空表": empty, "捐赠": pd.DataFrame(rows(4), columns=ZH)})
    assert written(book, path) == 4


def test_sheet_is_refused_for_a_csv(book: BookHandle, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", rows(2))
    done = cfund(book, "import", "donations", str(path), "--sheet", "一月")
    assert done.exit_code == 2 and "not an XLSX workbook" in done.stderr and "Traceback" not in done.stderr
