"""The comparative columns of the statements (《民间非营利组织会计制度》's layouts): the balance
sheet's 年初数 beside its 期末数 (``opening``: at the end of the year before the period's year),
the statement of activities' 本年累计数 beside its 本期数 (``year_to_date``: from 1 January to the
period's end), and, when asked, the same figures a year earlier (``prior``: the balance sheet at
the same day a year before, the activities of the same period a year before). Each is the line's
total (合计); a line the other date does not have is zero there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from ledger.domain.periods import Period, parse_period
from ledger.reports.lists import Record

ZERO = Decimal("0.00")
Position = Callable[[dt.date], list[Record]]
Activities = Callable[[Period], list[Record]]


def compared(rows: list[Record], period: Period, position: Position, activities: Activities, prior: bool) -> None:
    """Fill ``opening`` and ``year_to_date`` (and ``prior``, when asked) into the position and
    activities ``rows`` of ``period``, in place; ``position`` and ``activities`` build the
    statement at another date or for another period."""
    ytd = year_to_date(period)
    _fill(rows, "position", "opening", position(ytd.start - dt.timedelta(days=1)))
    _fill(rows, "activities", "year_to_date", activities(ytd))
    if prior:
        _fill(rows, "position", "prior", position(_year_before(period.end)))
        _fill(rows, "activities", "prior", activities(year_earlier(period)))


def year_to_date(period: Period) -> Period:
    """From 1 January of the period's year to the period's end (本年累计)."""
    return Period(str(period.end.year), dt.date(period.end.year, 1, 1), period.end)


def year_earlier(period: Period) -> Period:
    """The same period a year before (2026Q3 -> 2025Q3, 2026-02 -> 2025-02)."""
    label = str(period.start.year - 1) + period.label[4:]
    return parse_period(label)


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _fill(rows: list[Record], statement: str, key: str, other: list[Record]) -> None:
    totals = {row["code"]: row["total"] for row in other if row["statement"] == statement}
    for row in rows:
        if row["statement"] == statement:
            row[key] = totals.get(row["code"], ZERO)
