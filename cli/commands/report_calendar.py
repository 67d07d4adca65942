"""``cfund report due`` and ``report filed``: the statutory calendar (what falls due when, and
whether it is done), and a dated duty recorded as done. ``report due`` exits 3 when something
is overdue, so that cron can tell."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from cli import options as o
from cli import render
from cli.context import settings
from cli.text.help import h
from cli.text.messages import t
from ledger.errors import CheckFailed

Col = render.Col
COLS = [
    Col("obligation", "义务", "Obligation", only="csv"),
    Col("name_zh", "事项", "Duty", only="zh"),
    Col("name_en", "事项", "Duty", only="en"),
    Col("ref", "对象", "For"),
    Col("due", "截止日期", "Due"),
    Col("status", "状态", "Status", shown=lambda value, lang: t(f"due.{value}", lang)),
    Col("done", "完成日期", "Done"),
    Col("source", "依据", "Source", only="csv"),
]


def due(
    ctx: typer.Context,
    as_of: Annotated[str | None, typer.Option("--as-of", help=h("opt.as_of"))] = None,
    fmt: o.Format = None,
) -> None:
    from ledger.domain.periods import day_or_today
    from workflows.reports.calendar import due as build

    s = settings(ctx)
    day = day_or_today(as_of, dt.date.today(), field="--as-of")
    with s.reading() as reader:
        rows = build(reader, day)
    render.rows_out(rows, COLS, fmt, s.lang, f"{t('title_due', s.lang)} {day.isoformat()}")
    late = [r for r in rows if r["status"] == "overdue"]
    if late:
        raise CheckFailed("obligations_overdue", count=len(late), first=f"{late[0]['obligation']} {late[0]['ref']}")


def filed(
    ctx: typer.Context,
    obligation: Annotated[str, typer.Argument(help=h("arg.obligation"))],
    ref: Annotated[str, typer.Option("--ref", help=h("opt.filing_ref"))],
    date: o.Date = None,
    note: Annotated[str | None, typer.Option("--note", help=h("opt.note"))] = None,
    fmt: o.Format = None,
) -> None:
    from workflows.services.filings import filed as service

    s = settings(ctx)
    done = service(s.uow, s.actor, obligation=obligation, ref=ref, date=date, note=note)
    key = "filed_already" if done.already else "filed_recorded"
    data = {"obligation": done.obligation, "ref": done.ref, "date": done.date, "already": done.already}
    render.result(t(key, s.lang, obligation=done.obligation, ref=done.ref, date=done.date), fmt, data)


def register(sub: typer.Typer) -> None:
    sub.command("due", help=h("report.due"))(due)
    sub.command("filed", help=h("report.filed"))(filed)
