"""Statements under 民间非营利组织会计制度 for a period: 资产负债表 (position at the period's end),
业务活动表 (activities in the period, 非限定性 / 限定性 / 合计), 现金流量表
(:mod:`ledger.reports.cashflow`) and fund balances.

Expenses are reported as unrestricted; what restricted funds spent for their purpose is shown
as 限制解除 (restricted net assets released to unrestricted). Memo accounts stay out. Each
statement row has stable English keys; amounts are Decimal.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from ledger.domain.codes import MANAGEMENT_COSTS, OPEN_COMMITMENTS, PROGRAMME_COSTS
from ledger.domain.money import from_fen
from ledger.domain.periods import Period
from ledger.domain.spending import YearFigures
from ledger.reports.cashflow import cash_accounts, cash_flows
from ledger.reports.comparative import compared, year_earlier, year_to_date
from ledger.reports.lists import Record
from ledger.reports.ratios import average, is_year, previous, ratio_rows, rule_for
from ledger.storage.reader import Reader

ZERO = Decimal("0.00")
#: The period's entries by their date index, then their postings (CROSS JOIN keeps SQLite from
#: walking every posting of a fund instead: 2 s at a million entries, against 0.1 s).
_SUMS = (
    "SELECT a.code, a.type, a.name_zh, a.name_en, f.restricted, SUM(p.amount_fen) FROM entries e "
    "CROSS JOIN postings p JOIN accounts a ON a.id = p.account_id JOIN funds f ON f.id = p.fund_id "
    "WHERE e.book_id = :book AND e.date >= :start AND e.date <= :end AND e.kind <> 'closing' "
    "AND p.entry_id = e.id GROUP BY a.code, a.type, a.name_zh, a.name_en, f.restricted ORDER BY a.code"
)
#: Every account and fund at a day's end: today's running balances less the postings dated
#: after it, so a recent period reads a year of postings, not the whole journal.
_AT_END = (
    "SELECT f.id, f.code, f.name_zh, f.name_en, f.restricted, a.code, a.type, a.name_zh, a.name_en, "
    "SUM(x.amount_fen) FROM funds f LEFT JOIN (SELECT account_id, fund_id, balance_fen AS amount_fen "
    "FROM balances WHERE book_id = :book UNION ALL SELECT p.account_id, p.fund_id, -p.amount_fen "
    "FROM entries e CROSS JOIN postings p WHERE e.book_id = :book AND e.date > :end AND p.entry_id = e.id) x "
    "ON x.fund_id = f.id LEFT JOIN accounts a ON a.id = x.account_id WHERE f.book_id = :book "
    "GROUP BY f.id, f.code, f.name_zh, f.name_en, f.restricted, a.code, a.type, a.name_zh, a.name_en "
    "ORDER BY f.id, a.code"
)


def _sums(reader: Reader, start: dt.date, end: dt.date) -> list[tuple[str, str, str, str, bool, Decimal]]:
    rows = reader.rows(_SUMS, start=start.isoformat(), end=end.isoformat())
    return [(c, t, z, e, bool(r), from_fen(int(s))) for c, t, z, e, r, s in rows]


def _line(statement: str, code: str, zh: str, en: str, unrestricted: Decimal, restricted: Decimal) -> Record:
    return {
        "statement": statement,
        "code": code,
        "name_zh": zh,
        "name_en": en,
        "unrestricted": unrestricted,
        "restricted": restricted,
        "total": unrestricted + restricted,
    }


def activities(reader: Reader, period: Period, lines_of: tuple[Period, ...] = ()) -> list[Record]:
    """业务活动表: income and expenses of the period by restriction, release of restrictions, and
    the change in net assets. Income and net assets are shown positive (credit balances). Every
    line of the periods ``lines_of`` is shown too, at zero where this period has none (so that
    the comparative columns have a row)."""
    by: dict[tuple[str, str, str, str], dict[bool, Decimal]] = defaultdict(lambda: {False: ZERO, True: ZERO})
    for other in lines_of:
        for code, kind, zh, en, *_ in _sums(reader, other.start, other.end):
            if kind in ("income", "expense"):
                by[(code, kind, zh, en)]  # a line, at zero
    for code, kind, zh, en, restricted, amount in _sums(reader, period.start, period.end):
        if kind in ("income", "expense"):
            by[(code, kind, zh, en)][restricted] += amount
    rows, income, expense, released = [], [ZERO, ZERO], ZERO, ZERO
    for (code, kind, zh, en), split in sorted(by.items()):
        if kind == "income":
            income = [income[0] - split[False], income[1] - split[True]]
            rows.append(_line("activities", code, zh, en, -split[False], -split[True]))
        else:
            expense += split[False] + split[True]
            released += split[True]
            rows.append(_line("activities", code, zh, en, split[False] + split[True], ZERO))
    rows.append(_line("activities", "income", "收入合计", "Total income", income[0], income[1]))
    rows.append(_line("activities", "expense", "费用合计", "Total expenses", expense, ZERO))
    rows.append(_line("activities", "release", "限制解除", "Released from restriction", released, -released))
    rows.append(
        _line(
            "activities",
            "change",
            "净资产变动额",
            "Change in net assets",
            income[0] + released - expense,
            income[1] - released,
        )
    )
    return rows


AtEnd = list[tuple[tuple[Any, ...], tuple[str, str, str, str], Decimal]]


def position(at_end: AtEnd) -> list[Record]:
    """资产负债表 at the period's end (from :func:`_at_end`): assets, liabilities, and net assets
    by restriction."""
    totals: dict[tuple[str, str, str, str], Decimal] = defaultdict(lambda: ZERO)
    net = {False: ZERO, True: ZERO}
    for fund, (code, kind, zh, en), amount in at_end:
        if kind in ("asset", "liability"):
            totals[(code, kind, zh, en)] += amount
            net[bool(fund[4])] += amount
    rows = []
    for (code, kind, zh, en), amount in sorted(totals.items()):
        shown = amount if kind == "asset" else -amount
        rows.append(
            {
                "statement": "position",
                "code": code,
                "name_zh": zh,
                "name_en": en,
                "unrestricted": None,
                "restricted": None,
                "total": shown,
            }
        )
    assets = sum((a for (_, k, _, _), a in totals.items() if k == "asset"), ZERO)
    liabilities = -sum((a for (_, k, _, _), a in totals.items() if k == "liability"), ZERO)
    rows.append(
        {
            **_line("position", "assets", "资产合计", "Total assets", ZERO, ZERO),
            "unrestricted": None,
            "restricted": None,
            "total": assets,
        }
    )
    rows.append(
        {
            **_line("position", "liabilities", "负债合计", "Total liabilities", ZERO, ZERO),
            "unrestricted": None,
            "restricted": None,
            "total": liabilities,
        }
    )
    rows.append(_line("position", "net_assets", "净资产合计", "Total net assets", net[False], net[True]))
    return rows


def _at_end(reader: Reader, end: dt.date) -> AtEnd:
    """(fund id, code, zh, en, restricted), (account code, type, zh, en), amount at ``end``; a fund
    with no postings has one row with no account."""
    rows = reader.rows(_AT_END, end=end.isoformat())
    return [(tuple(r[:5]), tuple(r[5:9]), from_fen(int(r[9] or 0))) for r in rows]


def funds_at(at_end: AtEnd) -> list[Record]:
    """Each fund at the period's end (from :func:`_at_end`): balance, open commitments and what
    is available."""
    held: dict[tuple[Any, ...], list[Decimal]] = {}
    for fund, (code, kind, _, _), amount in at_end:
        sums = held.setdefault(fund, [ZERO, ZERO])
        sums[0] += amount if kind in ("asset", "liability") else ZERO
        sums[1] += amount if code == OPEN_COMMITMENTS else ZERO
    out = []
    for (_, code, zh, en, restricted), (balance, open_) in held.items():
        out.append(
            {
                "statement": "funds",
                "code": code,
                "name_zh": zh,
                "name_en": en,
                "unrestricted": None if restricted else balance,
                "restricted": balance if restricted else None,
                "total": balance,
                "committed": open_,
                "available": balance - open_,
            }
        )
    return out


def funds_on(reader: Reader, day: dt.date) -> list[Record]:
    """Each fund at ``day``'s end, as :func:`funds_at` has it."""
    return funds_at(_at_end(reader, day))


