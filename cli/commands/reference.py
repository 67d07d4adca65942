"""Reference data: ``cfund account list``, ``fund list``, ``party add|list``, ``compound add|list``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cli import render
from cli.context import settings
from cli.group import new_app
from cli.options import Format
from cli.text.help import h
from cli.text.messages import t
from cli.text.names import type_name

Col = render.Col
ACCOUNT_COLS = [
    Col("code", "科目编码", "Code"),
    Col("type", "类别", "Type", shown=type_name),
    Col("name_zh", "名称", "Name", only="zh"),
    Col("name_en", "名称", "Name", only="en"),
    Col("purpose", "用途", "Purpose"),
    Col("open", "启用", "Open"),
]
FUND_COLS = [
    Col("code", "基金编码", "Code"),
    Col("name_zh", "名称", "Name", only="zh"),
    Col("name_en", "名称", "Name", only="en"),
    Col("restricted", "限定性", "Restricted"),
    Col("purposes", "允许用途", "Permitted purposes"),
    Col("net_assets", "净资产科目", "Net assets account"),
]
PARTY_COLS = [
    Col("code", "编码", "Code"),
    Col("name", "名称", "Name"),
    Col("kind", "类型", "Kind"),
    Col("uscc", "统一社会信用代码", "USCC"),
    Col("related", "关联关系", "Related party"),
]
COMPOUND_COLS = [Col("code", "编码", "Code"), Col("name", "名称", "Name"), Col("kind", "类型", "Kind")]
Kind = Annotated[str | None, typer.Option("--kind", help=h("opt.kind"))]
Code = Annotated[str, typer.Argument(help=h("arg.code"))]
Name = Annotated[str, typer.Option("--name", help=h("arg.name"))]


def _list(ctx: typer.Context, query: str, cols: list[Col], fmt: str | None, **filters: str | None) -> None:
    from ledger.reports import lists as queries

    s = settings(ctx)
    with s.reading() as reader:
        rows = getattr(queries, query)(reader, **filters)
    render.rows_out(rows, cols, fmt, s.lang)


def account_list(ctx: typer.Context, fmt: Format = None) -> None:
    _list(ctx, "accounts", ACCOUNT_COLS, fmt)


def fund_list(ctx: typer.Context, fmt: Format = None) -> None:
    _list(ctx, "funds", FUND_COLS, fmt)


def party_list(ctx: typer.Context, kind: Kind = None, fmt: Format = None) -> None:
    _list(ctx, "parties", PARTY_COLS, fmt, kind=kind)


def compound_list(ctx: typer.Context, kind: Kind = None, fmt: Format = None) -> None:
    _list(ctx, "compounds", COMPOUND_COLS, fmt, kind=kind)


def _added(ctx: typer.Context, service: str, fmt: str | None, **fields: str | None) -> None:
    from ledger.services import registry

    s = settings(ctx)
    res = getattr(registry, service)(s.uow, s.actor, **fields)
    message = t("already_added" if res.already else "added", s.lang, code=res.code)
    render.result(message, fmt, {"code": res.code, "already": res.already})


def party_add(
    ctx: typer.Context,
    code: Code,
    name: Name,
    kind: Annotated[str, typer.Option("--kind", help=h("opt.kind"))] = "donor",
    uscc: Annotated[str | None, typer.Option("--uscc", help=h("opt.uscc"))] = None,
    related: Annotated[str | None, typer.Option("--related", help=h("opt.related"))] = None,
    fmt: Format = None,
) -> None:
    _added(ctx, "add_party", fmt, code=code, name=name, kind=kind, uscc=uscc, related=related)


def compound_add(
    ctx: typer.Context,
    code: Code,
    name: Name,
    kind: Annotated[str, typer.Option("--kind", help=h("opt.kind"))] = "compound",
    fmt: Format = None,
) -> None:
    _added(ctx, "add_compound", fmt, code=code, name=name, kind=kind)


def register(app: typer.Typer) -> None:
    table: tuple[tuple[str, dict[str, Any]], ...] = (
        ("account", {"list": account_list}),
        ("fund", {"list": fund_list}),
        ("party", {"add": party_add, "list": party_list}),
        ("compound", {"add": compound_add, "list": compound_list}),
    )
    for noun, commands in table:
        sub = new_app(noun)
        for verb, func in commands.items():
            sub.command(verb, help=h(f"{noun}.{verb}"))(func)
        app.add_typer(sub, name=noun)
