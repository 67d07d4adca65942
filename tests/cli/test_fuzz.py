"""Bad input, fuzzed: every write command run in-process as a person would type it, with values
made by hypothesis (amounts, dates, periods, codes, numbers, users, free text, import files).

Each input must end one of two ways: (a) exit 0, and the books still audit; or (b) exit 2 or 4
with one clean line on stderr (an import may list one line per bad row before its summary), no
traceback, and every table of the database byte for byte as it was. An accepted value is also
judged against what the README promises (no full-width digits, no third decimal, real dates...).

Every product anomaly this found is fixed, and kept fixed by a focused test in
``tests/cli/test_fuzz_found.py``; the fuzz run fails on any anomaly, by its label. It runs 1,000
inputs per backend (under a minute each on a 2-core machine); ``CFUND_FUZZ_EXAMPLES`` sets another
number (say 20000 for a long run). ``pytest -s`` prints the counts and timings.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import sqlite3
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import typer.main
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import text
from typer.testing import CliRunner, Result

from cli.main import app
from ledger.db import Store, open_store
from ledger.locate import locate
from ledger.services import ledger_ops
from ledger.services.registry import valid_uscc
from tests.conftest import PG_ADMIN_URL, BookHandle, assert_books_balanced, new_book, new_store
from tests.workflows.conftest import add_people, call, to_stage
from tests.workflows.test_audit import WRITES, database_digest
from workflows import intake
from workflows.audit import verify

EXAMPLES = int(os.environ.get("CFUND_FUZZ_EXAMPLES") or 1000)  # inputs per backend
TODAY = dt.date.today()
LAST_MONTH = TODAY.replace(day=1) - dt.timedelta(days=1)
runner = CliRunner()

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
# The book the fuzz runs against, and the commands with their right values
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Opt:
    """One value of a command line: its flag (None for a positional argument), its kind (which
    bad values it gets and how an accepted value is judged) and its right values (None: left out)."""

    flag: str | None
    kind: str
    good: tuple[str | None, ...]


@dataclass(frozen=True)
class Spec:
    """A write command, who may run it (by role), and its values."""

    command: tuple[str, ...]
    users: tuple[str, ...]
    opts: tuple[Opt, ...]


@dataclass(frozen=True)
class Prepared:
    """The fuzzed book: projects in every stage, and the entries that may be reversed."""

    book: BookHandle
    projects: tuple[str, ...]
    donations: tuple[str, ...]
    tranches: tuple[str, ...]


STAGES = ("ordered", "dispatched", "accepted", "applied", "approved", "in_progress", "completed", "evaluated")
FUNDS = ("community", "disaster", "feedback", "platform")


def prepare(book: BookHandle) -> Prepared:
    """Workflow people, money in every fund, a project in each stage (the last one applied for
    with a co-funding plan, so that contributions can be taken)."""
    add_people(book)
    for fund in FUNDS:
        with book.uow() as uow:
            ledger_ops.donate(uow, "tina", donor="gas", amount="5000.00", fund=fund)
    for stage in (*STAGES, "disclosed"):
        to_stage(book, stage)
    plan = {"company": "100", "residents": "100", "social": "100"}
    n = to_stage(book, "accepted")
    call(book, intake.apply, "olga", project=n, fund="community", purpose="community_service", amount="300", plan=plan)
    with book.store.engine.connect() as conn:
        kinds = conn.execute(
            text("SELECT e.seq, e.kind FROM entries e JOIN books b ON b.id = e.book_id WHERE b.code = :c"),
            {"c": book.code},
        ).all()
    return Prepared(
        book,
        tuple(str(i) for i in range(1, n + 1)),
        tuple(str(seq) for seq, kind in kinds if kind == "donation"),
        tuple(str(seq) for seq, kind in kinds if kind == "disbursement"),
    )


def uscc() -> str:
    """A 统一社会信用代码 with its right check character."""
    return next(code for c in "0123456789ABCDEFGHJKLMNPQRTUWXY" if valid_uscc(code := "91510502MA62Q1234" + c))


def specs(p: Prepared) -> tuple[Spec, ...]:
    """Every write command (as in test_audit's WRITES, less init, db upgrade and demo)."""
    ledger, dates = ("tina", "admin"), (None, TODAY.isoformat(), (TODAY - dt.timedelta(days=20)).isoformat())
    amount = Opt("--amount", "amount", ("1", "2.50", "1,000.00", "¥3", "4元"))
    date, key = Opt("--date", "date", dates), Opt("--key", "key", (None, "k-1", "k-2"))
    memo, note = Opt("--memo", "text", (None, "月捐")), Opt("--note", "text", (None, "同意"))
    number, org, reviewers = Opt(None, "number", p.projects), ("olga", "oscar"), ("rev", "rex")
    months = Opt("--period", "period", ("2025-01", "2025-02", "2025-06", LAST_MONTH.strftime("%Y-%m")))
    purpose = Opt("--purpose", "code", ("community_service", "disaster_relief"))

    def s(command: str, users: tuple[str, ...], *opts: Opt) -> Spec:
        return Spec(tuple(command.split()), users, (*opts, Opt("--format", "format", (None, None, "json", "csv"))))

    def o(flag: str | None, kind: str, *good: str | None) -> Opt:
        return Opt(flag, kind, good)

    return (
        s(
            "user add",
            ("admin",),
            o(None, "text", "zoe", "王芳"),
            o("--role", "code", "resident", "organisation"),
            o("--organisation", "code", None, "swc", "repairs"),
        ),
        s(
            "party add",
            (*ledger, "cathy"),
            o(None, "code", "p1", "p2"),
            o("--name", "text", "互助会", "Donor X"),
            o("--kind", "code", "donor", "organisation"),
            o("--uscc", "code", None, uscc()),
        ),
        s(
            "compound add",
            (*ledger, "cathy"),
            o(None, "code", "k1", "k2"),
            o("--name", "text", "新村"),
            o("--kind", "code", "compound", "courtyard", "building"),
        ),
        s(
            "ledger donate",
            ledger,
            o("--donor", "code", "gas", "ssc"),
            amount,
            o("--fund", "code", *FUNDS),
            date,
            key,
            memo,
            o("--compound", "code", None, "c01"),
        ),
        s(
            "ledger profit-share",
            ledger,
            o("--company", "code", "ssc"),
            o("--period", "period", "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1"),
            o("--net-profit", "signed", "100", "-5", "1,000.00"),
            date,
        ),
        s(
            "ledger feedback",
            ledger,
            o("--operation", "code", "canteen"),
            months,
            o("--net-profit", "signed", "100", "0.01"),
            o("--compound", "code", None, "c01"),
            date,
        ),
        s(
            "ledger expense",
            ledger,
            o("--fund", "code", "community", "disaster"),
            amount,
            o("--account", "code", "5101.04", "5101.03", "5201"),
            purpose,
            o("--payee", "code", "gas", "swc"),
            date,
            key,
            memo,
        ),
        s("ledger reverse", ledger, Opt(None, "number", p.donations), o("--reason", "text", "录错"), date),
        s("ledger close-period", ledger, Opt(None, "period", months.good)),
        s(
            "project order",
            ("rita", "cathy"),
            o("--compound", "code", "c01"),
            o("--title", "text", "扶手"),
            o("--need", "text", "楼道加装扶手"),
            o("--resident", "code", None, "rita"),
        ),
        s("project dispatch", ("cathy",), number, o("--organisation", "code", "swc", "repairs"), note),
        s("project accept", org, number, note),
        s("project decline", org, number, o("--reason", "text", "人手不足")),
        s(
            "project apply",
            org,
            number,
            o("--fund", "code", *FUNDS),
            purpose,
            amount,
            o("--plan-company", "amount", None, None, "1"),
            o("--plan-residents", "amount", None, None, "1"),
        ),
        s(
            "project contribute",
            ledger,
            number,
            o("--party", "code", "gas", "ssc"),
            o("--share", "code", "company", "residents", "social"),
            amount,
            date,
            key,
        ),
        s("project return", reviewers, number, o("--note", "text", "请补充预算")),
        s("project reject", reviewers, number, o("--note", "text", "不符合用途")),
        s("project approve", reviewers, number, o("--amount", "amount", None, "50"), note),
        s("project disburse", ("tina",), number, o("--amount", "amount", "1", "10.00"), key, note),
        s(
            "project reverse-tranche",
            ("tina",),
            number,
            Opt("--entry", "number", p.tranches),
            o("--reason", "text", "金额录错"),
        ),
        s("project complete", org, number, note),
        s(
            "project evaluate",
            ("eva", "evan"),
            number,
            o("--score", "number", "1", "3", "5"),
            o("--summary", "text", "按期完成"),
        ),
        s("project disclose", reviewers, number),
        s("project cancel", ("rita", "cathy", *reviewers), number, o("--reason", "text", "已自行解决")),
        s("import donations", ledger, o(None, "file", "good"), o("--dry-run", "switch", None, None, "on")),
        Spec(("db", "restore"), ("admin",), (o(None, "backup"),)),
        Spec(("db", "roles"), (), (o("--prefix", "prefix"),)),  # nobody may change roles through a fuzzed prefix
    )


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
}
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


