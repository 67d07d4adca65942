"""``cfund import``: donations from CSV or XLSX, bank statements to reconcile, workflow steps in
one transaction, example files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from cli import options as o
from cli import render
from cli.context import Settings, settings
from cli.group import new_app
from cli.text.help import h
from cli.text.messages import t
from ledger.errors import InputError

Col = render.Col
FILE = Annotated[Path, typer.Argument(help=h("arg.import_file"), show_default=False)]
DryRun = Annotated[bool, typer.Option("--dry-run", help=h("opt.dry_run"))]
Sheet = Annotated[str | None, typer.Option("--sheet", help=h("opt.sheet"))]
FUND_COLS = [Col("fund", "基金", "Fund"), Col("amount", "金额", "Amount", amount=True)]
BANK_COLS = [
    Col("row", "行", "Row"),
    Col("date", "日期", "Date"),
    Col("amount", "金额", "Amount", amount=True),
    Col("reference", "流水号", "Reference"),
    Col("counterparty", "对方户名", "Counterparty"),
    Col("status", "对账", "Status"),
    Col("entry", "凭证", "Entry"),
    Col("entry_date", "凭证日期", "Entry date"),
]


def _load(ctx: typer.Context, service: Any, file: Path, sheet: str | None, dry_run: bool) -> tuple[Settings, Any]:
    """Run an import service in one unit of work, with a progress bar on a terminal."""
    s = settings(ctx)
    with render.progress_bar("import") as step:
        return s, service(s.uow, s.actor, file, sheet=sheet, dry_run=dry_run, progress=step)


def donations(
    ctx: typer.Context,
    file: FILE,
    sheet: Sheet = None,
    dry_run: DryRun = False,
    fmt: o.Format = None,
) -> None:
    from ledger.services.imports import import_donations

    s, done = _load(ctx, import_donations, file, sheet, dry_run)
    funds = [{"fund": k, "amount": v} for k, v in sorted(done.by_fund.items())]
    if dry_run:
        render.rows_out(
            funds, FUND_COLS, fmt, s.lang, t("import_dry_run", s.lang, rows=done.rows, new=done.rows - done.repeated)
        )
        return
    key = "import_nothing_new" if done.written == 0 else "import_done"
    message = t(
        key,
        s.lang,
        rows=done.rows,
        written=done.written,
        repeated=done.repeated,
        first=done.first_seq,
        last=done.last_seq,
    )
    data: dict[str, Any] = {"rows": done.rows, "written": done.written, "repeated": done.repeated}
    render.result(message, fmt, data | {"first_entry": done.first_seq, "last_entry": done.last_seq, "funds": funds})


STEP_COLS = [
    Col("row", "行", "Row"),
    Col("action", "操作", "Action"),
    Col("project", "项目", "Project"),
    Col("from", "原阶段", "From"),
    Col("to", "新阶段", "To"),
    Col("entry", "凭证", "Entry"),
]


def steps(
    ctx: typer.Context,
    file: FILE,
    sheet: Sheet = None,
    dry_run: DryRun = False,
    fmt: o.Format = None,
) -> None:
    from workflows.services.import_steps import import_steps

    s, done = _load(ctx, import_steps, file, sheet, dry_run)
    rows = [
        {
            "row": d.row,
            "action": d.action,
            "project": d.fired.project,
            "from": d.fired.from_stage,
            "to": d.fired.to_stage,
            "entry": d.fired.entry,
        }
        for d in done
    ]
    entries = sum(1 for d in done if d.fired.entry and not d.fired.already)
    key = "steps_dry_run" if dry_run else "steps_done"
    render.rows_out(rows, STEP_COLS, fmt, s.lang, t("title_steps", s.lang))
    render.note(t(key, s.lang, count=len(done), entries=entries))


def bank(ctx: typer.Context, file: FILE, sheet: Sheet = None, fmt: o.Format = None) -> None:
    from ledger.reports import reconcile as statement

    s = settings(ctx)
    lines = statement.read_statement(file, sheet)
    with s.reading() as reader:
        matched = statement.reconcile(reader, lines)
    sums = statement.totals(matched)
    render.rows_out(matched, BANK_COLS, fmt, s.lang, t("bank_title", s.lang, **sums))
    render.note(t("bank_summary", s.lang, **sums))


def template(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help=h("arg.template_kind"), show_default=False)],
    out: Annotated[Path | None, typer.Option("--out", help=h("opt.template_out"))] = None,
) -> None:
    from ledger.data.tabular import write_template
    from ledger.reports.reconcile import BANK_COLUMNS
    from ledger.services.imports import DONATION_COLUMNS
    from workflows.services.import_steps import STEP_COLUMNS

    s = settings(ctx)
    kinds = {"donations": (DONATION_COLUMNS, "捐赠"), "bank": (BANK_COLUMNS, "对账单"), "steps": (STEP_COLUMNS, "步骤")}
    if kind not in kinds:
        raise InputError("template_kind", value=kind, kinds=", ".join(kinds))
    columns, zh = kinds[kind]
    path = write_template(
        out or Path(f"{kind}-template.csv"), columns, s.lang, f"{zh} {kind}" if s.lang == "zh" else kind
    )
    render.note(t("template_written", s.lang, file=path))
    docs = [
        {
            "column": c.zh if s.lang == "zh" else c.en,
            "required": c.required,
            "meaning": c.doc_zh if s.lang == "zh" else c.doc_en,
        }
        for c in columns
    ]
    cols = [Col("column", "列", "Column"), Col("required", "必填", "Required"), Col("meaning", "说明", "Meaning")]
    render.rows_out(docs, cols, None, s.lang)


def register(app: typer.Typer) -> None:
    sub = new_app("import")
    sub.command("donations", help=h("import.donations"))(donations)
    sub.command("bank", help=h("import.bank"))(bank)
    sub.command("steps", help=h("import.steps"))(steps)
    sub.command("template", help=h("import.template"))(template)
    app.add_typer(sub, name="import")
