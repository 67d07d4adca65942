"""Statements of a host charity: a community fund is usually a special fund (专项基金) of a host,
and several books of one database may belong to one host (``host_members``). Every figure of the
host's statements is the sum of its books' figures, read in one snapshot; the spending ratios
are computed on the host's summed figures (the rule judges the organisation, not its funds).
"""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal
from typing import Any

from ledger.domain.periods import Period
from ledger.domain.spending import YearFigures
from ledger.errors import NotFound
from ledger.reports.lists import Record
from ledger.reports.ratios import is_year, ratio_rows, rule_for
from ledger.reports.statements import statements, year_figures
from ledger.storage.reader import Reader

#: The figures of a statement row that add up across books.
SUMMED = ("unrestricted", "restricted", "total", "opening", "year_to_date", "prior", "committed", "available")
ORDER = ("position", "activities", "cashflow", "funds")


def host_books(reader: Reader, host: str) -> list[str]:
    """The codes of the books that belong to ``host``."""
    found = reader.rows(
        "SELECT b.code FROM host_members h JOIN books b ON b.id = h.book_id WHERE h.host = :host ORDER BY b.code",
        host=host,
    )
    if not found:
        raise NotFound("host_missing", host=host)
    return [code for (code,) in found]


def host_statements(reader: Reader, host: str, period: Period, prior: bool = False) -> list[Record]:
    """The consolidated statements of ``host``: its books' rows summed line by line, then the
    ratios on the host's figures. ``reader`` is moved from book to book (one snapshot)."""
    per_book, figures = [], []
    rule, averaged = rule_for(period.start.year) if is_year(period) else (None, False)
    for code in host_books(reader, host):
        reader.use_book(code)
        per_book.append([row for row in statements(reader, period, prior) if row["statement"] != "ratios"])
        if rule is not None:
            figures.append(year_figures(reader, period, averaged))
    rows = summed(per_book)
    if rule is not None:
        blank = {key: None for key in rows[0]} if rows else {}
        rows += [{**blank, "period": period.label, **r} for r in ratio_rows(rule, _total(figures), averaged)]
    return rows


def summed(per_book: list[list[Record]]) -> list[Record]:
    """The books' rows added line by line; each statement's account lines in code order, then
    its other lines in the order the books have them."""
    merged: dict[tuple[str, str], Record] = {}
    for rows in per_book:
        for row in rows:
            key = (row["statement"], row["code"])
            if key not in merged:
                merged[key] = dict(row)
            else:
                merged[key].update({k: _add(merged[key][k], row[k]) for k in SUMMED})
    return sorted(merged.values(), key=_place(list(merged)))


def _place(keys: list[tuple[str, str]]) -> Any:
    first = {key: n for n, key in enumerate(keys)}

    def place(row: Record) -> tuple[int, int, str, int]:
        code = row["code"]
        statement = ORDER.index(row["statement"]) if row["statement"] in ORDER else len(ORDER)
        account = code[:1].isdigit() and row["statement"] in ("position", "activities")
        return (statement, 0 if account else 1, code if account else "", first[(row["statement"], code)])

    return place


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None or b is None:
        return b if a is None else a
    return a + b


def _total(figures: list[YearFigures]) -> YearFigures:
    zero = Decimal("0.00")
    return YearFigures(**{f.name: sum((getattr(y, f.name) for y in figures), zero) for f in fields(YearFigures)})