# ---------------------------------------------------------------------------------------------
# One input: a command, who runs it, its values
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One command line to run: the spec, the acting user and a value per option (None: left out)."""

    spec: Spec
    user: str
    values: tuple[Any, ...]

    def of_kind(self, kind: str) -> list[str]:
        return [v for o, v in zip(self.spec.opts, self.values, strict=True) if o.kind == kind and isinstance(v, str)]

    def value(self, flag: str) -> Any:
        return next((v for o, v in zip(self.spec.opts, self.values, strict=True) if o.flag == flag), None)

    def texts(self) -> list[str]:
        """Every string typed, and every cell of an import file."""
        out = [self.user, *(v for v in self.values if isinstance(v, str))]
        for sheet in (v for v in self.values if isinstance(v, Sheet)):
            out += [cell_text(c) for row in sheet.rows for c in row]
        return out


@st.composite
def cases(draw: st.DrawFn, commands: tuple[Spec, ...]) -> Case:
    spec = draw(st.sampled_from(commands))
    user = draw(st.one_of(*[st.sampled_from(spec.users)] * 3, USERS_BAD) if spec.users else USERS_BAD)
    wrong = set(draw(st.permutations(range(len(spec.opts))))[: draw(st.sampled_from((0, 1, 1, 1, 2)))])
    values = []
    for n, opt in enumerate(spec.opts):
        if opt.kind == "file":
            values.append(draw(sheets()))
        elif n in wrong or not opt.good:
            values.append(draw(BAD[opt.kind]))
        else:
            values.append(draw(st.sampled_from(opt.good)))
    return Case(spec, user, tuple(values))


# ---------------------------------------------------------------------------------------------
# Judging an outcome
# ---------------------------------------------------------------------------------------------

BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")
INVISIBLE = BIDI | {chr(c) for c in range(0x80, 0xA0)}
CONTROL = {chr(c) for c in range(32) if c != 9} | {"\x7f"} | INVISIBLE
AMOUNT_RE = re.compile(r"[¥￥]?\s*(?P<sign>[+-]?)(\d{1,3}(,\d{3})+|\d+)(?P<fen>\.\d+)?\s*元?")
DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
PERIOD_RE = re.compile(r"(?P<y>\d{4})(?:[Qq](?P<q>[1-4])|-(?P<m>\d{2}))?")
LINE_LIMIT = 1000


def amount_oracle(value: str) -> str | None:
    """What the README promises: `1234.56`, `1,234.56`, `¥1234.56`; no third decimal place."""
    match = AMOUNT_RE.fullmatch(value.strip())
    if not match:
        return "nonsense-amount"
    if match["fen"] and len(match["fen"]) > 3:
        return "zero-decimals" if not match["fen"][3:].strip("0") else "nonsense-amount"
    return None


def date_oracle(value: str, *, cell: bool = False) -> str | None:
    """A real YYYY-MM-DD day, from 1900 to today (a cell may also be 2025/01/05 or a datetime)."""
    if not value.strip():
        return None if cell else "empty-date"
    text_ = value.strip().replace("/", "-") if cell else value.strip()
    text_ = text_.removesuffix(" 00:00:00") if cell else text_
    if not DATE_RE.fullmatch(text_):
        return "import-date-tail" if cell and DATE_RE.fullmatch(text_[:10]) else "nonsense-date"
    try:
        day = dt.date.fromisoformat(text_)
    except ValueError:
        return "nonsense-date"
    return "ancient-date" if day.year < 1900 else ("future-date" if day > TODAY else None)


def period_oracle(value: str) -> str | None:
    match = PERIOD_RE.fullmatch(value.strip())
    if not match or not 1900 <= int(match["y"]) <= 2999 or (match["m"] and not 1 <= int(match["m"]) <= 12):
        return "nonsense-period"
    year, quarter, month = int(match["y"]), match["q"], match["m"]
    last = 12 if not (quarter or month) else (int(quarter) * 3 if quarter else int(month))
    end = dt.date(year + last // 12, last % 12 + 1, 1)  # the day after the period
    return "future-period" if end > TODAY else None


def text_oracle(value: str) -> str | None:
    """Stored text holds no control character (what ``str.strip`` trims never reaches storage)."""
    value = value.strip()
    if set(value) & INVISIBLE:
        return "invisible-accepted"
    return "control-accepted" if set(value) & CONTROL else None


def number_oracle(value: str) -> str | None:
    if re.fullmatch(r"\s*\+?\d+(\.0+)?\s*", value):
        return None
    return "underscore-number" if "_" in value else "nonsense-number"


ORACLES: dict[str, Callable[[str], str | None]] = {
    "amount": amount_oracle,
    "signed": amount_oracle,
    "date": date_oracle,
    "period": period_oracle,
    "text": text_oracle,
    "code": text_oracle,
    "key": lambda v: "empty-key" if not v.strip() else text_oracle(v),
    "number": number_oracle,
}


CELL_ORACLES: dict[int, Callable[[str], str | None]] = {
    0: lambda v: date_oracle(v, cell=True),
    2: amount_oracle,
    5: text_oracle,
    6: text_oracle,
}


def sheet_oracle(sheet: Sheet) -> str | None:
    """An accepted import: every non-blank row held a real date, a plain amount, clean text (only
    the cells the file really carries are judged: a ragged row or a header may leave some out)."""
    if sheet.header == "mixed" and sheet.rows:
        return "mixed-headers"
    lines, columns = table_of(sheet), [column for _, column in HEADERS[sheet.header]]
    if sheet.container == "no-header":
        return "headerless-accepted"
    for line in lines[1:]:
        cells = {column: cell_text(value).strip() for column, value in zip(columns, line, strict=False)}
        found = [CELL_ORACLES[c](v) for c, v in cells.items() if c in CELL_ORACLES and any(cells.values())]
        if any(found):
            return next(f for f in found if f)
    return None


def accepted_nonsense(case: Case) -> str | None:
    """Why an accepted (exit 0, database changed) input should have been refused, if it should."""
    if case.user not in case.spec.users:
        return "role-bypass"
    for opt, value in zip(case.spec.opts, case.values, strict=True):
        found = sheet_oracle(value) if isinstance(value, Sheet) else None
        if isinstance(value, str) and opt.kind in ORACLES:
            found = ORACLES[opt.kind](value)
        if found:
            return found
    words = " ".join(case.spec.command)
    if words == "ledger expense" and not case.value("--purpose"):
        return "empty-purpose"
    if words == "project order" and (case.value("--resident") or "").strip() not in ("", "rita"):
        return "order-for-another"
    non_org = case.value("--organisation") in ("gas", "ssc", "canteen")  # a donor, a company, an operation
    if words == "user add" and case.value("--role") == "organisation" and non_org:
        return "org-user-non-org"
    return None


def stderr_problem(case: Case, err: str) -> str | None:
    """A refusal is one clean line; an import may list a line per bad row before its summary. A
    broken line is the raw-echo anomaly only when what breaks it was typed (echoed back raw)."""
    lines = err.rstrip("\n").split("\n")
    listed = case.spec.command == ("import", "donations") and all(x.startswith("row ") for x in lines[:-1])
    shaped = lines[-1].startswith("Error: ") and (len(lines) == 1 or listed)
    typed = case.texts()
    stray = set("".join(lines)) & CONTROL
    if "Traceback" in err:
        return "traceback"
    if not shaped or stray:
        breaks = any("\n" in v or "\r" in v for v in typed)  # a workbook turns \r into \n (XML)
        echoed = stray <= set("".join(typed)) and (shaped or breaks)
        return "raw-echo" if echoed else "unclear-error"
    if max(map(len, lines)) > LINE_LIMIT:
        echoed = any(len(v) > LINE_LIMIT and v.strip()[:100] in err for v in typed)
        return "long-echo" if echoed else "unclear-error"
    return None


def crash_label(case: Case, result: Result) -> str:
    """Exit 1 (or any other code): the crash named by its cause, or the exception that says what broke."""
    exc = result.exception
    message = f"{type(exc).__name__}: {exc}"
    if ("too large" in message or "out of range" in message) and any(
        re.fullmatch(r"\s*\+?\d+\s*", v) and int(v) > 2**63 - 1 for v in case.of_kind("number")
    ):
        return "bigint-overflow"
    if "NUL" in message and any("\x00" in v for v in case.texts()):
        return "nul-on-postgres"
    return f"exit {result.exit_code}: {message[:300]}"


def verdict(case: Case, result: Result, changed: bool) -> str | None:
    """None when the outcome is one of the two allowed ones; otherwise the anomaly's label."""
    if result.exit_code == 0:
        return "traceback" if "Traceback" in result.stderr else (accepted_nonsense(case) if changed else None)
    refused = result.exit_code in (2, 4) or (result.exit_code == 3 and case.spec.command == ("db", "restore"))
    if not refused:
        return crash_label(case, result)
    if changed:
        unknown_format = case.value("--format") not in (None, "json", "csv", "table")
        return "format-after-write" if unknown_format and "Unknown format" in result.stderr else "changed"
    return stderr_problem(case, result.stderr)


