"""Bad input, fuzzed (:mod:`tests.system.test_fuzz`): what a person might type instead of the right
thing, by kind, and the import files made of such values."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

import openpyxl
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

TODAY = dt.date.today()
LAST_MONTH = TODAY.replace(day=1) - dt.timedelta(days=1)
FUNDS = ("community", "disaster", "feedback", "platform")

# ---------------------------------------------------------------------------------------------
# Values: what a person might type instead of the right thing, by kind
# ---------------------------------------------------------------------------------------------

LONG = ("x" * 10_000, "名" * 10_000, "9" * 10_000)
CONTROLS = ("a\x00b", "\x1b[31mred\x1b[0m", "a\rb", "a\nb", "a\u202eb", "\u202e", "a\x9bb", "\x7f", "a\u2028b")
AMOUNTS_BAD = st.one_of(
    st.sampled_from(
        ("1e3", "-0", "1.005", str(10**20), "１２３", "", " ", "\t", "NaN", "Infinity", "-Infinity", "1,2,3", "¥")
        + ("元", "1.", ".5", "0", "-1", "0x10", "1_000", "1.000", "1.500", "١٢٣", "12,34.56", "1 000", "+", "--1")
        + ("¥¥1", "1,000.001", "0." + "0" * 3000 + "1", *LONG, *CONTROLS)
    ),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.text(alphabet="0123456789０１２３,.+-¥￥元e ", max_size=25),
    st.text(alphabet="0123456789", min_size=16, max_size=3000),
)
DATES_BAD = st.one_of(
    st.sampled_from(
        ("2026-02-30", "2025-13-01", "", " ", "yesterday", "today", "9999-12-31", "0001-01-01", "1899-12-31")
        + ("2025-1-1", "２０２５-01-05", "20250105", "2025-01-05T00:00", "2025-00-10", "2025-02-29", "-2025-01-01")
        + ("2025-01-05\n", *LONG, *CONTROLS)
    ),
    st.dates().map(dt.date.isoformat),
    st.text(max_size=12),
)
PERIODS_BAD = st.one_of(
    st.sampled_from(("2025Q5", "2025Q0", "2025-13", "2025-00", "", " ", "0001", "1899", "3000", "2999", "2999-12"))
    | st.sampled_from(("2026Q4", f"{TODAY.year}", TODAY.strftime("%Y-%m"), "2025-1", "２０２５", *LONG, *CONTROLS)),
    st.integers(min_value=0, max_value=99999).map(str),
    st.builds("{}Q{}".format, st.integers(0, 9999), st.integers(0, 9)),
    st.builds("{:04d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 99)),
    st.text(max_size=10),
)
TEXT_BAD = st.one_of(
    st.sampled_from(("", " ", "\t", " padded ", "'; DROP TABLE entries; --", "%", "_", "\\", "\ufeff", "\u200b")),
    st.sampled_from((*LONG, *CONTROLS)),
    st.sampled_from((99, 100, 101, 199, 200, 201, 499, 500, 501, 1999, 2000, 2001)).map(lambda n: "x" * n),
    st.text(max_size=40),
)
CODES_BAD = st.one_of(
    st.sampled_from(("", " ", "nobody", "GAS", "gas ", " gas", "ｇａｓ", "gas\n", "%", "_", "' OR '1'='1", "\u202egas"))
    | st.sampled_from(("ＣＯＭＭＵＮＩＴＹ", "Community", "community ", "5101", "5101.99", "9101", "1002", "king")),
    st.sampled_from((*LONG, *CONTROLS)),
    st.text(max_size=20),
)
NUMBERS_BAD = st.one_of(
    st.sampled_from(("0", "-1", "-0", "abc", "", " ", "１", "1.0", "1e3", " 1", "2147483648", "99999", "0x1", "+1"))
    | st.sampled_from(("9223372036854775807", "9223372036854775808", str(10**30), "1_0", "٣", *CONTROLS)),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
)
FORMATS_BAD = st.one_of(st.sampled_from(("xml", "", "JSON", "json ", "a\nb", "yaml", "\x1b[31m")), st.text(max_size=8))
USERS_BAD = st.sampled_from(
    ("audrey", "rita", "cathy", "tina", "admin", "olga", "oscar", "rev", "rex", "eva", "evan")
    + ("nobody", "", "TINA", "tina ", "ｔｉｎａ", "x" * 10_000, "\x1b[31mtina", "ti\u202ena", "a\nb")
)
PREFIX_RE = re.compile(r"[a-z][a-z0-9_]{0,40}")
BAD: dict[str, st.SearchStrategy[Any]] = {
    "amount": AMOUNTS_BAD,
    "signed": AMOUNTS_BAD,
    "date": DATES_BAD,
    "period": PERIODS_BAD,
    "text": TEXT_BAD,
    "key": st.one_of(TEXT_BAD, st.sampled_from(("", " ", "\t"))),
    "code": CODES_BAD,
    "number": NUMBERS_BAD,
    "format": FORMATS_BAD,
    "switch": st.sampled_from((None, "on")),
    "backup": st.sampled_from(("missing", "directory", "empty", "garbage", "random", "csv", "plain-sqlite")),
    # a valid prefix would create roles on the whole PostgreSQL server: only invalid ones here
    "prefix": st.one_of(CODES_BAD, st.text(max_size=50)).filter(lambda s: not PREFIX_RE.fullmatch(s)),
}


# ---------------------------------------------------------------------------------------------
# Import files: a container, a header and rows, some cells wrong
# ---------------------------------------------------------------------------------------------

ZH = ("日期", "捐赠方", "金额", "基金", "用途", "参考号", "摘要")
EN = ("date", "donor", "amount", "fund", "purpose", "reference", "memo")
#: Header variants as (label, column) pairs: the column says which cell of a row goes under it.
HEADERS = {
    "zh": tuple(zip(ZH, range(7), strict=True)),
    "en": tuple(zip(EN, range(7), strict=True)),
    "shuffled": tuple(zip(EN, range(7), strict=True))[::-1],
    "no memo": tuple(zip(ZH[:6], range(6), strict=True)),
    "no amount": tuple((h, i) for h, i in zip(ZH, range(7), strict=True) if i != 2),
    "mixed": (("date", 0), *zip(ZH[1:], range(1, 7), strict=True), ("日期", 7)),  # 日期 and date, two dates
    # steps files (cfund import steps): action, project, amount, note, score, summary
    "steps": tuple(zip(("action", "project", "amount", "note", "score", "summary"), range(6), strict=True)),
    "steps zh": tuple(zip(("操作", "项目", "金额", "备注", "评分", "评估意见"), range(6), strict=True)),
    "steps no project": (("action", 0), ("note", 3)),
}
STEP_HEADERS = ("steps", "steps", "steps zh", "steps no project")
#: A reviewer's usual rows: action and the cells it needs (the project is drawn).
STEP_ROWS = (("approve", "", ""), ("return", "", "请补充"), ("reject", "", "不符合"), ("disclose", "", ""))
STEP_CELLS_BAD = (CODES_BAD, NUMBERS_BAD, AMOUNTS_BAD, TEXT_BAD, NUMBERS_BAD, TEXT_BAD)
CONTAINERS = ("csv", "csv", "csv-gbk", "csv-latin1", "csv-utf16", "xlsx", "xlsx-typed", "ragged", "no-header")
CONTAINERS += ("header-only", "renamed-csv", "truncated-xlsx", "binary", "empty", "bom-only")
IMPORT_DATES = st.one_of(
    DATES_BAD, st.sampled_from(("2025-01-019", "2025-01-05 yesterday", "2025/01/05", "05/01/2025"))
)
TYPED_BAD = st.sampled_from((True, 1e20, -0.0, 1.005, 100.5, "=1+1", "one hundred"))
CELLS_BAD = (IMPORT_DATES, CODES_BAD, AMOUNTS_BAD, CODES_BAD, CODES_BAD, TEXT_BAD, TEXT_BAD)


@dataclass(frozen=True)
class Sheet:
    """An import file to write: its container, header variant and rows (logical cells, in the
    order of EN, plus a second date for the mixed header), or raw bytes for a binary file."""

    container: str
    header: str
    rows: tuple[tuple[Any, ...], ...]
    raw: bytes = b""
    cut: float = 0.5

    @property
    def steps(self) -> bool:
        return self.header.startswith("steps")


@st.composite
def rows(draw: st.DrawFn, typed: bool) -> tuple[Any, ...]:
    day = TODAY - dt.timedelta(days=draw(st.integers(0, 20)))
    good = [day.isoformat(), draw(st.sampled_from(("gas", "GAS", "ssc"))), draw(st.sampled_from(("1.00", "1,234.5")))]
    good += [draw(st.sampled_from(FUNDS)), "", f"R{draw(st.integers(0, 10**12))}", draw(st.sampled_from(("", "捐赠")))]
    for column in draw(st.lists(st.integers(0, 6), max_size=2)):
        good[column] = draw(TYPED_BAD if typed and column == 2 else CELLS_BAD[column])
    return (*good, (day - dt.timedelta(days=1)).isoformat())


@st.composite
def sheets(draw: st.DrawFn) -> Sheet:
    container = draw(st.sampled_from(CONTAINERS))
    if container == "binary":
        return Sheet(container, "zh", (), draw(st.binary(max_size=2000)))
    body = draw(st.lists(rows(container == "xlsx-typed"), min_size=1, max_size=3)) if container != "header-only" else []
    if "xlsx" in container:  # a workbook cannot hold C0 controls: openpyxl refuses them
        body = [tuple(ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in r) for r in body]
    if container == "csv-latin1":  # what a Western-European Excel would have saved
        body = [tuple(c.encode("latin-1", "replace").decode("latin-1") for c in r) for r in body]
    return Sheet(container, draw(st.sampled_from(tuple(HEADERS))), tuple(body), cut=draw(st.floats(0.05, 0.95)))


@st.composite
def step_sheets(draw: st.DrawFn, projects: tuple[str, ...]) -> Sheet:
    """A steps file: a reviewer's rows on the fuzzed book's projects, some cells wrong."""
    container = draw(st.sampled_from(CONTAINERS))
    if container == "binary":
        return Sheet(container, "steps", (), draw(st.binary(max_size=2000)))
    body = []
    for _ in range(draw(st.integers(1, 3)) if container != "header-only" else 0):
        action, amount, note = draw(st.sampled_from(STEP_ROWS))
        row = [action, draw(st.sampled_from(projects)), amount, note, "", ""]
        for column in draw(st.lists(st.integers(0, 5), max_size=2)):
            row[column] = draw(STEP_CELLS_BAD[column])
        body.append(tuple(row))
    if "xlsx" in container:
        body = [tuple(ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in r) for r in body]
    if container == "csv-latin1":
        body = [tuple(c.encode("latin-1", "replace").decode("latin-1") for c in r) for r in body]
    return Sheet(container, draw(st.sampled_from(STEP_HEADERS)), tuple(body), cut=draw(st.floats(0.05, 0.95)))


def cell_text(value: Any) -> str:
    """A cell as the import reads it back (every cell as text)."""
    return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else str(value)


def table_of(sheet: Sheet) -> list[list[Any]]:
    """Header line then rows, laid out by the header variant; ragged files lose or gain cells."""
    columns = HEADERS[sheet.header]
    lines = [[label for label, _ in columns]] if sheet.container != "no-header" else []
    for n, row in enumerate(sheet.rows):
        cells = [row[column] for _, column in columns]
        if sheet.container == "ragged":
            cells = cells[: -1 - n] if n % 2 == 0 else [*cells, "extra"]
        lines.append(cells)
    return lines


def typed(value: Any) -> Any:
    """What a spreadsheet would hold: dates as dates, numbers as numbers."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, str) and re.fullmatch(r"\d{1,6}(\.\d{1,2})?", value):
        return float(value) if "." in value else int(value)
    return value


def sheet_bytes(sheet: Sheet) -> tuple[bytes, str]:
    """The file's bytes and suffix."""
    if sheet.container in ("binary", "empty", "bom-only"):
        return {"binary": sheet.raw, "empty": b"", "bom-only": b"\xef\xbb\xbf"}[sheet.container], ".csv"
    lines = table_of(sheet)
    if sheet.container in ("xlsx", "xlsx-typed", "truncated-xlsx"):
        book = openpyxl.Workbook()
        for line in lines:
            book.active.append([typed(c) if sheet.container == "xlsx-typed" else cell_text(c) for c in line])
        out = io.BytesIO()
        book.save(out)
        data = out.getvalue()
        return (data[: int(len(data) * sheet.cut)] if sheet.container == "truncated-xlsx" else data), ".xlsx"
    text_out = io.StringIO()
    csv.writer(text_out, lineterminator="\n").writerows([[cell_text(c) for c in line] for line in lines])
    encoding = {"csv-gbk": "gb18030", "csv-utf16": "utf-16", "csv-latin1": "latin-1"}.get(sheet.container, "utf-8-sig")
    return text_out.getvalue().encode(encoding, errors="replace"), (
        ".xlsx" if sheet.container == "renamed-csv" else ".csv"
    )
