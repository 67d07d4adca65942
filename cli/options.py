"""Options shared by many commands."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from cli.help import h

Format = Annotated[str | None, typer.Option("--format", "-f", help=h("opt.format"))]
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
    from ledger.periods import parse_date

    start = parse_date(date_from, field="--from") if date_from else None
    end = parse_date(date_to, field="--to") if date_to else None
    return start, end
