"""现金流量表 (cash-flow statement, direct method) under 《民间非营利组织会计制度》 for a period:
operating, investing and financing sections with the form's lines (``fixtures/cashflow.toml``),
each entry's cash classified from its other postings' accounts and its kind. Inflows and outflows
are shown as positive amounts; each section's net is inflows less outflows, and the net increase
is the sum of the sections, which equals closing less opening cash on the balance sheet (the
rows ``cash_opening`` and ``cash_closing`` show both).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from itertools import groupby

from ledger.data.fixtures import CashLine, cash_flow_form
from ledger.domain.money import from_fen
from ledger.domain.periods import Period
from ledger.reports.lists import Record
from ledger.storage.reader import Reader

ZERO = Decimal("0.00")
#: The period's postings, entry by entry (closing entries move no cash).
_POSTINGS = (
    "SELECT e.id, e.kind, a.code, a.type, p.amount_fen FROM entries e CROSS JOIN postings p "
    "JOIN accounts a ON a.id = p.account_id WHERE e.book_id = :book AND e.date >= :start AND e.date <= :end "
    "AND p.entry_id = e.id AND e.kind <> 'closing' ORDER BY e.id"
)
OTHER_IN, OTHER_OUT = "other_operating_received", "other_operating_paid"


def cash_accounts() -> tuple[str, ...]:
    """The accounts the statement counts as cash and cash equivalents."""
    return cash_flow_form()[0]


def cash_flows(reader: Reader, period: Period, opening: Decimal, closing: Decimal) -> list[Record]:
    """The statement's rows: each section's lines, its subtotals and net, then the net increase
    in cash and the cash at the period's start and end (``opening``, ``closing``: from the
    balance sheets, shown beside the net increase they must differ by)."""
    cash, sections, lines = cash_flow_form()
    moved = _classified(reader, period, cash, lines)
    rows: list[Record] = []
    nets = ZERO
    for section in sections:
        part = [line for line in lines if line.section == section["code"]]
        inflow = sum((moved[line.code] for line in part if line.flow == "in"), ZERO)
        outflow = -sum((moved[line.code] for line in part if line.flow == "out"), ZERO)
        rows.append(_row(section["code"], section["name_zh"], section["name_en"], None))
        for line in part:
            shown = moved[line.code] if line.flow == "in" else -moved[line.code]
            rows.append(_row(line.code, line.name_zh, line.name_en, shown))
            if line is _last(part, "in"):
                rows.append(_row(f"{section['code']}_in", "现金流入小计", "Cash inflows", inflow))
        rows.append(_row(f"{section['code']}_out", "现金流出小计", "Cash outflows", outflow))
        rows.append(_row(f"{section['code']}_net", section["net_zh"], section["net_en"], inflow - outflow))
        nets += inflow - outflow
    return [
        *rows,
        _row("fx_effect", "四、汇率变动对现金的影响额", "Effect of exchange rate changes", ZERO),
        _row("net_increase", "五、现金及现金等价物净增加额", "Net increase in cash", nets),
        _row("cash_opening", "期初现金及现金等价物余额", "Cash at the start", opening),
        _row("cash_closing", "期末现金及现金等价物余额", "Cash at the end", closing),
    ]


def _classified(
    reader: Reader, period: Period, cash: tuple[str, ...], lines: tuple[CashLine, ...]
) -> dict[str, Decimal]:
    """The cash each line took in the period (positive in, negative out)."""
    moved: dict[str, Decimal] = defaultdict(lambda: ZERO)
    rows = reader.rows(_POSTINGS, start=period.start.isoformat(), end=period.end.isoformat())
    for _, postings in groupby(rows, key=lambda r: r[0]):
        legs = list(postings)
        if not any(code in cash for _, _, code, _, _ in legs):
            continue
        for _, kind, code, kind_of_account, fen in legs:
            if code not in cash and kind_of_account != "memo":
                flow = -from_fen(int(fen))
                moved[_line_of(lines, kind, code, flow)] += flow
    return moved


def _line_of(lines: tuple[CashLine, ...], kind: str, code: str, flow: Decimal) -> str:
    for line in lines:
        if (line.kinds is None or kind in line.kinds) and any(code.startswith(a) for a in line.accounts):
            return line.code
    return OTHER_IN if flow > 0 else OTHER_OUT


def _last(part: list[CashLine], flow: str) -> CashLine | None:
    return next((line for line in reversed(part) if line.flow == flow), None)


def _row(code: str, zh: str, en: str, total: Decimal | None) -> Record:
    return {
        "statement": "cashflow",
        "code": code,
        "name_zh": zh,
        "name_en": en,
        "unrestricted": None,
        "restricted": None,
        "total": total,
    }
