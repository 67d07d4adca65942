"""``cfund report statements``: 资产负债表, 业务活动表 and fund balances for a period."""

from __future__ import annotations

import functools
from collections import Counter
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
COLS = [
    Col("period", "期间", "Period", only="csv"),
    Col("statement", "报表", "Statement", only="csv"),
    Col("code", "项目", "Line"),
    Col("name_zh", "名称", "Name", only="zh"),
    Col("name_en", "名称", "Name", only="en"),
    Col("unrestricted", "非限定性", "Unrestricted", amount=True),
    Col("restricted", "限定性", "Restricted", amount=True),
    Col("total", "合计", "Total", amount=True),
    Col("opening", "年初数", "Start of year", amount=True),
    Col("year_to_date", "本年累计数", "Year to date", amount=True),
    Col("prior", "上年同期", "A year earlier", amount=True),
    Col("committed", "已承诺", "Committed", amount=True),
    Col("available", "可用", "Available", amount=True),
    Col("threshold", "标准（%）", "Threshold (%)", amount=True),
    Col("met", "达标", "Met", only="csv"),
    Col("status", "结论", "Outcome", shown=lambda value, lang: t(f"ratio_{value}", lang) if value else ""),
]
ONLY = {
    "position": ("opening", "prior"),
    "activities": ("year_to_date", "prior"),
    "funds": ("committed", "available"),
    "ratios": ("threshold", "status"),
}
TITLES = {
    "position": "title_position",
    "activities": "title_activities",
    "cashflow": "title_cashflow",
    "funds": "title_funds",
    "ratios": "title_ratios",
}


def statements(
    ctx: typer.Context,
    period: o.Period,
    prior: Annotated[bool, typer.Option("--prior", help=h("opt.prior"))] = False,
    host: Annotated[str | None, typer.Option("--host", help=h("opt.host"))] = None,
    fmt: o.Format = None,
) -> None:
    from ledger.domain.periods import parse_period
    from ledger.reports.statements import statements as build

    s = settings(ctx)
    span = parse_period(period)
    with s.reading() as reader:
        if host is None:
            rows = build(reader, span, prior)
        else:
            from ledger.reports.host import host_statements

            rows = host_statements(reader, host, span, prior)
    chosen = render.choose_format(fmt)
    for row in rows:
        if row["met"] is False:
            render.note(
                t("ratio_missed", s.lang, name=row[f"name_{s.lang}"], value=row["total"], threshold=row["threshold"])
            )
    if chosen != "table":
        render.rows_out(rows, COLS, chosen, s.lang)
        return
    extra = {key for keys in ONLY.values() for key in keys}
    for statement, key in TITLES.items():
        part: list[dict[str, Any]] = [r for r in rows if r["statement"] == statement]
        shown = set(ONLY.get(statement, ())) - (set() if prior else {"prior"})
        cols = [c for c in COLS if c.key not in extra or c.key in shown]
        render.rows_out(part, cols, "table", s.lang, f"{t(key, s.lang)} {span.label}")


def disclosure(
    ctx: typer.Context,
    period: o.Period,
    out: Annotated[Path, typer.Option("--out", help=h("opt.out_pack"))],
    skip_pdf: Annotated[bool, typer.Option("--skip-pdf", help=h("opt.skip_pdf"))] = False,
    replace: Annotated[bool, typer.Option("--replace", help=h("opt.replace_pack"))] = False,
    fmt: o.Format = None,
) -> None:
    s = settings(ctx)
    label, files, head, texts = write_disclosure(s, period, out, pdf=not skip_pdf, replace=replace)
    render.result(
        t("pack_written", s.lang, count=len(files), out=out, head=head),
        fmt,
        {"period": label, "files": [str(f) for f in files], "chain_head": head, "free_text": texts},
    )
    if fmt != "json":
        show_free_text(texts, label, s.lang)


def show_free_text(texts: list[dict[str, Any]], period: str, lang: str) -> None:
    """Which typed text the pack publishes, field by field, on stderr, with where to read it all
    (``--format json`` lists every text)."""
    render.note(t("pack_free_text", lang))
    counts = Counter(item["field"] for item in texts)
    for field, count in counts.items():
        section, _, column = field.partition(".")
        where = f"disclosure-{period}-{section}.csv, {column}" if column else f"disclosure-{period}.json, {section}"
        render.note(t("pack_free_field", lang, field=t(f"free.{field}", lang), count=count, where=where))


