"""``cfund project`` read commands: list, show, history, actions, diagram."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from cli import options as o
from cli import render
from cli.context import settings
from cli.help import h
from ledger.errors import NotFound
from ledger.messages import t

Col = render.Col
LIST_COLS = [
    Col("project", "编号", "No."),
    Col("stage", "阶段代码", "Stage code", only="csv"),
    Col("stage_zh", "阶段", "Stage", only="zh"),
    Col("stage_en", "阶段", "Stage", only="en"),
    Col("since", "进入阶段", "Since"),
    Col("overdue_days", "超期天数", "Days late"),
    Col("compound", "小区", "Compound"),
    Col("title", "项目", "Title"),
    Col("organisation", "社会组织", "Organisation"),
    Col("fund", "基金", "Fund"),
    Col("requested", "申请", "Requested", amount=True),
    Col("approved", "批准", "Approved", amount=True),
    Col("paid", "已拨付", "Paid", amount=True),
]
HISTORY_COLS = [
    Col("at", "时间", "When"),
    Col("trigger", "操作", "Action"),
    Col("from", "原阶段", "From"),
    Col("to", "新阶段", "To"),
    Col("actor", "操作人", "By"),
    Col("note", "说明", "Note"),
    Col("entry", "凭证", "Entry"),
]
ACTION_COLS = [
    Col("trigger", "操作", "Action"),
    Col("zh", "名称", "Name", only="zh"),
    Col("en", "名称", "Name", only="en"),
    Col("to", "新阶段", "To"),
    Col("who", "可由谁做", "Who"),
    Col("rules", "规则", "Rules"),
]
SHOW_FIELDS = (
    "project",
    "stage",
    "stage_zh",
    "title",
    "compound",
    "organisation",
    "fund",
    "purpose",
    "resident",
    "requested",
    "approved",
    "paid",
    "open",
    "released",
    "since",
    "overdue_days",
)


def list_(
    ctx: typer.Context,
    stage: Annotated[str | None, typer.Option("--stage", help=h("opt.stage"))] = None,
    compound: o.Compound = None,
    organisation: Annotated[str | None, typer.Option("--organisation", help=h("opt.organisation"))] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help=h("opt.overdue"))] = False,
    fmt: o.Format = None,
) -> None:
    from workflows import queries

    s = settings(ctx)
    with s.reading() as reader:
        rows = queries.projects(reader, stage=stage, compound=compound, organisation=organisation, overdue=overdue)
    render.rows_out(rows, LIST_COLS, fmt, s.lang, t("title_projects", s.lang))


def _project(ctx: typer.Context, project: int) -> tuple[Any, dict[str, Any], list[dict[str, Any]]]:
    from workflows import queries

    s = settings(ctx)
    with s.reading() as reader:
        row = queries.project(reader, project, s.actor)
    if row is None:
        raise NotFound("project_missing", project=project)
    return s, row, queries.actions(row["stage"])


def show(ctx: typer.Context, project: o.Project, fmt: o.Format = None) -> None:
    s, row, next_actions = _project(ctx, project)
    if render.choose_format(fmt) == "json":
        render.json_out({**{k: row[k] for k in SHOW_FIELDS}, "plan": row["plan"], "actions": next_actions})
        return
    pairs = [{"field": k, "value": row[k]} for k in SHOW_FIELDS]
    pairs += [{"field": f"plan.{p['share']}", "value": f"{p['planned']} / {p['received']}"} for p in row["plan"]]
    pairs += [{"field": "next", "value": f"{a['trigger']} ({a['who']})"} for a in next_actions]
    render.rows_out(pairs, [Col("field", "项目", "Field"), Col("value", "内容", "Value")], fmt, s.lang)


def history(ctx: typer.Context, project: o.Project, fmt: o.Format = None) -> None:
    from workflows import queries

    s = settings(ctx)
    with s.reading() as reader:
        rows = queries.history(reader, project)
    if not rows:
        raise NotFound("project_missing", project=project)
    render.rows_out(rows, HISTORY_COLS, fmt, s.lang, t("title_history", s.lang, project=project))


def actions(ctx: typer.Context, project: o.Project, fmt: o.Format = None) -> None:
    s, _, next_actions = _project(ctx, project)
    render.rows_out(next_actions, ACTION_COLS, fmt, s.lang, t("title_actions", s.lang, project=project))


def diagram(ctx: typer.Context) -> None:
    from workflows.table import mermaid

    sys.stdout.write(mermaid(settings(ctx).lang) + "\n")


READS: dict[str, Any] = {"list": list_, "show": show, "history": history, "actions": actions, "diagram": diagram}