# ---------------------------------------------------------------------------------------------
# Running the inputs
# ---------------------------------------------------------------------------------------------


def env_of(book: BookHandle, user: str) -> dict[str, str | None]:
    db = str(book.location.sqlite_path) if book.store.is_sqlite else book.location.url
    return {"CFUND_DB": db, "CFUND_BOOK": book.code, "CFUND_USER": user, "CFUND_LANG": "en", "CFUND_PROGRESS": None}


def digest(store: Store) -> str:
    """Every row of every table, byte for byte: on SQLite as test_audit reads it; on PostgreSQL
    each table's rows as text, hashed by the server in one round trip."""
    if store.is_sqlite:
        return database_digest(store.location.sqlite_path)
    with store.engine.connect() as conn:
        tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).scalars()
        sql = " UNION ALL ".join(
            f"SELECT '{t}', md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) FROM \"{t}\" r"
            for t in tables.all()
        )
        return hashlib.sha256(repr(conn.execute(text(sql)).all()).encode()).hexdigest()


BACKUPS: dict[str, Callable[[Path], None]] = {
    "missing": lambda path: None,
    "directory": lambda path: path.mkdir(),
    "empty": lambda path: path.write_bytes(b""),
    "garbage": lambda path: path.write_bytes(b"SQLite format 3\x00" + bytes(300)),
    "random": lambda path: path.write_bytes(hashlib.sha512(b"cfund").digest() * 64),
    "csv": lambda path: path.write_text("日期,捐赠方\n2025-01-01,gas\n", encoding="utf-8"),
    "plain-sqlite": lambda path: sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close(),
}


