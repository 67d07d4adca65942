"""``cfund demo``: build the Longmatan scenario in a fresh database and print a summary."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from cli import render
from cli.commands.ledger_reports import balance, funds
from cli.context import Settings, default_folder, settings
from cli.options import Format
from cli.text.help import h
from cli.text.messages import t
from ledger.errors import InputError

DEMO_FILE = "cfund-demo.db"
MAX_YEARS = 200


def _years(value: str) -> int:
    """``--years`` as typed: ASCII digits, from 1 to :data:`MAX_YEARS`."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_YEARS):
        raise InputError("demo_years", value=value, limit=MAX_YEARS)
    return int(text)


def demo(
    ctx: typer.Context,
    out: Annotated[Path | None, typer.Option("--out", help=h("opt.out"))] = None,
    years: Annotated[int, typer.Option("--years", help=h("opt.years"), parser=_years)] = 1,
    fmt: Format = None,
) -> None:
    from ledger.reports.lists import entry_count
    from workflows.demo import scenario

    s = settings(ctx)

    def report_history(entries: int, seconds: float) -> None:
        render.note(t("demo_history", s.lang, years=years - 1, entries=entries, seconds=f"{seconds:.1f}"))

    path = (out.expanduser().resolve() if out else default_folder() / "demo") / DEMO_FILE
    render.note(t("demo_start", s.lang, db=path))
    started = time.perf_counter()
    store = s.fresh_store(path)
    with render.progress_bar("demo") as step:
        s.book = scenario.build(store, step, years - 1, history=report_history)
    s.close_store()
    balance(ctx, include_zero=False, fmt=fmt)
    funds(ctx, fmt=fmt)
    project_summary(s, fmt)
    write_pack(s, path.parent / "disclosure", scenario.load_config()["year"])
    with s.reading() as reader:
        entries = entry_count(reader)
    config = scenario.load_config()
    render.note(
        t("demo_scale", s.lang, **{k: config[k] for k in SCALE}, organisations=config["organisations"]["total"])
    )
    render.note(t("demo_done", s.lang, entries=entries, seconds=f"{time.perf_counter() - started:.1f}", db=path))


SCALE = ("compounds", "courtyards", "buildings", "merchants_total", "projects", "canteen_residents")
STAGE_COLS = [
    render.Col("stage", "阶段代码", "Stage code", only="csv"),
    render.Col("stage_zh", "阶段", "Stage", only="zh"),
    render.Col("stage_en", "阶段", "Stage", only="en"),
    render.Col("projects", "项目数", "Projects"),
]
FUND_COLS = [
    render.Col("fund", "基金", "Fund"),
    render.Col("projects", "项目数", "Projects"),
    render.Col("approved", "批准合计", "Approved", amount=True),
    render.Col("paid", "拨付合计", "Paid", amount=True),
]


def project_summary(s: Settings, fmt: str | None) -> None:
    """The demo's projects by stage and by fund."""
    from workflows.reports import projects as queries

    with s.reading() as reader:
        stages, funds_used = queries.by_stage(reader), queries.by_fund(reader)
    render.rows_out(stages, STAGE_COLS, fmt, s.lang, t("title_by_stage", s.lang))
    render.rows_out(funds_used, FUND_COLS, fmt, s.lang, t("title_by_fund", s.lang))


def write_pack(s: Settings, out: Path, year: int) -> None:
    """The demo year's disclosure pack; without a Chinese font, everything but the PDF."""
    from cli.commands.report import write_disclosure
    from workflows.disclosure import pdf as pack_pdf

    pdf = bool(pack_pdf.cjk_fonts())
    if not pdf:
        render.note(t("no_cjk_font_demo", s.lang))
    _, files, head, _ = write_disclosure(s, str(year), out, pdf=pdf, replace=True)  # the demo's own, again
    render.note(t("pack_written", s.lang, count=len(files), out=out, head=head))


def register(app: typer.Typer) -> None:
    app.command("demo", help=h("demo"))(demo)
