"""Entry point of ``cfund``: the root app, its global options, and one sub-app per noun."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cli.commands import (
    audit,
    db,
    demo,
    export,
    identity,
    imports,
    ledger,
    project,
    receipt,
    reference,
    report,
    setup,
)
from cli.context import DEFAULT_BOOK, Settings
from cli.group import new_app
from cli.text.help import h
from ledger.errors import InputError

app = new_app("app", root=True)


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", envvar="CFUND_DB", help=h("opt.db"))] = None,
    book: Annotated[str, typer.Option("--book", envvar="CFUND_BOOK", help=h("opt.book"))] = DEFAULT_BOOK,
    actor: Annotated[str | None, typer.Option("--as", envvar="CFUND_USER", help=h("opt.as"))] = None,
    lang: Annotated[str, typer.Option("--lang", envvar="CFUND_LANG", help=h("opt.lang"))] = "zh",
) -> None:
    """cfund."""
    if lang not in ("zh", "en"):
        ctx.obj = Settings(db, book, actor, "zh")
        raise InputError("lang_invalid", value=lang)
    ctx.obj = Settings(db, book, actor, lang)


for group in (setup, identity, db, reference, ledger, project, receipt, report, audit, export, imports, demo):
    group.register(app)


def run() -> None:
    """Console-script entry point."""
    for stream in (sys.stdout, sys.stderr):  # a GBK console cannot print every character (¥)
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    app()
