"""``cfund project`` read commands: list, show, history, actions, diagram."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from cli import options as o
from cli import render
from cli.context import settings
from cli.text.help import h
from cli.text.messages import t
from ledger.errors import NotFound

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
    Col("at", "时间", "When", shown=render.local_time),
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
#: Labels of the fields of ``project show`` that the list does not have.
LABELS = {
    "stage": ("阶段", "Stage"),
    "purpose": ("用途", "Purpose"),
    "resident": ("居民", "Resident"),
    "open": ("未拨付承诺", "Open commitment"),
    "released": ("已释放", "Released"),
    "plan": ("计划 / 到账", "Planned / received"),
    "next": ("下一步", "Next"),
}
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
    from workflows.reports import projects as queries

    s = settings(ctx)
    with s.reading() as reader:
        rows = queries.projects(reader, stage=stage, compound=compound, organisation=organisation, overdue=overdue)
    render.rows_out(rows, LIST_COLS, fmt, s.lang, t("title_projects", s.lang))


def _project(ctx: typer.Context, project: int) -> tuple[Any, dict[str, Any], list[dict[str, Any]]]:
    from workflows.reports import projects as queries

    s = settings(ctx)
    with s.reading() as reader:
        row = queries.project(reader, project, s.actor)
    if row is None:
        raise NotFound("project_missing", project=project)
    return s, row, queries.actions(row["stage"])


def show(ctx: typer.Context, project: o.Project, fmt: o.Format = None) -> None:
    s, row, next_actions = _project(ctx, project)
    chosen = render.choose_format(fmt)
    if chosen == "json":
        render.json_out({**{k: row[k] for k in SHOW_FIELDS}, "plan": row["plan"], "actions": next_actions})
        return
    pairs = [{"field": k, "value": row[k]} for k in SHOW_FIELDS]
    pairs += [{"field": f"plan.{p['share']}", "value": f"{p['planned']} / {p['received']}"} for p in row["plan"]]
    table = chosen == "table"
    for a in next_actions:  # in a Chinese table each action also by its Chinese name
        named = f" {a['zh']}" if table and s.lang != "en" else ""
        pairs.append({"field": "next", "value": f"{a['trigger']}{named} ({a['who']})"})
    if table:  # a person reads labels in their language; CSV keeps the stable keys
        pairs = [_labelled(pair, row, s.lang) for pair in pairs if pair["field"] != "stage_zh"]
    render.rows_out(pairs, [Col("field", "字段", "Field"), Col("value", "内容", "Value")], fmt, s.lang)


def _labelled(pair: dict[str, Any], row: dict[str, Any], lang: str) -> dict[str, Any]:
    """A field of ``project show`` under its label (the stage by its name in ``lang``)."""
    key, _, share = pair["field"].partition(".")
    label = _label(key, lang) + (("：" if lang != "en" else ": ") + share if share else "")
    value = row[f"stage_{lang}"] if key == "stage" else pair["value"]
    return {"field": label, "value": value}


def _label(key: str, lang: str) -> str:
    zh, en = LABELS.get(key) or next(((c.zh, c.en) for c in LIST_COLS if c.key == key), (key, key))
    return en if lang == "en" else zh


def history(ctx: typer.Context, project: o.Project, fmt: o.Format = None) -> None:
    from workflows.reports import projects as queries

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
    from workflows.project.stages import mermaid

    sys.stdout.write(mermaid(settings(ctx).lang) + "\n")


READS: dict[str, Any] = {"list": list_, "show": show, "history": history, "actions": actions, "diagram": diagram}