@dataclass
class Fuzz:
    """Runs cases against the prepared book and keeps the tally."""

    prepared: Prepared
    scratch: Path
    before: str = ""
    count: int = 0
    tally: Counter[tuple[str, str]] = field(default_factory=Counter)
    anomalies: list[str] = field(default_factory=list)
    broken: set[tuple[str, int | None]] = field(default_factory=set)
    opened: list[Store] = field(default_factory=list)

    def argv(self, case: Case) -> list[str]:
        out = list(case.spec.command)
        for opt, value in zip(case.spec.opts, case.values, strict=True):
            if isinstance(value, Sheet):
                data, suffix = sheet_bytes(value)
                value = str(self.scratch / f"in{self.count}{suffix}")
                Path(value).write_bytes(data)
            elif opt.kind == "backup":
                BACKUPS[value](path := self.scratch / f"copy{self.count}.db")
                value = str(path)
            if value is not None:
                out += ([] if opt.flag is None else [opt.flag]) + ([] if opt.kind == "switch" else [value])
        return out

    def run(self, case: Case) -> None:
        book = self.prepared.book
        self.before = self.before or digest(book.store)
        argv = self.argv(case)
        result = runner.invoke(app, argv, env=env_of(book, case.user))
        after = digest(book.store)
        changed, self.before, self.count = after != self.before, after, self.count + 1
        label = verdict(case, result, changed)
        if result.exit_code == 0 and changed:
            label = self.audit(case) or label
        for store in self.opened:  # as the end of a cfund process would: without this, the engines wait
            store.engine.dispose()  # in traceback cycles for the collector and PostgreSQL runs out of clients
        self.opened.clear()
        words = " ".join(case.spec.command)
        outcome = "accepted" if result.exit_code == 0 else f"exit {result.exit_code}"
        self.tally[(words, outcome)] += 1
        if label is not None:
            line = f"[{case.user!r}] cfund {' '.join(map(repr, argv))[:400]} -> exit {result.exit_code}: "
            line += f"{result.stderr[:300]!r} {result.exception!r}"[:700]
            self.anomalies.append(f"{label}: {line}")

    def audit(self, case: Case | None = None) -> str | None:
        """``audit verify`` after every accepted change: a problem it has not reported before is
        the last input's doing."""
        found = {(p.check, p.entry) for p in verify(self.prepared.book.store, self.prepared.book.code).problems}
        found, self.broken = found - self.broken, self.broken | found
        if not found:
            return None
        if case is not None and case.value("--compound") is not None and not case.value("--compound").strip():
            return "empty-compound-chain"
        return f"audit verify: {sorted(found)[:3]}"

    def report(self, seconds: float, backend: str) -> str:
        lines = [f"fuzz {backend}: {self.count} inputs in {seconds:.1f} s ({1000 * seconds / self.count:.1f} ms each)"]
        for words in sorted({w for w, _ in self.tally}):
            parts = ", ".join(f"{o} {n}" for (w, o), n in sorted(self.tally.items()) if w == words)
            lines.append(f"  {words:24} {parts}")
        return "\n".join(lines + [f"  ANOMALY {u[:600]}" for u in self.anomalies])


