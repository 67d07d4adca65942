"""``cfund export hledger | beancount --out FILE``: the whole journal as plain-text accounting.

A read: it runs on a snapshot, so auditors may run it, and it writes only the file asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli import options as o
from cli import render
from cli.context import settings
from cli.group import new_app
from cli.text.help import h
from cli.text.messages import t

Out = Annotated[Path, typer.Option("--out", help=h("export.opt.out"))]


def _export(ctx: typer.Context, fmt_name: str, out: Path, fmt: str | None) -> None:
    from ledger.reports import export

    s = settings(ctx)
    out = out.expanduser()
    with s.reading() as reader, render.progress_bar("export") as step:
        written = export.write(reader, fmt_name, out, progress=step)
    render.result(
        t("export_written", s.lang, entries=written.entries, postings=written.postings, format=fmt_name, out=out),
        fmt,
        {"format": fmt_name, "file": str(out), "entries": written.entries, "postings": written.postings},
    )


def hledger(ctx: typer.Context, out: Out, fmt: o.Format = None) -> None:
    _export(ctx, "hledger", out, fmt)


def beancount(ctx: typer.Context, out: Out, fmt: o.Format = None) -> None:
    _export(ctx, "beancount", out, fmt)


def register(app: typer.Typer) -> None:
    sub = new_app("export")
    sub.command("hledger", help=h("export.hledger"))(hledger)
    sub.command("beancount", help=h("export.beancount"))(beancount)
    app.add_typer(sub, name="export")