def ratios(reader: Reader, period: Period) -> list[Record]:
    """The MCA spending ratios of a calendar year, each with its limit and outcome; none for a
    shorter period (the rule judges a year)."""
    if not is_year(period):
        return []
    rule, averaged = rule_for(period.start.year)
    return ratio_rows(rule, year_figures(reader, period, averaged), averaged)


def year_figures(reader: Reader, period: Period, averaged: bool) -> YearFigures:
    """What the spending rule is applied to, for the year ``period``."""
    now = _sums(reader, period.start, period.end)
    before = [previous(period)]
    for _ in range(2 if averaged else 0):
        before.append(previous(before[-1]))
    incomes = [-sum((a for _, kind, *_, a in _sums(reader, p.start, p.end) if kind == "income"), ZERO) for p in before]
    net_assets = [_net_assets(_at_end(reader, p.end)) for p in before]
    return YearFigures(
        programme=sum((a for code, kind, *_, a in now if kind == "expense" and code.startswith(PROGRAMME_COSTS)), ZERO),
        management=sum((a for code, kind, *_, a in now if code == MANAGEMENT_COSTS), ZERO),
        spending=sum((a for _, kind, *_, a in now if kind == "expense"), ZERO),
        prior_income=average(incomes) if averaged else incomes[0],
        prior_net_assets=average(net_assets) if averaged else net_assets[0],
        tier_net_assets=net_assets[0],
    )


def _cash(at_end: AtEnd) -> Decimal:
    """Cash and cash equivalents at a day's end (every fund's)."""
    cash = cash_accounts()
    return sum((amount for _, (code, _, _, _), amount in at_end if code in cash), ZERO)


def _net_assets(at_end: AtEnd) -> Decimal:
    """Net assets at a day's end: assets less liabilities, of every fund."""
    return sum((amount for _, (_, kind, _, _), amount in at_end if kind in ("asset", "liability")), ZERO)


def statements(reader: Reader, period: Period, prior: bool = False) -> list[Record]:
    """Position, activities, cash flows, funds and ratios, each row tagged with its statement
    and the period; position and activities with their comparative columns (and, when
    ``prior``, the same figures a year earlier: :mod:`ledger.reports.comparative`)."""
    at_end = _at_end(reader, period.end)  # read once for the balance sheet and the funds
    opening, closing = _cash(_at_end(reader, period.start - dt.timedelta(days=1))), _cash(at_end)
    flows = cash_flows(reader, period, opening, closing)
    others = (year_to_date(period), year_earlier(period)) if prior else (year_to_date(period),)
    lines = (*position(at_end), *activities(reader, period, others), *flows, *funds_at(at_end), *ratios(reader, period))
    blank = {"committed": None, "available": None, "threshold": None, "met": None, "status": None}
    rows = [{"period": period.label, **blank, "opening": None, "year_to_date": None, "prior": None, **r} for r in lines]
    compared(rows, period, lambda day: position(_at_end(reader, day)), lambda p: activities(reader, p), prior)
    return rows