@contextmanager
def own_store(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[Store]:
    """A store of the fuzz's own, so that "every table" holds this test's rows alone: a fresh
    SQLite file, or a fresh PostgreSQL database dropped afterwards."""
    if backend == "sqlite":
        store = new_store(request, backend, tmp_path)
        yield store
        store.engine.dispose()
        return
    request.getfixturevalue("pg_url")  # skips, or fails under CFUND_REQUIRE_PG, without a server
    import psycopg

    name = f"cfund_fuzz_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        store = open_store(locate(f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"), create=True)
        yield store
        store.engine.dispose()
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fuzzed(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[Prepared]:
    """The prepared book on a store of its own; its journal still balances after the fuzz."""
    with own_store(request, backend, tmp_path) as store:
        prepared = prepare(new_book(store, prefix="fz"))
        yield prepared
        assert_books_balanced(prepared.book)


def test_every_write_command_refuses_bad_input_cleanly(
    fuzzed: Prepared, backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = specs(fuzzed)
    bootstrap = {("init",), ("db", "upgrade"), ("demo",)}
    assert {s.command for s in commands} == set(WRITES) - bootstrap
    # typer rebuilds the click command from the app on every invoke (4/5 of the time): build it once
    built = typer.main.get_command(app)
    monkeypatch.setattr("typer.testing._get_command", lambda _app: built)
    fuzz = Fuzz(fuzzed, tmp_path)

    def tracked(*args: Any, **kwargs: Any) -> Store:
        fuzz.opened.append(store := open_store(*args, **kwargs))
        return store

    monkeypatch.setattr("ledger.db.open_store", tracked)  # the commands' stores, to close after each

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=(Phase.explicit, Phase.generate),  # no shrinking: the book changes as inputs run
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases(commands))
    def one(case: Case) -> None:
        fuzz.run(case)

    started = time.perf_counter()
    one()
    assert fuzz.audit() is None, "the books fail their audit after the fuzz"
    print("\n" + fuzz.report(time.perf_counter() - started, backend))
    assert not fuzz.anomalies, "\n".join(fuzz.anomalies[:20])
    assert fuzz.count >= EXAMPLES
    assert EXAMPLES < 300 or {w for w, _ in fuzz.tally} == {" ".join(s.command) for s in commands}


def test_the_digest_sees_a_one_character_change(book: BookHandle) -> None:
    """Negative control: "byte for byte unchanged" would prove nothing if the digest were blind."""
    rename = "UPDATE parties SET name = :name WHERE code = 'gas' AND book_id = (SELECT id FROM books WHERE code = :c)"
    before = digest(book.store)
    for name, same in (("GAS.", False), ("GAS", True)):
        with book.store.engine.begin() as conn:
            conn.execute(text(rename), {"name": name, "c": book.code})
        assert (digest(book.store) == before) is same
