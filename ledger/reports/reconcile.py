"""``cfund import bank``: reconcile a bank statement (银行对账) with the journal.

Each statement line (a signed amount: deposits positive, withdrawals negative) is matched to one
journal entry that moved the same amount through the bank account (1002) within a few days,
closest date first; lines with no such entry are listed as unmatched. Nothing is written: the
statement is evidence to compare, not a source of entries. Every row is checked first and all
problems are listed at once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledger.data.tabular import Cells, Column, cell_date, read_rows, refused, required_cell
from ledger.domain.codes import BANK
from ledger.domain.money import from_fen, parse_amount, to_fen
from ledger.errors import RowProblem
from ledger.storage.reader import Reader

WINDOW_DAYS = 3
BANK_COLUMNS = (
    Column("date", "日期", "date", "交易日期，YYYY-MM-DD", "Value date, YYYY-MM-DD", example="2026-10-08"),
    Column(
        "amount", "金额", "amount", "收入为正，支出为负", "Deposits positive, withdrawals negative", example="20000.00"
    ),
    Column("reference", "流水号", "reference", "银行流水号", "Bank transaction number", example="B20261008001"),
    Column("counterparty", "对方户名", "counterparty", "对方户名（可空）", "Counterparty (may be empty)", False),
    Column("description", "摘要", "description", "摘要（可空）", "Description (may be empty)", False),
)


def _line(number: int, row: Cells, problems: list[RowProblem]) -> dict[str, Any] | None:
    values: dict[str, Any] = {"row": number, "reference": row.get("reference", "")}
    for column, parse in (("date", cell_date), ("amount", parse_amount), ("reference", str)):
        value = required_cell(problems, number, row, column, parse)
        if value is not None:
            values[column] = value
    if "amount" in values and values["amount"] == 0:
        problems.append(RowProblem(number, "amount", "amount_not_positive", field="amount", value="0"))
    values["counterparty"] = row.get("counterparty", "")
    complete = "date" in values and values.get("amount") and values["reference"]
    return values if complete else None


def read_statement(path: Path, sheet: str | None = None) -> list[dict[str, Any]]:
    """The statement's lines (of ``sheet``, in a workbook), or every problem of the file at once."""
    rows, problems = read_rows(path, BANK_COLUMNS, sheet)
    lines = [line for number, row in rows if (line := _line(number, row, problems)) is not None]
    if problems:
        raise refused(problems, BANK_COLUMNS, file=str(path))
    return lines


def _candidates(reader: Reader, start: dt.date, end: dt.date) -> list[tuple[int, dt.date, int]]:
    rows = reader.rows(
        "SELECT e.seq, e.date, SUM(p.amount_fen) FROM postings p JOIN entries e ON e.id = p.entry_id "
        "JOIN accounts a ON a.id = p.account_id WHERE p.book_id = :book AND a.code = :bank "
        "AND e.date >= :start AND e.date <= :end GROUP BY e.seq, e.date ORDER BY e.seq",
        bank=BANK,
        start=start.isoformat(),
        end=end.isoformat(),
    )
    return [(int(seq), dt.date.fromisoformat(str(day)[:10]), int(fen)) for seq, day, fen in rows if int(fen)]


def reconcile(reader: Reader, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each line with the entry it matches (or None): same amount, within the window, each entry
    used once, the closest date winning."""
    window = dt.timedelta(days=WINDOW_DAYS)
    start, end = min(x["date"] for x in lines) - window, max(x["date"] for x in lines) + window
    free: dict[int, list[tuple[int, dt.date]]] = {}
    for seq, day, fen in _candidates(reader, start, end):
        free.setdefault(fen, []).append((seq, day))
    out = []
    for line in sorted(lines, key=lambda x: (x["date"], x["row"])):
        options = [c for c in free.get(to_fen(line["amount"]), []) if abs(c[1] - line["date"]) <= window]
        match = min(options, key=lambda c: (abs(c[1] - line["date"]), c[0])) if options else None
        if match:
            free[to_fen(line["amount"])].remove(match)
        out.append(
            {
                **line,
                "date": line["date"].isoformat(),
                "amount": from_fen(to_fen(line["amount"])),
                "entry": match[0] if match else None,
                "entry_date": match[1].isoformat() if match else None,
                "status": "matched" if match else "unmatched",
            }
        )
    return sorted(out, key=lambda x: x["row"])


def totals(matched: list[dict[str, Any]]) -> dict[str, Any]:
    unmatched = [x for x in matched if x["entry"] is None]
    return {
        "lines": len(matched),
        "matched": len(matched) - len(unmatched),
        "unmatched": len(unmatched),
        "unmatched_amount": sum((x["amount"] for x in unmatched), Decimal("0.00")),
    }