def write_disclosure(
    s: Settings, period: str, out: Path, *, pdf: bool, replace: bool = False
) -> tuple[str, list[Path], str, list[dict[str, Any]]]:
    """The disclosure pack of ``period`` in ``out`` (an existing one replaced only with
    ``replace``): its label, its files, the chain head and the free text it publishes."""
    from ledger.domain.periods import parse_period
    from workflows.disclosure import pack
    from workflows.disclosure.figures import figures, free_text
    from workflows.disclosure.public_journal import write_journal

    span = parse_period(period)
    with s.reading() as reader:  # one snapshot: the figures and the public journal of one head
        numbers = figures(reader, span)
        journal = functools.partial(write_journal, reader, numbers["entries"])
        files = pack.write_pack(numbers, out, pdf=pdf, replace=replace, journal=journal)
    return span.label, files, numbers["chain_head"], free_text(numbers)


NOTE_COLS = [
    Col("section", "附注", "Section", only="csv"),
    Col("item", "项目", "Item"),
    Col("line", "行", "Line", only="csv"),
    Col("name_zh", "内容", "Text", only="zh"),
    Col("name_en", "Text", "Text", only="en"),
    Col("amount", "金额", "Amount", amount=True),
    Col("detail", "说明", "Detail"),
]
NOTE_TITLES = {
    "policies": ("一、会计政策", "1. Accounting policies"),
    "restricted_funds": ("二、限定性净资产及其解除", "2. Restricted net assets and their release"),
    "commitments": ("三、期末未履行的资助承诺", "3. Commitments outstanding at the end"),
    "grants_paid": ("四、本期按项目拨付的资助", "4. Grants paid in the period, by project"),
    "gifts": ("五、捐赠实物与服务及其公允价值依据", "5. Gifts in kind and donated services, and their fair value"),
    "related_parties": ("六、关联方及关联交易", "6. Related parties and dealings with them"),
    "adjustments": ("七、本期对已结账期间的调整", "7. Adjustments of closed months made in the period"),
}


def notes(ctx: typer.Context, period: o.Period, fmt: o.Format = None) -> None:
    from ledger.domain.periods import parse_period
    from workflows.reports.notes import notes as build

    s = settings(ctx)
    span = parse_period(period)
    with s.reading() as reader:
        rows = [{"period": span.label, **row} for row in build(reader, span)]
    chosen = render.choose_format(fmt)
    if chosen != "table":
        render.rows_out(rows, [Col("period", "期间", "Period"), *NOTE_COLS], chosen, s.lang)
        return
    for section, (zh, en) in NOTE_TITLES.items():
        part = [r for r in rows if r["section"] == section]
        render.rows_out(part, NOTE_COLS, "table", s.lang, f"{zh if s.lang == 'zh' else en} {span.label}")


DONOR_COLS = [
    Col("entry", "凭证", "Entry"),
    Col("date", "日期", "Date"),
    Col("kind", "类别", "Kind"),
    Col("fund", "基金", "Fund"),
    Col("amount", "金额", "Amount", amount=True),
    Col("receipt", "票据号码", "Receipt"),
    Col("receipt_status", "票据状态", "Receipt status", shown=lambda value, lang: t(f"receipt_status.{value}", lang)),
]


def donor(
    ctx: typer.Context,
    party: Annotated[str, typer.Option("--party", help=h("opt.donor"))],
    year: Annotated[int, typer.Option("--year", help=h("opt.receipt_year"))],
    out: Annotated[Path | None, typer.Option("--out", help=h("opt.out_receipt"))] = None,
    skip_pdf: Annotated[bool, typer.Option("--skip-pdf", help=h("opt.skip_pdf"))] = False,
    fmt: o.Format = None,
) -> None:
    from ledger.reports import receipts

    s = settings(ctx)
    if out is not None and not out.is_dir():
        raise InputError("out_not_folder", path=str(out))
    with s.reading() as reader:
        who = receipts.donor_of(reader, party)
        gifts = receipts.donor_gifts(reader, party, year)
    if out is None:
        render.rows_out(gifts, DONOR_COLS, fmt, s.lang, f"{who['donor']} {year}")
        return
    from workflows.paper.donor_statement import write_statement

    statement = {**who, "year": year, "gifts": gifts}
    files = write_statement(statement, out, pdf=not skip_pdf)
    shown = ", ".join(str(f) for f in files)
    render.result(t("receipt_printed", s.lang, files=shown), fmt, {"party": party, "files": [str(f) for f in files]})


def register(app: typer.Typer) -> None:
    sub = new_app("report")
    sub.command("statements", help=h("report.statements"))(statements)
    sub.command("notes", help=h("report.notes"))(notes)
    sub.command("donor", help=h("report.donor"))(donor)
    from cli.commands import report_calendar

    report_calendar.register(sub)
    sub.command("disclosure", help=h("report.disclosure"))(disclosure)
    app.add_typer(sub, name="report")
