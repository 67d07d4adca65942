"""Accounting periods: parse ``2026``, ``2026Q3`` and ``2026-10`` into date ranges."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ledger.errors import InputError

#: The first year a date or a period may name.
FIRST_YEAR = 1900
_PATTERNS = (
    (re.compile(r"^(\d{4})$", re.ASCII), "year"),
    (re.compile(r"^(\d{4})[Qq]([1-4])$", re.ASCII), "quarter"),
    (re.compile(r"^(\d{4})-(\d{2})$", re.ASCII), "month"),
)


@dataclass(frozen=True)
class Period:
    """A closed date range with the label the user typed (normalised)."""

    label: str
    start: dt.date
    end: dt.date

    def is_over(self, today: dt.date) -> bool:
        """Whether the period has ended before ``today``: only then can it be closed, or its
        profit be known."""
        return self.end < today

    def months(self) -> list[str]:
        """Every ``YYYY-MM`` month the period covers."""
        out, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


def parse_period(text: str, *, kinds: tuple[str, ...] = ("year", "quarter", "month")) -> Period:
    """Parse a period label; ``kinds`` limits which forms are accepted."""
    cleaned = text.strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(cleaned)
        if match and kind in kinds:
            return _build(kind, int(match.group(1)), int(match.group(2)) if kind != "year" else 0, text)
    raise InputError("period_invalid", value=text, forms=", ".join(_EXAMPLES[k] for k in kinds))


_EXAMPLES = {"year": "2026", "quarter": "2026Q3", "month": "2026-10"}


def _build(kind: str, year: int, part: int, text: str) -> Period:
    if not FIRST_YEAR <= year <= 2999:
        raise InputError("period_invalid", value=text, forms="2026, 2026Q3, 2026-10")
    if kind == "year":
        return Period(f"{year}", dt.date(year, 1, 1), dt.date(year, 12, 31))
    if kind == "quarter":
        first = 3 * part - 2
        return Period(f"{year}Q{part}", dt.date(year, first, 1), _month_end(year, first + 2))
    if not 1 <= part <= 12:
        raise InputError("period_invalid", value=text, forms="2026-10")
    return Period(f"{year}-{part:02d}", dt.date(year, part, 1), _month_end(year, part))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_date(text: str, *, field: str = "date") -> dt.date:
    """Parse ``YYYY-MM-DD`` strictly (``2026-02-30`` is refused), from 1900 on: the years a
    period can name, so that every entry's month can be closed and reported."""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip(), re.ASCII):
            raise ValueError(text)
        day = dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InputError("date_invalid", field=field, value=text) from exc
    if day.year < FIRST_YEAR:
        raise InputError("date_too_early", field=field, value=text, year=FIRST_YEAR)
    return day


def day_or_today(text: str | None, today: dt.date, *, field: str = "--date") -> dt.date:
    """An optional date option: absent means ``today``; given, even as "", it must be a date."""
    return today if text is None else parse_date(text, field=field)


def month_of(day: dt.date) -> str:
    """The ``YYYY-MM`` month a date falls in."""
    return f"{day.year:04d}-{day.month:02d}"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day where it has fewer (31 Jan + 1 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
