"""Options shared by many commands."""

from __future__ import annotations

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
