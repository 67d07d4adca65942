"""``cfund demo``: build the Longmatan scenario in a fresh database and print a summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.help import h


def demo(
    ctx: typer.Context,
    out: Annotated[Path | None, typer.Option("--out", help=h("opt.out"))] = None,
) -> None:
    raise NotImplementedError


def register(app: typer.Typer) -> None:
    app.command("demo", help=h("demo"))(demo)
