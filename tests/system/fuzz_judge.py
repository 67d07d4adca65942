"""Bad input, fuzzed (:mod:`tests.system.test_fuzz`): judging an outcome, by oracles of what the
README promises for each kind of value."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from typer.testing import Result

from tests.system.fuzz_specs import Case
from tests.system.fuzz_values import HEADERS, TODAY, Sheet, cell_text, table_of

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
#: The cells of a steps file judged when it is accepted: project, amount, note, score, summary.
STEP_CELL_ORACLES: dict[int, Callable[[str], str | None]] = {
    1: lambda v: number_oracle(v) if v else None,
    2: lambda v: amount_oracle(v) if v else None,
    3: text_oracle,
    4: lambda v: number_oracle(v) if v else None,
    5: text_oracle,
}


def sheet_oracle(sheet: Sheet) -> str | None:
    """An accepted import: every non-blank row held a real date, a plain amount, clean text (only
    the cells the file really carries are judged: a ragged row or a header may leave some out)."""
    if sheet.header == "mixed" and sheet.rows:
        return "mixed-headers"
    lines, columns = table_of(sheet), [column for _, column in HEADERS[sheet.header]]
    if sheet.container == "no-header":
        return "headerless-accepted"
    oracles = STEP_CELL_ORACLES if sheet.steps else CELL_ORACLES
    for line in lines[1:]:
        cells = {column: cell_text(value).strip() for column, value in zip(columns, line, strict=False)}
        found = [oracles[c](v) for c, v in cells.items() if c in oracles and any(cells.values())]
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
    imports = (("import", "donations"), ("import", "steps"))
    listed = case.spec.command in imports and all(x.startswith("row ") for x in lines[:-1])
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
