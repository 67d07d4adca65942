"""``cfund audit verify`` and ``cfund audit log``: read-only checks for auditors."""

from __future__ import annotations

from typing import Annotated

import typer

from cli import options as o
from cli import render
from cli.context import settings
from cli.group import new_app
from cli.text.help import h
from cli.text.messages import t
from cli.text.names import kind_name
from ledger.errors import CheckFailed

Col = render.Col
PROBLEM_COLS = [
    Col("check", "检查项", "Check"),
    Col("entry", "凭证", "Entry"),
    Col("detail", "说明", "Detail"),
]
LOG_COLS = [
    Col("at", "时间", "When", shown=render.local_time),
    Col("user", "用户", "User"),
    Col("kind", "类型", "Kind", shown=kind_name),
    Col("entry", "凭证", "Entry"),
    Col("project", "项目", "Project"),
    Col("note", "摘要", "Note"),
]


def verify(
    ctx: typer.Context,
    expect: Annotated[str | None, typer.Option("--expect", help=h("opt.expect"))] = None,
    fmt: o.Format = None,
) -> None:
    from workflows.services.audit import anchor_of
    from workflows.services.audit import verify as check

    s = settings(ctx)
    anchor = anchor_of(expect) if expect is not None else None
    with render.progress_bar("audit") as step:
        result = check(s.store(), s.book, progress=step, expect=anchor)
    if not result.problems:
        render.result(
            t("audit_ok", s.lang, entries=result.entries, head=result.head),
            fmt,
            {"ok": True, "entries": result.entries, "head": result.head, "problems": []},
        )
        return
    rows = [{"check": p.check, "entry": p.entry, "detail": p.detail} for p in result.problems]
    render.rows_out(rows, PROBLEM_COLS, fmt, s.lang, t("title_audit", s.lang))
    first = result.problems[0]
    name = t(f"audit_check_{first.check}", s.lang)
    where = t("audit_first_entry", s.lang, entry=first.entry, check=name) if first.entry else f"{name}: {first.detail}"
    raise CheckFailed("audit_broken", count=len(result.problems), first=where)


def log(
    ctx: typer.Context,
    user: Annotated[str | None, typer.Option("--user", help=h("opt.user"))] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=h("opt.kind_log"))] = None,
    date_from: o.DateFrom = None,
    date_to: o.DateTo = None,
    fmt: o.Format = None,
) -> None:
    from workflows.reports.activity import activity

    s = settings(ctx)
    start, end = o.date_range(date_from, date_to)
    with s.reading() as reader:
        rows = activity(reader, user=user, kind=kind, date_from=start, date_to=end)
    render.rows_out(rows, LOG_COLS, fmt, s.lang, t("title_activity", s.lang))


def register(app: typer.Typer) -> None:
    sub = new_app("audit")
    sub.command("verify", help=h("audit.verify"))(verify)
    sub.command("log", help=h("audit.log"))(log)
    app.add_typer(sub, name="audit")
