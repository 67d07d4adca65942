"""Options shared by many commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated

import typer

from cli import render
from cli.text.help import h
from ledger.domain.text import parse_number


def whole(field: str) -> Callable[[str], int]:
    """A parser for a project or entry number as typed (see :func:`ledger.domain.entries.parse_number`)."""

    def parse(value: str) -> int:
        return parse_number(value, field)

    return parse


def _format(value: str | None) -> str | None:
    """``--format`` is checked as the command line is read, before anything is written."""
    if value is not None:
        render.choose_format(value)
    return value


Format = Annotated[str | None, typer.Option("--format", "-f", help=h("opt.format"), callback=_format)]
Project = Annotated[int, typer.Argument(help=h("arg.project"), parser=whole("PROJECT"))]
Date = Annotated[str | None, typer.Option("--date", help=h("opt.date"))]
Key = Annotated[str | None, typer.Option("--key", help=h("opt.key"))]
Memo = Annotated[str | None, typer.Option("--memo", help=h("opt.memo"))]
Fund = Annotated[str, typer.Option("--fund", help=h("opt.fund"))]
Amount = Annotated[str, typer.Option("--amount", help=h("opt.amount"))]
Compound = Annotated[str | None, typer.Option("--compound", help=h("opt.compound"))]
Period = Annotated[str, typer.Option("--period", help=h("opt.period"))]
NetProfit = Annotated[str, typer.Option("--net-profit", help=h("opt.net_profit"))]
DateFrom = Annotated[str | None, typer.Option("--from", help=h("opt.from"))]
DateTo = Annotated[str | None, typer.Option("--to", help=h("opt.to"))]


def date_range(date_from: str | None, date_to: str | None) -> tuple[dt.date | None, dt.date | None]:
    """``--from`` / ``--to`` as dates (strictly YYYY-MM-DD), either may be absent."""
    from ledger.domain.periods import parse_date

    start = parse_date(date_from, field="--from") if date_from is not None else None
    end = parse_date(date_to, field="--to") if date_to is not None else None
    return start, end
