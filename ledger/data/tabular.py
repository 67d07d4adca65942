"""Reading the tables people bring (CSV from a platform export, XLSX from a merchants' list):
both through pandas, every cell as text, with Chinese or English headers mapped to stable keys.

A file that cannot be read is one clear error; a missing required column is a problem on row 1;
cells are never guessed (no floats, no date parsing by pandas)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ledger.data.files import replaced
from ledger.domain.periods import parse_date
from ledger.errors import CfundError, InputError, InputProblems, RowProblem


@dataclass(frozen=True)
class Column:
    """A column of an import file: its stable key, Chinese and English headers, what it holds."""

    key: str
    zh: str
    en: str
    doc_zh: str
    doc_en: str
    required: bool = True
    example: str = ""


#: A data row of a file: its cells' text by column key.
Cells = dict[str, str]
#: How many rows a file may hold: enough for years of a district's donations.
MAX_ROWS = 2_000_000


class Rows:
    """A file's data rows as (spreadsheet row number, {key: text}), made one at a time from the
    frame as they are read, not all kept in a list beside it (an import of 100,000 rows peaked at
    310 MB with the list, 284 MB without). Blank rows are left out and not counted."""

    def __init__(self, frame: Any, picks: list[tuple[str, int]]) -> None:
        import numpy as np  # with pandas, only when a file is read

        self.frame, self.picks = frame, picks
        filled = np.zeros(len(frame), dtype=bool)
        for _, at in picks:  # one column's stripped copy at a time
            filled |= (frame.iloc[:, at].str.strip() != "").to_numpy()
        self.filled, self.count = filled, int(filled.sum())

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[tuple[int, Cells]]:
        records = self.frame.itertuples(index=False, name=None)
        for number, (record, filled) in enumerate(zip(records, self.filled, strict=True)):
            if filled:
                yield number + 2, {key: str(record[at]).strip() for key, at in self.picks}

    def clear(self) -> None:
        """Let the file's text go (what was made from the rows holds what is needed)."""
        self.frame = self.frame.iloc[0:0].copy()  # a copy: a view would keep the old frame alive
        self.filled, self.count = self.filled[0:0].copy(), 0


def read_rows(path: Path, columns: tuple[Column, ...], sheet: str | None = None) -> tuple[Rows, list[RowProblem]]:
    """The rows of ``path`` (of its ``sheet``, for a workbook) and the header's problems."""
    names = {_norm(c.zh): c.key for c in columns} | {_norm(c.en): c.key for c in columns}
    names |= {_norm(c.key): c.key for c in columns}
    frame = _frame(path, names, sheet)
    found: dict[str, str] = {}
    problems = []
    for header in map(str, frame.columns):
        key = names.get(_norm(header))
        if key is not None and key in found:  # 日期 and date both, or 金额 twice: which one is meant?
            twice = _norm(header) == _norm(found[key])
            problems.append(
                RowProblem(1, header, "import_header_twice", header=header)
                if twice
                else RowProblem(1, header, "import_column_twice", first=found[key], second=header)
            )
        elif key is not None:
            found[key] = header
    problems += [
        RowProblem(1, c.key, "import_column_missing", zh=c.zh, en=c.en)
        for c in columns
        if c.required and c.key not in found
    ]
    if len(frame) > MAX_ROWS:
        raise InputError("import_too_many_rows", rows=len(frame), limit=MAX_ROWS)
    rows = Rows(frame, [(key, list(frame.columns).index(header)) for key, header in found.items()])
    if not rows and not problems:
        raise InputError("import_empty", file=str(path))
    return rows, problems


def refused(
    problems: list[RowProblem], columns: tuple[Column, ...], key: str = "import_invalid", **fields: object
) -> InputProblems:
    """The error listing ``problems`` in row order, each column named by its headers so that
    a reader sees 日期 or date, in their language, rather than the key."""
    headers = {c.key: (c.zh, c.en) for c in columns}
    for problem in problems:
        problem.names = headers.get(problem.column)
    return InputProblems(sorted(problems, key=lambda p: p.row), key, **fields)


def _norm(header: str) -> str:
    return header.replace("\ufeff", "").strip().lower().replace(" ", "_")


def _frame(path: Path, names: dict[str, str], sheet: str | None) -> Any:
    """The file's cells as text under its header as written: pandas would rename a header given
    twice (``金额.1``), so the first row is read as data and made the header here."""
    import pandas as pd

    if not path.is_file():
        raise InputError("import_file_missing", file=str(path))
    workbook = path.suffix.lower() in (".xlsx", ".xlsm")
    if sheet is not None and not workbook:
        raise InputError("import_sheet_not_workbook", file=str(path))
    try:
        if workbook:
            chosen = _data_sheet(path, names, sheet)
            cells = pd.read_excel(path, chosen, header=None, dtype=str, keep_default_na=False, engine="openpyxl")
        else:
            cells = pd.read_csv(io.StringIO(_decoded(path)), header=None, dtype=str, keep_default_na=False)
    except CfundError:
        raise
    except Exception as exc:  # noqa: BLE001 - pandas and openpyxl raise many kinds on a broken file
        raise InputError("import_unreadable", file=str(path), reason=type(exc).__name__) from None
    frame = cells.iloc[1:]
    frame.columns = [str(header) for header in cells.iloc[0]] if len(cells) else []
    return frame


