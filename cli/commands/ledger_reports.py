"""Read commands of ``cfund ledger``: journal, balance (trial balance), funds."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import typer

from cli import options as o
from cli import render
from cli.context import settings
from cli.text.help import h
from cli.text.messages import t
from cli.text.names import kind_name, type_name

Col = render.Col
JOURNAL_COLS = [
    Col("entry", "凭证", "Entry"),
    Col("date", "日期", "Date"),
    Col("kind", "类型", "Kind", shown=kind_name),
    Col("memo", "摘要", "Memo"),
    Col("account", "科目", "Account"),
    Col("fund", "基金", "Fund"),
    Col("debit", "借方", "Debit", amount=True),
    Col("credit", "贷方", "Credit", amount=True),
    Col("party", "往来方", "Party"),
    Col("purpose", "用途", "Purpose"),
    Col("reverses", "冲销凭证", "Reverses"),
    Col("actor", "经办人", "Actor"),
]
BALANCE_COLS = [
    Col("account", "科目", "Account"),
    Col("name_zh", "名称", "Name", only="zh"),
    Col("name_en", "名称", "Name", only="en"),
    Col("type", "类别", "Type", shown=type_name),
    Col("debit", "借方余额", "Debit", amount=True),
    Col("credit", "贷方余额", "Credit", amount=True),
]
FUND_COLS = [
    Col("fund", "基金", "Fund"),
    Col("name_zh", "名称", "Name", only="zh"),
    Col("name_en", "名称", "Name", only="en"),
    Col("restricted", "限定性", "Restricted"),
    Col("balance", "余额", "Balance", amount=True),
    Col("committed", "已承诺", "Committed", amount=True),
    Col("available", "可用", "Available", amount=True),
]


def journal(
    ctx: typer.Context,
    date_from: o.DateFrom = None,
    date_to: o.DateTo = None,
    account: Annotated[str | None, typer.Option("--account", help=h("opt.account"))] = None,
    fund: Annotated[str | None, typer.Option("--fund", help=h("opt.fund"))] = None,
    fmt: o.Format = None,
) -> None:
    from ledger.reports import lists as queries

    s = settings(ctx)
    start, end = o.date_range(date_from, date_to)
    with s.reading() as reader:
        rows = queries.journal(reader, date_from=start, date_to=end, account=account, fund=fund)
        render.rows_out(rows, JOURNAL_COLS, fmt, s.lang, t("title_journal", s.lang))


def balance(
    ctx: typer.Context,
    include_zero: Annotated[bool, typer.Option("--all", help=h("opt.all"))] = False,
    fmt: o.Format = None,
) -> None:
    from ledger.reports import lists as queries

    s = settings(ctx)
    with s.reading() as reader:
        rows = queries.trial_balance(reader, include_zero=include_zero)
    if render.choose_format(fmt) == "table":
        total = {
            "account": t("total", s.lang),
            "debit": sum((r["debit"] for r in rows), Decimal("0.00")),
            "credit": sum((r["credit"] for r in rows), Decimal("0.00")),
        }
        rows = [*rows, total]
    render.rows_out(rows, BALANCE_COLS, fmt, s.lang, t("title_trial_balance", s.lang))


def funds(ctx: typer.Context, fmt: o.Format = None) -> None:
    from ledger.reports import lists as queries

    s = settings(ctx)
    with s.reading() as reader:
        rows = queries.fund_balances(reader)
    render.rows_out(rows, FUND_COLS, fmt, s.lang, t("title_funds", s.lang))