def _data_sheet(path: Path, names: dict[str, str], sheet: str | None) -> str | int:
    """The sheet to read: ``sheet``, or the one sheet whose header names a column of this import
    and that has a row under it (a sheet of notes, as in cfund's template, is not data). Two such
    sheets are refused: which one is meant is not guessed."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        if sheet is not None:
            if sheet not in book.sheetnames:
                raise InputError("import_sheet_missing", file=str(path), sheet=sheet, sheets="、".join(book.sheetnames))
            return sheet
        data = [name for name in book.sheetnames if _holds_data(book[name], names)]
    finally:
        book.close()
    if len(data) > 1:
        raise InputError("import_sheets_many", file=str(path), sheets="、".join(data))
    return data[0] if data else 0


def _holds_data(worksheet: Any, names: dict[str, str]) -> bool:
    """Whether a sheet's first row names a column of this import and its second row has a value."""
    top = list(worksheet.iter_rows(max_row=2, values_only=True))
    filled = [[str(value).strip() for value in row if value is not None and str(value).strip()] for row in top]
    return len(filled) == 2 and bool(filled[1]) and any(_norm(header) in names for header in filled[0])


def _decoded(path: Path) -> str:
    """A CSV's text: UTF-8, or GB18030 as Excel on Chinese Windows saves it. Bytes that decode as
    GB18030 only into rare characters (a Latin-1 "Müller" reads as "M黮ler") are refused, not guessed."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError("import_encoding", file=str(path)) from None
    wide = [c for c in text if not c.isascii()]
    if sum(1 for c in wide if not _common_chinese(c)) * 2 > len(wide):
        raise InputError("import_encoding", file=str(path))
    return text


def _common_chinese(char: str) -> bool:
    """In GB2312, the everyday set that most Chinese text stays within."""
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def write_template(path: Path, columns: tuple[Column, ...], lang: str, sheet: str) -> Path:
    """An example file: headers in ``lang`` and one example row (on the sheet ``sheet`` of an
    XLSX, which also gets a 说明 sheet). A file already at ``path`` is refused, never overwritten:
    it may be the one the treasurer filled in."""
    import pandas as pd

    if path.exists() or path.is_symlink():
        raise InputError("template_exists", file=str(path))

    header = [c.zh if lang == "zh" else c.en for c in columns]
    frame = pd.DataFrame([[c.example for c in columns]], columns=header)
    if path.suffix.lower() == ".xlsx":
        docs = pd.DataFrame(
            [[c.zh, c.en, c.doc_zh, c.doc_en, "必填 required" if c.required else "可选 optional"] for c in columns],
            columns=["列 column", "header (en)", "说明", "meaning", "必填"],
        )
        with replaced(path) as partial, pd.ExcelWriter(partial, engine="openpyxl") as writer:
            frame.to_excel(writer, sheet_name=sheet, index=False)
            docs.to_excel(writer, sheet_name="说明 columns", index=False)
    else:
        with replaced(path) as partial:
            frame.to_csv(partial, index=False, encoding="utf-8-sig")
    return path


def cell(found: list[RowProblem], number: int, column: str, parse: Callable[[], object]) -> object:
    """``parse()`` of one cell, or None with its problem added to ``found``."""
    try:
        return parse()
    except CfundError as exc:
        found.append(RowProblem(number, column, exc.key, **exc.fields))
        return None


def required_cell(
    found: list[RowProblem], number: int, row: Cells, column: str, parse: Callable[[str], object]
) -> object:
    """A required cell through ``parse(text)``, or None with its problem added to ``found``; an
    empty cell is reported as empty, not as an amount or date that could not be read."""
    text = row.get(column, "")
    if not text:
        found.append(RowProblem(number, column, "cell_empty"))
        return None
    return cell(found, number, column, lambda: parse(text))


def cell_date(text: str | None) -> dt.date:
    """A date cell: ``2026-10-08``, ``2026/10/08`` or a spreadsheet date at midnight; nothing else
    (``2025-01-019`` is refused, not read as its first ten characters)."""
    day = (text or "").strip().replace("/", "-").removesuffix(" 00:00:00").removesuffix("T00:00:00")
    return parse_date(day) if len(day) == 10 else parse_date(text or "")  # refused as typed
